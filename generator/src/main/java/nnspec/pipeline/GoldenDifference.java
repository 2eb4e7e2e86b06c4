package nnspec.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a golden file on disk first differs from what the generators render now, as one line a reviewer can act
 * on: {@code golden/traces/x.csv:12: expected "..." but the file has "..."}.
 */
public final class GoldenDifference {
    private static final int SHOWN = 80;

    private GoldenDifference() {
    }

    /** Empty when {@code file} holds exactly {@code expected}. */
    public static Optional<String> first(Path file, String expected) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(file + ": missing");
        }
        String actual;
        try {
            actual = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.of(file + ": cannot read: " + e.getMessage());
        }
        return first(file.toString(), expected, actual);
    }

    /** Empty when the texts are equal; else the first differing line, 1-based, of {@code name}. */
    public static Optional<String> first(String name, String expected, String actual) {
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        List<String> want = expected.lines().toList();
        List<String> have = actual.lines().toList();
        int n = Math.min(want.size(), have.size());
        for (int i = 0; i < n; i++) {
            if (!want.get(i).equals(have.get(i))) {
                return Optional.of(name + ":" + (i + 1) + ": expected " + quote(want.get(i)) + " but the file has "
                        + quote(have.get(i)));
            }
        }
        if (want.size() != have.size()) {
            return Optional.of(name + ":" + (n + 1) + ": " + (want.size() > have.size()
                    ? "the file ends early, expected " + quote(want.get(n))
                    : "the file has more lines, from " + quote(have.get(n))));
        }
        return Optional.of(name + ":" + Math.max(1, n) + ": the line endings differ");
    }

    private static String quote(String line) {
        String shown = line.length() > SHOWN ? line.substring(0, SHOWN) + "..." : line;
        return "\"" + shown.replace("\t", "\\t") + "\"";
    }
}
