package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nnspec.runtime.Losses;
import nnspec.runtime.Losses.Clipping;
import org.junit.jupiter.api.Test;

/**
 * Loss kernels at the points the conformance suite did not reach (found by PIT, docs/VERIFICATION.md): a log base
 * other than e for the derivative kernels, a soft target whose sum is not 1, Keras's clip exactly at its bounds,
 * and the log-sum-exp helper.
 */
class LossKernelsTest {
    private static final double LN2 = Math.log(2.0);

    /**
     * Oracle: closed form. -y log_b p = -y ln p / ln b, so d/dp = -y / (p ln b); at p = 1/4, y = 1, b = 2 that is
     * -4 / ln 2 (b = e gives -4).
     */
    @Test
    void categoricalCrossEntropyDerivativeInBitsDividesByLnTwo() {
        assertEquals(-4.0 / LN2, Losses.categoricalCrossEntropyDerivative(0.25, 1.0, 2.0), 1e-12);
        assertEquals(-4.0, Losses.categoricalCrossEntropyDerivative(0.25, 1.0, Math.E), 1e-12);
    }

    /** Oracle: closed form. The fused sigmoid-BCE delta p - y in base 2 is (p - y) / ln 2: (0.75 - 0) / ln 2. */
    @Test
    void sigmoidBinaryCrossEntropyDeltaInBitsDividesByLnTwo() {
        assertEquals(0.75 / LN2, Losses.sigmoidBinaryCrossEntropyDelta(0.75, 0.0, 2.0), 1e-12);
    }

    /**
     * Oracle: central finite differences of L(z) = -sum_k y_k log_b softmax(z)_k, computed here from its definition,
     * for a soft target summing to 2 (so p_j * sum y - y_j differs from p_j - y_j), in base e and base 2.
     */
    @Test
    void softmaxCrossEntropyDeltaMatchesFiniteDifferencesForATargetSummingToTwo() {
        double[] z = {0.3, -1.2, 0.8};
        double[] y = {0.5, 1.0, 0.5};
        double[] p = softmax(z);
        for (double base : new double[] {Math.E, 2.0}) {
            for (int j = 0; j < z.length; j++) {
                double h = 1e-5;
                double[] up = z.clone();
                double[] down = z.clone();
                up[j] += h;
                down[j] -= h;
                double numeric = (crossEntropy(up, y, base) - crossEntropy(down, y, base)) / (2 * h);
                assertEquals(numeric, Losses.softmaxCategoricalCrossEntropyDelta(p[j], y[j], 2.0, base), 1e-8,
                        "j = " + j + ", base " + base);
            }
        }
    }

    /**
     * Oracle: TensorFlow's gradient of clip_by_value (Keras's clip) is zero only where x &lt; min or x &gt; max, so
     * exactly at p = 1e-7 and p = 1 - 1e-7 the BCE and CCE derivatives are the unclipped closed forms
     * (p - y) / (p (1 - p)) and -y / p (Losses' own doc: 0 only where the clip changed p).
     */
    @Test
    void kerasClipPassesTheGradientExactlyAtItsBounds() {
        double low = Losses.CLIP_EPSILON;
        double high = 1.0 - Losses.CLIP_EPSILON;
        assertEquals(-1.0 / low, Losses.binaryCrossEntropyDerivative(low, 1.0, Math.E, Clipping.EPSILON),
                1e-9 / low);
        assertEquals(1.0 / (1.0 - high), Losses.binaryCrossEntropyDerivative(high, 0.0, Math.E, Clipping.EPSILON),
                1e-9 / (1.0 - high));
        assertEquals(-1.0 / low, Losses.categoricalCrossEntropyDerivative(low, 1.0, Math.E, Clipping.EPSILON),
                1e-9 / low);
        assertEquals(-1.0 / high, Losses.categoricalCrossEntropyDerivative(high, 1.0, Math.E, Clipping.EPSILON),
                1e-12);
        // just outside the bounds the clip holds p and the gradient is 0
        assertEquals(0.0, Losses.binaryCrossEntropyDerivative(Math.nextDown(low), 1.0, Math.E, Clipping.EPSILON));
        assertEquals(0.0, Losses.binaryCrossEntropyDerivative(Math.nextUp(high), 0.0, Math.E, Clipping.EPSILON));
    }

    /** Oracle: closed form. log(e^1 + e^2 + e^3) = 3 + log(1 + e^-1 + e^-2); read from an offset into the array. */
    @Test
    void logSumExpIsTheLogOfTheSumOfExponentials() {
        double[] z = {99.0, 1.0, 2.0, 3.0, -99.0};
        double expected = 3.0 + Math.log(1.0 + Math.exp(-1.0) + Math.exp(-2.0));
        assertEquals(expected, Losses.logSumExp(z, 1, 3), 1e-15);
        assertEquals(Math.log(6.0), Losses.logSumExp(new double[] {Math.log(1), Math.log(2), Math.log(3)}, 0, 3),
                1e-15);
    }

    private static double[] softmax(double[] z) {
        double sum = 0.0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k]);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double crossEntropy(double[] z, double[] y, double base) {
        double[] p = softmax(z);
        double loss = 0.0;
        for (int k = 0; k < z.length; k++) {
            loss -= y[k] * Math.log(p[k]) / Math.log(base);
        }
        return loss;
    }
}
