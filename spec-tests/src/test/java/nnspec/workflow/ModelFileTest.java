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

/**
 * The model file format {@code nnspec-model 2}: exact round trip (a checkpoint's generator states and history
 * too), checksum, truncation, atomic write, version 1 model files still read.
 */
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

    /** A sparse file one byte over the cap is refused by its size, before a byte is read (no OutOfMemoryError). */
    @Test
    void aFileOverTheSizeCapIsRefusedBeforeItIsRead() throws Exception {
        Path file = dir.resolve("huge.nnm");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ModelFile.MAX_BYTES + 1);
        }
        ModelFile.BadModelFile e = org.junit.jupiter.api.Assertions.assertThrows(ModelFile.BadModelFile.class,
                () -> ModelFile.read(file));
        assertEquals(file + ": the file holds 2000000001 bytes; a model file holds at most 2000000000",
                e.getMessage());
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
        assertEquals("x.csv:1: expected 'nnspec-model 2', found 'a,b' (not an nnspec model file, or another version)",
                e.getMessage());
    }

    @Test
    void aVersionOneModelFileIsStillRead() throws Exception {
        // version 2 changed only what follows training-state, which a trained model does not have
        String two = ModelFile.format(sample(InputScaling.NONE));
        String body = two.substring(0, two.lastIndexOf("sha256 ")).replaceFirst("^nnspec-model 2", "nnspec-model 1");
        ModelFile.Saved back = ModelFile.parse("old.nnm", body + "sha256 " + ModelFile.sha256(body) + "\n");
        assertArrayEquals(awkwardNumbers(), back.parameters(), 0.0);
        assertEquals(List.of("setosa", "versicolor", "virginica"), back.classNames());
    }

    @Test
    void aCheckpointsGeneratorStatesAndHistoryComeBack() throws Exception {
        nnspec.runtime.EpochResult nan = new nnspec.runtime.EpochResult(1, Double.NaN, 0.25);
        List<nnspec.runtime.EpochReport> history = List.of(
                new nnspec.runtime.EpochReport(1, nan, new nnspec.runtime.EpochResult(1, 0.5, 1.0 / 3), null),
                new nnspec.runtime.EpochReport(2, new nnspec.runtime.EpochResult(2, 0.1, 0.75),
                        new nnspec.runtime.EpochResult(2, -0.0, Double.MIN_VALUE),
                        new nnspec.runtime.EpochResult(2, 7e300, 1.0)));
        long[] random = {0L, (1L << 48) - 1, 25214903917L};
        nnspec.runtime.Trainer.Position position = new nnspec.runtime.Trainer.Position(2, 9, 12345, null, random,
                history);
        ModelFile.Saved saved = new ModelFile.Saved("Iris", "ab".repeat(32), awkwardNumbers(), InputScaling.NONE,
                List.of(), List.of(), new ModelFile.TrainingState(position, new double[] {1.5}));
        nnspec.runtime.Trainer.Position back = ModelFile.parse("c.nnm", ModelFile.format(saved)).training().position();
        assertArrayEquals(random, back.randomStates());
        assertEquals(2, back.history().size());
        for (int k = 0; k < 2; k++) {
            nnspec.runtime.EpochReport a = history.get(k);
            nnspec.runtime.EpochReport b = back.history().get(k);
            assertEquals(a.epoch(), b.epoch());
            for (nnspec.runtime.EpochResult[] pair : new nnspec.runtime.EpochResult[][] {{a.training(), b.training()},
                    {a.end(), b.end()}}) {
                assertEquals(Double.doubleToRawLongBits(pair[0].loss()), Double.doubleToRawLongBits(pair[1].loss()));
                assertEquals(Double.doubleToRawLongBits(pair[0].accuracy()),
                        Double.doubleToRawLongBits(pair[1].accuracy()));
            }
            assertEquals(a.hasValidation(), b.hasValidation());
        }
        assertEquals(7e300, back.history().get(1).validation().loss(), 0.0);
        String edited = ModelFile.format(saved).replace("\n2 0.1 ", "\n3 0.1 ");
        String body = edited.substring(0, edited.lastIndexOf("sha256 "));
        ModelFile.BadModelFile e = assertThrows(ModelFile.BadModelFile.class,
                () -> ModelFile.parse("c.nnm", body + "sha256 " + ModelFile.sha256(body) + "\n"));
        assertTrue(e.getMessage().contains("expected the figures of epoch 2, found epoch 3"), e.getMessage());
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
