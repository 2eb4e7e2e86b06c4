package nnspec.kernels;

import static nnspec.kernels.KernelHarness.Act.elementwise;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import nnspec.kernels.KernelHarness.Act;
import nnspec.kernels.KernelHarness.Entry;
import nnspec.kernels.KernelHarness.Layer;
import nnspec.kernels.KernelHarness.Pass;
import nnspec.model.Convention;
import nnspec.model.DenseLayer;
import nnspec.model.ParamSpec;
import nnspec.pipeline.Backend;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every activation of docs/language.md, each word variant, and each parameterised one at a parameter other than its
 * defaults, in a small network with literal weights where the language allows it at the hidden and the output
 * layer. Each entry is trained for 20 steps by both back ends, which must agree; each back end's backward pass must
 * match central finite differences of the training loss; and each back end's outputs must equal closed forms written
 * below from PyTorch's and Keras's documented definitions (torch.nn.* and keras.activations.*), so that a kernel
 * swapped for another in value and derivative alike is caught too. A last test per check compares the kinds that were
 * checked with the activation table of docs/language.md.
 *
 * <p>The weights and samples are drawn from a seed and redrawn until every training sample keeps
 * {@link KernelHarness#MARGIN} from the activation's kinks (the list below, from the documented formulas) and the
 * samples reach every piece between the kinks, so that each piece's derivative is exercised.
 */
class ActivationKernelsTest {
    /** Where the activation under test goes: both layers, the hidden one (linear output), or the output one. */
    enum Position { BOTH, HIDDEN, OUTPUT }

    /**
     * An activation as the spec writes it, its closed form, its kinks, the scale of the inputs (so that the samples
     * reach the outer pieces) and a bound on every |z| (so that 20 steps of sgd stay tame).
     */
    record Case(String text, Act act, double[] kinks, double scale, double outScale, double zLimit,
            Position position, long drawSeed) {
        Case(String text, Act act, double... kinks) {
            this(text, act, kinks, 2.0, 1.0, 6.0, Position.BOTH, 0);
        }

        Case at(Position p) {
            return new Case(text, act, kinks, scale, outScale, zLimit, p, drawSeed);
        }

        /** Inputs on [-inputScale, inputScale], output weights on [-outputScale, outputScale], every |z| below limit. */
        Case scaled(double inputScale, double outputScale, double limit) {
            return new Case(text, act, kinks, inputScale, outputScale, limit, position, drawSeed);
        }

        Case drawing(long seed) {
            return new Case(text, act, kinks, scale, outScale, zLimit, position, seed);
        }

        String title() {
            return text + (position == Position.BOTH ? "" : " (" + position.name().toLowerCase() + " layer)");
        }
    }

    // Closed forms written here, from the frameworks' documentation (not from nnspec.runtime).

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double relu6(double z) {
        return Math.min(Math.max(z, 0), 6);
    }

    /** torch.nn.SELU's constants. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double[] e = Arrays.stream(z).map(v -> Math.exp(v - max)).toArray();
        double sum = Arrays.stream(e).sum();
        return Arrays.stream(e).map(v -> v / sum).toArray();
    }

    static double[] logSoftmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double log = Math.log(Arrays.stream(z).map(v -> Math.exp(v - max)).sum());
        return Arrays.stream(z).map(v -> v - max - log).toArray();
    }

    /** Martins and Astudillo (2016): tau from the largest k with 1 + k z_(k) &gt; the sum of the k largest. */
    static double sparsemaxTau(double[] z) {
        double[] sorted = z.clone();
        Arrays.sort(sorted);
        double sum = 0;
        double tau = 0;
        for (int k = 1; k <= sorted.length; k++) {
            double zk = sorted[sorted.length - k];
            sum += zk;
            if (1 + k * zk > sum) {
                tau = (sum - 1) / k;
            }
        }
        return tau;
    }

    static double[] sparsemax(double[] z) {
        double tau = sparsemaxTau(z);
        return Arrays.stream(z).map(v -> Math.max(v - tau, 0)).toArray();
    }

    /** torch.nn.GLU on the unit axis: the first half times the sigmoid of the second. */
    static double[] glu(double[] z) {
        int n = z.length / 2;
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
            a[j] = z[j] * sigmoid(z[n + j]);
        }
        return a;
    }

    static final double RRELU_LOWER = 0.05;
    static final double RRELU_UPPER = 0.4;

    /**
     * torch.nn.RReLU: while training a slope per unit from U(lower, upper), here lower + (upper - lower) u with u
     * the next draw of the layer's java.util.Random(seed) in unit order; in evaluation (lower + upper) / 2.
     */
    static double[] rrelu(double[] z, Random draws) {
        double[] a = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            double slope = draws == null ? (RRELU_LOWER + RRELU_UPPER) / 2
                    : RRELU_LOWER + (RRELU_UPPER - RRELU_LOWER) * draws.nextDouble();
            a[j] = z[j] > 0 ? z[j] : slope * z[j];
        }
        return a;
    }

    static final Act LINEAR = elementwise(z -> z);

    static List<Case> cases() {
        double alpha = 1.5;
        double shrink = 0.7;
        Case step = new Case("step at_zero 0.5", elementwise(z -> z > 0 ? 1 : z == 0 ? 0.5 : 0), 0);
        Case sign = new Case("sign at_zero 0.5", elementwise(z -> z > 0 ? 1 : z == 0 ? 0.5 : -1), 0);
        return List.of(
                // z = 0 exactly is reached by a probe, where at_zero decides
                step.at(Position.HIDDEN),
                new Case("step at_zero 1", elementwise(z -> z > 0 ? 1 : z == 0 ? 1 : 0), 0).at(Position.OUTPUT),
                sign.at(Position.HIDDEN),
                new Case("sign at_zero -1", elementwise(z -> z > 0 ? 1 : z == 0 ? -1 : -1), 0).at(Position.OUTPUT),
                new Case("linear", LINEAR),
                new Case("piecewise_linear", elementwise(z -> z < -0.5 ? 0 : z > 0.5 ? 1 : z + 0.5), -0.5, 0.5),
                new Case("relu", elementwise(z -> Math.max(z, 0)), 0),
                new Case("leaky_relu alpha 0.3", elementwise(z -> z > 0 ? z : 0.3 * z), 0),
                new Case("rrelu lower " + RRELU_LOWER + " upper " + RRELU_UPPER + " seed 11",
                        ActivationKernelsTest::rrelu, 0).drawing(11),
                new Case("elu alpha 1.5", elementwise(z -> z > 0 ? z : alpha * (Math.exp(z) - 1)), 0),
                new Case("celu alpha 1.5", elementwise(z -> Math.max(0, z)
                        + Math.min(0, alpha * (Math.exp(z / alpha) - 1))), 0),
                new Case("selu", elementwise(z -> SELU_SCALE * (z > 0 ? z : SELU_ALPHA * (Math.exp(z) - 1))), 0),
                new Case("gelu approximate none", elementwise(z -> 0.5 * z * Erf.erfc(-z / Math.sqrt(2)))),
                new Case("gelu approximate tanh", elementwise(z -> 0.5 * z
                        * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z))))),
                new Case("sigmoid", elementwise(ActivationKernelsTest::sigmoid)),
                new Case("hard_sigmoid form relu6", elementwise(z -> relu6(z + 3) / 6), -3, 3).scaled(3.5, 4, 8),
                new Case("hard_sigmoid form keras2", elementwise(z -> Math.max(0, Math.min(1, 0.2 * z + 0.5))),
                        -2.5, 2.5).scaled(3, 4, 7),
                new Case("log_sigmoid", elementwise(z -> -softplus(-z))),
                new Case("tanh", elementwise(Math::tanh)),
                new Case("hard_tanh", elementwise(z -> Math.max(-1, Math.min(1, z))), -1, 1),
                new Case("tanh_shrink", elementwise(z -> z - Math.tanh(z))),
                new Case("softplus", elementwise(ActivationKernelsTest::softplus)),
                new Case("softsign", elementwise(z -> z / (1 + Math.abs(z))), 0),
                new Case("sparse_plus", elementwise(z -> z <= -1 ? 0 : z >= 1 ? z : (z + 1) * (z + 1) / 4), -1, 1),
                new Case("squareplus b 2", elementwise(z -> (z + Math.sqrt(z * z + 2)) / 2)),
                new Case("silu", elementwise(z -> z * sigmoid(z))),
                new Case("hard_silu", elementwise(z -> z * relu6(z + 3) / 6), -3, 3).scaled(3.5, 2, 8),
                new Case("mish", elementwise(z -> z * Math.tanh(softplus(z)))),
                new Case("relu6", elementwise(ActivationKernelsTest::relu6), 0, 6).scaled(5, 1.5, 10),
                new Case("exponential", elementwise(Math::exp)).scaled(1, 1, 2.5),
                new Case("hard_shrink threshold " + shrink, elementwise(z -> Math.abs(z) > shrink ? z : 0),
                        -shrink, shrink),
                new Case("soft_shrink threshold " + shrink, elementwise(z -> z > shrink ? z - shrink
                        : z < -shrink ? z + shrink : 0), -shrink, shrink),
                new Case("threshold threshold 0.3 value -0.4", elementwise(z -> z > 0.3 ? z : -0.4), 0.3),
                // softmax only on the output layer, trained with cce (see entry)
                new Case("softmax", (z, draws) -> softmax(z)).at(Position.OUTPUT),
                new Case("log_softmax", (z, draws) -> logSoftmax(z)),
                new Case("sparsemax", (z, draws) -> sparsemax(z)),
                new Case("glu", (z, draws) -> glu(z)));
    }

    private static final int INPUTS = 3;

    /**
     * The entry of a case: weights and samples redrawn from {@code seed} until the training samples keep clear of
     * the kinks, reach every piece, and stay within the case's bound on z.
     */
    static Entry entry(Case c, long seed) {
        boolean softmax = c.text().equals("softmax");
        boolean glu = c.text().equals("glu");
        boolean sparsemax = c.text().equals("sparsemax");
        int hiddenUnits = glu ? 6 : 4;
        int outputUnits = softmax ? 3 : glu ? 4 : 2;
        Case hidden = switch (c.position()) {
            case BOTH, HIDDEN -> c;
            case OUTPUT -> softmax ? new Case("tanh", elementwise(Math::tanh)) : new Case("linear", LINEAR);
        };
        Case output = c.position() == Position.HIDDEN ? new Case("linear", LINEAR) : c;
        for (int attempt = 0; attempt < 20000; attempt++) {
            Random r = new Random(seed * 100003 + attempt);
            double[][] w1 = KernelHarness.matrix(r, hiddenUnits, INPUTS, 1);
            double[] b1 = KernelHarness.vector(r, hiddenUnits, 0.5);
            int hiddenOutputs = glu && hidden == c ? hiddenUnits / 2 : hiddenUnits;
            double[][] w2 = KernelHarness.matrix(r, outputUnits, hiddenOutputs, c.outScale());
            double[] b2 = KernelHarness.vector(r, outputUnits, 0.5);
            // so that the probe x = 0 puts z = 0 exactly on unit 0: of the hidden layer, and with a linear hidden
            // layer without biases, of the output layer
            b1[0] = 0;
            b2[0] = 0;
            if (c.position() == Position.OUTPUT) {
                Arrays.fill(b1, 0);
            }
            double[][] x = KernelHarness.matrix(r, KernelHarness.ROWS, INPUTS, c.scale());
            List<Layer> layers = List.of(
                    new Layer(w1, b1, hidden.text(), hidden.act(), hidden.kinks(), hidden.drawSeed(), null),
                    new Layer(w2, b2, output.text(), output.act(), output.kinks(), output.drawSeed(), null));
            Pass pass = new Pass(layers, true);
            List<List<double[]>> zs = List.of(new ArrayList<>(), new ArrayList<>());
            boolean ok = true;
            for (double[] row : x) {
                pass.forward(row);
                for (int l = 0; l < 2; l++) {
                    double[] z = pass.z[l];
                    zs.get(l).add(z);
                    ok &= KernelHarness.clearOfKinks(z, layers.get(l).kinks());
                    ok &= Arrays.stream(z).allMatch(v -> Math.abs(v) <= c.zLimit());
                }
            }
            for (int l = 0; l < 2 && ok; l++) {
                boolean underTest = l == 0 ? c.position() != Position.OUTPUT : c.position() != Position.HIDDEN;
                if (!underTest) {
                    continue;
                }
                ok = KernelHarness.piecesHit(zs.get(l), c.kinks()).size() == c.kinks().length + 1;
                if (sparsemax) {
                    ok &= sparsemaxClearAndBothSides(zs.get(l));
                }
            }
            if (!ok) {
                continue;
            }
            double[][] y = new double[KernelHarness.ROWS][];
            Pass eval = new Pass(layers, false);
            for (int n = 0; n < y.length; n++) {
                double[] out = eval.forward(x[n]);
                y[n] = new double[out.length];
                int hot = r.nextInt(out.length);
                for (int j = 0; j < out.length; j++) {
                    y[n][j] = softmax ? (j == hot ? 1 : 0) : KernelHarness.round3(out[j] + r.nextDouble() - 0.5);
                }
            }
            List<double[]> probes = new ArrayList<>();
            probes.add(new double[INPUTS]);
            probes.addAll(Arrays.asList(x));
            probes.addAll(Arrays.asList(KernelHarness.matrix(r, 2, INPUTS, 2 * c.scale())));
            String train = "  loss " + (softmax ? "cce" : "mse") + "\n  optimizer sgd lr 0.05\n";
            return KernelHarness.entry(c.title(), INPUTS, layers, train, x, y, probes.toArray(double[][]::new),
                    null, null);
        }
        throw new IllegalStateException("no weights in 20000 draws keep " + c.title() + " clear of its kinks");
    }

    /** Sparsemax's kinks move with the other units: z_j = tau(z). Clear of them, and some units on each side. */
    static boolean sparsemaxClearAndBothSides(List<double[]> zs) {
        boolean in = false;
        boolean out = false;
        for (double[] z : zs) {
            double tau = sparsemaxTau(z);
            for (double v : z) {
                if (Math.abs(v - tau) < KernelHarness.MARGIN) {
                    return false;
                }
                in |= v > tau;
                out |= v < tau;
            }
        }
        return in && out;
    }

    private static List<Entry> entries;

    static synchronized List<Entry> entries() {
        if (entries == null) {
            List<Entry> all = new ArrayList<>();
            long seed = 1;
            for (Case c : cases()) {
                all.add(entry(c, seed++));
            }
            entries = all;
        }
        return entries;
    }

    /** The activation kinds of an entry's spec, read from the model records: each name, and each word variant. */
    static Set<String> kinds(Entry e) {
        Set<String> kinds = new TreeSet<>();
        for (DenseLayer layer : e.spec().network().denseLayers()) {
            String name = layer.activation().keyword();
            kinds.add(name);
            layer.activationParams().words().forEach((k, v) -> kinds.add(name + " " + k + " " + v));
        }
        return kinds;
    }

    private static Stream<DynamicTest> everyEntry(String check, Consumer<Entry> test) {
        return KernelHarness.everyEntry(check, "", entries(), ActivationKernelsTest::kinds, "activation",
                KernelHarness.documentedActivationKinds(), test);
    }

    @TestFactory
    Stream<DynamicTest> backEndsAgreeStepByStep() {
        return everyEntry("back ends agree", KernelHarness::backEndsAgree);
    }

    @TestFactory
    Stream<DynamicTest> eachBackEndMatchesFiniteDifferences() {
        return everyEntry("finite differences", KernelHarness::bothBackEndsMatchFiniteDifferences);
    }

    @TestFactory
    Stream<DynamicTest> eachBackEndMatchesTheClosedForms() {
        return everyEntry("closed form", e -> {
            for (Backend b : Backend.values()) {
                KernelHarness.outputsMatchClosedForm(e, b);
            }
        });
    }

    /** A parameter at its default could hide a kernel that ignores it. */
    @TestFactory
    Stream<DynamicTest> everyNumberParameterDiffersFromItsDefaults() {
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.title(), () -> {
            for (DenseLayer layer : e.spec().network().denseLayers()) {
                for (ParamSpec p : layer.activation().params()) {
                    if (p.type() == ParamSpec.Type.WORD) {
                        continue;
                    }
                    double value = layer.activationParams().number(p.name());
                    for (Convention c : Convention.values()) {
                        assertTrue(!Double.valueOf(value).equals(p.defaultFor(c)), layer.activation().keyword()
                                + " " + p.name() + " " + value + " is the " + c + " default\n" + e);
                    }
                }
            }
        }));
    }
}
