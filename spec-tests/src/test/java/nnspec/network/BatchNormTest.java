package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import nnspec.diagnostics.SpecException;
import nnspec.formula.Checks;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.read.SpecReader;
import nnspec.runtime.BatchNorm;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * {@code batchnorm} in the language and both back ends, against closed forms and hand-worked numbers.
 *
 * <p>The hand batch used throughout, two features over four samples:
 * <pre>
 *   feature 0: 1, 2, 3, 6   mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 7/2, unbiased 14/3
 *   feature 1: 4, 6, 5, 5   mean 5, biased variance (1 + 1 + 0 + 0) / 4 = 1/2, unbiased 2/3
 * </pre>
 * read through an identity dense layer before the normalisation and another after it, so the network's outputs
 * are the normalisation's.
 */
class BatchNormTest {
    private static final double[][] HAND = {{1, 4}, {2, 6}, {3, 5}, {6, 5}};

    private static String identity(int n) {
        StringBuilder m = new StringBuilder("[");
        for (int j = 0; j < n; j++) {
            m.append(j == 0 ? "[" : ", [");
            for (int i = 0; i < n; i++) {
                m.append(i == 0 ? "" : ", ").append(i == j ? 1 : 0);
            }
            m.append(']');
        }
        return m.append(']').toString();
    }

    private static String rows(double[][] x, int outputs) {
        StringBuilder data = new StringBuilder("data {\n");
        for (double[] row : x) {
            data.append(' ');
            for (double v : row) {
                data.append(' ').append(v);
            }
            data.append(" ->");
            for (int j = 0; j < outputs; j++) {
                data.append(" 0");
            }
            data.append('\n');
        }
        return data.append("}\n").toString();
    }

    /** The hand batch through identity, {@code batchnorm SETTINGS}, identity. */
    private static Spec hand(String settings) throws SpecException {
        return SpecReader.parse("hand.nn", "network Hand {\n  input 2\n  dense 2 linear weights " + identity(2)
                + "\n  batchnorm " + settings + "\n  dense 2 linear weights " + identity(2) + "\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1  batch 4\n}\n" + rows(HAND, 2));
    }

    private static double[][] forwardBatch(Model model, double[][] x) {
        double[][] yhat = new double[x.length][model.outputSize()];
        model.training(true);
        model.forwardBatch(x, yhat, x.length);
        return yhat;
    }

    private static int index(Model model, String parameter) {
        for (int k = 0; k < model.parameterCount(); k++) {
            if (model.parameterName(k).equals(parameter)) {
                return k;
            }
        }
        throw new AssertionFailedError("no parameter " + parameter);
    }

    private static double[][] random(Random r, int rows, int width) {
        double[][] x = new double[rows][width];
        for (double[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = 4 * r.nextDouble() - 2;
            }
        }
        return x;
    }

    // ----- training statistics --------------------------------------------------------------------------------

    /**
     * In training the outputs of each feature have mean 0 and biased variance var / (var + eps); with epsilon
     * 1e-300, which vanishes next to any variance of order 1 in double arithmetic, exactly 1 up to rounding. Per
     * unit after a dense layer; per channel, over every position of every sample, after a convolution.
     */
    @Test
    void trainingOutputsHaveZeroMeanAndUnitBiasedVariancePerFeature() throws SpecException {
        Random r = new Random(91);
        double[][] vectors = random(r, 6, 3);
        Spec dense = SpecReader.parse("d.nn", "network D {\n  input 3\n  dense 4 tanh init glorot_uniform seed 5\n"
                + "  batchnorm epsilon 1e-300\n  dense 4 linear weights " + identity(4) + "\n}\ntrain {\n  loss mse\n"
                + "  optimizer sgd lr 0.1\n  epochs 1  batch 6\n}\n" + rows(vectors, 4));
        double[][] images = random(r, 3, 18);
        Spec conv = SpecReader.parse("c.nn", "network C {\n  input 2x3x3\n  conv 3 2x2 tanh init he_uniform seed 3\n"
                + "  batchnorm epsilon 1e-300 convention keras\n  flatten\n  dense 12 linear weights " + identity(12)
                + "\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1  batch 3\n}\n" + rows(images, 12));
        for (Backend backend : Backend.values()) {
            assertStandardised(forwardBatch(backend.create(dense), vectors), 4, 1, backend + " dense");
            assertStandardised(forwardBatch(backend.create(conv), images), 3, 4, backend + " conv");
        }
    }

    private static void assertStandardised(double[][] y, int features, int pixels, String what) {
        for (int f = 0; f < features; f++) {
            double sum = 0;
            int n = 0;
            for (double[] row : y) {
                for (int q = 0; q < pixels; q++) {
                    sum += row[f * pixels + q];
                    n++;
                }
            }
            double mean = sum / n;
            double squares = 0;
            for (double[] row : y) {
                for (int q = 0; q < pixels; q++) {
                    squares += (row[f * pixels + q] - mean) * (row[f * pixels + q] - mean);
                }
            }
            assertEquals(0.0, mean, 1e-15, what + ": mean of feature " + f);
            assertEquals(1.0, squares / n, 1e-13, what + ": biased variance of feature " + f);
        }
    }

    // ----- gradients that theory makes zero ---------------------------------------------------------------------

    /**
     * The normalisation is invariant under shifting a feature's inputs (x + c normalises as x) and under scaling
     * them when eps = 0: so for every feature sum_i dL/dx_i = 0, and sum_i dL/dx_i x^_i = 0 up to the eps term,
     * exactly 0 for eps negligible. The kernel over random batches, features and positions, with random upstream
     * gradients and gamma.
     */
    @Test
    void inputGradientSumsToZeroAndIsOrthogonalToTheNormalisedInputs() {
        Random r = new Random(92);
        for (int trial = 0; trial < 50; trial++) {
            int features = 1 + r.nextInt(4);
            int pixels = 1 + r.nextInt(4);
            int count = 2 + r.nextInt(5);
            double[] parameters = new double[4 * features];
            BatchNorm.Stage stage = new BatchNorm.Stage(features, pixels, 0, 1e-300, 0.1,
                    BatchNorm.RunningStatistics.PYTORCH);
            stage.initialize(parameters);
            for (int f = 0; f < features; f++) {
                parameters[f] = 4 * r.nextDouble() - 2;
                parameters[features + f] = 4 * r.nextDouble() - 2;
            }
            double[][] x = random(r, count, features * pixels);
            double[][] upstream = random(r, count, features * pixels);
            double[][] y = new double[count][features * pixels];
            double[][] gradX = new double[count][features * pixels];
            stage.forwardTraining(x, y, count, parameters);
            stage.backward(x, upstream, gradX, count, parameters, new double[4 * features]);
            for (int f = 0; f < features; f++) {
                double mean = 0;
                for (double[] row : x) {
                    for (int q = 0; q < pixels; q++) {
                        mean += row[f * pixels + q];
                    }
                }
                mean /= count * pixels;
                double variance = 0;
                for (double[] row : x) {
                    for (int q = 0; q < pixels; q++) {
                        variance += (row[f * pixels + q] - mean) * (row[f * pixels + q] - mean);
                    }
                }
                variance /= count * pixels;
                double sum = 0;
                double dot = 0;
                double scale = 0;
                for (int k = 0; k < count; k++) {
                    for (int q = 0; q < pixels; q++) {
                        double g = gradX[k][f * pixels + q];
                        double xhat = (x[k][f * pixels + q] - mean) / Math.sqrt(variance);
                        sum += g;
                        dot += g * xhat;
                        scale += Math.abs(g) * (1 + Math.abs(xhat));
                    }
                }
                assertEquals(0.0, sum, 1e-13 * scale, "trial " + trial + ": sum of dL/dx, feature " + f);
                assertEquals(0.0, dot, 1e-13 * scale, "trial " + trial + ": sum of dL/dx x^, feature " + f);
            }
        }
    }

    /**
     * Through a whole network: the bias of a layer right before a normalisation shifts every sample's value of its
     * unit alike, which the normalisation removes, so its gradient (the batch's sum of dL/dx) is 0, with either
     * placement and in both back ends; the weights' gradients are not.
     */
    @Test
    void biasBeforeANormalisationGetsNoGradient() throws SpecException {
        Random r = new Random(93);
        double[][] x = random(r, 5, 3);
        for (String placement : List.of("after", "before")) {
            Spec spec = SpecReader.parse("b.nn", "network B {\n  input 3\n  dense 4 "
                    + (placement.equals("after") ? "linear" : "tanh") + " init glorot_uniform seed 8\n"
                    + "  batchnorm placement " + placement + "\n  dense 2 sigmoid init glorot_uniform seed 9\n}\n"
                    + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1  batch 5\n}\n" + rows(x, 2)
                    .replace(" 0 0\n", " 0.25 0.75\n"));
            for (Backend backend : Backend.values()) {
                Model model = backend.create(spec);
                double[] g = GradientCheck.analyticGradient(model, new Dataset(x, targets(x.length)));
                double weights = 0;
                for (int k = 0; k < model.parameterCount(); k++) {
                    if (model.parameterName(k).startsWith("dense1.w")) {
                        weights = Math.max(weights, Math.abs(g[k]));
                    }
                }
                assertTrue(weights > 1e-6, "weights' gradient " + weights);
                for (int j = 0; j < 4; j++) {
                    assertEquals(0.0, g[index(model, "dense1.b[" + j + "]")], 1e-15 * Math.max(1, weights),
                            backend + ", placement " + placement + ": dense1.b[" + j + "]");
                }
            }
        }
    }

    private static double[][] targets(int n) {
        double[][] y = new double[n][];
        for (int k = 0; k < n; k++) {
            y[k] = new double[] {0.25, 0.75};
        }
        return y;
    }

    // ----- the identity (002) -----------------------------------------------------------------------------------

    /**
     * 002_db2ef66716d01cf4.txt, "Batch normalization": the network can learn gamma = sigma_B, beta = mu_B, "so the
     * identity may be represented". With eps the identity needs gamma = sqrt(var + eps): on the hand batch with
     * eps 1/2, gamma = (sqrt(7/2 + 1/2), sqrt(1/2 + 1/2)) = (2, 1), beta = (3, 5) give back every input exactly
     * (each step of 2 (x - 3) / 2 + 3 is exact in binary). The printed gamma = sigma_B = sqrt(7/2) does not: it maps
     * the 6 of feature 0 to 3 + 3 sqrt(7/2) / 2 = 3 + 3 sqrt(7/8).
     */
    @Test
    void gammaSqrtVariancePlusEpsAndBetaMeanGiveTheIdentity() throws SpecException {
        Spec spec = hand("epsilon 0.5");
        for (Backend backend : Backend.values()) {
            Model model = backend.create(spec);
            double[] p = model.parameters();
            p[index(model, "batchnorm1.gamma[0]")] = BatchNorm.identityGamma(3.5, 0.5);
            p[index(model, "batchnorm1.gamma[1]")] = BatchNorm.identityGamma(0.5, 0.5);
            p[index(model, "batchnorm1.beta[0]")] = 3;
            p[index(model, "batchnorm1.beta[1]")] = 5;
            double[][] y = forwardBatch(model, HAND);
            for (int k = 0; k < HAND.length; k++) {
                assertArrayEquals(HAND[k], y[k], 0.0, backend + ": sample " + k);
            }
            p[index(model, "batchnorm1.gamma[0]")] = Math.sqrt(3.5);
            double printed = forwardBatch(model, HAND)[3][0];
            assertEquals(3 + 3 * Math.sqrt(7.0 / 8), printed, 1e-15, backend + ": gamma = sigma_B");
            assertNotEquals(6.0, printed);
        }
    }

    // ----- running statistics -----------------------------------------------------------------------------------

    /**
     * One training batch from the initial running mean 0 and variance 1, by hand:
     * <pre>
     *   pytorch, m = 0.1:  mean = 0.9 (0, 0) + 0.1 (3, 5) = (3/10, 1/2)
     *                      var  = 0.9 (1, 1) + 0.1 (14/3, 2/3) = (41/30, 29/30)     (unbiased batch variance)
     *   keras, m = 0.99:   mean = 0.99 (0, 0) + 0.01 (3, 5) = (3/100, 1/20)
     *                      var  = 0.99 (1, 1) + 0.01 (7/2, 1/2) = (41/40, 199/200)  (biased batch variance)
     * </pre>
     * a second identical batch moves the pytorch mean of feature 0 to 0.9 (3/10) + 3/10 = 57/100; and an
     * evaluation pass normalises with them: with gamma 1, beta 0 and PyTorch's eps 1e-5, the input 1 of feature 0
     * gives (1 - 3/10) / sqrt(41/30 + 1e-5).
     */
    @Test
    void runningStatisticsFollowEachConventionAsWorkedByHand() throws SpecException {
        for (Backend backend : Backend.values()) {
            Model torch = backend.create(hand(""));
            forwardBatch(torch, HAND);
            assertRunning(torch, new double[] {0.3, 0.5}, new double[] {41.0 / 30, 29.0 / 30}, backend + " pytorch");
            assertEquals((1 - 0.3) / Math.sqrt(41.0 / 30 + 1e-5), torch.predict(new double[] {1, 4})[0], 1e-15,
                    backend + ": evaluation with the running statistics");
            forwardBatch(torch, HAND);
            assertEquals(0.57, torch.parameters()[index(torch, "batchnorm1.running_mean[0]")], 1e-15);

            Model keras = backend.create(hand("convention keras"));
            forwardBatch(keras, HAND);
            assertRunning(keras, new double[] {0.03, 0.05}, new double[] {41.0 / 40, 199.0 / 200},
                    backend + " keras");
        }
    }

    private static void assertRunning(Model model, double[] mean, double[] variance, String what) {
        for (int f = 0; f < 2; f++) {
            assertEquals(mean[f], model.parameters()[index(model, "batchnorm1.running_mean[" + f + "]")], 1e-15,
                    what + ": running mean " + f);
            assertEquals(variance[f], model.parameters()[index(model, "batchnorm1.running_var[" + f + "]")], 1e-15,
                    what + ": running variance " + f);
        }
    }

    /** The update rule does not touch the running statistics, even with a decoupled weight decay (AdamW). */
    @Test
    void updateRuleLeavesTheRunningStatisticsAlone() throws SpecException {
        Spec spec = SpecReader.parse("w.nn", "network W {\n  input 2\n  dense 2 tanh init glorot_uniform seed 4\n"
                + "  batchnorm\n  dense 2 linear init glorot_uniform seed 5\n}\ntrain {\n  loss mse\n"
                + "  optimizer adamw lr 0.5 weight_decay 0.5\n  epochs 1  batch 4\n}\n" + rows(HAND, 2));
        for (Backend backend : Backend.values()) {
            Model model = backend.create(spec);
            model.zeroGradients();
            model.training(true);
            model.forwardBatch(HAND, new double[4][2], 4);
            model.backwardBatch(new double[][] {{1, 0}, {0, 1}, {1, 1}, {0, 0}}, 4);
            double[] before = model.copyParameters();
            model.update(0.5, 4);
            for (int k = 0; k < model.parameterCount(); k++) {
                if (model.parameterName(k).contains(".running_")) {
                    assertEquals(before[k], model.parameters()[k], 0.0, backend + ": " + model.parameterName(k));
                } else if (model.parameterName(k).contains(".gamma")) {
                    assertNotEquals(before[k], model.parameters()[k], backend + ": " + model.parameterName(k));
                }
            }
        }
    }

    // ----- whole networks -----------------------------------------------------------------------------------------

    /** Normalisations after dense layers and convolutions, with both placements and both conventions. */
    private static RandomSpecs.Case network(long seed, int rows, int batch) {
        Random r = new Random(seed);
        String text = "network G {\n  input 1x5x5\n  conv 2 2x2 tanh init he_uniform seed 3\n"
                + "  batchnorm placement before\n  conv 2 2x2 stride 2 sigmoid init he_uniform seed 4\n"
                + "  batchnorm convention keras\n  flatten\n  dense 3 softplus init glorot_uniform seed 5\n"
                + "  batchnorm momentum 0.3\n  dense 3 tanh init glorot_uniform seed 6\n"
                + "  batchnorm placement before epsilon 0.01\n  dense 2 linear init glorot_uniform seed 7\n}\n"
                + "train {\n  loss mse\n  optimizer adam lr 0.01\n  epochs 4  batch " + batch
                + "  order shuffled seed " + seed + "\n}\n" + RandomSpecs.data(r, rows, 25, 2, "mse");
        return RandomSpecs.read("batchnorm network", seed, text);
    }

    /**
     * Generated code against the interpreter over every step of training (loss and every parameter, running
     * statistics included, within 1e-12 relative), batches of 3 with a last batch of 2.
     */
    @Test
    void generatedCodeAgreesWithTheInterpreterOnEveryStep() {
        for (long seed = 1; seed <= 2; seed++) {
            RandomSpecs.Case c = network(seed, 8, 3);
            List<double[]> reference = WholeNetworkDifferentialTest.run(Backend.INTERPRETER.create(c.spec()), c);
            List<double[]> generated = WholeNetworkDifferentialTest.run(Backend.GENERATED.create(c.spec()), c);
            assertEquals(12, reference.size(), "steps\n" + c);
            assertEquals(reference.size(), generated.size(), "steps\n" + c);
            for (int step = 0; step < reference.size(); step++) {
                double[] a = reference.get(step);
                double[] b = generated.get(step);
                for (int k = 0; k < a.length; k++) {
                    if (!Checks.close(a[k], b[k], 1e-12) || !Double.isFinite(a[k])) {
                        throw new AssertionFailedError("step " + (step + 1) + ", value " + k + ": interpreter "
                                + a[k] + ", generated " + b[k] + "\n" + c);
                    }
                }
            }
        }
    }

    /**
     * Each back end's gradient of the mean training loss (the whole data set one batch, so the normalisations use
     * its statistics) against central differences with h = 1e-5 max(1, |p|), at a random point:
     * |analytic - numeric| <= 1e-6 max(|analytic|, |numeric|) + 1e-9 (the absolute part is the quotient's rounding,
     * as in ImageNetworksTest).
     */
    @Test
    void gradientsMatchCentralDifferencesOfTheWholeLoss() {
        for (long seed = 11; seed <= 12; seed++) {
            RandomSpecs.Case c = network(seed, 6, 3);
            for (Backend backend : Backend.values()) {
                Model model = backend.create(c.spec());
                Random random = new Random(seed);
                double[] p = model.parameters();
                for (int k = 0; k < p.length; k++) {
                    p[k] = 2.0 * random.nextDouble() - 1.0;
                }
                double[] analytic = GradientCheck.analyticGradient(model, c.data());
                int normalisation = 0;
                for (int k = 0; k < p.length; k++) {
                    double numeric = ImageNetworksTest.checkedPartial(c, model, analytic, k, backend.toString());
                    if (model.parameterName(k).contains(".gamma") && Math.abs(numeric) > 1e-6) {
                        normalisation++;
                    }
                }
                assertTrue(normalisation > 4, backend + ": gamma gradients checked " + normalisation);
            }
        }
    }

    /** A model file keeps gamma, beta and the running statistics; the loaded model predicts the same. */
    @Test
    void modelFileKeepsTheNormalisationsParametersAndStatistics(@TempDir Path dir) throws Exception {
        RandomSpecs.Case c = network(21, 8, 4);
        for (Backend backend : Backend.values()) {
            Model trained = backend.create(c.spec());
            trained.train(c.data().x(), c.data().y());
            Path file = dir.resolve(backend + ".nnm");
            ModelFile.save(trained, "0".repeat(64), file);
            assertTrue(Files.readString(file).contains("parameters " + trained.parameterCount()));
            Model loaded = ModelFile.load(backend.create(c.spec()), file);
            assertArrayEquals(trained.parameters(), loaded.parameters(), 0.0);
            int running = 0;
            for (int k = 0; k < trained.parameterCount(); k++) {
                if (trained.parameterName(k).contains(".running_var")) {
                    running++;
                    assertNotEquals(1.0, loaded.parameters()[k], trained.parameterName(k) + " was trained");
                }
            }
            assertEquals(2 + 2 + 3 + 3, running);
            for (double[] x : c.data().x()) {
                assertArrayEquals(trained.predict(x), loaded.predict(x), 0.0);
            }
        }
    }

    /**
     * A training pass cannot normalise one sample alone: forward and backward refuse in training mode (the trainer
     * uses forwardBatch); evaluation passes go sample by sample.
     */
    @Test
    void oneSampleTrainingPassesAreRefused() throws SpecException {
        for (Backend backend : Backend.values()) {
            Model model = backend.create(hand(""));
            assertTrue(model.couplesBatch());
            model.training(true);
            assertThrows(IllegalStateException.class, () -> model.forward(HAND[0], new double[2]));
            model.training(false);
            model.forward(HAND[0], new double[2]);
        }
    }

    /** After a convolution a batch of 1 still has a channel's positions to normalise over: allowed. */
    @Test
    void batchOfOneIsAllowedAfterAConvolutionOfSeveralPositions() throws SpecException {
        Spec spec = SpecReader.parse("c.nn", "network C {\n  input 1x3x3\n  conv 2 2x2 relu init he_uniform seed 3\n"
                + "  batchnorm\n  flatten\n  dense 1 sigmoid init glorot_uniform seed 2\n}\ntrain {\n  loss bce\n"
                + "  optimizer sgd lr 0.1\n  epochs 2  batch 1\n}\n" + rows(new double[][] {{1, 2, 3, 4, 5, 6, 7,
                8, 9}, {9, 8, 7, 6, 5, 4, 3, 2, 1}}, 1));
        for (Backend backend : Backend.values()) {
            Model model = backend.create(spec);
            assertTrue(Double.isFinite(model.train(new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9}},
                    new double[][] {{1}}).loss()));
        }
    }
}
