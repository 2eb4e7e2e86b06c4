package nnspec.formula;

import static nnspec.formula.ActivationChecks.D0;
import static nnspec.formula.ActivationChecks.D1;
import static nnspec.formula.ActivationChecks.D2;
import static nnspec.formula.ActivationChecks.D3;
import static nnspec.formula.ActivationChecks.apply;
import static nnspec.formula.ActivationChecks.assertTrue;
import static nnspec.formula.ActivationChecks.cite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nnspec.runtime.Activations;
import nnspec.runtime.VectorActivations;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/** Entries of the vector activations: softmax and its Jacobian, and Keras's log_softmax, sparsemax and glu. */
final class ActivationVectorFormulas {
    static final String KERAS = "Keras keras.activations documentation (keras.io/api/layers/activations, Keras 3)";
    private static final double TOL = 1e-9;

    private ActivationVectorFormulas() {
    }

    static List<Formula> all() {
        List<Formula> list = new ArrayList<>();
        list.add(softmax());
        list.add(softmaxJacobian());
        list.add(logSoftmax());
        list.add(sparsemax());
        list.add(glu());
        return list;
    }

    static double[] softmax(double... z) {
        return apply(Activations::softmax, z, z.length);
    }

    /** e^z_j / sum_k e^z_k evaluated as printed, without subtracting the maximum. */
    static double[] printedSoftmax(double[] z) {
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v);
        }
        double[] s = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            s[j] = Math.exp(z[j]) / sum;
        }
        return s;
    }

    static void assertVector(double[] expected, double[] actual, double tolerance, String context) {
        assertTrue(expected.length == actual.length, context + ": length");
        for (int i = 0; i < expected.length; i++) {
            Checks.assertClose(expected[i], actual[i], tolerance, context + ", entry " + i);
        }
    }

    static DerivativeStructure[] softmaxDS(DerivativeStructure[] z) {
        DerivativeStructure sum = z[0].multiply(0);
        for (DerivativeStructure v : z) {
            sum = sum.add(v.exp());
        }
        DerivativeStructure[] out = new DerivativeStructure[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = z[j].exp().divide(sum);
        }
        return out;
    }

    private static Check printedSoftmaxForm(String where) {
        return Checks.property("printed form of " + where + " (e^z_j / sum_k e^z_k, evaluated as printed) equals"
                + " the kernel on 100 vectors in [-20, 20], and is NaN at z = (1000, 0)", () -> {
                    Cases.run(100, Checks.SEED + 5, 10, (random, n) -> {
                        double[] z = Cases.uniform(random, n, -20, 20);
                        assertVector(printedSoftmax(z), softmax(z), 1e-14, Cases.show(z));
                    });
                    assertTrue(Double.isNaN(printedSoftmax(new double[] {1000, 0})[0]), "printed finite at 1000");
                });
    }

    private static Formula softmax() {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.property("values at known points (closed forms: (1/2, 1/2); (1/4, 3/4) at (0, ln 3);"
                + " e^k / (e + e^2 + e^3) at (1, 2, 3))", () -> {
                    assertVector(new double[] {0.5, 0.5}, softmax(0, 0), 0, "(0, 0)");
                    assertVector(new double[] {0.25, 0.75}, softmax(0, Math.log(3)), 1e-15, "(0, ln 3)");
                    double d = Math.E + Math.exp(2) + Math.exp(3);
                    assertVector(new double[] {Math.E / d, Math.exp(2) / d, Math.exp(3) / d}, softmax(1, 2, 3), 1e-15,
                            "(1, 2, 3)");
                    double[] a = new double[6];
                    Activations.softmax(new double[] {9, 0, 0, 9}, 1, a, 3, 2);
                    assertVector(new double[] {0, 0, 0, 0.5, 0.5, 0}, a, 0, "offsets: only a[3..5) written");
                }));
        checks.add(Checks.property("sums to 1, every output in (0, 1], shift-invariant (z + c, c up to +-500),"
                + " 200 seeded vectors of size 1 to 12", () -> Cases.run(200, Checks.SEED + 6, 12, (random, n) -> {
                    double[] z = Cases.uniform(random, n, -30, 30);
                    double[] s = softmax(z);
                    double sum = 0;
                    for (double v : s) {
                        assertTrue(v > 0 && v <= 1, "output " + v);
                        sum += v;
                    }
                    Checks.assertClose(1.0, sum, 1e-14, "sum");
                    double c = -500 + 1000 * random.nextDouble();
                    double[] shifted = z.clone();
                    for (int i = 0; i < n; i++) {
                        shifted[i] += c;
                    }
                    assertVector(s, softmax(shifted), 1e-12, "shift " + c);
                })));
        checks.add(Checks.property("finite (no NaN) at inputs of 1000 and -1000: (1000, 1000, -1000) -> (1/2, 1/2, 0),"
                + " (1000, 999) -> (sigmoid(1), sigmoid(-1)) by closed form", () -> {
                    assertVector(new double[] {0.5, 0.5, 0}, softmax(1000, 1000, -1000), 0, "(1000, 1000, -1000)");
                    assertVector(new double[] {1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))}, softmax(1000, 999),
                            1e-15, "(1000, 999)");
                    assertVector(new double[] {0.5, 0.5}, softmax(-1000, -1000), 0, "(-1000, -1000)");
                }));
        checks.add(printedSoftmaxForm("000 L78"));
        checks.add(printedSoftmaxForm("001 L180"));
        checks.add(printedSoftmaxForm("003 L128"));
        checks.add(printedSoftmaxForm("002 L320 (read with the component index j in the numerator, which 002 omits)"));
        checks.add(printedSoftmaxForm("003 L1259 (read with z_j in the denominator; 003 prints z_ij)"));
        checks.add(Checks.property("003 L132's max-subtraction: e^(z - max z) lies in (0, 1], and the shifted"
                + " quotient equals the kernel, finite at 1000", () -> {
                    double[] z = {1000, 998, -1000};
                    double m = 1000;
                    double sum = 0;
                    double[] e = new double[3];
                    for (int i = 0; i < 3; i++) {
                        e[i] = Math.exp(z[i] - m);
                        assertTrue(e[i] > 0 || z[i] - m < -700, "underflow only far below the max");
                        assertTrue(e[i] <= 1, "above 1");
                        sum += e[i];
                    }
                    for (int i = 0; i < 3; i++) {
                        e[i] /= sum;
                    }
                    assertVector(e, softmax(z), 1e-15, "shifted printed form");
                }));
        checks.add(ActivationChecks.jvpAgainstNumericGradient("softmax", Activations::softmax,
                Activations::softmaxBackward, 1, -5, 5, 1e-8));
        checks.add(ActivationChecks.jacobianByDerivativeStructure("softmax", ActivationVectorFormulas::softmaxDS,
                Activations::softmax, Activations::softmaxBackward, 1, -5, 5, 1e-12, (z, a) -> true));
        return new Formula("ACT-softmax", "softmax e^z_j / sum_k e^z_k (max subtracted)",
                "Activations.softmax(z, zFrom, a, aFrom, n), Activations.softmaxBackward(...)",
                List.of(cite(D0, "Most common activation functions"), cite(D1, "Sigmoid activation function"),
                        cite(D2, "Output layer activation functions"), cite(D3, "Softmax")),
                List.of("the maximum is subtracted before exponentiating (003 L132); mathematically the same"),
                TOL, checks);
    }

    /** J[j][m] by each printed form; a and s are the softmax outputs. */
    private interface PrintedJacobian {
        double entry(double[] s, int j, int m);
    }

    private static Check printedJacobian(String where, PrintedJacobian form) {
        return Checks.property("printed form of " + where + " equals the numeric Jacobian (finite differences of"
                + " the kernel), 40 seeded vectors of size 1 to 6", () -> Cases.run(40, Checks.SEED + 7, 6,
                        (random, n) -> {
                            double[] z = Cases.uniform(random, n, -4, 4);
                            double[] s = softmax(z);
                            double[][] numeric = ActivationChecks.numericJacobian(Activations::softmax, z, n);
                            for (int j = 0; j < n; j++) {
                                for (int m = 0; m < n; m++) {
                                    Checks.assertClose(numeric[j][m], form.entry(s, j, m), 1e-9,
                                            "J[" + j + "][" + m + "] at " + Cases.show(z));
                                }
                            }
                        }));
    }

    private static Formula softmaxJacobian() {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.property("values at a known point (closed form): z = (0, ln 3), s = (1/4, 3/4),"
                + " J = [[3/16, -3/16], [-3/16, 3/16]], rows through the backward on unit upstreams", () -> {
                    double[] z = {0, Math.log(3)};
                    double[] s = softmax(z);
                    double[][] expected = {{3.0 / 16, -3.0 / 16}, {-3.0 / 16, 3.0 / 16}};
                    for (int j = 0; j < 2; j++) {
                        double[] u = new double[2];
                        u[j] = 1;
                        double[] dz = new double[2];
                        Activations.softmaxBackward(null, 0, s, 0, u, 0, dz, 0, 2);
                        assertVector(expected[j], dz, 1e-15, "row " + j);
                    }
                }));
        checks.add(printedJacobian("003 L244 and the j != m case below it (S_j (1 - S_m) if j = m, -S_j S_m"
                + " otherwise)", (s, j, m) -> j == m ? s[j] * (1 - s[m]) : -s[j] * s[m]));
        checks.add(printedJacobian("003's Kronecker-delta form S_j delta_jk - S_j S_k (k read as the input index m;"
                + " 003 defines the delta with i, j and reuses k, its summation index)",
                (s, j, k) -> s[j] * (j == k ? 1 : 0) - s[j] * s[k]));
        checks.add(printedJacobian("003 L1382 (y_i - y_i y_j if i = j, -y_i y_j otherwise)",
                (s, i, j) -> i == j ? s[i] - s[i] * s[j] : -s[i] * s[j]));
        checks.add(printedJacobian("the matrix form diag(s) - s s^T", (s, j, m) -> (j == m ? s[j] : 0) - s[j] * s[m]));
        checks.add(Checks.property("003's last line of the j = m derivation, S_j (sum/sum) - S_m as printed (the"
                + " parentheses around (sum/sum - S_m) are lost), is wrong: on the diagonal it gives 0, not S_j (1 - S_j)",
                () -> {
                    double[] s = softmax(0.3, -1.2, 2.0);
                    double[][] numeric = ActivationChecks.numericJacobian(Activations::softmax,
                            new double[] {0.3, -1.2, 2.0}, 3);
                    for (int j = 0; j < 3; j++) {
                        double asPrinted = s[j] * 1.0 - s[j];
                        assertTrue(Math.abs(asPrinted - numeric[j][j]) > 1e-3, "printed line right at " + j);
                        Checks.assertClose(numeric[j][j], s[j] * (1.0 - s[j]), 1e-9, "with parentheses");
                    }
                }));
        checks.add(Checks.property("J is symmetric and its rows sum to 0 (by the backward on unit upstreams), 100"
                + " seeded vectors", () -> Cases.run(100, Checks.SEED + 8, 8, (random, n) -> {
                    double[] z = Cases.uniform(random, n, -6, 6);
                    double[] s = softmax(z);
                    double[][] jac = new double[n][n];
                    for (int j = 0; j < n; j++) {
                        double[] u = new double[n];
                        u[j] = 1;
                        Activations.softmaxBackward(z, 0, s, 0, u, 0, jac[j], 0, n);
                    }
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int m = 0; m < n; m++) {
                            sum += jac[j][m];
                            Checks.assertClose(jac[m][j], jac[j][m], 1e-16, "symmetry " + j + "," + m);
                        }
                        Checks.assertClose(0.0, sum, 1e-15, "row " + j + " sum");
                    }
                })));
        checks.add(ActivationChecks.jvpAgainstNumericGradient("softmax", Activations::softmax,
                Activations::softmaxBackward, 1, -8, 8, 1e-8));
        return new Formula("ACT-softmax-jacobian", "dS_j/dz_m = S_j (delta_jm - S_m), as a Jacobian-vector product",
                "Activations.softmaxBackward(z, zFrom, a, aFrom, upstream, uFrom, dz, dzFrom, n) (reads a and upstream)",
                List.of(cite(D3, "Softmax Derivative"), cite(D3, "Softmax")),
                List.of("dz = J^T u = s * (u - s . u), J never formed"), TOL, checks);
    }

    private static Formula logSoftmax() {
        ActivationChecks.VectorKernel k = VectorActivations::logSoftmax;
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.property("values at known points (closed form): (0, 0) -> (-ln 2, -ln 2);"
                + " (0, ln 3) -> (ln 1/4, ln 3/4)", () -> {
                    assertVector(new double[] {-Math.log(2), -Math.log(2)}, apply(k, new double[] {0, 0}, 2), 1e-15, "(0,0)");
                    assertVector(new double[] {Math.log(0.25), Math.log(0.75)}, apply(k, new double[] {0, Math.log(3)}, 2),
                            1e-15, "(0, ln 3)");
                }));
        checks.add(Checks.property("log_softmax = ln(softmax) on 100 seeded vectors, and finite at 1000:"
                + " (1000, 0) -> (0, -1000) where ln(softmax) gives -infinity", () -> {
                    Cases.run(100, Checks.SEED + 9, 10, (random, n) -> {
                        double[] z = Cases.uniform(random, n, -20, 20);
                        double[] s = softmax(z);
                        double[] logs = new double[n];
                        for (int i = 0; i < n; i++) {
                            logs[i] = Math.log(s[i]);
                        }
                        assertVector(logs, apply(k, z, n), 1e-13, Cases.show(z));
                    });
                    assertVector(new double[] {0, -1000}, apply(k, new double[] {1000, 0}, 2), 1e-15, "(1000, 0)");
                    assertTrue(Double.isInfinite(Math.log(softmax(1000, 0)[1])), "ln(softmax) finite");
                }));
        checks.add(ActivationChecks.jvpAgainstNumericGradient("log_softmax", k, VectorActivations::logSoftmaxBackward,
                1, -5, 5, 1e-8));
        checks.add(ActivationChecks.jacobianByDerivativeStructure("log_softmax",
                z -> Arrays.stream(softmaxDS(z)).map(DerivativeStructure::log).toArray(DerivativeStructure[]::new),
                k, VectorActivations::logSoftmaxBackward, 1, -5, 5, 1e-12, (z, a) -> true));
        return new Formula("ACT-keras", "log_softmax", "VectorActivations.logSoftmax(...), logSoftmaxBackward(...)"
                + " (reads a and upstream)", List.of(cite(D2, "Activation functions in Keras"), KERAS),
                List.of("z - max - ln sum e^(z - max); Keras default axis -1 (the runtime's vector is that axis)"),
                TOL, checks);
    }

    /** Sparsemax by the sorting algorithm of Martins and Astudillo (2016), written independently of the kernel. */
    static double[] sparsemaxBySorting(double[] z) {
        double[] sorted = z.clone();
        Arrays.sort(sorted);
        int n = z.length;
        double cumulative = 0;
        double tau = 0;
        for (int k = 1; k <= n; k++) {
            double zk = sorted[n - k];
            cumulative += zk;
            if (1 + k * zk > cumulative) {
                tau = (cumulative - 1) / k;
            }
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.max(z[i] - tau, 0);
        }
        return p;
    }

    /** True when no input is within 0.01 of the threshold tau (the stencil then stays on one linear piece). */
    static boolean awayFromSparsemaxKinks(double[] z, double[] a) {
        double tau = Double.NaN;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > 0) {
                tau = z[i] - a[i];
            }
        }
        for (double v : z) {
            if (Math.abs(v - tau) < 0.01) {
                return false;
            }
        }
        return true;
    }

    private static Formula sparsemax() {
        ActivationChecks.VectorKernel k = VectorActivations::sparsemax;
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.property("values at known points (exact, Martins and Astudillo's definition):"
                + " (0, 0) -> (1/2, 1/2); (2, 0) -> (1, 0); (0.5, 0, -1) -> (3/4, 1/4, 0); (1, 1, 1) -> (1/3, 1/3, 1/3)",
                () -> {
                    assertVector(new double[] {0.5, 0.5}, apply(k, new double[] {0, 0}, 2), 0, "(0,0)");
                    assertVector(new double[] {1, 0}, apply(k, new double[] {2, 0}, 2), 0, "(2,0)");
                    assertVector(new double[] {0.75, 0.25, 0}, apply(k, new double[] {0.5, 0, -1}, 3), 1e-15, "3");
                    assertVector(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, apply(k, new double[] {1, 1, 1}, 3), 1e-15, "ties");
                }));
        checks.add(Checks.property("non-negative, sums to 1, equals the sorting algorithm, and is the projection"
                + " onto the simplex (no random simplex point is closer to z), 200 seeded vectors",
                () -> Cases.run(200, Checks.SEED + 10, 12, (random, n) -> {
                    double[] z = Cases.uniform(random, n, -3, 3);
                    double[] p = apply(k, z, n);
                    double sum = 0;
                    for (double v : p) {
                        assertTrue(v >= 0, "negative " + v);
                        sum += v;
                    }
                    Checks.assertClose(1.0, sum, 1e-14, "sum");
                    assertVector(sparsemaxBySorting(z), p, 1e-14, "sorting algorithm at " + Cases.show(z));
                    double best = 0;
                    for (int i = 0; i < n; i++) {
                        best += (p[i] - z[i]) * (p[i] - z[i]);
                    }
                    for (int trial = 0; trial < 50; trial++) {
                        double[] q = Cases.uniform(random, n, 0, 1);
                        double qs = Arrays.stream(q).sum();
                        double d = 0;
                        for (int i = 0; i < n; i++) {
                            d += (q[i] / qs - z[i]) * (q[i] / qs - z[i]);
                        }
                        assertTrue(d >= best - 1e-12, "a simplex point is closer than sparsemax at " + Cases.show(z));
                    }
                })));
        checks.add(ActivationChecks.jvpAgainstNumericGradient("sparsemax", k, VectorActivations::sparsemaxBackward,
                1, -2, 2, 1e-8, ActivationVectorFormulas::awayFromSparsemaxKinks));
        checks.add(ActivationChecks.jacobianByDerivativeStructure("sparsemax", z -> {
            double[] values = Arrays.stream(z).mapToDouble(DerivativeStructure::getValue).toArray();
            double[] p = sparsemaxBySorting(values);
            DerivativeStructure sum = z[0].multiply(0);
            int count = 0;
            for (int i = 0; i < z.length; i++) {
                if (p[i] > 0) {
                    sum = sum.add(z[i]);
                    count++;
                }
            }
            DerivativeStructure tau = sum.subtract(1).divide(count);
            DerivativeStructure[] out = new DerivativeStructure[z.length];
            for (int i = 0; i < z.length; i++) {
                out[i] = p[i] > 0 ? z[i].subtract(tau) : z[i].multiply(0);
            }
            return out;
        }, k, VectorActivations::sparsemaxBackward, 1, -2, 2, 1e-12, ActivationVectorFormulas::awayFromSparsemaxKinks));
        return new Formula("ACT-keras", "sparsemax", "VectorActivations.sparsemax(...), sparsemaxBackward(...)"
                + " (reads a and upstream)", List.of(cite(D2, "Activation functions in Keras"), KERAS,
                        "Martins and Astudillo 2016, From Softmax to Sparsemax"),
                List.of("max(z - tau, 0), tau by Michelot's iteration; Keras default axis -1",
                        "backward: the support is a > 0 (a tie at the threshold counts as outside)"),
                TOL, checks);
    }

    private static Formula glu() {
        ActivationChecks.VectorKernel k = VectorActivations::glu;
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.property("values at known points (closed form z_a sigmoid(z_b), first half value, second"
                + " half gate): (2, 5 | 0, ln 3) -> (1, 15/4)", () -> assertVector(new double[] {1, 3.75},
                        apply(k, new double[] {2, 5, 0, Math.log(3)}, 2), 1e-15, "glu")));
        checks.add(ActivationChecks.jvpAgainstNumericGradient("glu", k, VectorActivations::gluBackward, 2, -5, 5, 1e-8));
        checks.add(ActivationChecks.jacobianByDerivativeStructure("glu", z -> {
            int n = z.length / 2;
            DerivativeStructure[] out = new DerivativeStructure[n];
            for (int j = 0; j < n; j++) {
                out[j] = z[j].multiply(ActivationChecks.sigmoid(z[n + j]));
            }
            return out;
        }, k, VectorActivations::gluBackward, 2, -5, 5, 1e-12, (z, a) -> true));
        return new Formula("ACT-keras", "glu", "VectorActivations.glu(z, zFrom, a, aFrom, n) (n outputs from 2n inputs),"
                + " gluBackward(...) (reads z and upstream, writes 2n)",
                List.of(cite(D2, "Activation functions in Keras"), KERAS, "PyTorch torch.nn.GLU documentation"),
                List.of("glu(x) = a sigmoid(b), x split in halves a (first, the value) and b (second, the gate);"
                        + " Keras default axis -1"), TOL, checks);
    }
}
