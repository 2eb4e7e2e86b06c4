package nnspec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import nnspec.runtime.Dense;
import org.junit.jupiter.api.Test;

/**
 * The runtime's batched dense kernel: against a closed form worked by hand (small integers, so exact), against
 * central finite differences of L = sum c * z (linear in x, w and b, so the difference quotient is exact up to
 * rounding), and against the one-sample order of the reference interpreter bit for bit at every batch size around the
 * four-sample blocking.
 */
class DenseKernelTest {
    // 2 inputs, 3 units; w = [[1, 2], [3, 4], [5, 6]] at 1, b = [1, -1, 0] at 7 (offsets as in a model)
    static final double[] P = {99, 1, 2, 3, 4, 5, 6, 1, -1, 0};
    static final double[] X = {1, 2, -1, 0}; // two samples: (1, 2), (-1, 0)

    @Test
    void forwardIsTheAffineMapWorkedByHand() {
        double[] z = new double[6];
        Dense.forward(X, 0, 2, 2, 3, P, 1, 7, z, 0);
        // sample 1: (1+4+1, 3+8-1, 5+12+0); sample 2: (-1+1, -3-1, -5+0)
        assertArrayEquals(new double[] {6, 10, 17, 0, -4, -5}, z);
    }

    @Test
    void backwardToTheInputIsTheTransposedWeightsTimesDelta() {
        double[] delta = {1, 0, -1, 2, 1, 0};
        double[] dx = {7, 7, 7, 7}; // overwritten
        Dense.backwardInput(delta, 0, 2, 2, 3, P, 1, dx, 0);
        // W^T (1, 0, -1) = (1 - 5, 2 - 6); W^T (2, 1, 0) = (2 + 3, 4 + 4)
        assertArrayEquals(new double[] {-4, -4, 5, 8}, dx);
    }

    @Test
    void gradientsAreSummedOuterProductsAddedToWhatIsThere() {
        double[] delta = {1, 0, -1, 2, 1, 0};
        double[] g = new double[P.length];
        g[0] = 5; // not a parameter of this layer: untouched
        g[7] = 1; // added to
        Dense.accumulateGradients(X, 0, delta, 0, 2, 2, 3, g, 1, 7);
        // dW = delta_1 x_1^T + delta_2 x_2^T = [[1, 2], [0, 0], [-1, -2]] + [[-2, 0], [-1, 0], [0, 0]]
        assertArrayEquals(new double[] {5, -1, 2, -1, 0, -1, -2, 1 + 3, 1, -1}, g);
    }

    @Test
    void everyGradientMatchesCentralFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(11);
        int batch = 5;
        int in = 7;
        int out = 3;
        int wFrom = 2;
        int bFrom = wFrom + in * out;
        double[] p = random.doubles(bFrom + out + 1, -1, 1).toArray();
        double[] x = random.doubles(batch * in, -1, 1).toArray();
        double[] c = random.doubles(batch * out, -1, 1).toArray();
        double[] dx = new double[x.length];
        double[] g = new double[p.length];
        Dense.backwardInput(c, 0, batch, in, out, p, wFrom, dx, 0);
        Dense.accumulateGradients(x, 0, c, 0, batch, in, out, g, wFrom, bFrom);
        double h = 1e-6;
        for (int k = 0; k < x.length; k++) {
            assertEquals(difference(x, k, h, () -> loss(x, p, c, batch, in, out, wFrom, bFrom)), dx[k], 1e-8,
                    "dL/dx[" + k + "]");
        }
        for (int k = wFrom; k < bFrom + out; k++) {
            assertEquals(difference(p, k, h, () -> loss(x, p, c, batch, in, out, wFrom, bFrom)), g[k], 1e-8,
                    "dL/dp[" + k + "]");
        }
        assertEquals(0.0, g[0]);
        assertEquals(0.0, g[bFrom + out]);
    }

    @Test
    void aBatchGivesTheBitsOfOneSampleAtATimeInTheInterpretersOrder() {
        SplittableRandom random = new SplittableRandom(12);
        int in = 9;
        // an even and an odd number of units: the gradient kernel takes units two at a time, then the last alone
        for (int out = 3; out <= 4; out++) {
            double[] p = random.doubles(in * out + out, -1, 1).toArray();
            for (int batch = 1; batch <= 9; batch++) {
                double[] x = random.doubles(batch * in, -1, 1).toArray();
                double[] delta = random.doubles(batch * out, -1, 1).toArray();
                double[] z = new double[batch * out];
                double[] dx = new double[batch * in];
                double[] g = new double[p.length];
                Dense.forward(x, 0, batch, in, out, p, 0, in * out, z, 0);
                Dense.backwardInput(delta, 0, batch, in, out, p, 0, dx, 0);
                Dense.accumulateGradients(x, 0, delta, 0, batch, in, out, g, 0, in * out);
                double[] gOne = new double[p.length];
                for (int s = 0; s < batch; s++) {
                    for (int j = 0; j < out; j++) {
                        double sum = p[in * out + j];
                        for (int i = 0; i < in; i++) {
                            sum += p[j * in + i] * x[s * in + i];
                        }
                        assertEquals(sum, z[s * out + j], "z, batch " + batch + ", sample " + s + ", unit " + j);
                        for (int i = 0; i < in; i++) {
                            gOne[j * in + i] += delta[s * out + j] * x[s * in + i];
                        }
                        gOne[in * out + j] += delta[s * out + j];
                    }
                    for (int i = 0; i < in; i++) {
                        double sum = 0.0;
                        for (int j = 0; j < out; j++) {
                            sum += p[j * in + i] * delta[s * out + j];
                        }
                        assertEquals(sum, dx[s * in + i], "dx, batch " + batch + ", sample " + s + ", input " + i);
                    }
                }
                assertArrayEquals(gOne, g, "gradients, " + out + " units, batch " + batch);
            }
        }
    }

    static double loss(double[] x, double[] p, double[] c, int batch, int in, int out, int wFrom, int bFrom) {
        double[] z = new double[batch * out];
        Dense.forward(x, 0, batch, in, out, p, wFrom, bFrom, z, 0);
        double sum = 0.0;
        for (int k = 0; k < z.length; k++) {
            sum += c[k] * z[k];
        }
        return sum;
    }

    static double difference(double[] v, int k, double h, java.util.function.DoubleSupplier f) {
        double saved = v[k];
        v[k] = saved + h;
        double up = f.getAsDouble();
        v[k] = saved - h;
        double down = f.getAsDouble();
        v[k] = saved;
        return (up - down) / (2 * h);
    }
}
