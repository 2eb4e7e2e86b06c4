package nnspec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import nnspec.diagnostics.SpecException;
import nnspec.model.Init;
import nnspec.model.Spec;
import nnspec.read.SpecReader;

/**
 * Fuzz target (c): an {@code init file}'s bytes, read by the checker for a fixed spec whose first layer (three
 * units, two inputs) takes its weights from the file. Either the spec checks, and then the layer has exactly
 * three rows of two finite weights and a finite bias, or the diagnostics name the place. The seed corpus
 * (InitFileFuzzTestInputs/) holds valid files in each accepted layout and a few near misses.
 */
class InitFileFuzzTest {
    private static final Path DIR = Fuzzing.scratch("init");
    private static final Path SPEC_FILE = DIR.resolve("fuzzed.nn");
    private static final Path WEIGHTS = DIR.resolve("w.txt");

    static {
        Fuzzing.write(SPEC_FILE, ("network N {\n  input 2\n  dense 3 tanh init file \"w.txt\"\n  dense 1 linear\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  0 0 -> 0\n  1 1 -> 1\n}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxExecutions = Fuzzing.LONG_RUN, maxDuration = Fuzzing.LONG_RUN_LIMIT)
    void initFile(byte[] bytes) {
        Fuzzing.write(WEIGHTS, bytes);
        try {
            Spec spec = SpecReader.read(SPEC_FILE);
            Init init = spec.network().denseLayers().get(0).init();
            assertTrue(init instanceof Init.FromFile, "the first layer's weights come from the file");
            Init.FromFile file = (Init.FromFile) init;
            assertEquals(3, file.weights().size(), "one row of weights per unit");
            assertEquals(3, file.bias().size(), "one bias per unit");
            for (List<Double> row : file.weights()) {
                assertEquals(2, row.size(), "one weight per input");
                row.forEach(w -> assertTrue(Double.isFinite(w), "weights are finite"));
            }
            file.bias().forEach(b -> assertTrue(Double.isFinite(b), "biases are finite"));
        } catch (SpecException e) {
            Fuzzing.assertPositioned(e);
        }
    }
}
