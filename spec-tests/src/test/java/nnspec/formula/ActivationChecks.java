package nnspec.formula;

import nnspec.model.Document;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.special.Erf;
import org.opentest4j.AssertionFailedError;

/** Helpers of {@link ActivationFormulas}: scalar entries, vector Jacobian checks and DerivativeStructure pieces. */
final class ActivationChecks {
    /** A derivative in the runtime's convention: z and a = f(z). */
    @FunctionalInterface
    interface Derivative {
        double at(double z, double a);
    }

    /** A vector kernel in the runtime's convention. */
    @FunctionalInterface
    interface VectorKernel {
        void apply(double[] z, int zFrom, double[] a, int aFrom, int n);
    }

    /** A vector backward (Jacobian-vector product) in the runtime's convention. */
    @FunctionalInterface
    interface VectorBackward {
        void apply(double[] z, int zFrom, double[] a, int aFrom, double[] u, int uFrom, double[] dz, int dzFrom,
                int n);
    }

    static final String D0 = Document.D000.fileName();
    static final String D1 = Document.D001.fileName();
    static final String D2 = Document.D002.fileName();
    static final String D3 = Document.D003.fileName();

    private ActivationChecks() {
    }

    static String cite(String file, String heading) {
        return file + ", \"" + heading + "\"";
    }

    /**
     * A scalar activation entry: values, derivative vs finite differences and vs DerivativeStructure on
     * {@code domain}, then the extra checks (kinks, properties, printed-form verdicts).
     */
    static Formula scalar(String id, String name, String kernel, List<String> citations, List<String> conventions,
            double tolerance, DoubleUnaryOperator f, Derivative df, Function<DerivativeStructure, DerivativeStructure> oracle,
            Domain domain, Check values, Check... extra) {
        DoubleUnaryOperator derivative = z -> df.at(z, f.applyAsDouble(z));
        List<Check> checks = new ArrayList<>();
        checks.add(values);
        checks.add(Checks.derivativeByFiniteDifferences(f, derivative, domain, tolerance));
        checks.add(Checks.derivativeByDerivativeStructure(oracle, f, derivative, domain, tolerance));
        checks.addAll(Arrays.asList(extra));
        return new Formula(id, name, kernel, citations, conventions, tolerance, checks);
    }

    /** The derivative in the runtime's convention, as a function of z alone. */
    static DoubleUnaryOperator slope(DoubleUnaryOperator f, Derivative df) {
        return z -> df.at(z, f.applyAsDouble(z));
    }

    /** Exact value and exact derivative at a kink, as one check. */
    static Check kink(String what, DoubleUnaryOperator f, Derivative df, double x, double value, double derivative) {
        return new Check("exactly f = " + value + " and f' = " + derivative + " at the kink z = " + x + ": " + what,
                () -> {
                    Checks.assertExactly(value, f.applyAsDouble(x), what + ", f(" + x + ")");
                    Checks.assertExactly(derivative, df.at(x, f.applyAsDouble(x)), what + ", f'(" + x + ")");
                });
    }

    /** A printed form against the kernel at 1000 seeded points of the domain. */
    static Check printedFormAgrees(String where, DoubleUnaryOperator printed, DoubleUnaryOperator f, Domain domain,
            double tolerance) {
        return Checks.property("printed form of " + where + " equals the kernel at " + Checks.POINTS
                + " points of [" + domain.low() + ", " + domain.high() + "]", () -> {
                    for (double x : domain.points(Checks.POINTS, Checks.SEED + 2)) {
                        Checks.assertClose(printed.applyAsDouble(x), f.applyAsDouble(x), tolerance,
                                where + " at " + x);
                    }
                });
    }

    static void assertTrue(boolean condition, String message) {
        if (!condition) {
            throw new AssertionFailedError(message);
        }
    }

    static DerivativeStructure constant(DerivativeStructure x, double c) {
        return x.multiply(0.0).add(c);
    }

    /** erf as a DerivativeStructure: Commons Math's Erf for the value, 2/sqrt(pi) e^(-x^2) for the slope. */
    static DerivativeStructure erf(DerivativeStructure x) {
        double v = x.getValue();
        double slope = 2.0 / Math.sqrt(Math.PI) * Math.exp(-v * v);
        return new DerivativeStructure(1, 1, Erf.erf(v), slope * x.getPartialDerivative(1));
    }

    static DerivativeStructure sigmoid(DerivativeStructure x) {
        return x.negate().exp().add(1.0).reciprocal();
    }

    static DerivativeStructure softplus(DerivativeStructure x) {
        return x.exp().log1p();
    }

    /** Apply a vector kernel to a fresh array, at offset 0 (tests only; the kernels themselves allocate nothing). */
    static double[] apply(VectorKernel kernel, double[] z, int outputs) {
        double[] a = new double[outputs];
        kernel.apply(z, 0, a, 0, outputs);
        return a;
    }

    /**
     * The backward against the gradient of u . f(z) by finite differences, at generated z and u (n from 1 to
     * maxN); {@code inputsPerOutput} is 2 for GLU.
     */
    static Check jvpAgainstNumericGradient(String name, VectorKernel kernel, VectorBackward backward,
            int inputsPerOutput, double low, double high, double tolerance) {
        return jvpAgainstNumericGradient(name, kernel, backward, inputsPerOutput, low, high, tolerance,
                (z, a) -> true);
    }

    /** As above, skipping generated cases where {@code smooth} says a kink is within the stencil's reach. */
    static Check jvpAgainstNumericGradient(String name, VectorKernel kernel, VectorBackward backward,
            int inputsPerOutput, double low, double high, double tolerance,
            java.util.function.BiPredicate<double[], double[]> smooth) {
        return Checks.property("backward (J^T u) vs finite-difference gradient of u . " + name
                + "(z) (Checks.assertGradient), 60 seeded cases, n up to 8, inputs in [" + low + ", " + high + "]",
                () -> Cases.run(60, Checks.SEED + 3, 8, (random, n) -> {
                    double[] z = Cases.uniform(random, inputsPerOutput * n, low, high);
                    double[] u = Cases.uniform(random, n, -2, 2);
                    double[] a = apply(kernel, z, n);
                    if (!smooth.test(z, a)) {
                        return;
                    }
                    // offsets: run the kernel's backward into the middle of larger buffers
                    double[] zBig = new double[z.length + 3];
                    System.arraycopy(z, 0, zBig, 3, z.length);
                    double[] aBig = new double[n + 2];
                    System.arraycopy(a, 0, aBig, 2, n);
                    double[] uBig = new double[n + 1];
                    System.arraycopy(u, 0, uBig, 1, n);
                    double[] dzBig = new double[z.length + 4];
                    backward.apply(zBig, 3, aBig, 2, uBig, 1, dzBig, 4, n);
                    double[] dz = Arrays.copyOfRange(dzBig, 4, 4 + z.length);
                    Checks.assertGradient(v -> {
                        double[] out = apply(kernel, v, n);
                        double s = 0;
                        for (int i = 0; i < n; i++) {
                            s += u[i] * out[i];
                        }
                        return s;
                    }, z, dz, tolerance, "z = " + Cases.show(z) + ", u = " + Cases.show(u));
                }));
    }

    /** A vector function written with DerivativeStructure over all inputs (one free parameter per input). */
    @FunctionalInterface
    interface VectorOracle {
        DerivativeStructure[] apply(DerivativeStructure[] z);
    }

    /** Numeric Jacobian J[j][i] = d f_j / d z_i by the 7-point stencil on the kernel. */
    static double[][] numericJacobian(VectorKernel kernel, double[] z, int outputs) {
        double[][] jac = new double[outputs][];
        for (int j = 0; j < outputs; j++) {
            int row = j;
            jac[j] = Checks.numericGradient(v -> apply(kernel, v, outputs)[row], z);
        }
        return jac;
    }

    /**
     * Forward values and the full Jacobian against an independent DerivativeStructure expression: row j of J is
     * the backward applied to the unit upstream e_j (J^T e_j is column j of J^T, i.e. row j of J).
     */
    static Check jacobianByDerivativeStructure(String name, VectorOracle oracle, VectorKernel kernel,
            VectorBackward backward, int inputsPerOutput, double low, double high, double tolerance,
            java.util.function.BiPredicate<double[], double[]> smooth) {
        return Checks.property("values and Jacobian (backward on unit upstreams) vs DerivativeStructure over all"
                + " inputs, 60 seeded cases, n up to 8, inputs in [" + low + ", " + high + "]",
                () -> Cases.run(60, Checks.SEED + 4, 8, (random, n) -> {
                    int m = inputsPerOutput * n;
                    double[] z = Cases.uniform(random, m, low, high);
                    double[] a = apply(kernel, z, n);
                    if (!smooth.test(z, a)) {
                        return;
                    }
                    DerivativeStructure[] vars = new DerivativeStructure[m];
                    for (int i = 0; i < m; i++) {
                        vars[i] = new DerivativeStructure(m, 1, i, z[i]);
                    }
                    DerivativeStructure[] out = oracle.apply(vars);
                    for (int j = 0; j < n; j++) {
                        Checks.assertClose(out[j].getValue(), a[j], tolerance, name + " output " + j + " at "
                                + Cases.show(z));
                        double[] u = new double[n];
                        u[j] = 1;
                        double[] dz = new double[m];
                        backward.apply(z, 0, a, 0, u, 0, dz, 0, n);
                        for (int i = 0; i < m; i++) {
                            int[] orders = new int[m];
                            orders[i] = 1;
                            Checks.assertClose(out[j].getPartialDerivative(orders), dz[i], tolerance,
                                    "d" + name + "_" + j + "/dz_" + i + " at " + Cases.show(z));
                        }
                    }
                }));
    }
}
