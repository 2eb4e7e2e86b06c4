package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nnspec.runtime.Metrics;
import nnspec.runtime.Metrics.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Metrics where the conformance suite left PIT's mutants alive (docs/VERIFICATION.md): pairs of arrays of
 * different lengths, the bias-variance decomposition with a non-zero mean, and the verdict at its thresholds.
 */
class MetricKernelsTest {

    /**
     * Oracle: the definitions. Each metric is over pairs (prediction, truth) of the same sample, so arrays of
     * different lengths are refused with IllegalArgumentException (a shorter prediction array would otherwise be
     * counted silently).
     */
    @Test
    void everyPairedMetricRefusesArraysOfDifferentLengths() {
        int[] two = {0, 1};
        int[] three = {0, 1, 1};
        assertThrows(IllegalArgumentException.class, () -> Metrics.binaryCounts(two, three, 1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(two, three, 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(two, three));
        assertThrows(IllegalArgumentException.class, () -> Metrics.classificationError(two, three));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.argmaxAccuracy(new double[][] {{0.2, 0.8}, {0.9, 0.1}}, three));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.regressionAccuracy(new double[] {1, 2}, new double[] {1, 2, 3}, 0.5));
    }

    /**
     * Oracle: the definitions Metrics cites (003_be7c2a3ed43414a9.txt, "Mean Squared Error" and "Mean Absolute
     * Error"), worked by hand in exact binary fractions. Two samples of two outputs, errors 0.5, -1, 2, -0.25: squares
     * 0.25 + 1 + 4 + 0.0625 = 5.3125 over 4 entries = 1.328125; absolute values 0.5 + 1 + 2 + 0.25 = 3.75 over 4 =
     * 0.9375. The mean is over every entry, not per sample: with one sample of three outputs and one of one, errors
     * 1, 1, 1 and 3, the mean square is (1 + 1 + 1 + 9) / 4 = 3, where a mean of the per-sample means would give
     * (1 + 9) / 2 = 5. No entry: NaN (a mean over nothing).
     */
    @Test
    void regressionMetricsAverageEveryEntryOfEverySample() {
        double[][] predicted = {{1.5, 0.0}, {4.0, 0.75}};
        double[][] actual = {{1.0, 1.0}, {2.0, 1.0}};
        assertEquals(1.328125, Metrics.meanSquaredError(predicted, actual), 0.0);
        assertEquals(0.9375, Metrics.meanAbsoluteError(predicted, actual), 0.0);
        double[][] uneven = {{1.0, 1.0, 1.0}, {3.0}};
        double[][] zeros = {{0.0, 0.0, 0.0}, {0.0}};
        assertEquals(3.0, Metrics.meanSquaredError(uneven, zeros), 0.0);
        assertEquals(1.5, Metrics.meanAbsoluteError(uneven, zeros), 0.0);
        assertEquals(Double.NaN, Metrics.meanSquaredError(new double[0][], new double[0][]));
        assertEquals(Double.NaN, Metrics.meanAbsoluteError(new double[][] {{}}, new double[][] {{}}));
    }

    /** Oracle: as for the paired metrics above: a prediction is paired with the target of its own sample and entry. */
    @Test
    void regressionMetricsRefuseSamplesOrEntriesThatDoNotPair() {
        double[][] two = {{1.0}, {2.0}};
        double[][] three = {{1.0}, {2.0}, {3.0}};
        assertThrows(IllegalArgumentException.class, () -> Metrics.meanSquaredError(two, three));
        assertThrows(IllegalArgumentException.class, () -> Metrics.meanAbsoluteError(three, two));
        double[][] wide = {{1.0, 2.0}, {2.0}};
        assertThrows(IllegalArgumentException.class, () -> Metrics.meanSquaredError(wide, two));
        assertThrows(IllegalArgumentException.class, () -> Metrics.meanAbsoluteError(two, wide));
    }

    /**
     * Oracle: hand arithmetic on 002_db2ef66716d01cf4.txt's decomposition. Predictions 1, 2, 3, 6 of truth 2: mean 3,
     * bias^2 = (3 - 2)^2 = 1, variance = (4 + 1 + 0 + 9) / 4 = 3.5, MSE = (1 + 0 + 1 + 16) / 4 = 4.5 = 1 + 3.5.
     */
    @Test
    void biasVarianceWithANonZeroMean() {
        Metrics.Decomposition d = Metrics.biasVariance(new double[] {1, 2, 3, 6}, 2.0);
        assertEquals(1.0, d.biasSquared(), 0.0);
        assertEquals(3.5, d.variance(), 0.0);
        assertEquals(4.5, d.meanSquaredError(), 0.0);
    }

    /**
     * Oracle: the rule of 002_db2ef66716d01cf4.txt, "How to estimate bias and variance?", as Metrics documents it: a
     * gap is high when it exceeds the tolerance (strictly) and is at least the other gap. Exact binary fractions, so
     * the gaps equal the tolerance, or each other, exactly.
     */
    @Test
    void verdictAtItsThresholds() {
        // bias gap = tolerance = 1, variance gap 0: not high
        assertEquals(Verdict.LOW_BIAS_LOW_VARIANCE, Metrics.biasVarianceVerdict(0.0, 1.0, 1.0, 1.0));
        // variance gap = tolerance = 1, bias gap 0: not high
        assertEquals(Verdict.LOW_BIAS_LOW_VARIANCE, Metrics.biasVarianceVerdict(0.0, 0.0, 1.0, 1.0));
        // both gaps 2 > 1 and equal: each is at least the other, both high
        assertEquals(Verdict.HIGH_BIAS_HIGH_VARIANCE, Metrics.biasVarianceVerdict(0.0, 2.0, 4.0, 1.0));
        // bias gap 2.5 above variance gap 2: only bias high; and the mirror
        assertEquals(Verdict.HIGH_BIAS_LOW_VARIANCE, Metrics.biasVarianceVerdict(0.0, 2.5, 4.5, 1.0));
        assertEquals(Verdict.LOW_BIAS_HIGH_VARIANCE, Metrics.biasVarianceVerdict(0.0, 2.0, 4.5, 1.0));
    }

    /**
     * Oracle: 003_be7c2a3ed43414a9.txt, "Accuracy" of section 1.8: an output counts when |yhat_j - y_j| &lt; rho.
     * Errors 0.5, 0 and 2 against rho 1: two of three.
     */
    @Test
    void regressionAccuracyCountsAbsoluteErrorsBelowRho() {
        assertEquals(2.0 / 3.0, Metrics.regressionAccuracy(new double[] {1.0, 2.0, 3.0}, new double[] {1.5, 2.0, 5.0},
                1.0), 1e-15);
    }
}
