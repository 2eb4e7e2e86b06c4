package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import nnspec.runtime.BatchNorm;
import nnspec.runtime.BatchNorm.RunningStatistics;
import nnspec.runtime.Convolution;
import nnspec.runtime.Pooling;
import org.junit.jupiter.api.Test;

/**
 * Layer kernels where the conformance suite left PIT's mutants alive (docs/VERIFICATION.md): backward passes that
 * must overwrite, not add to, a gradient buffer that already holds something; the batch-norm running statistics
 * with a momentum and a batch mean that are not 0 or 1; "same" padding of an even kernel.
 */
class LayerKernelsTest {

    /**
     * Oracle: hand arithmetic. A 1x1 kernel K[0][c] = (2, -1) over a 2-channel 3x2 input scatters the upstream
     * gradient u = 1..6 back as 2u to channel 0 and -u to channel 1. The buffer starts full of NaN, which any
     * element the kernel failed to overwrite would keep; the element before {@code gradInFrom} is not touched.
     */
    @Test
    void convolutionInputGradientOverwritesTheBuffer() {
        double[] upstream = {1, 2, 3, 4, 5, 6};
        double[] gradIn = new double[13];
        Arrays.fill(gradIn, Double.NaN);
        Convolution.inputGradient(upstream, 0, new double[] {2, -1}, 0, 2, 3, 2, 1, 1, 1, 1, 0, gradIn, 1);
        assertEquals(Double.NaN, gradIn[0]);
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12, -1, -2, -3, -4, -5, -6},
                Arrays.copyOfRange(gradIn, 1, 13), 0.0);
    }

    /**
     * Oracle: hand arithmetic. Average pooling of a whole 2x2 plane (window 2, stride 2) spreads each channel's
     * upstream value a quarter to each input: 4 gives 1, 8 gives 2. Buffer prefilled with NaN.
     */
    @Test
    void averagePoolingBackwardOverwritesTheBuffer() {
        double[] gradIn = new double[8];
        Arrays.fill(gradIn, Double.NaN);
        Pooling.averageBackward(new double[] {4, 8}, 0, 2, 2, 2, 2, 2, gradIn, 0);
        assertArrayEquals(new double[] {1, 1, 1, 1, 2, 2, 2, 2}, gradIn, 0.0);
    }

    /**
     * Oracle: hand arithmetic. The max of (1, 5, 3, 2) is the second element, so the upstream 7 goes there and the
     * other three inputs get exactly 0 although the buffer held NaN.
     */
    @Test
    void maxPoolingBackwardOverwritesTheBuffer() {
        double[] out = new double[1];
        int[] argmax = new int[1];
        Pooling.maxForward(new double[] {1, 5, 3, 2}, 0, 1, 2, 2, 2, 2, out, 0, argmax, 0);
        double[] gradIn = new double[4];
        Arrays.fill(gradIn, Double.NaN);
        Pooling.maxBackward(new double[] {7}, 0, argmax, 0, 1, gradIn, 0, 4);
        assertEquals(5.0, out[0]);
        assertArrayEquals(new double[] {0, 7, 0, 0}, gradIn, 0.0);
    }

    /**
     * Oracle: torch.nn.BatchNorm1d documentation (running = (1 - momentum) running + momentum observed, with the
     * unbiased batch variance, m / (m - 1) times the biased one) and keras.layers.BatchNormalization documentation
     * (moving = moving momentum + observed (1 - momentum), biased variance). Batch of 4, mean 2, biased variance 3,
     * running mean 0.5 and variance 2: PyTorch momentum 0.1 gives 0.9 0.5 + 0.1 2 = 0.65 and 0.9 2 + 0.1 (4/3) 3 =
     * 2.2; Keras momentum 0.99 gives 0.99 0.5 + 0.01 2 = 0.515 and 0.99 2 + 0.01 3 = 2.01. Read and written at
     * offsets.
     */
    @Test
    void runningStatisticsOfBothConventions() {
        double[] mean = {9, 2.0};
        double[] variance = {9, 9, 3.0};
        double[] runningMean = {0.5};
        double[] runningVariance = {9, 2.0};
        BatchNorm.updateRunning(RunningStatistics.PYTORCH, 0.1, 4, 1, mean, 1, variance, 2, runningMean, 0,
                runningVariance, 1);
        assertEquals(0.65, runningMean[0], 1e-15);
        assertEquals(2.2, runningVariance[1], 1e-15);
        runningMean[0] = 0.5;
        runningVariance[1] = 2.0;
        BatchNorm.updateRunning(RunningStatistics.KERAS, 0.99, 4, 1, mean, 1, variance, 2, runningMean, 0,
                runningVariance, 1);
        assertEquals(0.515, runningMean[0], 1e-15);
        assertEquals(2.01, runningVariance[1], 1e-15);
    }

    /**
     * Oracle: "same" padding (k - 1) / 2 keeps the size only for odd k (output = n + 2 pad - k + 1 = n); an even
     * kernel is refused, as Convolution.samePadding documents.
     */
    @Test
    void samePaddingRefusesAnEvenKernel() {
        assertEquals(2, Convolution.samePadding(5));
        assertThrows(IllegalArgumentException.class, () -> Convolution.samePadding(4));
    }

    /**
     * Oracle: the layout {@link Convolution}'s Javadoc documents, enumerated independently: kernel
     * {@code [channelsOut][channelsIn][kernelH][kernelW]} row-major, then the biases. A 2-channel input, a 2x3
     * kernel and 2 filters (non-square, so rows and columns cannot be confused): 24 weights named in nested-loop
     * order, then b[0] and b[1]; an index outside 0..25 is refused naming the layer.
     */
    @Test
    void convolutionParameterNamesFollowTheKernelLayout() {
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < 2; c++) {
                for (int m = 0; m < 2; m++) {
                    for (int n = 0; n < 3; n++) {
                        expected.add("conv.w[" + o + "][" + c + "][" + m + "][" + n + "]");
                    }
                }
            }
        }
        expected.add("conv.b[0]");
        expected.add("conv.b[1]");
        java.util.List<String> actual = new java.util.ArrayList<>();
        for (int k = 0; k < 26; k++) {
            actual.add(Convolution.parameterName(k, "conv", 2, 2, 3, 2));
        }
        assertEquals(expected, actual);
        assertEquals("parameter 26 of conv", assertThrows(IndexOutOfBoundsException.class,
                () -> Convolution.parameterName(26, "conv", 2, 2, 3, 2)).getMessage());
        assertEquals("parameter -1 of conv", assertThrows(IndexOutOfBoundsException.class,
                () -> Convolution.parameterName(-1, "conv", 2, 2, 3, 2)).getMessage());
    }

    /**
     * Oracle: TensorFlow's documented "same" padding, worked by hand: out = ceil(in / s), total = max((out - 1) s +
     * d (k - 1) + 1 - in, 0), the smaller half before the input. in 5, k 3, s 2: out 3, total 2 (1 before). in 6, k 3,
     * s 2: out 3, total 1 (0 before: the odd row goes after). in 7, k 4, s 1, d 2: span 7, total 6 (3 before).
     * in 10, k 5, s 3, d 2: out 4, span 9, total 8 (4 before). in 2, k 1, s 4: 0 + 1 - 2 &lt; 0, so 0.
     */
    @Test
    void samePaddingTotalsAndTheirFirstHalfAsTensorFlowDocumentsThem() {
        assertEquals(2, Convolution.samePaddingTotal(5, 3, 2, 1));
        assertEquals(1, Convolution.samePaddingTotal(6, 3, 2, 1));
        assertEquals(6, Convolution.samePaddingTotal(7, 4, 1, 2));
        assertEquals(8, Convolution.samePaddingTotal(10, 5, 3, 2));
        assertEquals(0, Convolution.samePaddingTotal(2, 1, 4, 1));
        assertEquals(1, Convolution.samePaddingBefore(2));
        assertEquals(0, Convolution.samePaddingBefore(1));
        assertEquals(3, Convolution.samePaddingBefore(7));
    }

    /**
     * Oracle: PyTorch's MaxPool2d output size, worked by hand. Input 5, window 2, stride 2: floor mode
     * floor(3 / 2) + 1 = 2; ceil mode ceil(3 / 2) + 1 = 3, the last window starting at 4, inside the input, so kept.
     * With padding 1 on both sides in ceil mode, ceil(5 / 2) + 1 = 4, but the fourth window would start at
     * (4 - 1) 2 = 6 &gt;= 5 + 1, in the padding after the input, so it is dropped: 3 (floor mode gives 3 too).
     */
    @Test
    void ceilModeDropsAWindowThatStartsInThePaddingAfterTheInput() {
        assertEquals(2, Pooling.outputSize(5, 2, 2, 0, 0, false));
        assertEquals(3, Pooling.outputSize(5, 2, 2, 0, 0, true));
        assertEquals(3, Pooling.outputSize(5, 2, 2, 1, 1, true));
        assertEquals(3, Pooling.outputSize(5, 2, 2, 1, 1, false));
        // input 4, padding 1: ceil(4 / 2) + 1 = 3, the third window starts at 4 < 4 + 1, inside the input: kept
        assertEquals(3, Pooling.outputSize(4, 2, 2, 1, 1, true));
    }
}
