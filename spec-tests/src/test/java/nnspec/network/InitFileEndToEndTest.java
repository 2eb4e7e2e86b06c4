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
}
