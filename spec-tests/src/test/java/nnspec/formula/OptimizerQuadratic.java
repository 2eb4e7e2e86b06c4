package nnspec.formula;

import java.util.function.LongToDoubleFunction;
import nnspec.runtime.optim.Optimizer;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The test problem of the optimizer entries: f(w) = 1/2 sum_i a_i (w_i - c_i)^2, gradient a_i (w_i - c_i), and the
 * closed forms its iterates have. Closed forms are written here from the update formulas, never from the runtime.
 */
final class OptimizerQuadratic {
    final double[] a;
    final double[] c;
    final double[] w0;

    OptimizerQuadratic(double[] a, double[] c, double[] w0) {
        this.a = a.clone();
        this.c = c.clone();
        this.w0 = w0.clone();
    }

    /** A seeded random problem of {@code n} coordinates, curvatures in [0.2, 2]. */
    static OptimizerQuadratic random(UniformRandomProvider random, int n) {
        return new OptimizerQuadratic(Cases.uniform(random, n, 0.2, 2.0), Cases.uniform(random, n, -2, 2),
                Cases.uniform(random, n, -2, 2));
    }

    /** The fixture's problem. */
    static OptimizerQuadratic fixture() {
        return new OptimizerQuadratic(OptimizerTorchFixture.A, OptimizerTorchFixture.C, OptimizerTorchFixture.W0);
    }

    int size() {
        return a.length;
    }

    double[] gradient(double[] w) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = a[i] * (w[i] - c[i]);
        }
        return g;
    }

    /** {@code steps} steps of {@code optimizer} from w0 with rate lr(t) at step t = 0, 1, ...; returns w. */
    double[] run(Optimizer optimizer, int steps, LongToDoubleFunction rate) {
        double[] w = w0.clone();
        double[] g = new double[w.length];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < w.length; i++) {
                g[i] = a[i] * (w[i] - c[i]);
            }
            optimizer.step(w, g, rate.applyAsDouble(t));
        }
        return w;
    }

    double[] run(Optimizer optimizer, int steps, double rate) {
        return run(optimizer, steps, t -> rate);
    }

    /** Plain gradient descent in closed form: w_t = c + (1 - lr a)^t (w0 - c). */
    double[] gradientDescentClosedForm(double rate, int steps) {
        double[] w = new double[a.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = c[i] + Math.pow(1 - rate * a[i], steps) * (w0[i] - c[i]);
        }
        return w;
    }

    /**
     * A linear two-state recurrence per coordinate, (e, v)_{t+1} = M_i (e, v)_t with e = w - c, solved as the
     * matrix power M_i^steps (Commons Math); {@code matrix} gives M_i for coordinate i; v starts at 0.
     */
    double[] linearRecurrenceClosedForm(java.util.function.IntFunction<double[][]> matrix, int steps) {
        double[] w = new double[a.length];
        for (int i = 0; i < w.length; i++) {
            RealMatrix m = MatrixUtils.createRealMatrix(matrix.apply(i)).power(steps);
            w[i] = c[i] + m.getEntry(0, 0) * (w0[i] - c[i]);
        }
        return w;
    }

    static void assertVectorClose(double[] expected, double[] actual, double tolerance, String context) {
        for (int i = 0; i < expected.length; i++) {
            Checks.assertClose(expected[i], actual[i], tolerance, context + ", w[" + i + "]");
        }
    }
}
