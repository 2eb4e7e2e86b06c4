package nnspec.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import nnspec.generate.InMemoryCompiler;
import nnspec.read.SpecReader;
import nnspec.pipeline.GoldenSources;
import nnspec.support.Repo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checked-in generated sources ({@code golden/generated/}) are exactly what the generator writes now for every
 * golden spec and example, so a generator change cannot land without its diff; and each of them compiles.
 */
class GoldenSourcesTest {
    static List<Path> allSpecs() throws IOException {
        List<Path> specs = new ArrayList<>(GoldenSources.specsIn(Repo.golden().resolve("specs")));
        specs.addAll(GoldenSources.specsIn(Repo.root().resolve("examples")));
        return specs;
    }

    static Path folder() {
        return Repo.golden().resolve(GoldenSources.FOLDER);
    }

    @Test
    void goldenSourcesAreWhatTheGeneratorWritesNow() throws Exception {
        List<Path> specs = allSpecs();
        List<GoldenSources.Source> sources = new ArrayList<>();
        for (Path spec : specs) {
            sources.add(GoldenSources.of(spec, SpecReader.read(spec)));
        }
        assertEquals(List.of(), GoldenSources.collisions(sources), "two specs share a golden source file");
        Map<String, String> expected = new TreeMap<>();
        sources.forEach(s -> expected.put(s.fileName(), s.text()));
        assertTrue(expected.size() >= 4, "the golden specs and the examples: " + expected.keySet());

        Map<String, String> actual = new TreeMap<>();
        for (Path file : GoldenSources.ownedFiles(folder())) {
            actual.put(file.getFileName().toString(), Files.readString(file));
        }
        List<String> report = differences(expected, actual);
        if (!report.isEmpty()) {
            fail(folder() + " is out of date:\n  " + String.join("\n  ", report) + "\n"
                    + GoldenFilesTest.REGENERATE);
        }
    }

    /**
     * One line per file that is missing, extra, or has other bytes than {@code expected}, naming the first line
     * that differs, in file name order; empty when the two agree.
     */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> lines = new ArrayList<>();
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            String want = expected.get(name);
            String have = actual.get(name);
            if (have == null) {
                lines.add("missing: " + name);
            } else if (want == null) {
                lines.add("extra: " + name + " (no spec produces it)");
            } else if (!want.equals(have)) {
                lines.add("differs: " + name + ", " + firstDifference(want, have));
            }
        }
        return lines;
    }

    private static String firstDifference(String want, String have) {
        String[] a = want.split("\n", -1);
        String[] b = have.split("\n", -1);
        for (int k = 0; k < Math.max(a.length, b.length); k++) {
            String x = k < a.length ? a[k] : "<end of file>";
            String y = k < b.length ? b[k] : "<end of file>";
            if (!x.equals(y)) {
                return "first at line " + (k + 1) + ": generator writes '" + visible(x) + "', file has '"
                        + visible(y) + "'";
            }
        }
        throw new IllegalArgumentException("the texts are equal");
    }

    // A checkout that turned line endings into CRLF differs only in characters a terminal does not show.
    private static String visible(String line) {
        return line.replace("\r", "\\r").replace("\t", "\\t");
    }

    @Test
    void differencesNameMissingExtraAndChangedFilesWithTheirFirstChangedLine() {
        Map<String, String> expected = Map.of("A.java", "a\nb\n", "B.java", "x\n", "C.java", "same\n");
        Map<String, String> actual = Map.of("A.java", "a\nc\n", "C.java", "same\n", "Old.java", "y\n");
        assertEquals(List.of(
                "differs: A.java, first at line 2: generator writes 'b', file has 'c'",
                "missing: B.java",
                "extra: Old.java (no spec produces it)"), differences(expected, actual));
        assertEquals(List.of("differs: A.java, first at line 1: generator writes 'a', file has 'a\\r'"),
                differences(Map.of("A.java", "a\nb\n"), Map.of("A.java", "a\r\nb\r\n")));
        assertEquals(List.of(), differences(expected, expected));
    }

    /** The checked-in text itself, not a fresh rendering: what a reviewer reads is what must compile. */
    @TestFactory
    Stream<DynamicTest> everyGoldenSourceCompiles() throws IOException {
        List<Path> files = GoldenSources.ownedFiles(folder());
        assertFalse(files.isEmpty(), "no golden sources in " + folder() + "; " + GoldenFilesTest.REGENERATE);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String className = file.getFileName().toString().replaceFirst("\\.java$", "");
            Map<String, byte[]> classes = InMemoryCompiler.compileToBytes(GoldenSources.PACKAGE + "." + className,
                    Files.readString(file));
            assertTrue(classes.containsKey(GoldenSources.PACKAGE + "." + className), classes.keySet().toString());
        }));
    }
}
