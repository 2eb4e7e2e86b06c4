package nnspec.formula;

import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Builders of the registry's checks. Expected values never come from the kernel under test: they come from a
 * closed form written here or by the caller, from {@link DerivativeStructure} (automatic differentiation of an
 * independent expression of the formula), or from Commons Math's {@link FiniteDifferencesDifferentiator}.
 */
public final class Checks {
    /** Finite-difference stencil: 7 points, step 1e-3 (Commons Math's documentation: error near 1e-10 here). */
    public static final int FD_POINTS = 7;
    public static final double FD_STEP = 1e-3;
    /** Generated points per derivative check, as the issue asks. */
    public static final int POINTS = 1000;
    /** The seed of generated points unless a check names another; failures report it. */
    public static final long SEED = 20261122L;

    private Checks() {
    }

    /** Mixed absolute and relative closeness: |a - b| <= tol * max(1, |a|, |b|). */
    public static boolean close(double a, double b, double tolerance) {
        if (Double.compare(a, b) == 0) {
            return true;
        }
        return Math.abs(a - b) <= tolerance * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    public static void assertClose(double expected, double actual, double tolerance, String context) {
        if (!close(expected, actual, tolerance)) {
            throw new AssertionFailedError(context + ": expected " + expected + " but was " + actual
                    + " (tolerance " + tolerance + ")", expected, actual);
        }
    }

    /** Exact equality, bit for bit except that 0.0 equals -0.0: for kinks and exact closed forms. */
    public static void assertExactly(double expected, double actual, String context) {
        if (!(expected == actual || Double.compare(expected, actual) == 0)) {
            throw new AssertionFailedError(context + ": expected exactly " + expected + " but was " + actual,
                    expected, actual);
        }
    }

    /**
     * Values at known points. {@code pairs} is x1, f(x1), x2, f(x2), ... with the expected values from
     * {@code source} (a closed form, exact fractions or a document); compared to {@code tolerance}.
     */
    public static Check values(String source, DoubleUnaryOperator f, double tolerance, double... pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of x and f(x) expected");
        }
        return new Check("values at " + pairs.length / 2 + " known points (" + source + ")", () -> {
            for (int k = 0; k < pairs.length; k += 2) {
                assertClose(pairs[k + 1], f.applyAsDouble(pairs[k]), tolerance, "f(" + pairs[k] + ")");
            }
        });
    }

    /** The value at a kink or a convention point, asserted exactly. */
    public static Check atKink(String what, DoubleUnaryOperator f, double x, double expected) {
        return new Check("exactly " + expected + " at the kink: " + what,
                () -> assertExactly(expected, f.applyAsDouble(x), what + " at " + x));
    }

    /** A property, proved by {@code body} (which runs its own seeded cases where it draws any). */
    public static Check property(String name, Executable body) {
        return new Check(name, body);
    }

    /** The numeric derivative of {@code f} at {@code x} by the 7-point stencil. */
    public static double finiteDifference(DoubleUnaryOperator f, double x) {
        UnivariateDifferentiableFunction d = new FiniteDifferencesDifferentiator(FD_POINTS, FD_STEP)
                .differentiate(f::applyAsDouble);
        return d.value(new DerivativeStructure(1, 1, 0, x)).getPartialDerivative(1);
    }

    /**
     * {@code df} against central finite differences of {@code f} at {@link #POINTS} seeded points of
     * {@code domain}.
     */
    public static Check derivativeByFiniteDifferences(DoubleUnaryOperator f, DoubleUnaryOperator df, Domain domain,
            double tolerance) {
        return new Check("derivative vs finite differences (Commons Math, " + FD_POINTS + "-point stencil, step "
                + FD_STEP + ") at " + POINTS + " points of [" + domain.low() + ", " + domain.high() + "]", () -> {
            for (double x : domain.points(POINTS, SEED)) {
                assertClose(finiteDifference(f, x), df.applyAsDouble(x), tolerance,
                        "f'(" + x + ") (seed " + SEED + ")");
            }
        });
    }

    /**
     * Value and derivative against {@link DerivativeStructure}: {@code oracle} is an independent expression of the
     * formula in Commons Math's automatic differentiation, evaluated at {@link #POINTS} seeded points.
     */
    public static Check derivativeByDerivativeStructure(Function<DerivativeStructure, DerivativeStructure> oracle,
            DoubleUnaryOperator f, DoubleUnaryOperator df, Domain domain, double tolerance) {
        return new Check("value and derivative vs DerivativeStructure at " + POINTS + " points of ["
                + domain.low() + ", " + domain.high() + "]", () -> {
            for (double x : domain.points(POINTS, SEED + 1)) {
                DerivativeStructure y = oracle.apply(new DerivativeStructure(1, 1, 0, x));
                assertClose(y.getValue(), f.applyAsDouble(x), tolerance, "f(" + x + ") (seed " + (SEED + 1) + ")");
                assertClose(y.getPartialDerivative(1), df.applyAsDouble(x), tolerance,
                        "f'(" + x + ") (seed " + (SEED + 1) + ")");
            }
        });
    }

    /** The gradient of a function of a vector by finite differences, one coordinate at a time. */
    public static double[] numericGradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int coordinate = i;
            gradient[i] = finiteDifference(t -> {
                double[] moved = x.clone();
                moved[coordinate] = t;
                return f.applyAsDouble(moved);
            }, x[i]);
        }
        return gradient;
    }

    /** An analytic gradient against {@link #numericGradient}, coordinate by coordinate. */
    public static void assertGradient(ToDoubleFunction<double[]> f, double[] x, double[] analytic, double tolerance,
            String context) {
        double[] numeric = numericGradient(f, x);
        for (int i = 0; i < x.length; i++) {
            assertClose(numeric[i], analytic[i], tolerance, context + ", coordinate " + i);
        }
    }
}
