package nnspec.runtime;

/**
 * Max and average pooling over square windows, per channel, forward and backward.
 *
 * <p>Layout as {@link Convolution}: input {@code [channels][height][width]}, output {@code [channels][outH][outW]},
 * row-major and flat, outH = floor((height - window) / stride) + 1 (no padding). The usual layer pools
 * non-overlapping p x p windows: stride = window, the default of PyTorch {@code MaxPool2d} and Keras
 * {@code MaxPooling2D}. Window (i, j) covers rows s i .. s i + p - 1 and columns s j .. s j + p - 1: the
 * 003_be7c2a3ed43414a9.txt form P(i, j) = max I(i + m, j + n) ("Pooling Layer") leaves out the stride, which is
 * only right for stride 1.
 *
 * <p>Backward passes write (not add) the whole input gradient; where windows overlap the contributions add up.
 */
public final class Pooling {
    private Pooling() {
    }

    /** Output length along one axis: floor((in - window) / stride) + 1. */
    public static int outputSize(int inputSize, int window, int stride) {
        if (window < 1 || stride < 1 || window > inputSize) {
            throw new IllegalArgumentException("window " + window + " with stride " + stride
                    + " does not fit input " + inputSize);
        }
        return (inputSize - window) / stride + 1;
    }

    /**
     * LAYER-maxpool-forward: out[c][i][j] = max over the window of in. {@code argmax} receives, per output, the
     * offset from {@code inFrom} of the input element chosen, for {@link #maxBackward} (pass null at inference).
     * Ties go to the first element of the window in row-major order: a later element replaces the maximum only if
     * strictly greater, or if it is NaN, so that a NaN propagates; both as PyTorch's CPU max-pooling kernel.
     */
    public static void maxForward(double[] in, int inFrom, int channels, int height, int width, int window,
            int stride, double[] out, int outFrom, int[] argmax, int argmaxFrom) {
        int outH = outputSize(height, window, stride);
        int outW = outputSize(width, window, stride);
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int best = plane + (stride * i) * width + stride * j;
                    double max = in[inFrom + best];
                    for (int m = 0; m < window; m++) {
                        for (int n = 0; n < window; n++) {
                            int at = plane + (stride * i + m) * width + stride * j + n;
                            if (in[inFrom + at] > max || Double.isNaN(in[inFrom + at])) {
                                max = in[inFrom + at];
                                best = at;
                            }
                        }
                    }
                    int k = (c * outH + i) * outW + j;
                    out[outFrom + k] = max;
                    if (argmax != null) {
                        argmax[argmaxFrom + k] = best;
                    }
                }
            }
        }
    }

    /**
     * LAYER-pool-backward, max: each upstream value goes to the input element its window chose (the recorded
     * arg-max); every other element gets 0. {@code outputs} = channels * outH * outW, {@code inputs} = channels *
     * height * width.
     */
    public static void maxBackward(double[] upstream, int upstreamFrom, int[] argmax, int argmaxFrom, int outputs,
            double[] gradIn, int gradInFrom, int inputs) {
        for (int k = 0; k < inputs; k++) {
            gradIn[gradInFrom + k] = 0.0;
        }
        for (int k = 0; k < outputs; k++) {
            gradIn[gradInFrom + argmax[argmaxFrom + k]] += upstream[upstreamFrom + k];
        }
    }

    /** LAYER-avgpool-forward: out[c][i][j] = (1 / p^2) sum over the p x p window of in. */
    public static void averageForward(double[] in, int inFrom, int channels, int height, int width, int window,
            int stride, double[] out, int outFrom) {
        int outH = outputSize(height, window, stride);
        int outW = outputSize(width, window, stride);
        double area = (double) window * window;
        for (int c = 0; c < channels; c++) {
            int plane = inFrom + c * height * width;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double sum = 0.0;
                    for (int m = 0; m < window; m++) {
                        for (int n = 0; n < window; n++) {
                            sum += in[plane + (stride * i + m) * width + stride * j + n];
                        }
                    }
                    out[outFrom + (c * outH + i) * outW + j] = sum / area;
                }
            }
        }
    }

    /** LAYER-pool-backward, average: each upstream value is spread evenly, 1 / p^2 to each element of its window. */
    public static void averageBackward(double[] upstream, int upstreamFrom, int channels, int height, int width,
            int window, int stride, double[] gradIn, int gradInFrom) {
        int outH = outputSize(height, window, stride);
        int outW = outputSize(width, window, stride);
        double area = (double) window * window;
        for (int k = 0; k < channels * height * width; k++) {
            gradIn[gradInFrom + k] = 0.0;
        }
        for (int c = 0; c < channels; c++) {
            int plane = gradInFrom + c * height * width;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double share = upstream[upstreamFrom + (c * outH + i) * outW + j] / area;
                    for (int m = 0; m < window; m++) {
                        for (int n = 0; n < window; n++) {
                            gradIn[plane + (stride * i + m) * width + stride * j + n] += share;
                        }
                    }
                }
            }
        }
    }
}
