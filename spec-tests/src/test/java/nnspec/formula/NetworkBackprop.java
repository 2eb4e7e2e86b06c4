package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnspec.formula.NetworkOracle.Act;
import nnspec.formula.NetworkOracle.Pass;
import nnspec.interpret.Interpreter;
import nnspec.runtime.Activations;
import nnspec.runtime.Dataset;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * BP-*: the interpreter's backward pass against the printed formulas (written out in {@link NetworkOracle}) and
 * against central finite differences of the loss (Commons Math, 7 points, step 1e-3).
 */
final class NetworkBackprop {
    private static final double FD_TOL = 1e-8;
    private static final String D3_ERROR = Document.D003 + ", \"3.3.1 Error\"";

    private NetworkBackprop() {
    }

    static List<Formula> all() {
        return List.of(outputDelta(), outputDeltaVerdicts(), hiddenDelta(), paramGrads(), activationBackward(),
                reluScalar());
    }

    /** A random smooth network (no ReLU, so finite differences never straddle a kink). */
    private static NetworkOracle smoothNet(UniformRandomProvider random, int size, int layers) {
        Act[] smooth = {Act.LINEAR, Act.TANH, Act.SIGMOID};
        Act[] acts = new Act[layers];
        for (int l = 0; l < layers; l++) {
            acts[l] = smooth[random.nextInt(3)];
        }
        return NetworkForward.randomNet(random, size, acts);
    }

    /** One sample's interpreter gradient. */
    private static double[] sampleGradient(Interpreter model, double[] x, double[] y) {
        return NetworkModels.gradientSum(model, new Dataset(new double[][] {x}, new double[][] {y}));
    }

    private static Formula outputDelta() {
        return new Formula("BP-output-delta", "delta_L = dL/da_L (.) f_L'(z_L)",
                "Interpreter.backward (OutputRule.CHAIN), Losses.squaredErrorDerivative, Activations.*Derivative",
                List.of(D3_ERROR, Document.D001 + ", \"Learning Algorithm: forward propagation\""),
                List.of("L = (1/J) sum_j (a_j - y_j)^2 (mse, mean over outputs)"), FD_TOL, List.of(
                        Checks.property("200 random networks and samples: the output biases' gradient (= delta_L) equals"
                                + " the printed delta_L (NetworkOracle) to 1e-13 and finite differences of the loss"
                                + " in the output bias", () -> Cases.run(200, Checks.SEED + 20, 20, (random, size) -> {
                                    NetworkOracle net = smoothNet(random, size, 2);
                                    Interpreter model = NetworkForward.build(net);
                                    NetworkForward.randomize(random, model.parameters());
                                    double[] p = model.parameters().clone();
                                    double[] x = Cases.uniform(random, net.sizes[0], -2, 2);
                                    double[] y = Cases.uniform(random, net.sizes[2], -1, 1);
                                    double[] g = sampleGradient(model, x, y);
                                    double[] delta = net.deltas(p, net.forward(p, x), y)[1];
                                    int biasFrom = net.offsets[1] + net.sizes[1] * net.sizes[2];
                                    for (int j = 0; j < delta.length; j++) {
                                        int k = biasFrom + j;
                                        Checks.assertClose(delta[j], g[k], 1e-13, "printed delta_L[" + j + "]");
                                        double numeric = Checks.finiteDifference(t -> {
                                            double[] q = p.clone();
                                            q[k] = t;
                                            return net.loss(q, x, y);
                                        }, p[k]);
                                        Checks.assertClose(numeric, g[k], FD_TOL, "finite differences, delta_L[" + j
                                                + "]");
                                    }
                                }))));
    }

    private static Formula outputDeltaVerdicts() {
        return new Formula("BP-output-delta", "verdicts on the printed output error signals",
                "Interpreter.backward", List.of(D3_ERROR,
                        Document.D001 + ", \"Learning Algorithm: forward propagation\" (error signal)"),
                List.of("nnspec's mse is (yhat - y)^2, without 1/2"), 1e-12, List.of(
                        Checks.property("001's error signal delta = target - output is -dL/dz only for L = 1/2 (yhat -"
                                + " y)^2 and a linear output: with mse (yhat - y)^2 the bias gradient is exactly -2"
                                + " delta; with a sigmoid output it is -2 delta sigma'(z), not proportional to delta",
                                () -> {
                                    Interpreter lin = NetworkModels.interpreter(2, "mse", "1 linear init zeros");
                                    Interpreter sig = NetworkModels.interpreter(2, "mse", "1 sigmoid init zeros");
                                    double[] v = {0.5, -0.25, 0.125};
                                    System.arraycopy(v, 0, lin.parameters(), 0, 3);
                                    System.arraycopy(v, 0, sig.parameters(), 0, 3);
                                    double[] x = {1, 2};
                                    double[] y = {1};
                                    double outLin = NetworkModels.forward(lin, x)[0];
                                    Checks.assertExactly(-2.0 * (y[0] - outLin), sampleGradient(lin, x, y)[2],
                                            "linear output");
                                    double outSig = NetworkModels.forward(sig, x)[0];
                                    double g = sampleGradient(sig, x, y)[2];
                                    Checks.assertClose(-2.0 * (y[0] - outSig) * outSig * (1 - outSig), g, 1e-15,
                                            "sigmoid output");
                                    assertTrue(Math.abs(g - (-2.0 * (y[0] - outSig))) > 0.1,
                                            "the sigmoid case should not equal -2 delta");
                                }),
                        Checks.property("003's elementwise delta_L = dL/da (.) f'(z) holds for elementwise activations"
                                + " only: for softmax + CCE, dL/da (.) diag of the Jacobian S(1 - S) differs from the"
                                + " interpreter's fused S - y, which finite differences confirm", () -> {
                                    Interpreter net = NetworkModels.interpreter(2, "cce", "3 softmax init zeros");
                                    double[] p = net.parameters();
                                    double[] v = {0.5, -1, 0.25, 2, -0.75, 0.5, 0.1, -0.2, 0.3};
                                    System.arraycopy(v, 0, p, 0, v.length);
                                    double[] x = {1, -0.5};
                                    double[] y = {0, 1, 0};
                                    double[] s = NetworkModels.forward(net, x);
                                    double[] g = sampleGradient(net, x, y);
                                    Dataset one = new Dataset(new double[][] {x}, new double[][] {y});
                                    boolean elementwiseWrong = false;
                                    for (int j = 0; j < 3; j++) {
                                        int k = 6 + j;
                                        double numeric = Checks.finiteDifference(t -> {
                                            double[] q = p.clone();
                                            q[k] = t;
                                            return NetworkModels.lossAt(net, one, q);
                                        }, p[k]);
                                        Checks.assertClose(numeric, g[k], 1e-9, "finite differences, b[" + j + "]");
                                        Checks.assertClose(s[j] - y[j], g[k], 1e-15, "S - y, b[" + j + "]");
                                        double elementwise = (y[j] == 0 ? 0.0 : -y[j] / s[j]) * s[j] * (1 - s[j]);
                                        elementwiseWrong |= Math.abs(elementwise - numeric) > 1e-3;
                                    }
                                    assertTrue(elementwiseWrong, "the elementwise form should fail for softmax");
                                })));
    }

    private static Formula hiddenDelta() {
        return new Formula("BP-hidden-delta", "delta_l = (W_{l+1}^T delta_{l+1}) (.) f_l'(z_l)",
                "Interpreter.backward", List.of(D3_ERROR), List.of("layers numbered from the input"), FD_TOL, List.of(
                        Checks.property("200 random 3-layer networks: the hidden biases' gradients (= delta_l) equal"
                                + " the formula with W_{l+1} (NetworkOracle) to 1e-13 and finite differences", () ->
                                Cases.run(200, Checks.SEED + 21, 20, (random, size) -> {
                                    NetworkOracle net = smoothNet(random, size, 3);
                                    Interpreter model = NetworkForward.build(net);
                                    NetworkForward.randomize(random, model.parameters());
                                    double[] p = model.parameters().clone();
                                    double[] x = Cases.uniform(random, net.sizes[0], -2, 2);
                                    double[] y = Cases.uniform(random, net.sizes[3], -1, 1);
                                    double[] g = sampleGradient(model, x, y);
                                    double[][] delta = net.deltas(p, net.forward(p, x), y);
                                    for (int l = 0; l < 2; l++) {
                                        int biasFrom = net.offsets[l] + net.sizes[l] * net.sizes[l + 1];
                                        for (int j = 0; j < delta[l].length; j++) {
                                            int k = biasFrom + j;
                                            Checks.assertClose(delta[l][j], g[k], 1e-13, "delta_" + l + "[" + j + "]");
                                            double numeric = Checks.finiteDifference(t -> {
                                                double[] q = p.clone();
                                                q[k] = t;
                                                return net.loss(q, x, y);
                                            }, p[k]);
                                            Checks.assertClose(numeric, g[k], FD_TOL, "finite differences, layer " + l
                                                    + " unit " + j);
                                        }
                                    }
                                })),
                        Checks.property("erratum, 003 L1341: the printed (W_l^T delta_{l+1}) uses the layer's own"
                                + " weights; on a 3-3-3-1 tanh network (square, so it is defined) it misses finite"
                                + " differences, while W_{l+1} matches", () -> {
                                    NetworkOracle net = new NetworkOracle(new int[] {3, 3, 3, 1},
                                            new Act[] {Act.TANH, Act.TANH, Act.LINEAR});
                                    UniformRandomProvider random = org.apache.commons.rng.simple.RandomSource
                                            .XO_RO_SHI_RO_128_PP.create(Checks.SEED);
                                    double[] p = Cases.uniform(random, net.parameterCount, -1, 1);
                                    double[] x = {0.5, -1, 1.5};
                                    double[] y = {0.25};
                                    Pass pass = net.forward(p, x);
                                    double[][] delta = net.deltas(p, pass, y);
                                    // hidden layer 0: printed (W_0^T delta_1) (.) f'(z_0), right (W_1^T delta_1)
                                    double[] printed = net.backThrough(p, 0, delta[1], pass.z()[0], Act.TANH);
                                    double worst = 0;
                                    for (int j = 0; j < 3; j++) {
                                        int k = net.offsets[0] + 9 + j;
                                        double numeric = Checks.finiteDifference(t -> {
                                            double[] q = p.clone();
                                            q[k] = t;
                                            return net.loss(q, x, y);
                                        }, p[k]);
                                        Checks.assertClose(numeric, delta[0][j], FD_TOL, "W_{l+1} form, unit " + j);
                                        worst = Math.max(worst, Math.abs(printed[j] - numeric));
                                    }
                                    assertTrue(worst > 1e-3, "printed W_l form unexpectedly matched: " + worst);
                                })));
    }

    private static Formula paramGrads() {
        return new Formula("BP-param-grads", "dL/dW_l = delta_l a_{l-1}^T, dL/db_l = sum over samples of delta_l",
                "Interpreter.backward (gradient sums over a batch)",
                List.of(Document.D003 + ", \"3.3.2 Layers\"",
                        Document.D000 + ", \"Training a neural network\""),
                List.of("gradients are sums over the batch; the update divides by the batch size"), 1e-7, List.of(
                        Checks.property("100 random 2- and 3-layer networks, batches of 1-5 samples: every parameter's"
                                + " summed gradient equals the printed outer-product and bias-sum formulas"
                                + " (NetworkOracle, 1e-13) and finite differences of the summed loss (1e-7)", () ->
                                Cases.run(100, Checks.SEED + 22, 20, (random, size) -> {
                                    NetworkOracle net = smoothNet(random, size, 2 + random.nextInt(2));
                                    Interpreter model = NetworkForward.build(net);
                                    NetworkForward.randomize(random, model.parameters());
                                    int batch = 1 + random.nextInt(5);
                                    double[][] xs = new double[batch][];
                                    double[][] ys = new double[batch][];
                                    for (int s = 0; s < batch; s++) {
                                        xs[s] = Cases.uniform(random, net.sizes[0], -2, 2);
                                        ys[s] = Cases.uniform(random, net.sizes[net.sizes.length - 1], -1, 1);
                                    }
                                    Dataset data = new Dataset(xs, ys);
                                    double[] p = model.parameters().clone();
                                    double[] g = NetworkModels.gradientSum(model, data);
                                    double[] printed = net.gradientSum(p, xs, ys);
                                    for (int k = 0; k < g.length; k++) {
                                        Checks.assertClose(printed[k], g[k], 1e-13, model.parameterName(k));
                                    }
                                    Checks.assertGradient(q -> {
                                        double sum = 0;
                                        for (int s = 0; s < batch; s++) {
                                            sum += net.loss(q, xs[s], ys[s]);
                                        }
                                        return sum;
                                    }, p, g, 1e-7, "finite differences");
                                }))));
    }

    private static Formula activationBackward() {
        return new Formula("BP-activation-backward", "dL/dz = dL/da (.) f'(z): an activation's backward step",
                "Interpreter.backward, Activations.linearDerivative, sigmoidDerivative, tanhDerivative, reluDerivative",
                List.of(Document.D003 + ", \"3.3.3 Activators\""),
                List.of("relu'(0) = 0"), 1e-9, List.of(
                        Checks.property("for linear, tanh, sigmoid: the derivative kernels f'(z, f(z)) equal finite"
                                + " differences of f (written in the test) at 300 points of [-4, 4]", () -> {
                                    double[] zs = Domain.of(-4, 4).points(300, Checks.SEED);
                                    for (double z : zs) {
                                        Checks.assertClose(Checks.finiteDifference(Math::tanh, z),
                                                Activations.tanhDerivative(z, Math.tanh(z)), 1e-9, "tanh' " + z);
                                        Checks.assertClose(Checks.finiteDifference(t -> 1 / (1 + Math.exp(-t)), z),
                                                Activations.sigmoidDerivative(z, 1 / (1 + Math.exp(-z))), 1e-9,
                                                "sigmoid' " + z);
                                        Checks.assertExactly(1.0, Activations.linearDerivative(z, z), "linear' " + z);
                                    }
                                }),
                        Checks.property("erratum, 003 L1362: printed dL/dsigma = sigma'(z) drops the upstream factor;"
                                + " on a 1-1 network with each activation and mse, dL/dz (the bias gradient) equals"
                                + " dL/da * f'(z) = 2(a - y) f'(z) (1e-15) and differs from f'(z) alone; a linear"
                                + " layer passes dL/da unchanged (003 L1368)", () -> {
                                    for (Act act : new Act[] {Act.LINEAR, Act.TANH, Act.SIGMOID, Act.RELU}) {
                                        Interpreter net = NetworkModels.interpreter(1, "mse",
                                                "1 " + act.keyword + " init zeros");
                                        double[] p = net.parameters();
                                        p[0] = 0.75;
                                        p[1] = 0.25;
                                        double[] x = {1.5};
                                        double[] y = {3.0};
                                        double z = 0.75 * 1.5 + 0.25;
                                        double a = act.f.applyAsDouble(z);
                                        double g = sampleGradient(net, x, y)[1];
                                        Checks.assertClose(2 * (a - y[0]) * act.df.applyAsDouble(z), g, 1e-15,
                                                act.keyword);
                                        assertTrue(Math.abs(g - act.df.applyAsDouble(z)) > 0.1, act.keyword
                                                + ": the printed sigma'(z) alone should differ");
                                    }
                                }),
                        Checks.atKink("relu'(0) = 0 (PyTorch's and Keras's subgradient)",
                                z -> Activations.reluDerivative(z, 0.0), 0.0, 0.0)));
    }

    private static Formula reluScalar() {
        return new Formula("BP-dense-relu-scalar", "d/dx_i [v ReLU(x.w + b)] = v 1(z > 0) w_i; d/dw_i = v 1(z > 0) x_i",
                "Interpreter.backward (relu layer), Activations.reluDerivative",
                List.of(Document.D003 + ", \"Rectified Linear Unit (ReLU) Derivative\" (1.3 Backpropagation)"),
                List.of("1(z > 0): relu'(0) = 0"), 1e-9, List.of(
                        Checks.property("200 random ReLU neurons, |z| > 0.05: the printed partials in x_i, w_i and b"
                                + " equal finite differences of f = v ReLU(x.w + b)", () ->
                                Cases.run(200, Checks.SEED + 23, 8, (random, size) -> {
                                    int n = size;
                                    double[] x = Cases.uniform(random, n, -2, 2);
                                    double[] w = Cases.uniform(random, n, -1, 1);
                                    double b = random.nextDouble() - 0.5;
                                    double v = 2 * random.nextDouble() - 1;
                                    double z = b;
                                    for (int i = 0; i < n; i++) {
                                        z += x[i] * w[i];
                                    }
                                    if (Math.abs(z) < 0.05) {
                                        return;
                                    }
                                    double gate = Activations.reluDerivative(z, Activations.relu(z));
                                    Checks.assertExactly(z > 0 ? 1.0 : 0.0, gate, "1(z > 0)");
                                    double[] wx = new double[2 * n + 1];
                                    System.arraycopy(x, 0, wx, 0, n);
                                    System.arraycopy(w, 0, wx, n, n);
                                    wx[2 * n] = b;
                                    double[] printed = new double[2 * n + 1];
                                    for (int i = 0; i < n; i++) {
                                        printed[i] = v * gate * w[i];
                                        printed[n + i] = v * gate * x[i];
                                    }
                                    printed[2 * n] = v * gate;
                                    Checks.assertGradient(q -> {
                                        double s = q[2 * n];
                                        for (int i = 0; i < n; i++) {
                                            s += q[i] * q[n + i];
                                        }
                                        return v * Math.max(0, s);
                                    }, wx, printed, 1e-9, "finite differences");
                                })),
                        Checks.property("on the interpreter: a relu unit under a linear output v with mse; the relu"
                                + " weights' gradient is d_v 1(z > 0) x_i with d_v = v 2(out - y), and exactly 0 at"
                                + " z = 0 (the kink)", () -> {
                                    for (double bias : new double[] {0.5, -0.5, -1.25}) {
                                        Interpreter net = NetworkModels.interpreter(2, "mse", "1 relu init zeros",
                                                "1 linear init zeros");
                                        double[] p = net.parameters();
                                        double[] v = {0.5, 0.25, bias, 1.5, 0.0};
                                        System.arraycopy(v, 0, p, 0, v.length);
                                        double[] x = {1.0, 3.0};
                                        double z = 0.5 + 0.75 + bias;
                                        double out = 1.5 * Math.max(0, z);
                                        double dv = 1.5 * 2 * (out - 2.0);
                                        double[] g = sampleGradient(net, x, new double[] {2.0});
                                        double gate = z > 0 ? 1 : 0;
                                        Checks.assertExactly(dv * gate * x[0], g[0], "dw_0 at z = " + z);
                                        Checks.assertExactly(dv * gate * x[1], g[1], "dw_1 at z = " + z);
                                    }
                                }),
                        Checks.property("DerivativeStructure of v ReLU(x.w + b) in x_1 (z > 0 branch is v z, z < 0"
                                + " branch 0) equals v 1(z > 0) w_1 at 100 points", () ->
                                Cases.run(100, Checks.SEED + 24, 4, (random, size) -> {
                                    double w = random.nextDouble() * 2 - 1;
                                    double x = random.nextDouble() * 4 - 2;
                                    double b = random.nextDouble() - 0.5;
                                    double v = random.nextDouble() + 0.5;
                                    DerivativeStructure xs = new DerivativeStructure(1, 1, 0, x);
                                    DerivativeStructure zs = xs.multiply(w).add(b);
                                    DerivativeStructure f = zs.getValue() > 0 ? zs.multiply(v) : zs.multiply(0.0);
                                    double gate = Activations.reluDerivative(zs.getValue(),
                                            Activations.relu(zs.getValue()));
                                    Checks.assertClose(f.getPartialDerivative(1), v * gate * w, 1e-15, "x = " + x);
                                }))));
    }
}
