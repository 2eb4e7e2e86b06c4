package nnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnspec compile --explain}: each layer's output shape and parameter count, worked out by hand. */
class ExplainCommandTest {
    /**
     * digits-cnn: 1x8x8, a 3x3 kernel without padding gives 8 - 3 + 1 = 6 per axis, 8 filters of 9 taps and a bias
     * (80 parameters); 2x2 max pooling halves 6 to 3; 8 x 3 x 3 = 72 values; dense 10 has 72 x 10 + 10 = 730.
     */
    @Test
    void explainPrintsEachLayersShapeAndParameters() {
        CommandLineTest.Result r = CommandLineTest.run("compile", "--explain",
                Repo.root().resolve("examples/digits-cnn.nn").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                network DigitsCnn: 810 parameters
                  input                                                       -> 1x8x8
                  conv1      conv 8 3x3 stride 1 padding 0 dilation 1 relu    -> 8x6x6      80 parameters
                  pool1      maxpool 2x2 stride 2 padding 0                   -> 8x3x3
                  flatten1   flatten                                          -> 72
                  dense1     dense 10 linear                                  -> 10         730 parameters
                """, r.out().replace("\r\n", "\n"));
    }

    /**
     * A stride and dilation per axis: on 1x7x9, a 3x3 kernel with stride 2x1 and dilation 1x2 spans 3 rows and
     * 2 (3 - 1) + 1 = 5 columns, giving floor((7 - 3) / 2) + 1 = 3 rows and floor((9 - 5) / 1) + 1 = 5 columns
     * (2 x 9 + 2 = 20 parameters); a 1x2 max pool steps by its window, 1x2, giving 3 rows and floor((5 - 2) / 2) + 1
     * = 2 columns; 2 x 3 x 2 = 12 values, then dense 1 has 13 parameters.
     */
    @Test
    void explainWritesAStrideOrDilationPerAxisAsAPair(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("axes.nn");
        Files.writeString(spec, "network Axes {\n  input 1x7x9\n  conv 2 3x3 stride 2x1 dilation 1x2 relu\n"
                + "  maxpool 1x2\n  flatten\n  dense 1 linear\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n"
                + "  epochs 1\n}\ndata {\n  " + "0 ".repeat(63) + "-> 1\n}\n");
        CommandLineTest.Result r = CommandLineTest.run("compile", "--explain", spec.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().replace("\r\n", "\n").split("\n");
        assertEquals("network Axes: 33 parameters", lines[0]);
        assertTrue(lines[2].matches(" +conv1 +conv 2 3x3 stride 2x1 padding 0 dilation 1x2 relu +-> 2x3x5 +20"
                + " parameters"), lines[2]);
        assertTrue(lines[3].matches(" +pool1 +maxpool 1x2 stride 1x2 padding 0 +-> 2x3x2"), lines[3]);
    }

    /** A stride of three numbers, or a pair with a zero, is reported at the value, exit 2, nothing on stdout. */
    @Test
    void aBadStridePairIsReportedAtItsValue(@TempDir Path dir) throws IOException {
        for (String[] bad : new String[][] {
            {"stride 1x2x3", ":3:21: stride of layer conv1 must be one number or a pair ROWSxCOLUMNS; found 1x2x3"},
            {"dilation 2x0", ":3:23: dilation of layer conv1 must be"}}) {
            Path spec = dir.resolve("bad.nn");
            Files.writeString(spec, "network Bad {\n  input 1x8x8\n  conv 4 3x3 " + bad[0] + " relu\n  flatten\n"
                    + "  dense 1 linear\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\n"
                    + "data {\n  " + "0 ".repeat(64) + "-> 1\n}\n");
            CommandLineTest.Result r = CommandLineTest.run("compile", "--explain", spec.toString());
            assertEquals(2, r.code(), bad[0]);
            assertEquals("", r.out(), bad[0]);
            assertTrue(r.err().startsWith(spec + bad[1]), r.err());
        }
    }

    /**
     * digits-bn: each batchnorm keeps its input's shape and holds four numbers per feature (gamma, beta, running
     * mean and variance): 6 channels after conv1 give 24, 24 units after dense1 give 96.
     */
    @Test
    void explainShowsEachBatchNormalisationWithItsConventionAndPlacement() {
        CommandLineTest.Result r = CommandLineTest.run("compile", "--explain",
                Repo.root().resolve("examples/digits-bn.nn").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                network DigitsBn: 1750 parameters
                  input                                                       -> 1x8x8
                  conv1      conv 6 3x3 stride 1 padding 0 dilation 1 relu    -> 6x6x6      60 parameters
                  batchnorm1 batchnorm pytorch momentum 0.1 eps 1.0E-5 before -> 6x6x6      24 parameters
                  pool1      maxpool 2x2 stride 2 padding 0                   -> 6x3x3
                  flatten1   flatten                                          -> 54
                  dense1     dense 24 relu                                    -> 24         1320 parameters
                  batchnorm2 batchnorm keras momentum 0.9 eps 0.001           -> 24         96 parameters
                  dense2     dense 10 linear                                  -> 10         250 parameters
                """, r.out().replace("\r\n", "\n"));
    }

    /** A shape error names the layer and both shapes, at the layer's position; nothing is printed on stdout. */
    @Test
    void aShapeErrorNamesTheLayerAndBothShapes(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad.nn");
        Files.writeString(spec, "network Bad {\n  input 1x8x8\n  conv 4 3x3 relu\n  dense 10 linear\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  1 -> 1\n}\n");
        CommandLineTest.Result r = CommandLineTest.run("compile", "--explain", spec.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(spec + ":4:3: dense layer dense1 takes a vector; layer conv1 gives the image"
                + " 4x6x6 (write flatten before it)"), r.err());
    }

    @Test
    void compileWithoutAFolderOrExplainSaysWhatToGive() {
        CommandLineTest.Result r = CommandLineTest.run("compile",
                Repo.root().resolve("examples/digits-cnn.nn").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give -d DIR"), r.err());
    }
}
