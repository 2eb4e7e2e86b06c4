package nnspec.cli;

import static nnspec.cli.CommandLineTest.assertOneCleanErrorLine;
import static nnspec.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.cli.CommandLineTest.Result;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnspec golden --check}: the repository's golden files are what the generators render now (this is how CI
 * runs the check), and on a copy, a changed trace line, a stale source, a hand-edited ERRATA.md and a malformed
 * claims.csv are each named in one line, with nothing written.
 */
class GoldenCheckTest {
    private static Result check(Path golden, Path examples) {
        return run("golden", "--check", "--dir", golden.toString(), "--examples", examples.toString());
    }

    @Test
    void theRepositorysGoldenFilesAreUpToDate() {
        Result r = check(Repo.golden(), Repo.root().resolve("examples"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("golden files up to date"), r.out());
    }

    /** A fresh golden folder: the perceptron spec, XOR as the example, the claims; written by nnspec golden. */
    private static Path layout(Path dir) throws IOException {
        Path golden = dir.resolve("golden");
        Files.createDirectories(golden.resolve("specs"));
        Files.copy(Repo.goldenSpec("perceptron-and"), golden.resolve("specs/perceptron-and.nn"));
        Files.copy(Repo.golden().resolve("claims.csv"), golden.resolve("claims.csv"));
        Files.createDirectories(dir.resolve("examples"));
        Files.copy(Repo.root().resolve("examples/xor.nn"), dir.resolve("examples/xor.nn"));
        Result written = run("golden", "--dir", golden.toString(), "--examples", dir.resolve("examples").toString());
        assertEquals(0, written.code(), written.err());
        assertEquals(0, check(golden, dir.resolve("examples")).code());
        return golden;
    }

    @Test
    void aChangedTraceLineIsNamedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Path trace = golden.resolve("traces/perceptron-and.csv");
        String text = Files.readString(trace);
        String[] lines = text.split("\n", -1);
        lines[3] = lines[3].replaceFirst(",0\\.0,", ",0.5,");
        String edited = String.join("\n", lines);
        Files.writeString(trace, edited);
        Result r = check(golden, dir.resolve("examples"));
        assertEquals(1, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().startsWith(trace + ":4: expected "), r.err());
        assertEquals(edited, Files.readString(trace), "--check writes nothing");
    }

    @Test
    void aHandEditedErrataReportIsNamed(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Path errata = golden.resolve("ERRATA.md");
        Files.writeString(errata, Files.readString(errata).replace("# Errata of the four documents", "# Errata"));
        Result r = check(golden, dir.resolve("examples"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith(errata + ":2: expected \"# Errata of the four documents\""), r.err());
    }

    @Test
    void aStaleGeneratedSourceIsNamed(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Path stale = golden.resolve("generated/Removed.java");
        Files.writeString(stale, "// from a spec since deleted\n");
        Result r = check(golden, dir.resolve("examples"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith(stale + ": no spec produces"), r.err());
    }

    @Test
    void aMissingTraceIsNamed(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Path trace = golden.resolve("traces/perceptron-and.md");
        Files.delete(trace);
        Result r = check(golden, dir.resolve("examples"));
        assertEquals(1, r.code(), r.err());
        assertEquals(trace + ": missing (regenerate with: nnspec golden)", r.err().strip());
    }

    @Test
    void aMalformedClaimsFileIsOneLineWithItsRow(@TempDir Path dir) throws IOException {
        Path golden = layout(dir);
        Path claims = golden.resolve("claims.csv");
        Files.writeString(claims, Files.readString(claims).replaceFirst("\n([^\n]*),REPRODUCED,", "\n$1,PERHAPS,"));
        Result r = check(golden, dir.resolve("examples"));
        assertOneCleanErrorLine(r);
        assertTrue(r.err().startsWith(claims + ": row 2, column verdict: unknown value 'PERHAPS'"), r.err());
    }

    private static void assertOneLine(Result r) {
        assertEquals(1, r.errLines().size(), r.err());
    }
}
