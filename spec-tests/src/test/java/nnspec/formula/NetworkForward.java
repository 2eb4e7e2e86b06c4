package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnspec.formula.NetworkOracle.Act;
import nnspec.interpret.Interpreter;
import org.apache.commons.numbers.fraction.BigFraction;
import org.apache.commons.rng.UniformRandomProvider;

/** LAYER-neuron-affine, LAYER-mlp-forward, LAYER-linear-collapse on the reference interpreter. */
final class NetworkForward {
    private static final double TOL = 1e-14;

    private NetworkForward() {
    }

    static List<Formula> all() {
        return List.of(affine(), mlp(), collapse());
    }

    static Interpreter build(NetworkOracle net) {
        return NetworkModels.interpreter(net.sizes[0], "mse", net.layerLines());
    }

    /** A random architecture of {@code layers} layers, widths 1..5 (size grows them), with the given activations. */
    static NetworkOracle randomNet(UniformRandomProvider random, int size, Act... acts) {
        int[] sizes = new int[acts.length + 1];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = 1 + random.nextInt(Math.min(5, size + 1));
        }
        return new NetworkOracle(sizes, acts);
    }

    static void randomize(UniformRandomProvider random, double[] p) {
        double[] v = Cases.uniform(random, p.length, -1, 1);
        System.arraycopy(v, 0, p, 0, p.length);
    }

    private static Formula affine() {
        return new Formula("LAYER-neuron-affine", "z_j = sum_i w_ji x_i + b_j, then a_j = f(z_j)",
                "Interpreter.forward (dense layer)",
                List.of(Document.D000 + ", \"Neuron operation\"",
                        Document.D001 + ", \"The simplest ANN (recall from DAMI)\"",
                        Document.D002 + ", \"Multi-layer neural network\" (W^[l] is units x inputs)",
                        Document.D003 + ", \"Dense\" (3.2.1 Layers) and \"1.2 Forward pass\""),
                List.of("storage w[j][i], unit j, input i (002's W^[l]: next-layer units x previous units)"), TOL,
                List.of(
                        Checks.property("3 inputs, 2 linear units, dyadic weights: z = (-1/4, 7/4) exactly, from exact"
                                + " fractions", () -> {
                                    double[][] w = {{0.5, -0.25, 2}, {1, 0.125, -3}};
                                    double[] b = {0.75, -1};
                                    double[] x = {1, 2, -0.5};
                                    Interpreter net = NetworkModels.interpreter(3, "mse", "2 linear init zeros");
                                    double[] p = net.parameters();
                                    for (int j = 0; j < 2; j++) {
                                        for (int i = 0; i < 3; i++) {
                                            p[j * 3 + i] = w[j][i];
                                        }
                                        p[6 + j] = b[j];
                                    }
                                    double[] z = NetworkModels.forward(net, x);
                                    for (int j = 0; j < 2; j++) {
                                        BigFraction sum = BigFraction.from(b[j]);
                                        for (int i = 0; i < 3; i++) {
                                            sum = sum.add(BigFraction.from(w[j][i]).multiply(BigFraction.from(x[i])));
                                        }
                                        Checks.assertExactly(sum.doubleValue(), z[j], "z[" + j + "]");
                                    }
                                    Checks.assertExactly(-0.25, z[0], "z[0]");
                                    Checks.assertExactly(1.75, z[1], "z[1]");
                                }),
                        Checks.property("300 random single layers (linear, tanh, sigmoid, relu): a_j = f(sum_i w_ji x_i"
                                + " + b_j), the explicit sum and f written in the test; also 003's row form x.W + b"
                                + " with W = inputs x units (its L102 and L1216; its L1205 'W x' with W n x m only"
                                + " type-checks as W^T x)", () ->
                                Cases.run(300, Checks.SEED, 30, (random, size) -> {
                                    Act act = Act.values()[random.nextInt(4)];
                                    NetworkOracle net = randomNet(random, size, act);
                                    Interpreter model = build(net);
                                    randomize(random, model.parameters());
                                    double[] p = model.parameters();
                                    double[] x = Cases.uniform(random, net.sizes[0], -2, 2);
                                    double[] a = NetworkModels.forward(model, x);
                                    int in = net.sizes[0];
                                    int units = net.sizes[1];
                                    for (int j = 0; j < units; j++) {
                                        double rowForm = p[in * units + j];
                                        for (int i = 0; i < in; i++) {
                                            double wInputsByUnits = p[j * in + i]; // W[i][j] of 003's x.W
                                            rowForm += x[i] * wInputsByUnits;
                                        }
                                        Checks.assertClose(act.f.applyAsDouble(rowForm), a[j], TOL, act + " a[" + j
                                                + "]");
                                    }
                                }))));
    }

    private static Formula mlp() {
        return new Formula("LAYER-mlp-forward", "composition of layers: a_L = f_L(W_L ... f_1(W_1 x + b_1) ... + b_L)",
                "Interpreter.forward",
                List.of(Document.D000 + ", \"Example: multi-layer perceptron training\"",
                        Document.D002 + ", \"Multi-layer neural network\"",
                        Document.D002 + ", \"Vanishing gradient problem\"",
                        Document.D003 + ", \"3.2 Forward propagation\" (3.1 Definitions)"),
                List.of("layers applied in order of the spec"), TOL, List.of(
                        Checks.property("300 random 2- and 3-layer networks with mixed activations: interpreter output"
                                + " equals the composition written in the test (NetworkOracle)", () ->
                                Cases.run(300, Checks.SEED + 1, 30, (random, size) -> {
                                    Act[] acts = new Act[2 + random.nextInt(2)];
                                    for (int l = 0; l < acts.length; l++) {
                                        acts[l] = Act.values()[random.nextInt(4)];
                                    }
                                    NetworkOracle net = randomNet(random, size, acts);
                                    Interpreter model = build(net);
                                    randomize(random, model.parameters());
                                    double[] x = Cases.uniform(random, net.sizes[0], -2, 2);
                                    double[] expected = net.forward(model.parameters(), x).a()[acts.length];
                                    double[] actual = NetworkModels.forward(model, x);
                                    for (int j = 0; j < expected.length; j++) {
                                        Checks.assertClose(expected[j], actual[j], 1e-13, "output " + j);
                                    }
                                })),
                        Checks.property("000's MLP with the epoch-1000 row's parameters (ReLU hidden, sigmoid out):"
                                + " the forward pass is the composition z_1 = 0.55 x1 + 0.15 x2 - 0.2, ...; at (1, 0):"
                                + " z_1 = 0.35, z_2 = 0.17, z_3 = 0.73*0.35 + 0.1*0.17 - 0.3 (the final form as"
                                + " printed has w31 = 0.200, not 0.73: claims.csv MLP-final-z3)", () -> {
                                    Interpreter net = NetworkModels.interpreter(2, "bce", "2 relu init zeros",
                                            "1 sigmoid init zeros");
                                    double[] p = net.parameters();
                                    double[] values = {0.55, 0.15, 0.57, 0.28, -0.2, -0.4, 0.73, 0.1, -0.3};
                                    System.arraycopy(values, 0, p, 0, values.length);
                                    double z3 = 0.73 * 0.35 + 0.1 * 0.17 - 0.3;
                                    Checks.assertClose(1.0 / (1.0 + Math.exp(-z3)),
                                            NetworkModels.forward(net, new double[] {1, 0})[0], 1e-15, "yhat(1, 0)");
                                }),
                        Checks.property("erratum, 003 L1189: its printed y = s_L((X W_1 + b_1) W_2 + b_2 ... W_L +"
                                + " b_L) has no hidden activations; it equals the forward pass with linear hidden"
                                + " layers and differs with tanh ones (3-4-2, seed " + Checks.SEED + ")", () -> {
                                    UniformRandomProvider random = org.apache.commons.rng.simple.RandomSource
                                            .XO_RO_SHI_RO_128_PP.create(Checks.SEED);
                                    NetworkOracle tanh = new NetworkOracle(new int[] {3, 4, 2},
                                            new Act[] {Act.TANH, Act.SIGMOID});
                                    NetworkOracle printed = new NetworkOracle(new int[] {3, 4, 2},
                                            new Act[] {Act.LINEAR, Act.SIGMOID});
                                    Interpreter withTanh = build(tanh);
                                    Interpreter linearHidden = build(printed);
                                    randomize(random, withTanh.parameters());
                                    System.arraycopy(withTanh.parameters(), 0, linearHidden.parameters(), 0,
                                            tanh.parameterCount);
                                    double[] x = {1.5, -2, 0.75};
                                    double[] p = withTanh.parameters();
                                    double[] printedOut = printed.forward(p, x).a()[2];
                                    double[] lin = NetworkModels.forward(linearHidden, x);
                                    double[] nonlinear = NetworkModels.forward(withTanh, x);
                                    double gap = 0;
                                    for (int j = 0; j < 2; j++) {
                                        Checks.assertClose(printedOut[j], lin[j], 1e-14, "linear hidden " + j);
                                        gap = Math.max(gap, Math.abs(printedOut[j] - nonlinear[j]));
                                    }
                                    assertTrue(gap > 1e-3, "printed form should differ with tanh hidden, gap " + gap);
                                })));
    }

    /** W = W2 W1, b = W2 b1 + b2 in the storage layout, for a 2-layer network with sizes n0, n1, n2. */
    static double[] collapsed(double[] p, int n0, int n1, int n2) {
        int o2 = n0 * n1 + n1;
        double[] q = new double[n0 * n2 + n2];
        for (int k = 0; k < n2; k++) {
            for (int i = 0; i < n0; i++) {
                double s = 0;
                for (int j = 0; j < n1; j++) {
                    s += p[o2 + k * n1 + j] * p[j * n0 + i];
                }
                q[k * n0 + i] = s;
            }
            double s = p[o2 + n1 * n2 + k];
            for (int j = 0; j < n1; j++) {
                s += p[o2 + k * n1 + j] * p[n0 * n1 + j];
            }
            q[n0 * n2 + k] = s;
        }
        return q;
    }

    private static Formula collapse() {
        return new Formula("LAYER-linear-collapse", "two linear layers are one: W = W2 W1, b = W2 b1 + b2",
                "Interpreter.forward (linear dense layers)",
                List.of(Document.D002 + ", \"Multi-layer neural network\" (S(W1 W2 W3 x) = S(W' x))",
                        Document.D003 + ", \"Activation\" (nonlinear activations needed)"),
                List.of("W_1 is the first layer applied"), 1e-13, List.of(
                        Checks.property("300 random linear-linear networks: output equals one linear layer with W2 W1"
                                + " and W2 b1 + b2 (built in the test) run on the interpreter", () ->
                                Cases.run(300, Checks.SEED + 2, 30, (random, size) -> {
                                    NetworkOracle two = randomNet(random, size, Act.LINEAR, Act.LINEAR);
                                    int n0 = two.sizes[0];
                                    int n1 = two.sizes[1];
                                    int n2 = two.sizes[2];
                                    Interpreter deep = build(two);
                                    randomize(random, deep.parameters());
                                    Interpreter one = build(new NetworkOracle(new int[] {n0, n2},
                                            new Act[] {Act.LINEAR}));
                                    double[] q = collapsed(deep.parameters(), n0, n1, n2);
                                    System.arraycopy(q, 0, one.parameters(), 0, q.length);
                                    double[] x = Cases.uniform(random, n0, -2, 2);
                                    double[] a = NetworkModels.forward(deep, x);
                                    double[] b = NetworkModels.forward(one, x);
                                    for (int k = 0; k < n2; k++) {
                                        Checks.assertClose(a[k], b[k], 1e-13, "output " + k);
                                    }
                                })),
                        Checks.property("002's S(W1 W2 W3 x) = S(W' x): three 2 x 2 linear layers applied W1 first"
                                + " collapse to W' = W3 W2 W1 (exact, integer weights); the printed order W1 W2 W3 gives"
                                + " a different matrix, so it numbers the layers from the output", () -> {
                                    double[][][] w = {{{1, 2}, {0, 1}}, {{1, 0}, {3, 1}}, {{0, 1}, {1, 1}}};
                                    Interpreter net = NetworkModels.interpreter(2, "mse", "2 linear init zeros",
                                            "2 linear init zeros", "2 linear init zeros");
                                    double[] p = net.parameters();
                                    for (int l = 0; l < 3; l++) {
                                        for (int j = 0; j < 2; j++) {
                                            for (int i = 0; i < 2; i++) {
                                                p[l * 6 + j * 2 + i] = w[l][j][i];
                                            }
                                        }
                                    }
                                    double[][] applied = mul(w[2], mul(w[1], w[0]));
                                    double[][] printed = mul(w[0], mul(w[1], w[2]));
                                    boolean differ = false;
                                    for (double[] x : new double[][] {{1, 0}, {0, 1}}) {
                                        double[] z = NetworkModels.forward(net, x);
                                        int col = x[0] == 1 ? 0 : 1;
                                        for (int k = 0; k < 2; k++) {
                                            Checks.assertExactly(applied[k][col], z[k], "column " + col);
                                            differ |= printed[k][col] != z[k];
                                        }
                                    }
                                    assertTrue(differ, "W1 W2 W3 should differ from W3 W2 W1 here");
                                }),
                        Checks.property("with a tanh hidden layer no such collapse exists: f(x) + f(-x) != 2 f(0) for"
                                + " a 1-2-1 tanh/linear network (an affine map would satisfy it)", () -> {
                                    Interpreter net = NetworkModels.interpreter(1, "mse", "2 tanh init zeros",
                                            "1 linear init zeros");
                                    double[] p = net.parameters();
                                    double[] v = {1.0, 2.0, 0.5, -0.3, 1.0, 1.0, 0.0};
                                    System.arraycopy(v, 0, p, 0, v.length);
                                    double f1 = NetworkModels.forward(net, new double[] {1})[0];
                                    double fm = NetworkModels.forward(net, new double[] {-1})[0];
                                    double f0 = NetworkModels.forward(net, new double[] {0})[0];
                                    assertTrue(Math.abs(f1 + fm - 2 * f0) > 1e-3, "tanh network behaved affinely");
                                })));
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
