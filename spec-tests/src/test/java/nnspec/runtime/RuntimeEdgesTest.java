package nnspec.runtime;

import static nnspec.runtime.EpochHistoryTest.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nnspec.runtime.optim.EpsilonPlacement;
import nnspec.runtime.optim.RmsProp;
import org.junit.jupiter.api.Test;

/**
 * Runtime rules at the exact value where a strict comparison and a lenient one part, each found by mutation testing
 * (docs/VERIFICATION.md). The random draws are scripted, so that a draw can land exactly on a boundary that a seeded
 * generator would hit with probability 2^-53. Each test names its oracle.
 */
class RuntimeEdgesTest {
    /** A generator that hands out the given doubles and standard normals, in order. */
    private static final class Scripted extends Random {
        private final ArrayDeque<Double> uniforms = new ArrayDeque<>();
        private final ArrayDeque<Double> normals = new ArrayDeque<>();

        Scripted uniforms(double... values) {
            Arrays.stream(values).forEach(uniforms::add);
            return this;
        }

        Scripted normals(double... values) {
            Arrays.stream(values).forEach(normals::add);
            return this;
        }

        @Override
        public double nextDouble() {
            return uniforms.remove();
        }

        @Override
        public synchronized double nextGaussian() {
            return normals.remove();
        }
    }

    /**
     * Oracle: PyTorch's definition of dropout (torch.nn.Dropout, "p: probability of an element to be zeroed"): a
     * unit is kept with probability exactly 1 - p, a uniform draw u on [0, 1) keeping it when u &lt; 1 - p. So a draw
     * of exactly 1 - p drops the unit, and with p = 1 every unit is dropped, even for the draw 0.0.
     */
    @Test
    void aDrawOfExactlyTheKeepProbabilityDropsTheUnit() {
        double[] mask = new double[5];
        Dropout.mask(new Scripted().uniforms(0.75, 0.7499999999999999, 0.0, 0.9999999999999999, 0.5), 0.25, mask, 1, 4);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0}, mask, 0.0, "mask[1..4] from draws 0.75, 0.75-ulp, 0, 1-ulp");
        double[] all = new double[2];
        Dropout.mask(new Scripted().uniforms(0.0, 0.5), 1.0, all, 0, 2);
        assertArrayEquals(new double[] {0, 0}, all, 0.0, "p = 1 drops everything");
        double[] none = new double[2];
        Dropout.mask(new Scripted().uniforms(0.0, 0.9999999999999999), 0.0, none, 0, 2);
        assertArrayEquals(new double[] {1, 1}, none, 0.0, "p = 0 keeps everything");
    }

    /**
     * Oracle: Keras's TruncatedNormal (and TensorFlow's truncated_normal): draws more than two standard deviations
     * from the mean are dropped and drawn again, so a draw of exactly 2 (or -2) is kept; the scale is
     * std / {@link Initializers#KERAS_TRUNCATION_FACTOR}.
     */
    @Test
    void aTruncatedNormalKeepsADrawOfExactlyTwoDeviations() {
        double[] p = new double[3];
        Initializers.normal(p, 0, 3,
                Initializers.KERAS_TRUNCATION_FACTOR, new Scripted().normals(2.0, -2.0, 2.0000000000000004, -0.5),
                Initializers.Normal.TRUNCATED_2SD);
        assertArrayEquals(new double[] {2.0, -2.0, -0.5}, p, 0.0);
        double[] q = new double[1];
        Initializers.normal(q, 0, 1, Initializers.KERAS_TRUNCATION_FACTOR,
                new Scripted().normals(-2.0000000000000004, 1.5), Initializers.Normal.TRUNCATED_2SD);
        assertArrayEquals(new double[] {1.5}, q, 0.0);
    }

    /**
     * Oracle: the rules of the history (a report for each epoch in turn; a checkpoint's history holds exactly the
     * epochs {@link EpochHistory#epochsKept} names, in that order). Messages worked by hand.
     */
    @Test
    void aHistoryInTheWrongOrderOrWithAGapIsRefused() {
        List<EpochReport> swapped = List.of(report(2), report(1), report(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpochHistory.of(swapped));
        assertEquals("expected the figures of epoch 1, found epoch 2", e.getMessage());
        EpochHistory h = new EpochHistory();
        h.add(report(1));
        IllegalArgumentException skip = assertThrows(IllegalArgumentException.class, () -> h.add(report(3)));
        assertEquals("expected epoch 2, found epoch 3", skip.getMessage());
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                () -> new EpochHistory().add(report(2)));
        assertEquals("expected epoch 1, found epoch 2", first.getMessage());
    }

    /**
     * Oracle: the parameter layout of {@link Model} (each layer's weights unit by unit, input by input, then its
     * biases; layers one after another). Hidden 2 to 3 holds 6 weights and 3 biases, parameters 0 to 8; the output
     * layer 3 to 1 starts at 9.
     */
    @Test
    void theFirstParameterOfALayerIsNamedForThatLayer() {
        String[] layers = {"hidden", "output"};
        int[] offsets = {0, 9};
        int[] inputs = {2, 3};
        int[] units = {3, 1};
        String[] expected = {"hidden.w[0][0]", "hidden.w[0][1]", "hidden.w[1][0]", "hidden.w[1][1]",
            "hidden.w[2][0]", "hidden.w[2][1]", "hidden.b[0]", "hidden.b[1]", "hidden.b[2]", "output.w[0][0]",
            "output.w[0][1]", "output.w[0][2]", "output.b[0]"};
        for (int index = 0; index < expected.length; index++) {
            assertEquals(expected[index], Model.parameterName(index, layers, offsets, inputs, units), "index " + index);
        }
        for (int index : new int[] {13, -1}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> Model.parameterName(index, layers, offsets, inputs, units));
            assertEquals("parameter index " + index, e.getMessage());
        }
    }

    /**
     * Oracle: k-fold cross-validation admits 2 &lt;= k &lt;= n (scikit-learn's KFold: n_splits at least 2 and at most
     * the number of samples); k = n is leave-one-out, each fold one sample.
     */
    @Test
    void asManyFoldsAsSamplesIsLeaveOneOut() {
        int[] classes = {0, 1, 0};
        int[][] folds = Splits.folds(classes, 2, 3, 7);
        assertEquals(3, folds.length);
        int[] all = Arrays.stream(folds).peek(f -> assertEquals(1, f.length)).flatMapToInt(Arrays::stream).sorted()
                .toArray();
        assertArrayEquals(new int[] {0, 1, 2}, all);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.folds(classes, 2, 4, 7));
        assertEquals("folds must be in 2..3, found 4", e.getMessage());
    }

    /**
     * Oracle: the definitions of the two scalings (sklearn's MinMaxScaler and StandardScaler, which treat a column of
     * zero range or zero variance as constant): statistics read back list exactly the columns whose range or
     * standard deviation is 0, and min-max bounds must satisfy low &lt; high.
     */
    @Test
    void scalingsReadBackListTheirConstantColumnsAndRefuseEqualBounds() {
        Preprocessing.MinMax minMax = Preprocessing.MinMax.of(new double[] {1, 2, 3}, new double[] {3, 0, 0.5}, 0, 1);
        assertArrayEquals(new int[] {1}, minMax.constantColumns());
        Preprocessing.Standardize standardize = Preprocessing.Standardize.of(new double[] {1, 2, 3},
                new double[] {0, 2, 1e-300});
        assertArrayEquals(new int[] {0}, standardize.zeroVarianceColumns());
        assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.MinMax.of(new double[] {1}, new double[] {3}, 0.5, 0.5));
    }

    /**
     * Oracle: PyTorch's torch.optim.RMSprop (documentation and state): square_avg always, grad_avg only when centered
     * (v = alpha v + (1 - alpha) g), momentum_buffer only when momentum &gt; 0. With alpha = 0.5, g = 2, eps = 0 one
     * step gives square_avg 2, grad_avg 1, denominator sqrt(2 - 1) = 1 and buffer 2, all exact. Its constructor takes
     * alpha, momentum in [0, 1) and eps &gt;= 0, each bound included where the interval is closed.
     */
    @Test
    void rmsPropKeepsExactlyPyTorchsStateForEachOption() {
        assertEquals(2, new RmsProp(2, 0.9, 1e-8).state().length, "square_avg only");
        assertEquals(4, new RmsProp(2, 0.9, 1e-8, EpsilonPlacement.OUTSIDE_ROOT,
                true, 0.0).state().length, "and grad_avg");
        assertEquals(4, new RmsProp(2, 0.9, 1e-8, EpsilonPlacement.OUTSIDE_ROOT,
                false, 0.5).state().length, "and momentum_buffer");
        RmsProp both = new RmsProp(1, 0.5, 0.0,
                EpsilonPlacement.OUTSIDE_ROOT, true, 0.5);
        double[] w = {1.0};
        both.step(w, new double[] {2.0}, 0.25);
        assertArrayEquals(new double[] {2.0, 1.0, 2.0}, both.state(), 0.0, "square_avg, grad_avg, momentum_buffer");
        assertArrayEquals(new double[] {0.5}, w, 0.0, "1 - 0.25 * 2");
        for (double[] accepted : new double[][] {{0.0, 0.0, 0.0}, {0.999, 1e-8, 0.999}}) {
            new RmsProp(1, accepted[0], accepted[1],
                    EpsilonPlacement.OUTSIDE_ROOT, false, accepted[2]);
        }
        for (double[] refused : new double[][] {{1.0, 0.0, 0.0}, {-1e-9, 0.0, 0.0}, {0.5, -1e-9, 0.0},
                {0.5, 0.0, 1.0}, {0.5, 0.0, -1e-9}}) {
            assertThrows(IllegalArgumentException.class, () -> new RmsProp(1, refused[0],
                    refused[1], EpsilonPlacement.OUTSIDE_ROOT, false, refused[2]),
                    Arrays.toString(refused));
        }
    }

    /** Oracle: one-hot encoding of no categorical column leaves every row as it was (no column to expand). */
    @Test
    void noCategoricalColumnLeavesTheRowsAsTheyAre() {
        double[][] x = {{1.5, -2}, {0, 7}};
        assertArrayEquals(new double[][] {{1.5, -2}, {0, 7}},
                Categories.NONE.encode(List.of("a", "b"), x, new String[][] {{"", ""}, {"", ""}}));
    }

    /** Oracle: {@link InputScaling}'s contract, a copy of the row when there is no scaling (into another array too). */
    @Test
    void noScalingCopiesTheRow() {
        double[] out = new double[3];
        InputScaling.NONE.transform(new double[] {1.5, -0.0, 3e300}, out);
        assertArrayEquals(new double[] {1.5, -0.0, 3e300}, out, 0.0);
    }

    /**
     * Oracle: Keras's {@code EarlyStopping} (keras.io, callbacks): {@code loss} and {@code accuracy} are the epoch's
     * training figures as {@code fit} reports them (not the model at the epoch's end), {@code val_*} those of the
     * validation data, losses minimised and accuracies maximised ({@code mode="auto"}); without validation data a
     * {@code val_*} figure is not available (NaN here).
     */
    @Test
    void eachMonitorReadsItsOwnFigure() {
        EpochResult training = new EpochResult(3, 0.7, 0.25, 2, new int[] {0}, new int[] {1});
        EpochResult end = new EpochResult(3, 0.6, 0.5, 2, new int[] {1}, new int[] {1});
        EpochResult validation = new EpochResult(3, 0.9, 0.75, 2, new int[] {1}, new int[] {1});
        EpochReport with = new EpochReport(3, training, end, validation);
        EpochReport without = new EpochReport(3, training, end, null);
        assertEquals(List.of(0.7, 0.25, 0.9, 0.75), Arrays.stream(Monitor.values()).map(m -> m.of(with)).toList());
        assertEquals(List.of(0.7, 0.25, Double.NaN, Double.NaN),
                Arrays.stream(Monitor.values()).map(m -> m.of(without)).toList());
        assertEquals(List.of(EarlyStopping.Mode.MIN, EarlyStopping.Mode.MAX, EarlyStopping.Mode.MIN,
                EarlyStopping.Mode.MAX), Arrays.stream(Monitor.values()).map(Monitor::mode).toList());
    }
}
