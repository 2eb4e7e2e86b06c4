package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nnspec.runtime.EarlyStopping;
import nnspec.runtime.EarlyStopping.Mode;
import nnspec.runtime.Preprocessing;
import org.junit.jupiter.api.Test;

/**
 * Early stopping and preprocessing where PIT found mutants the conformance suite left alive (docs/VERIFICATION.md):
 * min delta met exactly, a NaN first epoch with patience 0, the fitted min-max statistics, one-hot encoding into a
 * used buffer.
 */
class TrainingHelpersTest {

    /**
     * Oracle: Keras's EarlyStopping: an epoch improves when current - min_delta beats best strictly (for "min",
     * current + |min_delta| &lt; best); worked by hand with binary fractions, so the equalities are exact.
     */
    @Test
    void improvementByExactlyMinDeltaDoesNotCount() {
        EarlyStopping min = new EarlyStopping(Mode.MIN, 0.5, 5, false);
        double[] none = new double[0];
        min.afterEpoch(1, 1.0, none);
        min.afterEpoch(2, 0.5, none); // 0.5 + 0.5 = 1.0, not below 1.0
        assertEquals(1, min.bestEpoch());
        assertEquals(1.0, min.best());
        assertEquals(1, min.waited());
        EarlyStopping max = new EarlyStopping(Mode.MAX, 0.25, 5, false);
        max.afterEpoch(1, 0.5, none);
        max.afterEpoch(2, 0.75, none); // 0.75 - 0.25 = 0.5, not above 0.5
        max.afterEpoch(3, 0.625, none); // 0.375, not above 0.5
        assertEquals(1, max.bestEpoch());
        assertEquals(2, max.waited());
        max.afterEpoch(4, 1.0, none); // 0.75 > 0.5
        assertEquals(4, max.bestEpoch());
        assertEquals(0, max.waited());
    }

    /**
     * Oracle: EarlyStopping's documentation after Keras: a NaN never improves, and training never stops at the first
     * epoch, even with patience 0; the second such epoch stops it.
     */
    @Test
    void neverStopsAtTheFirstEpoch() {
        EarlyStopping rule = new EarlyStopping(Mode.MIN, 0.0, 0, false);
        assertFalse(rule.afterEpoch(1, Double.NaN, new double[0]));
        assertEquals(0, rule.stoppedEpoch());
        assertTrue(rule.afterEpoch(2, Double.NaN, new double[0]));
        assertEquals(2, rule.stoppedEpoch());
    }

    /**
     * Oracle: hand arithmetic. Columns (1, 4, -2) and (10, 10, 30): minima -2 and 10, ranges 6 and 20; a target
     * range [low, high] with low = high is refused (it has no width to scale to).
     */
    @Test
    void minMaxKeepsItsTrainingStatisticsAndRefusesAnEmptyRange() {
        Preprocessing.MinMax scaler = Preprocessing.MinMax.fit(new double[][] {{1, 10}, {4, 10}, {-2, 30}});
        assertArrayEquals(new double[] {-2, 10}, scaler.min(), 0.0);
        assertArrayEquals(new double[] {6, 20}, scaler.range(), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.MinMax.fit(new double[][] {{1}, {2}}, 0.5, 0.5));
    }

    /**
     * Oracle: the definition of a one-hot vector (a 1 at the class's index, 0 at every other of the classes): it is
     * written whole into a buffer that held other values, and index = classes is out of range even when the buffer
     * has room for it.
     */
    @Test
    void oneHotOverwritesItsSliceAndRefusesTheIndexEqualToTheClassCount() {
        Preprocessing.OneHot encoder = Preprocessing.OneHot.fit(new double[] {3, 1, 2, 1});
        assertEquals(3, encoder.classes());
        double[] out = new double[5];
        Arrays.fill(out, 9.0);
        encoder.transform(2.0, out, 1);
        assertArrayEquals(new double[] {9, 0, 1, 0, 9}, out, 0.0);
        assertThrows(IndexOutOfBoundsException.class, () -> Preprocessing.OneHot.encode(3, 3, new double[5], 0));
    }

    /** Oracle: numpy.argmax's rule, which OneHot documents: the first of several largest entries wins. */
    @Test
    void oneHotDecodesATieToTheFirstClass() {
        Preprocessing.OneHot encoder = Preprocessing.OneHot.fit(new double[] {5, 6, 7});
        assertEquals(6.0, encoder.inverseTransform(new double[] {0.1, 0.45, 0.45}, 0));
    }
}
