package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnspec.interpret.Interpreter;
import nnspec.runtime.Activations;
import nnspec.runtime.Dataset;
import nnspec.runtime.Preprocessing.Standardize;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.numbers.fraction.BigFraction;

/** MISC-chain-rule-primitives, MISC-kronecker-delta, MISC-moments. */
final class NetworkMisc {
    private NetworkMisc() {
    }

    static List<Formula> all() {
        return List.of(chainRule(), kronecker(), moments());
    }

    private static Formula chainRule() {
        return new Formula("MISC-chain-rule-primitives", "d(x + y)/dx = 1, d(x y)/dx = y, composed by the chain rule",
                "Interpreter.backward (a dense unit is sum of products)",
                List.of(Document.D003 + ", \"Rectified Linear Unit (ReLU) Derivative\" (1.3 Backpropagation)"),
                List.of(), 0.0, List.of(
                        Checks.property("DerivativeStructure in two variables at 200 points: d(x + y) = (1, 1) and"
                                + " d(x y) = (y, x) exactly", () -> Cases.run(200, Checks.SEED + 30, 4, (r, s) -> {
                                    double x = 4 * r.nextDouble() - 2;
                                    double y = 4 * r.nextDouble() - 2;
                                    DerivativeStructure dx = new DerivativeStructure(2, 1, 0, x);
                                    DerivativeStructure dy = new DerivativeStructure(2, 1, 1, y);
                                    DerivativeStructure sum = dx.add(dy);
                                    DerivativeStructure mul = dx.multiply(dy);
                                    Checks.assertExactly(1.0, sum.getPartialDerivative(1, 0), "d sum / dx");
                                    Checks.assertExactly(1.0, sum.getPartialDerivative(0, 1), "d sum / dy");
                                    Checks.assertExactly(y, mul.getPartialDerivative(1, 0), "d mul / dx");
                                    Checks.assertExactly(x, mul.getPartialDerivative(0, 1), "d mul / dy");
                                })),
                        Checks.property("on the interpreter, a linear unit with mse and target z - 1/2 (so dL/dz = 1):"
                                + " the bias gradient is 1 (sum rule) and the weight gradients are the inputs x_i"
                                + " (product rule), exactly", () -> {
                                    Interpreter net = NetworkModels.interpreter(3, "mse", "1 linear init zeros");
                                    double[] p = net.parameters();
                                    double[] v = {0.5, -1.25, 2, 0.375};
                                    System.arraycopy(v, 0, p, 0, 4);
                                    double[] x = {3, 0.5, -1.5};
                                    double z = NetworkModels.forward(net, x)[0];
                                    double[] g = NetworkModels.gradientSum(net, new Dataset(new double[][] {x},
                                            new double[][] {{z - 0.5}}));
                                    Checks.assertExactly(1.0, g[3], "dL/db");
                                    for (int i = 0; i < 3; i++) {
                                        Checks.assertExactly(x[i], g[i], "dL/dw_" + i);
                                    }
                                })));
    }

    private static Formula kronecker() {
        return new Formula("MISC-kronecker-delta", "delta_jk = 1 if j = k else 0; dS_j/dz_k = S_j (delta_jk - S_k)",
                "Activations.softmax",
                List.of(Document.D003 + ", \"Softmax Derivative\" (1.3 Backpropagation"
                        + ")", Document.D003 + ", \"2.1 Mathematics\" (Kronecker Delta)"),
                List.of(), 1e-9, List.of(
                        Checks.property("200 random logit vectors (2-6 classes): the Jacobian S_j (delta_jk - S_k)"
                                + " equals finite differences of Activations.softmax, and equals 003's two-case form"
                                + " S_j (1 - S_k) for j = k, S_j (0 - S_k) otherwise", () ->
                                Cases.run(200, Checks.SEED + 31, 5, (random, size) -> {
                                    int n = size + 1;
                                    double[] z = Cases.uniform(random, n, -3, 3);
                                    double[] s = new double[n];
                                    Activations.softmax(z, 0, s, 0, n);
                                    for (int j = 0; j < n; j++) {
                                        for (int k = 0; k < n; k++) {
                                            int jj = j;
                                            int kk = k;
                                            double numeric = Checks.finiteDifference(t -> {
                                                double[] q = z.clone();
                                                q[kk] = t;
                                                double[] out = new double[n];
                                                Activations.softmax(q, 0, out, 0, n);
                                                return out[jj];
                                            }, z[k]);
                                            double kd = j == k ? 1.0 : 0.0;
                                            double jac = s[j] * (kd - s[k]);
                                            double twoCase = j == k ? s[j] * (1 - s[k]) : s[j] * (0 - s[k]);
                                            Checks.assertExactly(twoCase, jac, "two-case form");
                                            Checks.assertClose(numeric, jac, 1e-9, "dS_" + j + "/dz_" + k);
                                        }
                                    }
                                })),
                        Checks.property("the Kronecker delta is the identity: sum_k delta_jk v_k = v_j, and sum_j"
                                + " delta_jj = n (n = 1..10)", () -> {
                                    for (int n = 1; n <= 10; n++) {
                                        int trace = 0;
                                        for (int j = 0; j < n; j++) {
                                            double sum = 0;
                                            for (int k = 0; k < n; k++) {
                                                sum += (j == k ? 1 : 0) * (k + 0.5);
                                            }
                                            assertEquals(j + 0.5, sum);
                                            trace += 1;
                                        }
                                        assertEquals(n, trace);
                                    }
                                })));
    }

    private static Formula moments() {
        double[][] die = {{1}, {2}, {3}, {4}, {5}, {6}};
        return new Formula("MISC-moments", "first moment mean, second central moment variance; raw E[x^2] = var + mu^2",
                "Preprocessing.Standardize.mean, Preprocessing.Standardize.std",
                List.of(Document.D003 + ", \"2.1 Mathematics\" (Moments)",
                        Document.D000 + ", \"Optimisers - Adam\" (m_t first moment, v_t uncentred second"
                                + " moment)"),
                List.of("population moments (weights 1/m)"), 1e-15, List.of(
                        Checks.property("a fair die (values 1..6, weight 1/6): mean 7/2 and variance 35/12 exactly"
                                + " (fractions) from the standardiser's fitted statistics; raw second moment 91/6"
                                + " = 35/12 + (7/2)^2", () -> {
                                    Standardize s = Standardize.fit(die);
                                    BigFraction mean = BigFraction.ZERO;
                                    BigFraction raw = BigFraction.ZERO;
                                    for (int v = 1; v <= 6; v++) {
                                        mean = mean.add(BigFraction.of(v, 6));
                                        raw = raw.add(BigFraction.of((long) v * v, 6));
                                    }
                                    BigFraction variance = raw.subtract(mean.multiply(mean));
                                    assertEquals(BigFraction.of(7, 2), mean);
                                    assertEquals(BigFraction.of(35, 12), variance);
                                    assertEquals(BigFraction.of(91, 6), raw);
                                    Checks.assertExactly(mean.doubleValue(), s.mean()[0], "mean");
                                    double sd = s.std()[0];
                                    Checks.assertClose(variance.doubleValue(), sd * sd, 1e-15, "variance");
                                }),
                        Checks.property("000's 'uncentred variance' v_t is the raw second moment: it equals the"
                                + " variance only for zero mean (100 random samples: E[x^2] - var = mu^2 > 0 when"
                                + " mu != 0)", () -> Cases.run(100, Checks.SEED + 32, 30, (random, size) -> {
                                    double[][] rows = new double[size + 1][];
                                    double rawSum = 0;
                                    for (int n = 0; n < rows.length; n++) {
                                        rows[n] = new double[] {random.nextDouble() * 3 + 0.5};
                                        rawSum += rows[n][0] * rows[n][0];
                                    }
                                    Standardize s = Standardize.fit(rows);
                                    double mu = s.mean()[0];
                                    double sd = s.std()[0];
                                    Checks.assertClose(rawSum / rows.length, sd * sd + mu * mu, 1e-13, "E[x^2]");
                                    assertTrue(rawSum / rows.length > sd * sd, "raw moment above the variance");
                                }))));
    }
}
