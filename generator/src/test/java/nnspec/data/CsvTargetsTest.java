package nnspec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: CSV targets are checked against the loss as inline rows are (TargetRule; the sets are the losses'
 * definitions, see the grammar's TargetsTest). The line names the file, the row's line and the target's column.
 * A bce target of 2 used to train silently and report a loss of -1.0003.
 */
class CsvTargetsTest {
    @TempDir
    Path dir;

    private Spec spec(String network, String train, String target) throws SpecException {
        return SpecReader.parse("spec.nn", "network N { input 1 " + network + " }\ntrain { " + train
                + " epochs 1 }\ndata csv \"data.csv\" target " + target + "\n");
    }

    private String error(Spec spec, String csv) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        SpecException e = assertThrows(SpecException.class, () -> DataLoader.load(spec, dir.resolve("spec.nn")));
        assertEquals(1, e.diagnostics().size(), e.getMessage());
        assertEquals("target-range", e.diagnostics().get(0).code());
        return e.getMessage().replace(file.toString(), "data.csv");
    }

    @Test
    void bceTargetOutsideZeroOneNamesRowAndColumn() throws Exception {
        Spec bce = spec("dense 1 sigmoid", "loss bce optimizer sgd lr 0.1", "y");
        assertEquals("data.csv:3:2: row 2, column y: target 2.0 is outside [0, 1]; loss bce takes the probability"
                + " of class 1 (and 1 more row after it)", error(bce, "x,y\n0,1\n1,2\n2,-1\n"));
    }

    @Test
    void cceRowsOfSeveralTargetColumnsMustBeDistributions() throws Exception {
        Spec cce = spec("dense 2 softmax", "loss cce optimizer sgd lr 0.1", "p, q");
        assertEquals("data.csv:2:3: row 1, column p: targets sum to 2.0; loss cce takes a distribution over the 2"
                + " classes (non-negative, summing to 1 within 1.0E-6), such as a one-hot row",
                error(cce, "x,q,p\n0,1,1\n"));
        assertEquals("data.csv:3:2: row 2, column q: target -1.0 (output 2) is negative; loss cce takes a"
                + " distribution over the 2 classes (non-negative, summing to 1), such as a one-hot row",
                error(cce, "x,q,p\n0,0.25,0.75\n1,-1,2\n"));
    }

    @Test
    void perceptronLabelsAreThoseOfItsUnit() throws Exception {
        Spec sign = spec("dense 1 sign", "rule perceptron lr 0.1", "y");
        assertEquals("data.csv:2:2: row 1, column y: label 0.0 is not -1 or 1, the labels of rule perceptron on a"
                + " sign unit", error(sign, "x,y\n0,0\n1,1\n"));
    }

    /** The spec's rule for literals a double cannot hold (Literals) holds for cells too: 1e-999 is not 0. */
    @Test
    void aCellBelowTheSmallestDoubleIsAnError() throws Exception {
        Spec mse = spec("dense 1 linear", "loss mse optimizer sgd lr 0.1", "y");
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "x,y\n1e-999,1\n");
        SpecException e = assertThrows(SpecException.class, () -> DataLoader.load(mse, dir.resolve("spec.nn")));
        assertEquals("data.csv:2:1: number 1e-999 is too small: it would round to 0; the smallest above 0 is 4.9E-324"
                + " (column x)", e.getMessage().replace(file.toString(), "data.csv"));
    }

    /** A class column read one-hot is a distribution by construction; regression targets are left alone. */
    @Test
    void oneHotClassesAndRegressionTargetsPass() throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x,y\n0,1\n1,0\n");
        Dataset classes = DataLoader.load(spec("dense 2 softmax", "loss cce optimizer sgd lr 0.1", "y"),
                dir.resolve("spec.nn"));
        assertArrayEquals(new double[][] {{0, 1}, {1, 0}}, classes.y());
        Files.writeString(dir.resolve("data.csv"), "x,y\n0,7\n1,-3\n");
        Dataset regression = DataLoader.load(spec("dense 1 sigmoid", "loss mse optimizer sgd lr 0.1", "y"),
                dir.resolve("spec.nn"));
        assertArrayEquals(new double[][] {{7}, {-3}}, regression.y());
    }
}
