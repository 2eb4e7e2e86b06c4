package nnspec.cli;

import static nnspec.cli.CommandLineTest.assertOneCleanErrorLine;
import static nnspec.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnspec.cli.CommandLineTest.Result;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnspec golden} on a copy of part of the repository: traces and generated sources written, stale sources
 * deleted, and a failure that leaves every old file as it was.
 */
class GoldenCommandTest {
    /** A golden folder with the perceptron spec, an examples folder with XOR, and old files in golden/generated. */
    private static Path layout(Path dir) throws IOException {
        Path golden = dir.resolve("golden");
        Files.createDirectories(golden.resolve("specs"));
        Files.copy(Repo.goldenSpec("perceptron-and"), golden.resolve("specs/perceptron-and.nn"));
        Files.createDirectories(dir.resolve("examples"));
        Files.copy(Repo.root().resolve("examples/xor.nn"), dir.resolve("examples/xor.nn"));
        Path generated = Files.createDirectories(golden.resolve("generated"));
        Files.writeString(generated.resolve("Removed.java"), "// from a spec since deleted\n");
        Files.writeString(generated.resolve("AndPerceptron.java"), "// an older generator's output\n");
        Files.writeString(generated.resolve("NOTES.txt"), "not a source\n");
        Files.createDirectories(generated.resolve("keep.java"));
        return golden;
    }

    private static Result golden(Path dir) {
        return run("golden", "--dir", dir.resolve("golden").toString(), "--examples", dir.resolve("examples").toString());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTracesAndSourcesAsCheckedInAndDeletesOnlyStaleSources(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Result r = golden(dir);
        assertEquals(0, r.code(), r.err());
        Path generated = golden.resolve("generated");
        assertEquals(List.of("AndPerceptron.java", "NOTES.txt", "Xor.java", "keep.java"), names(generated));
        for (String source : List.of("AndPerceptron.java", "Xor.java")) {
            assertEquals(Files.readString(Repo.golden().resolve("generated").resolve(source)),
                    Files.readString(generated.resolve(source)), source);
        }
        for (String trace : List.of("perceptron-and.csv", "perceptron-and.md")) {
            assertEquals(Files.readString(Repo.golden().resolve("traces").resolve(trace)),
                    Files.readString(golden.resolve("traces").resolve(trace)), trace);
        }
        assertTrue(r.out().contains("deleted " + generated.resolve("Removed.java")), r.out());
        assertEquals(List.of("perceptron-and.csv", "perceptron-and.md"), names(golden.resolve("traces")),
                "no temporary file left behind");
    }

    @Test
    void twoNetworksWithOneClassNameAreRefusedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        // Xor and XOR are one file where the file system ignores case, so they collide too.
        Files.writeString(dir.resolve("examples/xor-upper.nn"),
                Files.readString(dir.resolve("examples/xor.nn")).replace("network Xor", "network XOR"));
        Result r = golden(dir);
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("xor.nn") && r.err().contains("xor-upper.nn"), r.err());
        assertUntouched(golden);
    }

    @Test
    void aBadSpecLeavesEveryOldFileAsItWas(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Files.writeString(dir.resolve("examples/zz-bad.nn"), "network {\n");
        Result r = golden(dir);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith(dir.resolve("examples/zz-bad.nn").toString()), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertUntouched(golden);
    }

    @Test
    void aMissingExamplesFolderIsOneLine(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Result r = run("golden", "--dir", golden.toString(), "--examples", dir.resolve("nowhere").toString());
        assertOneCleanErrorLine(r);
        assertEquals(dir.resolve("nowhere") + ": cannot list example specs: no such folder", r.err().strip());
        assertUntouched(golden);
    }

    @Test
    void compileStrictWithItsDefaultPackageWritesTheGoldenSource(@TempDir Path dir) throws IOException {
        Result r = run("compile", Repo.root().resolve("examples/xor.nn").toString(), "-d", dir.toString(),
                "--numeric", "strict");
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(Repo.golden().resolve("generated/Xor.java")),
                Files.readString(dir.resolve("nnspec/generated/Xor.java")));
    }

    private static void assertUntouched(Path golden) throws IOException {
        Path generated = golden.resolve("generated");
        assertEquals(List.of("AndPerceptron.java", "NOTES.txt", "Removed.java", "keep.java"), names(generated));
        assertEquals("// an older generator's output\n", Files.readString(generated.resolve("AndPerceptron.java")));
        assertFalse(Files.exists(golden.resolve("traces")), "no trace written");
    }
}
