package nnspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Every norm penalty of docs/language.md with each constant, layer choice and bias choice, on a 2-3-2 network with
 * literal weights (tanh hidden layer, linear output, loss mse, plain sgd), five training rows so that m of
 * lambda/(2m) differs from the batch of 2. For each case:
 * <ul>
 * <li>{@link Model#penalty()} of each back end, with {@code trainingSamples(5)}, equals the closed form computed
 * here from the literal weights: l1 lambda sum |w|, l2 c sum w^2 with c = lambda, lambda/2 or lambda/(2m), elastic
 * c(l1) sum |w| + c(l2) sum w^2 (the constant in front of both sums), over the chosen layers' weights and, with
 * biases yes, their biases;</li>
 * <li>each back end on its own: the gradient it steps along (read off one plain-sgd update at rate 1 from a random
 * point: parameters before minus after) equals central finite differences of the mean data loss plus
 * {@link Model#penalty()}; {@link GradientCheck} covers the data loss only, its backward pass excluding the
 * penalty, which the models add in their update;</li>
 * <li>the two back ends agree on every loss and parameter over 21 training steps, to 1e-12.</li>
 * </ul>
 */
class PenaltyKernelTest {
    static final int M = 5;
    static final Dataset DATA = UpdateHarness.randomData(new Random(61), M, 2, 2);
    /** Layer 1: w[3][2] then b[3]; layer 2: w[2][3] then b[2]; the Model interface's storage order. */
    static final double[] LITERAL = {0.5, -0.75, 0.25, 1.25, -1.5, 0.375, 0.125, -0.25, 0.625, -0.5, 1.0, 0.75,
            -0.875, 0.25, -0.125, 0.0625, -0.3125};
    static final int HIDDEN_WEIGHTS = 0;
    static final int HIDDEN_BIASES = 6;
    static final int OUTPUT_WEIGHTS = 9;
    static final int OUTPUT_BIASES = 15;

    record Case(String regularizer, String convention) {
        @Override
        public String toString() {
            return "regularize " + regularizer + (convention.isEmpty() ? "" : ", convention " + convention);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("l1 lambda 0.01 on all biases yes", ""),
            new Case("l1 lambda 0.02 on hidden biases no", ""),
            new Case("l2 lambda 0.03 constant lambda on output biases yes", ""),
            new Case("l2 lambda 0.03 constant half on all biases no", ""),
            new Case("l2 lambda 0.03 constant half_m on hidden biases yes", ""),
            new Case("elastic l1 0.01 l2 0.02 constant lambda on output biases no", ""),
            new Case("elastic l1 0.01 l2 0.02 constant half on hidden biases yes", ""),
            new Case("elastic l1 0.01 l2 0.02 constant half_m on all biases no", ""),
            // the documented defaults: pytorch constant half with biases, keras constant lambda without
            new Case("l2 lambda 0.03", "pytorch"),
            new Case("l2 lambda 0.03", "keras"));

    static final Set<String> WORD_KEYS = Set.of("constant", "on", "biases");

    static String specText(Case c) {
        double[] p = LITERAL;
        return "network Penalised {\n  input 2\n"
                + "  dense 3 tanh weights [[" + p[0] + ", " + p[1] + "], [" + p[2] + ", " + p[3] + "], [" + p[4] + ", "
                + p[5] + "]] bias [" + p[6] + ", " + p[7] + ", " + p[8] + "]\n"
                + "  dense 2 linear weights [[" + p[9] + ", " + p[10] + ", " + p[11] + "], [" + p[12] + ", " + p[13]
                + ", " + p[14] + "]] bias [" + p[15] + ", " + p[16] + "]\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.3\n  regularize " + c.regularizer() + "\n"
                + (c.convention().isEmpty() ? "" : "  convention " + c.convention() + "\n")
                + "  epochs 7  batch 2  order shuffled seed 4\n}\n" + UpdateHarness.dataBlock(DATA);
    }

    @TestFactory
    Stream<DynamicTest> everyPenaltyMatchesItsClosedFormItsGradientAndTheOtherBackEnd() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            String text = specText(c);
            UpdateHarness.Pair pair = UpdateHarness.Pair.of(UpdateHarness.read(text));
            double expected = closedForm(c, LITERAL);
            for (Backend backend : Backend.values()) {
                Model model = pair.fresh(backend);
                model.trainingSamples(M);
                UpdateHarness.assertRowsClose(LITERAL, model.parameters(), 0.0, backend.keyword()
                        + " starts at the literal weights");
                double actual = model.penalty();
                if (!(Math.abs(actual - expected) <= 1e-14 * expected) || !(expected > 0)) {
                    throw new AssertionFailedError(backend.keyword() + ", " + c + ": penalty " + actual
                            + ", closed form " + expected, expected, actual);
                }
                gradientAgainstFiniteDifferences(model, backend.keyword() + ", " + c);
            }
            UpdateHarness.differential(pair, DATA, pair.spec().train(), 21, text);
        }));
    }

    /** The closed form over the literal parameters; defaults spelled out as docs/language.md gives them. */
    static double closedForm(Case c, double[] p) {
        Map<String, String> words = new java.util.HashMap<>();
        String[] t = c.regularizer().split(" ");
        for (int k = 1; k + 1 < t.length; k += 2) {
            words.put(t[k], t[k + 1]);
        }
        boolean keras = c.convention().equals("keras");
        String on = words.getOrDefault("on", "all");
        boolean biases = words.getOrDefault("biases", keras ? "no" : "yes").equals("yes");
        String constant = words.getOrDefault("constant", keras ? "lambda" : "half");
        List<int[]> ranges = new ArrayList<>();
        if (!on.equals("output")) {
            ranges.add(new int[] {HIDDEN_WEIGHTS, biases ? OUTPUT_WEIGHTS : HIDDEN_BIASES});
        }
        if (!on.equals("hidden")) {
            ranges.add(new int[] {OUTPUT_WEIGHTS, biases ? p.length : OUTPUT_BIASES});
        }
        double abs = 0;
        double squares = 0;
        for (int[] r : ranges) {
            for (int k = r[0]; k < r[1]; k++) {
                abs += Math.abs(p[k]);
                squares += p[k] * p[k];
            }
        }
        double scale = switch (constant) {
            case "lambda" -> 1.0;
            case "half" -> 0.5;
            case "half_m" -> 1.0 / (2 * M);
            default -> throw new IllegalArgumentException(constant);
        };
        return switch (t[0]) {
            case "l1" -> Double.parseDouble(words.get("lambda")) * abs;
            case "l2" -> scale * Double.parseDouble(words.get("lambda")) * squares;
            case "elastic" -> scale * Double.parseDouble(words.get("l1")) * abs
                    + scale * Double.parseDouble(words.get("l2")) * squares;
            default -> throw new IllegalArgumentException(c.regularizer());
        };
    }

    /**
     * At a seeded point with every |p| in [0.2, 1.2) (far from the kink of |p| at the finite-difference step), one
     * plain-sgd update at rate 1 moves the parameters by exactly minus the gradient the model steps along.
     */
    static void gradientAgainstFiniteDifferences(Model model, String context) {
        gradientAgainstFiniteDifferences(model, DATA, context);
    }

    /** As {@link #gradientAgainstFiniteDifferences(Model, String)}, on {@code data}. */
    static void gradientAgainstFiniteDifferences(Model model, Dataset data, String context) {
        Random random = new Random(67);
        double[] p = model.parameters();
        for (int k = 0; k < p.length; k++) {
            p[k] = (random.nextBoolean() ? 1 : -1) * (0.2 + random.nextDouble());
        }
        double[] before = p.clone();
        double[] numeric = UpdateHarness.numericGradientWithPenalty(model, data);
        double[] yhat = new double[model.outputSize()];
        model.training(true);
        model.zeroGradients();
        for (int n = 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            model.backward(data.y()[n]);
        }
        model.update(1.0, data.size());
        for (int k = 0; k < p.length; k++) {
            double analytic = before[k] - p[k];
            double error = Math.abs(analytic - numeric[k])
                    / Math.max(GradientCheck.FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric[k])));
            if (!(error <= GradientCheck.DEFAULT_THRESHOLD)) {
                throw new AssertionFailedError(context + ": " + model.parameterName(k) + " steps along " + analytic
                        + ", finite differences of loss plus penalty give " + numeric[k] + " (error " + error + ")");
            }
        }
    }

    @Test
    void theCasesCoverEveryPenaltyAndNamedVariantOfTheLanguageDocument() {
        List<String> section = UpdateHarness.section(UpdateHarness.languageDoc(), "#### Regularizers",
                "Which losses go");
        Set<String> documented = UpdateHarness.namedWords(section);
        assertEquals(WORD_KEYS, UpdateHarness.keys(documented), "word parameters");
        Set<String> kinds = new TreeSet<>();
        Set<String> words = new TreeSet<>();
        for (Case c : CASES) {
            kinds.add(c.regularizer().split(" ")[0]);
            words.addAll(UpdateHarness.wordsOf(c.regularizer(), WORD_KEYS));
        }
        assertEquals(UpdateHarness.tableKinds(section), kinds, "regularizer kinds");
        assertEquals(documented, words, "named variants");
    }
}
