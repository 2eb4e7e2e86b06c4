package nnspec.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table transcribed from a document into {@code golden/documents/NAME.tsv}: comment lines starting with '#',
 * a header of trace column names, then one row per printed row, cells as printed.
 */
public record DocumentTable(String name, List<String> columns, List<Map<String, String>> rows) {

    public static DocumentTable read(String name) {
        Path file = Repo.golden().resolve("documents").resolve(name + ".tsv");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> columns = null;
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            List<String> cells = Arrays.asList(line.split("\t", -1));
            if (columns == null) {
                columns = cells;
                continue;
            }
            if (cells.size() != columns.size()) {
                throw new IllegalStateException(file + ": row has " + cells.size() + " cells, header " + columns.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                row.put(columns.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return new DocumentTable(name, List.copyOf(columns), List.copyOf(rows));
    }

    /** The number of decimals a printed cell shows: "0.050" has 3, "-1" has 0, "+1" has 0. */
    public static int decimals(String printed) {
        int dot = printed.indexOf('.');
        return dot < 0 ? 0 : printed.length() - dot - 1;
    }
}
