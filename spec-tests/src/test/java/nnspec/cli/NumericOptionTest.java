package nnspec.cli;

import static nnspec.cli.CommandLineTest.assertOneCleanErrorLine;
import static nnspec.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.cli.CommandLineTest.Result;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --numeric on train and compile: fast by default, strict on request, anything else refused in one line. */
class NumericOptionTest {
    @Test
    void compileWritesTheFastKernelsByDefaultAndTheStrictOnesOnRequest(@TempDir Path dir) throws IOException {
        String spec = Repo.root().resolve("examples/xor.nn").toString();
        assertEquals(0, run("compile", spec, "-d", dir.resolve("fast").toString()).code());
        String fast = Files.readString(dir.resolve("fast/nnspec/generated/Xor.java"));
        assertTrue(fast.contains("FastActivations.sigmoid(") && fast.contains("FastActivations.tanh("), fast);
        assertFalse(fast.contains(" Activations.tanh("), "no strict tanh left in fast mode");
        assertEquals(0, run("compile", spec, "-d", dir.resolve("strict").toString(), "--numeric", "strict").code());
        String strict = Files.readString(dir.resolve("strict/nnspec/generated/Xor.java"));
        assertFalse(strict.contains("Fast"), "strict mode calls no fast kernel");
    }

    @Test
    void trainRunsInEitherModeAndRefusesAnother() {
        String spec = Repo.goldenSpec("mlp-zero-init").toString();
        Result fast = run("train", spec);
        Result strict = run("train", spec, "--numeric", "strict");
        assertEquals(0, fast.code(), fast.err());
        assertEquals(0, strict.code(), strict.err());
        Result bad = run("train", spec, "--numeric", "quick");
        assertEquals(2, bad.code());
        assertOneCleanErrorLine(bad);
        assertEquals("--numeric: expected fast or strict, found 'quick'", bad.err().strip());
    }
}
