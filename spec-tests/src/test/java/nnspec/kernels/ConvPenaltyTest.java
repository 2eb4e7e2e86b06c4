package nnspec.kernels;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Norm penalties over a convolution's kernel and biases (docs/language.md, "Regularizers": a convolution is a hidden
 * layer, since the output layer is dense), on input 1x3x3, conv 2 2x2 tanh, flatten, dense 3 tanh, dense 2 linear,
 * loss mse, plain sgd, five training rows. Parameters in storage order: conv1.w 0..7, conv1.b 8..9, dense1.w
 * 10..33, dense1.b 34..36, dense2.w 37..42, dense2.b 43..44. For each case, in each back end:
 * <ul>
 * <li>{@link Model#penalty()} at a seeded point equals the closed form computed here over the ranges the case
 * chooses (l1 lambda sum |p|; l2 c sum p^2, c = lambda, lambda/2 or lambda/(2m); elastic c(l1) sum |p| + c(l2) sum
 * p^2), which is not the dense layers' penalty alone unless {@code on output};</li>
 * <li>the gradient the model steps along equals central finite differences of mean data loss plus penalty
 * ({@link PenaltyKernelTest#gradientAgainstFiniteDifferences(Model, Dataset, String)});</li>
 * </ul>
 * and the two back ends agree on every loss and parameter over 21 steps, to 1e-12.
 */
class ConvPenaltyTest {
    static final int M = 5;
    static final Dataset DATA = UpdateHarness.randomData(new Random(71), M, 9, 2);
    static final int CONV_WEIGHTS = 0;
    static final int CONV_BIASES = 8;
    static final int HIDDEN_WEIGHTS = 10;
    static final int HIDDEN_BIASES = 34;
    static final int OUTPUT_WEIGHTS = 37;
    static final int OUTPUT_BIASES = 43;
    static final int PARAMETERS = 45;

    static final List<String> CASES = List.of(
            "l1 lambda 0.01 on all biases yes",
            "l1 lambda 0.02 on hidden biases no",
            "l2 lambda 0.03 constant lambda on hidden biases yes",
            "l2 lambda 0.03 constant half on all biases no",
            "l2 lambda 0.03 constant half_m on output biases yes",
            "elastic l1 0.01 l2 0.02 constant half on hidden biases no",
            "elastic l1 0.01 l2 0.02 constant half_m on all biases yes");

    static String specText(String regularizer) {
        return "network ConvPenalised {\n  input 1x3x3\n  conv 2 2x2 tanh init he_uniform seed 3\n  flatten\n"
                + "  dense 3 tanh init glorot_uniform seed 4\n  dense 2 linear init glorot_uniform seed 5\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.3\n  regularize " + regularizer + "\n"
                + "  epochs 7  batch 2  order shuffled seed 4\n}\n" + UpdateHarness.dataBlock(DATA);
    }

    @TestFactory
    Stream<DynamicTest> penaltiesCoverConvolutionKernelsAndBiasesInBothBackEnds() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c, () -> {
            String text = specText(c);
            UpdateHarness.Pair pair = UpdateHarness.Pair.of(UpdateHarness.read(text));
            double[] point = new double[PARAMETERS];
            Random random = new Random(73);
            for (int k = 0; k < PARAMETERS; k++) {
                point[k] = (random.nextBoolean() ? 1 : -1) * (0.2 + random.nextDouble());
            }
            double expected = closedForm(c, point);
            for (Backend backend : Backend.values()) {
                Model model = pair.fresh(backend);
                model.trainingSamples(M);
                if (model.parameters().length != PARAMETERS) {
                    throw new AssertionFailedError("parameter count " + model.parameters().length);
                }
                System.arraycopy(point, 0, model.parameters(), 0, PARAMETERS);
                double actual = model.penalty();
                if (!(Math.abs(actual - expected) <= 1e-14 * expected) || !(expected > 0)) {
                    throw new AssertionFailedError(backend.keyword() + ", " + c + ": penalty " + actual
                            + ", closed form " + expected, expected, actual);
                }
                PenaltyKernelTest.gradientAgainstFiniteDifferences(model, DATA, backend.keyword() + ", " + c);
            }
            UpdateHarness.differential(pair, DATA, pair.spec().train(), 21, text);
        }));
    }

    /** The closed form over the ranges {@code on} and {@code biases} choose, a convolution counting as hidden. */
    static double closedForm(String regularizer, double[] p) {
        String[] t = regularizer.split(" ");
        java.util.Map<String, String> words = new java.util.HashMap<>();
        for (int k = 1; k + 1 < t.length; k += 2) {
            words.put(t[k], t[k + 1]);
        }
        String on = words.get("on");
        boolean biases = words.get("biases").equals("yes");
        int[][] layers = {
            {CONV_WEIGHTS, CONV_BIASES, HIDDEN_WEIGHTS},
            {HIDDEN_WEIGHTS, HIDDEN_BIASES, OUTPUT_WEIGHTS},
            {OUTPUT_WEIGHTS, OUTPUT_BIASES, PARAMETERS}};
        double abs = 0;
        double squares = 0;
        for (int l = 0; l < layers.length; l++) {
            boolean output = l == layers.length - 1;
            if (on.equals("hidden") && output || on.equals("output") && !output) {
                continue;
            }
            for (int k = layers[l][0]; k < (biases ? layers[l][2] : layers[l][1]); k++) {
                abs += Math.abs(p[k]);
                squares += p[k] * p[k];
            }
        }
        double scale = switch (words.getOrDefault("constant", "lambda")) {
            case "half" -> 0.5;
            case "half_m" -> 1.0 / (2 * M);
            default -> 1.0;
        };
        return switch (t[0]) {
            case "l1" -> Double.parseDouble(words.get("lambda")) * abs;
            case "l2" -> scale * Double.parseDouble(words.get("lambda")) * squares;
            default -> scale * Double.parseDouble(words.get("l1")) * abs
                    + scale * Double.parseDouble(words.get("l2")) * squares;
        };
    }
}
