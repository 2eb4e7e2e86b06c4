package nnspec.runtime;

/**
 * Max and average pooling over rectangular windows, per channel, forward and backward.
 *
 * <p>Layout as {@link Convolution}: input {@code [channels][height][width]}, output {@code [channels][outH][outW]},
 * row-major and flat. Window (i, j) covers rows s i - top .. s i - top + kh - 1 and columns s j - left .. s j - left
 * + kw - 1: the 003_be7c2a3ed43414a9.txt form P(i, j) = max I(i + m, j + n) ("Pooling Layer") leaves out the
 * stride, which is only right for stride 1. The usual layer pools non-overlapping p x p windows: stride = window,
 * the default of PyTorch {@code MaxPool2d} and Keras {@code MaxPooling2D}.
 *
 * <p>Padding: cells of a window outside the input are not candidates of a maximum (PyTorch pads max pooling with
 * minus infinity); an average counts them as zeros or leaves them out ({@code countPadding}, PyTorch's
 * {@code count_include_pad}, true by default; Keras's and ONNX's default leave them out). Ceil mode
 * ({@link #outputSize}) may add a last window that runs past the padding; its cells there are never counted.
 *
 * <p>Backward passes write (not add) the whole input gradient; where windows overlap the contributions add up.
 */
public final class Pooling {
    private Pooling() {
    }

    /** Output length along one axis, no padding, floor mode: floor((in - window) / stride) + 1. */
    public static int outputSize(int inputSize, int window, int stride) {
        if (window < 1 || stride < 1 || window > inputSize) {
            throw new IllegalArgumentException("window " + window + " with stride " + stride
                    + " does not fit input " + inputSize);
        }
        return (inputSize - window) / stride + 1;
    }

    /**
     * Output length along one axis, as PyTorch's {@code MaxPool2d} and {@code AvgPool2d} document:
     * floor((in + before + after - k) / s) + 1, or with {@code ceil} the ceiling; in ceil mode a last window that
     * would start past the input and its leading padding (at s (out - 1) >= in + before) is dropped.
     */
    public static int outputSize(int inputSize, int window, int stride, int padBefore, int padAfter, boolean ceil) {
        int span = inputSize + padBefore + padAfter - window;
        if (window < 1 || stride < 1 || padBefore < 0 || padAfter < 0 || span < 0) {
            throw new IllegalArgumentException("window " + window + " with stride " + stride + " and padding "
                    + padBefore + "," + padAfter + " does not fit input " + inputSize);
        }
        int out = (ceil ? span + stride - 1 : span) / stride + 1;
        if (ceil && (out - 1) * stride >= inputSize + padBefore) {
            out--;
        }
        return out;
    }

    /**
     * LAYER-maxpool-forward, no padding: {@link #maxForward(double[], int, int, int, int, int, int, int, int, int,
     * int, int, double[], int, int[], int)} with square windows.
     */
    public static void maxForward(double[] in, int inFrom, int channels, int height, int width, int window,
            int stride, double[] out, int outFrom, int[] argmax, int argmaxFrom) {
        maxForward(in, inFrom, channels, height, width, window, window, stride, 0, 0,
                outputSize(height, window, stride), outputSize(width, window, stride), out, outFrom, argmax,
                argmaxFrom);
    }

    /**
     * LAYER-maxpool-forward: out[c][i][j] = max over the window's cells inside the input. {@code argmax} receives,
     * per output, the offset from {@code inFrom} of the input element chosen, for {@link #maxBackward} (pass null
     * at inference). Ties go to the first element of the window in row-major order: a later element replaces the
     * maximum only if strictly greater, or if it is NaN, so that a NaN propagates; as PyTorch's CPU kernel and
     * ONNX's MaxPool (whose Indices output is the first maximum). Every window must hold a cell of the input,
     * which padding of at most half the window guarantees (PyTorch's own limit).
     */
    public static void maxForward(double[] in, int inFrom, int channels, int height, int width, int windowH,
            int windowW, int stride, int padTop, int padLeft, int outH, int outW, double[] out, int outFrom,
            int[] argmax, int argmaxFrom) {
        maxForward(in, inFrom, channels, height, width, windowH, windowW, stride, stride, padTop, padLeft, outH, outW,
                out, outFrom, argmax, argmaxFrom);
    }

    /**
     * LAYER-maxpool-forward with a stride per axis (PyTorch's {@code stride=(sh, sw)}): window (i, j) starts at
     * row sh i - top, column sw j - left.
     */
    public static void maxForward(double[] in, int inFrom, int channels, int height, int width, int windowH,
            int windowW, int strideH, int strideW, int padTop, int padLeft, int outH, int outW, double[] out,
            int outFrom, int[] argmax, int argmaxFrom) {
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int i = 0; i < outH; i++) {
                int top = strideH * i - padTop;
                int rowFrom = Math.max(top, 0);
                int rowTo = Math.min(top + windowH, height);
                for (int j = 0; j < outW; j++) {
                    int left = strideW * j - padLeft;
                    int colFrom = Math.max(left, 0);
                    int colTo = Math.min(left + windowW, width);
                    int best = plane + rowFrom * width + colFrom;
                    double max = in[inFrom + best];
                    for (int y = rowFrom; y < rowTo; y++) {
                        for (int x = colFrom; x < colTo; x++) {
                            int at = plane + y * width + x;
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

    /** LAYER-avgpool-forward, no padding: (1 / p^2) times the sum over the p x p window. */
    public static void averageForward(double[] in, int inFrom, int channels, int height, int width, int window,
            int stride, double[] out, int outFrom) {
        averageForward(in, inFrom, channels, height, width, window, window, stride, 0, 0, 0, 0,
                outputSize(height, window, stride), outputSize(width, window, stride), true, out, outFrom);
    }

    /**
     * The divisor of window (i, j) along one axis, as PyTorch's {@code AvgPool2d}: with {@code countPadding} the
     * cells from the window's start to its end clipped at the far edge of the padding, else only the cells inside
     * the input. Public so that generated code divides by the same counts, fixed when it is generated.
     */
    public static int extent(int start, int window, int size, int padAfter, boolean countPadding) {
        int end = Math.min(start + window, size + padAfter);
        return countPadding ? end - start : Math.min(end, size) - Math.max(start, 0);
    }

    /**
     * LAYER-avgpool-forward: out[c][i][j] = the sum over the window's cells inside the input, divided by the
     * window's cells counted as {@link #extent} says (padded cells read 0).
     */
    public static void averageForward(double[] in, int inFrom, int channels, int height, int width, int windowH,
            int windowW, int stride, int padTop, int padBottom, int padLeft, int padRight, int outH, int outW,
            boolean countPadding, double[] out, int outFrom) {
        averageForward(in, inFrom, channels, height, width, windowH, windowW, stride, stride, padTop, padBottom,
                padLeft, padRight, outH, outW, countPadding, out, outFrom);
    }

    /** LAYER-avgpool-forward with a stride per axis (PyTorch's {@code stride=(sh, sw)}). */
    public static void averageForward(double[] in, int inFrom, int channels, int height, int width, int windowH,
            int windowW, int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight, int outH,
            int outW, boolean countPadding, double[] out, int outFrom) {
        for (int c = 0; c < channels; c++) {
            int plane = inFrom + c * height * width;
            for (int i = 0; i < outH; i++) {
                int top = strideH * i - padTop;
                int rows = extent(top, windowH, height, padBottom, countPadding);
                for (int j = 0; j < outW; j++) {
                    int left = strideW * j - padLeft;
                    int cells = rows * extent(left, windowW, width, padRight, countPadding);
                    double sum = 0.0;
                    for (int y = Math.max(top, 0); y < Math.min(top + windowH, height); y++) {
                        for (int x = Math.max(left, 0); x < Math.min(left + windowW, width); x++) {
                            sum += in[plane + y * width + x];
                        }
                    }
                    out[outFrom + (c * outH + i) * outW + j] = sum / cells;
                }
            }
        }
    }

    /** LAYER-pool-backward, average, no padding: each upstream value spread evenly, 1 / p^2 to each cell. */
    public static void averageBackward(double[] upstream, int upstreamFrom, int channels, int height, int width,
            int window, int stride, double[] gradIn, int gradInFrom) {
        averageBackward(upstream, upstreamFrom, channels, height, width, window, window, stride, 0, 0, 0, 0,
                outputSize(height, window, stride), outputSize(width, window, stride), true, gradIn, gradInFrom);
    }

    /**
     * LAYER-pool-backward, average: each upstream value is shared among the window's cells inside the input, each
     * getting it divided by the forward pass's divisor.
     */
    public static void averageBackward(double[] upstream, int upstreamFrom, int channels, int height, int width,
            int windowH, int windowW, int stride, int padTop, int padBottom, int padLeft, int padRight, int outH,
            int outW, boolean countPadding, double[] gradIn, int gradInFrom) {
        averageBackward(upstream, upstreamFrom, channels, height, width, windowH, windowW, stride, stride, padTop,
                padBottom, padLeft, padRight, outH, outW, countPadding, gradIn, gradInFrom);
    }

    /** LAYER-pool-backward, average, with a stride per axis. */
    public static void averageBackward(double[] upstream, int upstreamFrom, int channels, int height, int width,
            int windowH, int windowW, int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
            int outH, int outW, boolean countPadding, double[] gradIn, int gradInFrom) {
        for (int k = 0; k < channels * height * width; k++) {
            gradIn[gradInFrom + k] = 0.0;
        }
        for (int c = 0; c < channels; c++) {
            int plane = gradInFrom + c * height * width;
            for (int i = 0; i < outH; i++) {
                int top = strideH * i - padTop;
                int rows = extent(top, windowH, height, padBottom, countPadding);
                for (int j = 0; j < outW; j++) {
                    int left = strideW * j - padLeft;
                    int cells = rows * extent(left, windowW, width, padRight, countPadding);
                    double share = upstream[upstreamFrom + (c * outH + i) * outW + j] / cells;
                    for (int y = Math.max(top, 0); y < Math.min(top + windowH, height); y++) {
                        for (int x = Math.max(left, 0); x < Math.min(left + windowW, width); x++) {
                            gradIn[plane + y * width + x] += share;
                        }
                    }
                }
            }
        }
    }
}
