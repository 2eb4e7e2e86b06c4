package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nnspec.formula.Checks;
import nnspec.interpret.Interpreter;
import nnspec.kernels.KernelHarness;
import nnspec.model.Activation;
import nnspec.model.DenseLayer;
import nnspec.model.Loss;
import nnspec.pipeline.Backend;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.support.BatchLoss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Whole networks: for every elementwise activation of the language with every loss (in each form), the generated
 * backward pass against central finite differences of the whole loss (the mean over a batch of samples), from Commons
 * Math's 7-point differentiator with step 1e-3 ({@link Checks#finiteDifference}), at random parameters of a random
 * small architecture from a seeded generator. A failure reports the seed, the spec text and the parameter.
 *
 * <p>Finite differences are only meaningful where the loss is smooth: the parameters are redrawn until every
 * pre-activation keeps {@link #MARGIN} from its activation's kinks (the table {@link #kinks}, written here from the
 * formulas in docs/language.md, not read from the code under test) and every output keeps it from its loss's kinks.
 */
class WholeNetworkGradientTest {
    private static final double TOLERANCE = 1e-6;
    /** Farther than the stencil's reach in z: 3 steps of 1e-3 times inputs of at most 2 (or activations below 10). */
    private static final double MARGIN = 0.05;
    private static final int ROWS = 4;

    /** The points where each activation (at its default parameters) is not twice differentiable. */
    static double[] kinks(Activation activation) {
        return switch (activation) {
            // rrelu: its slopes are the training pass's, replayed for every evaluation of the loss
            case STEP, SIGN, RELU, LEAKY_RELU, RRELU, ELU, CELU, SELU, SOFTSIGN -> new double[] {0};
            case PIECEWISE_LINEAR, HARD_SHRINK, SOFT_SHRINK -> new double[] {-0.5, 0.5};
            case HARD_SIGMOID, HARD_SILU -> new double[] {-3, 3};
            case HARD_TANH, SPARSE_PLUS -> new double[] {-1, 1};
            case RELU6 -> new double[] {0, 6};
            case THRESHOLD -> new double[] {0.25};
            case LINEAR, GELU, SIGMOID, LOG_SIGMOID, TANH, TANH_SHRINK, SOFTPLUS, SQUAREPLUS, SILU, MISH,
                    EXPONENTIAL, SOFTMAX, LOG_SOFTMAX, GLU -> new double[0];
            // sparsemax's kinks move with the other units: see clearOfSparsemaxKinks
            case SPARSEMAX -> new double[0];
        };
    }

    /** Every loss of the language, each in its forms. */
    private static List<String> losses(Activation hidden) {
        return List.of("mse", "mae", "huber", "bce", "cce", "bce clip probability", "cce clip probability",
                "bce from logits", "cce from logits");
    }

    @TestFactory
    Stream<DynamicTest> generatedBackwardMatchesFiniteDifferencesForEveryActivationAndLoss() {
        List<DynamicTest> tests = new ArrayList<>();
        // softmax is covered by every cce case (its output layer)
        Set<String> covered = new TreeSet<>(Set.of(Activation.SOFTMAX.keyword()));
        long seed = 1000;
        for (Activation activation : Activation.values()) {
            if (activation == Activation.SOFTMAX) {
                continue;
            }
            covered.add(activation.keyword());
            for (String loss : losses(activation)) {
                long caseSeed = seed++;
                tests.add(DynamicTest.dynamicTest(activation.keyword() + " with " + loss,
                        () -> checkGradient(activation, loss, caseSeed)));
            }
        }
        tests.add(DynamicTest.dynamicTest("every activation of docs/language.md is covered", () -> assertEquals(
                new TreeSet<>(KernelHarness.documentedNames("activation")), covered)));
        return tests.stream();
    }

    /**
     * A random network whose hidden layers use {@code activation}; the output layer uses it too for the regression
     * losses, sigmoid for bce and softmax for cce.
     */
    static RandomSpecs.Case network(Activation activation, String loss, long seed) {
        Random random = new Random(seed);
        int inputs = 1 + random.nextInt(3);
        int hiddenLayers = 1 + random.nextInt(2);
        int outputs = loss.startsWith("cce") || !activation.elementwise() ? 2 + random.nextInt(2)
                : 1 + random.nextInt(2);
        String act = activation.keyword() + RandomSpecs.required(activation);
        StringBuilder text = new StringBuilder("network Case {\n  input " + inputs + "\n");
        for (int l = 0; l < hiddenLayers; l++) {
            text.append("  dense ").append(2 + random.nextInt(3)).append(' ').append(act)
                    .append(" init glorot_uniform seed ").append(random.nextInt(1000)).append('\n');
        }
        String output = loss.endsWith("from logits") ? "linear"
                : loss.startsWith("bce") ? "sigmoid" : loss.startsWith("cce") ? "softmax" : act;
        text.append("  dense ").append(outputs).append(' ').append(output).append("\n}\n");
        text.append("train {\n  loss ").append(loss).append("\n  optimizer sgd lr 0.1\n  epochs 1  batch ")
                .append(ROWS).append("\n}\n");
        text.append(RandomSpecs.data(random, ROWS, inputs, outputs, loss.substring(0, 3)));
        return RandomSpecs.read(activation.keyword() + " with " + loss, seed, text.toString());
    }

    /** Dropout written three ways, each over a network whose hidden layers all use one activation. */
    private static final List<String> DROPOUTS = List.of("dropout 0.3 seed 5", "dropout keep 0.6 scaling plain seed 8",
            "dropout 0.5");

    @TestFactory
    Stream<DynamicTest> backwardThroughDropoutMatchesFiniteDifferencesOfTheTrainingLoss() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 3000;
        for (Activation activation : List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID, Activation.ELU,
                Activation.RRELU, Activation.GLU, Activation.LOG_SOFTMAX, Activation.SPARSEMAX)) {
            for (String loss : List.of("mse", "bce", "cce from logits")) {
                String dropout = DROPOUTS.get((int) (seed % DROPOUTS.size()));
                long caseSeed = seed++;
                tests.add(DynamicTest.dynamicTest(activation.keyword() + " with " + loss + ", " + dropout,
                        () -> checkGradient(droppingNetwork(activation, loss, dropout, caseSeed), caseSeed)));
            }
        }
        return tests.stream();
    }

    /**
     * Two hidden layers of {@code activation}, each followed by {@code dropout} (a written seed S becomes S1 on the
     * second), so that the masks of every sample of the batch reach the gradient.
     */
    static RandomSpecs.Case droppingNetwork(Activation activation, String loss, String dropout, long seed) {
        Random random = new Random(seed);
        int inputs = 1 + random.nextInt(3);
        int outputs = loss.startsWith("cce") ? 2 + random.nextInt(2) : 1;
        String act = activation.keyword() + RandomSpecs.required(activation);
        StringBuilder text = new StringBuilder("network Dropping {\n  input " + inputs + "\n");
        for (int l = 0; l < 2; l++) {
            text.append("  dense ").append(3 + random.nextInt(3)).append(' ').append(act)
                    .append(" init glorot_uniform seed ").append(random.nextInt(1000)).append('\n')
                    .append("  ").append(dropout).append(l == 1 && dropout.contains("seed") ? "1" : "").append('\n');
        }
        String output = switch (loss) {
            case "bce" -> "sigmoid";
            case "cce from logits" -> "linear";
            default -> "tanh";
        };
        text.append("  dense ").append(outputs).append(' ').append(output).append("\n}\n");
        text.append("train {\n  loss ").append(loss).append("\n  optimizer sgd lr 0.1\n  epochs 1  batch ")
                .append(ROWS).append("\n}\n");
        text.append(RandomSpecs.data(random, ROWS, inputs, outputs, loss.substring(0, 3)));
        return RandomSpecs.read(activation.keyword() + " with " + loss + ", " + dropout, seed, text.toString());
    }

    private static void checkGradient(Activation activation, String lossName, long seed) {
        checkGradient(network(activation, lossName, seed), seed);
    }

    /**
     * The gradient of the training loss: every evaluation replays the same random draws (dropout masks, rrelu
     * slopes) from the model's seeds ({@link BatchLoss#restartDraws}), so the loss is one smooth function of the
     * parameters.
     */
    private static void checkGradient(RandomSpecs.Case c, long seed) {
        Model generated = Backend.GENERATED.create(c.spec());
        Interpreter reference = new Interpreter(c.spec().network(), c.spec().train());
        Random random = new Random(seed);
        double[] p = generated.parameters();
        int attempts = 0;
        do {
            if (++attempts > 500) {
                throw new AssertionFailedError("no parameters clear of the kinks in 500 draws: " + c);
            }
            for (int k = 0; k < p.length; k++) {
                p[k] = 2.0 * random.nextDouble() - 1.0;
            }
        } while (!smoothAt(p, reference, c));
        BatchLoss.restartDraws(generated);
        double[] analytic = BatchLoss.meanGradient(generated, c.data());
        double[] start = p.clone();
        for (int k = 0; k < p.length; k++) {
            int index = k;
            double numeric = Checks.finiteDifference(t -> {
                System.arraycopy(start, 0, p, 0, p.length);
                p[index] = t;
                BatchLoss.restartDraws(generated);
                return BatchLoss.meanLoss(generated, c.data());
            }, start[k]);
            System.arraycopy(start, 0, p, 0, p.length);
            if (!Checks.close(numeric, analytic[k], TOLERANCE)) {
                throw new AssertionFailedError(generated.parameterName(k) + ": backward " + analytic[k]
                        + ", finite differences " + numeric + " at parameters " + Arrays.toString(start) + "\n" + c);
            }
        }
    }

    /** Whether every pre-activation and every output keeps {@link #MARGIN} from a kink, for every sample. */
    /**
     * Sparsemax is smooth except where a unit enters or leaves the support, z_j = tau(z), with tau from the sorted
     * scores (Martins and Astudillo, 2016: the largest k with 1 + k z_(k) > sum of the k largest, tau = (that sum - 1)
     * / k), computed here on its own.
     */
    static boolean clearOfSparsemaxKinks(double[] z) {
        double[] sorted = z.clone();
        Arrays.sort(sorted);
        double sum = 0.0;
        double tau = 0.0;
        for (int k = 1; k <= sorted.length; k++) {
            double zk = sorted[sorted.length - k];
            sum += zk;
            if (1 + k * zk > sum) {
                tau = (sum - 1) / k;
            }
        }
        for (double v : z) {
            if (Math.abs(v - tau) < MARGIN) {
                return false;
            }
        }
        return true;
    }

    private static boolean smoothAt(double[] p, Interpreter reference, RandomSpecs.Case c) {
        System.arraycopy(p, 0, reference.parameters(), 0, p.length);
        BatchLoss.restartDraws(reference);
        List<DenseLayer> layers = c.spec().network().denseLayers();
        Loss loss = c.spec().train().loss().orElseThrow();
        double[] yhat = new double[reference.outputSize()];
        Dataset data = c.data();
        for (int s = 0; s < data.size(); s++) {
            reference.forward(data.x()[s], yhat);
            for (int l = 0; l < layers.size(); l++) {
                if (layers.get(l).activation() == Activation.SPARSEMAX
                        && !clearOfSparsemaxKinks(reference.preActivations(l))) {
                    return false;
                }
                for (double z : reference.preActivations(l)) {
                    for (double kink : kinks(layers.get(l).activation())) {
                        if (Math.abs(z - kink) < MARGIN) {
                            return false;
                        }
                    }
                    if (!(Math.abs(z) < 20)) {
                        return false;
                    }
                }
            }
            for (int j = 0; j < yhat.length; j++) {
                double e = Math.abs(yhat[j] - data.y()[s][j]);
                boolean kink = switch (loss.kind()) {
                    case MAE -> e < MARGIN;
                    case HUBER -> Math.abs(e - loss.params().number("delta")) < MARGIN;
                    // Keras's clip of p to [1e-7, 1 - 1e-7]: kinks at its ends, kept well clear of
                    case BCE, CCE -> loss.clipsProbability() && (yhat[j] < 1e-3 || yhat[j] > 1 - 1e-3);
                    case MSE -> false;
                };
                if (kink) {
                    return false;
                }
            }
        }
        return true;
    }
}
