package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nnspec.runtime.InputScaling;
import nnspec.runtime.ModelFile;
import nnspec.runtime.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model file format {@code nnspec-model 1}: exact round trip, checksum, truncation, atomic write. */
class ModelFileTest {
    @TempDir
    Path dir;

    private static double[] awkwardNumbers() {
        Random random = new Random(11);
        double[] p = new double[40];
        for (int k = 0; k < p.length; k++) {
            p[k] = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (k % 2 == 0 ? 1 : -1);
        }
        p[0] = -0.0;
        p[1] = Double.MIN_VALUE;
        p[2] = Double.MAX_VALUE;
        p[3] = 0.1;
        return p;
    }

    private static ModelFile.Saved sample(InputScaling scaling) {
        return new ModelFile.Saved("Iris", "ab".repeat(32), awkwardNumbers(), scaling, List.of("a b", "c"),
                List.of("setosa", "versicolor", "virginica"));
    }

    @Test
    void everyParameterComesBackToTheBit() throws Exception {
        Path file = dir.resolve("m.nnm");
        ModelFile.write(file, sample(InputScaling.NONE));
        ModelFile.Saved back = ModelFile.read(file);
        double[] expected = awkwardNumbers();
        double[] actual = back.parameters();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]), "parameter " + k);
        }
        assertEquals(List.of("a b", "c"), back.inputNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), back.classNames());
        assertEquals("Iris", back.network());
    }

    @Test
    void scalingStatisticsComeBackAndScaleTheSame() throws Exception {
        double[][] rows = {{1, 10}, {3, 10}, {2, 40}};
        for (InputScaling scaling : List.of(new InputScaling(Preprocessing.MinMax.fit(rows, -1, 1), null),
                new InputScaling(null, Preprocessing.Standardize.fit(rows)))) {
            Path file = dir.resolve(scaling.keyword() + ".nnm");
            ModelFile.write(file, sample(scaling));
            InputScaling back = ModelFile.read(file).scaling();
            assertEquals(scaling.keyword(), back.keyword());
            for (double[] row : new double[][] {{1, 10}, {2.5, 25}, {-7, 100}}) {
                double[] a = new double[2];
                double[] b = new double[2];
                scaling.transform(row, a);
                back.transform(row, b);
                assertArrayEquals(a, b, 0.0);
            }
        }
    }

    @Test
    void anEditedNumberFailsTheChecksum() throws Exception {
        Path file = dir.resolve("m.nnm");
        ModelFile.write(file, sample(InputScaling.NONE));
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\n0\\.1\n", "\n0.2\n"));
        ModelFile.BadModelFile e = assertThrows(ModelFile.BadModelFile.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ":") && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aTruncatedFileNamesWhereItEnds() throws Exception {
        String text = ModelFile.format(sample(InputScaling.NONE));
        String cut = text.substring(0, text.indexOf("\n", text.indexOf("parameters")) + 1) + "0.5\n";
        ModelFile.BadModelFile e = assertThrows(ModelFile.BadModelFile.class, () -> ModelFile.parse("m.nnm", cut));
        assertEquals("m.nnm:6: unexpected end of file (the file is truncated)", e.getMessage());
    }

    @Test
    void anotherFileIsNotTakenForAModel() {
        ModelFile.BadModelFile e = assertThrows(ModelFile.BadModelFile.class,
                () -> ModelFile.parse("x.csv", "a,b\n1,2\n"));
        assertEquals("x.csv:1: expected 'nnspec-model 1', found 'a,b' (not an nnspec model file, or another version)",
                e.getMessage());
    }

    @Test
    void writingLeavesOnlyTheTarget() throws IOException {
        Path file = dir.resolve("m.nnm");
        ModelFile.write(file, sample(InputScaling.NONE));
        ModelFile.write(file, sample(InputScaling.NONE));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
