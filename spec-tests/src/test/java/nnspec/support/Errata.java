package nnspec.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.claims.Claim;
import nnspec.claims.Claims;

/**
 * The wrongly printed cells of the transcribed tables: the ERRATUM rows of {@code golden/claims.csv} whose id names
 * a table, an epoch, a step and a column ({@code MLP0-e1s2-loss}), in the terms of the golden traces.
 */
public final class Errata {
    public record Entry(String id, String table, int line, int epoch, int step, String column, String printed,
            String correct, String cause) {
    }

    private static final Pattern CELL = Pattern.compile("^(PER|MLP0)-e(\\d+)s(\\d+)-(\\w+)$");
    private static final Map<String, String> TABLES = Map.of("PER", "perceptron-and", "MLP0", "mlp-zero-init");
    /** The claims' column names against the golden traces'. */
    private static final Map<String, String> COLUMNS = Map.of("z", "z", "yhat", "yhat[0]", "loss", "loss", "b3",
            "dense2.b[0]", "b", "dense1.b[0]");

    private final List<Entry> entries;

    private Errata(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Errata read() {
        List<Claim> claims;
        try {
            claims = Claims.parse(Files.readString(Repo.golden().resolve("claims.csv")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Claim c : claims) {
            Matcher m = CELL.matcher(c.id());
            if (c.verdict() != Claim.Verdict.ERRATUM || !m.matches()) {
                continue;
            }
            String column = COLUMNS.get(m.group(4));
            if (column == null) {
                throw new IllegalStateException("claims.csv: " + c.id() + ": no trace column for " + m.group(4));
            }
            entries.add(new Entry(c.id(), TABLES.get(m.group(1)), c.line(), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), column, c.printed(), c.correct(), c.note()));
        }
        return new Errata(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Entry> forTable(String table) {
        return entries.stream().filter(e -> e.table().equals(table)).toList();
    }

    public Optional<Entry> find(String table, int epoch, int step, String column) {
        return entries.stream()
                .filter(e -> e.table().equals(table) && e.epoch() == epoch && e.step() == step
                        && e.column().equals(column))
                .findFirst();
    }
}
