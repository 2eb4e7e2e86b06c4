package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.generate.JavaGenerator;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer initialised from a file starts, in both back ends, at exactly the file's numbers. */
class InitFileEndToEndTest {
    @Test
    void bothBackEndsStartAtTheFilesNumbersAndTheHeaderNamesTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("w.txt"), "0.5 -1 0.25\n-2, 0.3, 0\n");
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network N {\n  input 2\n  dense 2 tanh init file \"w.txt\"\n  dense 1 linear "
                + "weights [[1, 1]]\n}\ntrain { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata { 1 2 -> 3 }\n");
        Job job = Job.load(spec);
        // layout: w[j][i] row by row, then the biases; the second layer's literal after them
        double[] expected = {0.5, -1, -2, 0.3, 0.25, 0, 1, 1, 0};
        for (Backend backend : Backend.values()) {
            Model model = backend.create(job.spec());
            assertArrayEquals(expected, model.parameters(), 0.0, backend.keyword());
        }
        String source = JavaGenerator.generate(job.spec(), "p");
        assertTrue(source.contains("// init file: w.txt (sha-256 "), source.substring(0, 400));
    }

    /**
     * A layer too large for straight-line code (40 inputs, 30 units: 1,230 parameters) keeps its file's numbers in
     * the generated class as strings of at most 1,000 values each: both back ends still start at exactly the file's
     * numbers, in the layout w[j][i] row by row, then the biases, across the boundary between two strings.
     */
    @Test
    void aLoopFormLayerStartsAtTheFilesNumbersAcrossChunks(@TempDir Path dir) throws Exception {
        int inputs = 40;
        int units = 30;
        StringBuilder file = new StringBuilder();
        // the first layer's numbers, then the output layer's 30 weights and bias, all 0.5 (init constant)
        double[] expected = new double[inputs * units + units + units + 1];
        java.util.Arrays.fill(expected, inputs * units + units, expected.length, 0.5);
        for (int j = 0; j < units; j++) {
            for (int i = 0; i < inputs; i++) {
                // distinct, exactly representable numbers, so a number in the wrong place shows
                double w = (j * inputs + i + 1) / 1024.0;
                expected[j * inputs + i] = w;
                file.append(w).append(' ');
            }
            double b = -(j + 1) / 8.0;
            expected[inputs * units + j] = b;
            file.append(b).append('\n');
        }
        Files.writeString(dir.resolve("w.txt"), file.toString());
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network N {\n  input " + inputs + "\n  dense " + units + " linear init file"
                + " \"w.txt\"\n  dense 1 linear init constant 0.5\n}\ntrain { loss mse optimizer sgd lr 0.1 epochs"
                + " 1 }\ndata { " + "1 ".repeat(inputs) + "-> 3 }\n");
        Job job = Job.load(spec);
        for (Backend backend : Backend.values()) {
            Model model = backend.create(job.spec());
            assertArrayEquals(expected, model.parameters(), 0.0, backend.keyword());
        }
        assertTrue(JavaGenerator.generate(job.spec(), "p").contains("DENSE1_LITERAL_1"),
                "1,230 values need two strings of at most 1,000");
    }
}
