package nnspec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;

/**
 * Fuzz target (b): a CSV data file's bytes through {@link DataLoader}, against one fixed spec shaped as
 * examples/iris.nn (four inputs, a named target with three named classes, a split and standardisation). The seed
 * corpus (CsvLoaderFuzzTestInputs/) holds the first lines of each file in examples/data.
 */
class CsvLoaderFuzzTest {
    private static final Path DIR = Fuzzing.scratch("csv");
    private static final Path SPEC_FILE = DIR.resolve("fuzzed.nn");
    private static final Spec SPEC = spec();

    private static Spec spec() {
        Fuzzing.write(SPEC_FILE, ("network Iris {\n  input 4\n  dense 3 softmax init glorot_uniform seed 4\n}\n"
                + "train {\n  loss cce\n  optimizer adam lr 0.003\n  epochs 1  batch 8  order shuffled seed 1\n}\n"
                + "data csv \"fuzzed.csv\" target species\n  classes setosa versicolor virginica\n"
                + "  split validation 0.2 test 0.2 seed 1 stratify yes\n  scale standardize\n")
                .getBytes(StandardCharsets.UTF_8));
        try {
            return SpecReader.read(SPEC_FILE);
        } catch (SpecException e) {
            throw new AssertionError("the fixed spec of the CSV fuzz target must be valid: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxExecutions = Fuzzing.LONG_RUN, maxDuration = Fuzzing.LONG_RUN_LIMIT)
    void csvLoader(byte[] bytes) {
        Fuzzing.write(DIR.resolve("fuzzed.csv"), bytes);
        try {
            Dataset data = DataLoader.load(SPEC, SPEC_FILE);
            assertTrue(data.size() > 0, "a loaded data set has rows");
            for (int n = 0; n < data.size(); n++) {
                assertEquals(4, data.x()[n].length, "every row has the network's four inputs");
                assertEquals(3, data.y()[n].length, "every target is one-hot over the three classes");
                for (double v : data.x()[n]) {
                    assertTrue(Double.isFinite(v), "a loaded input is a finite number");
                }
            }
        } catch (SpecException e) {
            Fuzzing.assertPositioned(e);
        }
    }
}
