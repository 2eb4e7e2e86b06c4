package nnspec.cli;

import static nnspec.cli.CommandLineTest.assertOneCleanErrorLine;
import static nnspec.cli.CommandLineTest.run;
import static nnspec.cli.CommandLineTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nnspec.cli.CommandLineTest.Result;
import nnspec.support.HandCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code nnspec train --metrics}. Every expected number is counted by hand: from networks with literal weights that
 * training cannot move (a learning rate of 1e-300 changes a weight of magnitude 1 by far less than half its ulp, and
 * the biases by about 1e-300, while every sample lies at least 1 away from the decision boundary), and from the
 * perceptron table of 000_a379626a3ad4bd0a.txt, "Example: perceptron training" (golden/documents/perceptron-and.tsv).
 */
class MetricsCommandTest {
    @TempDir
    Path dir;

    /** One sigmoid unit z = x0 - x1 + bias; with bias 0, {@link HandCounted#BINARY_DATA} counts its classes. */
    private Path binary(String bias, String data) throws IOException {
        return write("binary.nn", """
                network Bin {
                  input 2
                  dense 1 sigmoid weights [[1, -1]] bias [%s]
                }
                train {
                  loss bce
                  optimizer sgd lr 1e-300
                  epochs 2
                  batch 1
                  order fixed
                }
                """.formatted(bias) + data);
    }

    /**
     * Three softmax units with z = (x0, x1, -x0 - x1): the predicted class is the arg-max of z, by a margin of at
     * least 1 on every row. Predicted 0, 1, 2, 0, 1, 2, 1, 0 against actual 0, 1, 2, 1, 2, 0, 1, 0: rows 4, 5, 6 are
     * wrong, error 3/8, accuracy 5/8; the matrix m[predicted][actual] is [[2, 1, 0], [0, 2, 1], [1, 0, 1]].
     */
    private Path threeClasses() throws IOException {
        return write("three.nn", """
                network Three {
                  input 2
                  dense 3 softmax weights [[1, 0], [0, 1], [-1, -1]] bias [0, 0, 0]
                }
                train {
                  loss cce
                  optimizer sgd lr 1e-300
                  epochs 1
                }
                """ + HandCounted.THREE_CLASS_DATA);
    }

    private Path regression() throws IOException {
        return write("regression.nn", """
                network Reg {
                  input 1
                  dense 1 linear weights [[2]]
                }
                train {
                  loss mse
                  optimizer sgd lr 0.1
                  epochs 1
                }
                data {
                  1 -> 2
                  2 -> 3
                }
                """);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static List<String> epochLines(Result r) {
        assertEquals(0, r.code(), r.err());
        return r.out().lines().filter(l -> l.startsWith("epoch")).toList();
    }

    /** The mean binary cross-entropy (natural log) of the binary spec's rows, from the z values worked out above. */
    private static double binaryLossByHand() {
        double sum = 0.0;
        for (double z : new double[] {2, 2, 3, -2, -2}) {
            sum += Math.log1p(Math.exp(-z)); // -ln sigmoid(z) for target 1
        }
        for (double z : new double[] {1, -1, -3, -1, -2}) {
            sum += Math.log1p(Math.exp(z)); // -ln(1 - sigmoid(z)) for target 0
        }
        return sum / 10;
    }

    // ---- the default output ----

    @Test
    void withoutTheOptionThePerceptronPrintsAccuracyOnlyAsBefore() {
        // weights at each epoch's end from the document's table, judged on the four AND rows (step(0) = 0):
        // (0.1, 0.1, 0.1) predicts 1 1 1 1; (0.2, 0.1, 0) 0 1 1 1; (0.2, 0.1, -0.1) 0 0 1 1; (0.2, 0.2, -0.1)
        // 0 1 1 1; (0.2, 0.1, -0.2) twice 0 0 0 1, against the targets 0 0 0 1
        Result r = run("train", spec("perceptron-and"), "--figures", "end");
        assertEquals(List.of("epoch 1  accuracy 0.2500", "epoch 2  accuracy 0.5000", "epoch 3  accuracy 0.7500",
                "epoch 4  accuracy 0.5000", "epoch 5  accuracy 1.0000", "epoch 6  accuracy 1.0000", "parameters:"),
                r.out().lines().limit(7).toList());
    }

    @Test
    void withoutTheOptionALossModelPrintsLossThenAccuracyAsBefore() throws IOException {
        List<String> lines = epochLines(run("train", binary("0", HandCounted.BINARY_DATA).toString()));
        assertEquals(2, lines.size());
        for (int epoch = 1; epoch <= 2; epoch++) {
            String line = lines.get(epoch - 1);
            assertTrue(line.matches("epoch " + epoch + "  loss \\d\\.\\d{6}  accuracy 0\\.7000"), line);
            assertEquals(binaryLossByHand(), Double.parseDouble(line.split("\\s+")[3]), 5e-7, line);
        }
    }

    @Test
    void listingLossAndAccuracyGivesTheDefaultOutputByteForByte() throws IOException {
        String spec = binary("0", HandCounted.BINARY_DATA).toString();
        Result plain = run("train", spec);
        Result listed = run("train", spec, "--metrics", "loss,accuracy");
        assertEquals(0, listed.code(), listed.err());
        assertEquals(plain.out(), listed.out());
    }

    // ---- the metrics, counted by hand ----

    @Test
    void binaryMetricsOfTheSigmoidUnitAreTheHandCounts() throws IOException {
        Result r = run("train", binary("0", HandCounted.BINARY_DATA).toString(), "--metrics", "error,precision,recall,specificity");
        assertEquals(List.of("epoch 1  error 0.3000  precision 0.7500  recall 0.6000  specificity 0.8000",
                "epoch 2  error 0.3000  precision 0.7500  recall 0.6000  specificity 0.8000"), epochLines(r));
        // the premise of the hand count: training left the weights where the spec put them
        assertTrue(r.out().contains("  dense1.w[0][0] = 1.0\n") && r.out().contains("  dense1.w[0][1] = -1.0\n"),
                r.out());
    }

    @Test
    void columnsComeInTheOrderListed() throws IOException {
        List<String> lines = epochLines(run("train", binary("0", HandCounted.BINARY_DATA).toString(),
                "--metrics", "specificity,loss,recall,accuracy", "--every", "2"));
        assertEquals(1, lines.size());
        String[] cells = lines.get(0).split("  ");
        assertEquals("epoch 2", cells[0]);
        assertEquals("specificity 0.8000", cells[1]);
        assertTrue(cells[2].matches("loss \\d\\.\\d{6}"), cells[2]);
        assertEquals(binaryLossByHand(), Double.parseDouble(cells[2].substring(5)), 5e-7);
        assertEquals("recall 0.6000", cells[3]);
        assertEquals("accuracy 0.7000", cells[4]);
        assertEquals(5, cells.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generated", "interpreter"})
    void thePerceptronsBinaryMetricsFollowTheDocumentsTable(String backend) {
        // predictions per epoch as in the default-output test, targets 0 0 0 1 (class 1 positive):
        // epoch 1: TP 1 FP 3 FN 0 TN 0; epochs 2 and 4: TP 1 FP 2 TN 1; epoch 3: TP 1 FP 1 TN 2; epochs 5, 6: all right
        Result r = run("train", spec("perceptron-and"), "--backend", backend, "--figures", "end",
                "--metrics", "error,precision,recall,specificity,confusion");
        assertEquals(List.of(
                "epoch 1  error 0.7500  precision 0.2500  recall 1.0000  specificity 0.0000",
                "epoch 2  error 0.5000  precision 0.3333  recall 1.0000  specificity 0.3333",
                "epoch 3  error 0.2500  precision 0.5000  recall 1.0000  specificity 0.6667",
                "epoch 4  error 0.5000  precision 0.3333  recall 1.0000  specificity 0.3333",
                "epoch 5  error 0.0000  precision 1.0000  recall 1.0000  specificity 1.0000",
                "epoch 6  error 0.0000  precision 1.0000  recall 1.0000  specificity 1.0000"), epochLines(r));
        assertEquals(List.of(
                "confusion matrix (rows predicted class, columns actual class):",
                "               actual 0  actual 1",
                "  predicted 0         3         0",
                "  predicted 1         0         1",
                "parameters:"), r.out().lines().skip(6).limit(5).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generated", "interpreter"})
    void threeClassErrorAndConfusionMatrixAreTheHandCounts(String backend) throws IOException {
        Result r = run("train", threeClasses().toString(), "--backend", backend, "--metrics", "error,accuracy,confusion");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(
                "epoch 1  error 0.3750  accuracy 0.6250",
                "confusion matrix (rows predicted class, columns actual class):",
                "               actual 0  actual 1  actual 2",
                "  predicted 0         2         1         0",
                "  predicted 1         0         2         1",
                "  predicted 2         1         0         1",
                "parameters:"), r.out().lines().limit(7).toList());
    }

    @Test
    void withoutConfusionNoMatrixIsPrinted() throws IOException {
        Result r = run("train", threeClasses().toString(), "--metrics", "error");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("epoch 1  error 0.3750", "parameters:"), r.out().lines().limit(2).toList());
    }

    // ---- undefined ratios ----

    @Test
    void precisionWithoutAPositivePredictionIsNotApplicable() throws IOException {
        // bias -10 puts every z = x0 - x1 - 10 below 0: TP 0, FP 0, FN 5, TN 5, so precision 0/0, recall 0/5
        Result r = run("train", binary("-10", HandCounted.BINARY_DATA).toString(),
                "--metrics", "precision,recall,specificity,error", "--every", "2");
        assertEquals(List.of("epoch 2  precision n/a  recall 0.0000  specificity 1.0000  error 0.5000"),
                epochLines(r));
        assertFalse(r.out().contains("NaN"), r.out());
    }

    @Test
    void specificityAndRecallWithoutTheirClassAreNotApplicable() throws IOException {
        // only targets 1 (rows 1-5 of the binary data): TP 3, FN 2, no negatives, so specificity 0/0
        Result positives = run("train", binary("0", "data {\n  2 0 -> 1\n  3 1 -> 1\n  1 -2 -> 1\n  0 2 -> 1\n"
                + "  1 3 -> 1\n}\n").toString(), "--metrics", "specificity,precision,recall", "--every", "2");
        assertEquals(List.of("epoch 2  specificity n/a  precision 1.0000  recall 0.6000"), epochLines(positives));
        // only targets 0 (rows 6-10): FP 1, TN 4, no positives, so recall 0/0
        Result negatives = run("train", binary("0", "data {\n  1 0 -> 0\n  0 1 -> 0\n  0 3 -> 0\n  1 2 -> 0\n"
                + "  2 4 -> 0\n}\n").toString(), "--metrics", "recall,precision,specificity", "--every", "2");
        assertEquals(List.of("epoch 2  recall n/a  precision 0.0000  specificity 0.8000"), epochLines(negatives));
    }

    @Test
    void theHelpSaysUndefinedRatiosPrintNotApplicable() {
        Result r = run("train", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--metrics") && r.out().contains("n/a"), r.out());
    }

    // ---- refused before training ----

    private static void assertRefusedBeforeTraining(Result r, String... mentions) {
        assertOneCleanErrorLine(r);
        assertFalse(r.out().contains("epoch"), "nothing trained: " + r.out());
        for (String mention : mentions) {
            assertTrue(r.err().contains(mention), "mentions " + mention + ": " + r.err());
        }
    }

    @Test
    void anUnknownMetricIsRefusedWithTheAllowedNames() {
        assertRefusedBeforeTraining(run("train", spec("mlp-zero-init"), "--metrics", "loss,f1"), "'f1'", "loss",
                "accuracy", "error", "precision", "recall", "specificity", "confusion");
    }

    @Test
    void anEmptyOrRepeatedNameIsRefused() {
        assertRefusedBeforeTraining(run("train", spec("mlp-zero-init"), "--metrics", "loss,,accuracy"), "''");
        assertRefusedBeforeTraining(run("train", spec("mlp-zero-init"), "--metrics", "error,loss,error"), "twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"accuracy", "error", "precision", "recall", "specificity", "confusion"})
    void aClassificationMetricOnARegressionIsRefused(String metric) throws IOException {
        Result r = run("train", regression().toString(), "--metrics", "loss," + metric);
        assertRefusedBeforeTraining(r, metric, "regression.nn", "classifier");
    }

    @Test
    void aRegressionStillPrintsItsLoss() throws IOException {
        // w = 2, b = 0, one sample per step: row 1 (1 -> 2) is fitted, no change; row 2 (2 -> 3) gives yhat 4, so
        // the gradients 2 (4 - 3) * 2 = 4 and 2 (4 - 3) = 2 move w to 2 - 0.4 = 1.6 and b to -0.2. At the epoch's
        // end yhat = 1.4 and 3.0: squared errors 0.36 and 0, mean 0.18
        assertEquals(List.of("epoch 1  loss 0.180000"),
                epochLines(run("train", regression().toString(), "--metrics", "loss", "--figures", "end")));
    }

    @Test
    void theDefaultFiguresAreSampleWiseAveragesOverTheEpoch() throws IOException {
        // 003_be7c2a3ed43414a9.txt, "1.9 Data sets": each sample's loss before its step's update, averaged: row 1
        // (1 -> 2) with w = 2, b = 0 gives yhat 2, loss 0; row 2 (2 -> 3) gives yhat 4, loss 1; mean 0.5
        assertEquals(List.of("epoch 1  loss 0.500000"),
                epochLines(run("train", regression().toString(), "--metrics", "loss")));
    }

    @Test
    void thePerceptronsAverageAccuracyCountsEachSampleBeforeItsUpdate() {
        // the document's table (golden/documents/perceptron-and.tsv), epoch by epoch: the rows whose y - yhat
        // (the prediction before the row's update) is 0 are 3, 1, 1, 2, 3 and 4 of 4
        Result r = run("train", spec("perceptron-and"));
        assertEquals(List.of("epoch 1  accuracy 0.7500", "epoch 2  accuracy 0.2500", "epoch 3  accuracy 0.2500",
                "epoch 4  accuracy 0.5000", "epoch 5  accuracy 0.7500", "epoch 6  accuracy 1.0000"), epochLines(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"precision", "recall", "specificity"})
    void aBinaryMetricOnAThreeClassModelIsRefused(String metric) throws IOException {
        assertRefusedBeforeTraining(run("train", threeClasses().toString(), "--metrics", "error," + metric), metric,
                "3 classes");
    }

    @Test
    void lossUnderThePerceptronRuleIsRefused() {
        assertRefusedBeforeTraining(run("train", spec("perceptron-and"), "--metrics", "accuracy,loss"), "loss",
                "perceptron");
    }
}
