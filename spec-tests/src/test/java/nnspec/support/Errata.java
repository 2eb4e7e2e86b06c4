package nnspec.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The errata report {@code golden/errata.md}: its table rows, one per wrongly printed cell. */
public final class Errata {
    public record Entry(String id, String table, int line, int epoch, int step, String column, String printed,
            String correct, String cause) {
    }

    private final List<Entry> entries;

    private Errata(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Errata read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Repo.golden().resolve("errata.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("| ") || line.startsWith("| id ") || line.startsWith("| ---")) {
                continue;
            }
            String[] c = line.substring(1, line.length() - 1).split("\\|");
            if (c.length != 9) {
                throw new IllegalStateException("errata.md: a table row needs 9 cells: " + line);
            }
            entries.add(new Entry(c[0].trim(), c[1].trim(), Integer.parseInt(c[2].trim()),
                    Integer.parseInt(c[3].trim()), Integer.parseInt(c[4].trim()), c[5].trim(), c[6].trim(),
                    c[7].trim(), c[8].trim()));
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
