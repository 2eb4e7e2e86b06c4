package nnspec.runtime;

/**
 * Two-dimensional convolution layer kernels: forward, and backward with respect to the kernel, the bias and the
 * input.
 *
 * <p><b>Cross-correlation, not convolution.</b> Like every mainstream framework (PyTorch {@code Conv2d}, Keras
 * {@code Conv2D}), the forward pass computes the cross-correlation S(i, j) = sum_m sum_n I(s i + m - pad,
 * s j + n - pad) K(m, n), the form 003_be7c2a3ed43414a9.txt prints under the name "convolution" in "Convolutional
 * Layer". A true convolution flips the kernel (I(i - m, j - n)); learning the kernel makes the two equivalent, but
 * numbers exchanged with a framework or a document must use this one.
 *
 * <p><b>Layout</b>, all row-major and flat, channel first (PyTorch's NCHW for one sample): input
 * {@code [channelsIn][height][width]}, kernel {@code [channelsOut][channelsIn][kernelH][kernelW]}, bias
 * {@code [channelsOut]}, output {@code [channelsOut][outH][outW]} with outH = {@link #outputSize}. Stride {@code s}
 * and dilation {@code d} are one number for both spatial axes or, in the per-axis overloads, a pair (rows,
 * columns), as PyTorch's {@code stride=(sh, sw)}; the zero padding may differ on each side (top, bottom, left,
 * right); no padding is "valid", and {@link #samePaddingTotal} gives "same".
 *
 * <p>Gradient conventions: the input gradient and the forward output are written; the kernel and bias gradients
 * are added to what the caller's buffers hold, so one buffer sums a batch (zero it first).
 */
public final class Convolution {
    private Convolution() {
    }

    /** Output length along one axis, symmetric padding, no dilation: {@link #outputSize(int, int, int, int, int, int)}. */
    public static int outputSize(int inputSize, int kernelSize, int stride, int padding) {
        return outputSize(inputSize, kernelSize, stride, padding, padding, 1);
    }

    /**
     * Output length along one axis: floor((in + before + after - d (k - 1) - 1) / s) + 1, as PyTorch's
     * {@code Conv2d} documents (with before = after = padding) and Keras's {@code Conv2D} computes.
     */
    public static int outputSize(int inputSize, int kernelSize, int stride, int padBefore, int padAfter,
            int dilation) {
        int span = inputSize + padBefore + padAfter - dilation * (kernelSize - 1) - 1;
        if (stride < 1 || dilation < 1 || padBefore < 0 || padAfter < 0 || kernelSize < 1 || span < 0) {
            throw new IllegalArgumentException("kernel " + kernelSize + " (dilation " + dilation
                    + ") does not fit input " + inputSize + " with padding " + padBefore + "," + padAfter
                    + " and stride " + stride);
        }
        return span / stride + 1;
    }

    /**
     * The zero padding of "same" convolution for stride 1: (k - 1) / 2 on each side, so the output has the input's
     * size. Only odd kernels pad symmetrically; for an even kernel see {@link #samePaddingBefore}.
     */
    public static int samePadding(int kernelSize) {
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("'same' padding needs an odd kernel size, got " + kernelSize);
        }
        return (kernelSize - 1) / 2;
    }

    /**
     * The total zero padding of "same" along one axis: the least that gives ceil(in / s) outputs,
     * max((ceil(in / s) - 1) s + d (k - 1) + 1 - in, 0), as Keras's and TensorFlow's {@code padding="same"}
     * (PyTorch's {@code padding='same'} is the stride-1 case: d (k - 1)).
     */
    public static int samePaddingTotal(int inputSize, int kernelSize, int stride, int dilation) {
        int out = (inputSize + stride - 1) / stride;
        return Math.max((out - 1) * stride + dilation * (kernelSize - 1) + 1 - inputSize, 0);
    }

    /**
     * The part of a "same" padding before the input (top or left): half the total, rounded down, so an odd total
     * puts its extra row or column after the input, as PyTorch, Keras and ONNX's SAME_UPPER do (ONNX's SAME_LOWER
     * puts it before).
     */
    public static int samePaddingBefore(int total) {
        return total / 2;
    }

    /**
     * LAYER-conv2d-forward: out[o][i][j] = bias[o] + sum_c sum_m sum_n in[c][s i + d m - top][s j + d n - left]
     * K[o][c][m][n], pixels outside the input reading 0 (zero padding); the padding after the input (bottom,
     * right) enters only through the output size {@code outH x outW} the caller gives. {@code bias} may be null
     * (no bias). Dilation d spaces the taps d pixels apart, as PyTorch's {@code dilation} and Keras's
     * {@code dilation_rate}.
     */
    public static void forward(double[] in, int inFrom, int channelsIn, int height, int width,
            double[] kernel, int kernelFrom, double[] bias, int biasFrom, int channelsOut, int kernelH, int kernelW,
            int stride, int dilation, int padTop, int padLeft, int outH, int outW, double[] out, int outFrom) {
        forward(in, inFrom, channelsIn, height, width, kernel, kernelFrom, bias, biasFrom, channelsOut, kernelH,
                kernelW, stride, stride, dilation, dilation, padTop, padLeft, outH, outW, out, outFrom);
    }

    /**
     * LAYER-conv2d-forward with a stride and a dilation per axis (PyTorch's {@code stride=(sh, sw)} and
     * {@code dilation=(dh, dw)}): out[o][i][j] = bias[o] + sum_c sum_m sum_n in[c][sh i + dh m - top][sw j + dw n -
     * left] K[o][c][m][n].
     */
    public static void forward(double[] in, int inFrom, int channelsIn, int height, int width,
            double[] kernel, int kernelFrom, double[] bias, int biasFrom, int channelsOut, int kernelH, int kernelW,
            int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW,
            double[] out, int outFrom) {
        for (int o = 0; o < channelsOut; o++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double sum = bias == null ? 0.0 : bias[biasFrom + o];
                    for (int c = 0; c < channelsIn; c++) {
                        int plane = inFrom + c * height * width;
                        int taps = kernelFrom + (o * channelsIn + c) * kernelH * kernelW;
                        for (int m = 0; m < kernelH; m++) {
                            int y = strideH * i + dilationH * m - padTop;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int n = 0; n < kernelW; n++) {
                                int x = strideW * j + dilationW * n - padLeft;
                                if (x >= 0 && x < width) {
                                    sum += in[plane + y * width + x] * kernel[taps + m * kernelW + n];
                                }
                            }
                        }
                    }
                    out[outFrom + (o * outH + i) * outW + j] = sum;
                }
            }
        }
    }

    /**
     * LAYER-conv2d-backward: dL/dK[o][c][m][n] += sum_i sum_j dL/dS[o][i][j] in[c][s i + d m - top][s j + d n -
     * left], the input cross-correlated with the upstream gradient (003_be7c2a3ed43414a9.txt, "Convolutional
     * Layer", prints it for s = 1, d = 1, no padding).
     */
    public static void kernelGradient(double[] in, int inFrom, int channelsIn, int height, int width,
            double[] upstream, int upstreamFrom, int channelsOut, int kernelH, int kernelW, int stride, int dilation,
            int padTop, int padLeft, int outH, int outW, double[] gradKernel, int gradKernelFrom) {
        kernelGradient(in, inFrom, channelsIn, height, width, upstream, upstreamFrom, channelsOut, kernelH, kernelW,
                stride, stride, dilation, dilation, padTop, padLeft, outH, outW, gradKernel, gradKernelFrom);
    }

    /**
     * LAYER-conv2d-backward with a stride and a dilation per axis: rows sh i + dh m - top, columns sw j + dw n -
     * left.
     */
    public static void kernelGradient(double[] in, int inFrom, int channelsIn, int height, int width,
            double[] upstream, int upstreamFrom, int channelsOut, int kernelH, int kernelW, int strideH, int strideW,
            int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW, double[] gradKernel,
            int gradKernelFrom) {
        for (int o = 0; o < channelsOut; o++) {
            for (int c = 0; c < channelsIn; c++) {
                int plane = inFrom + c * height * width;
                int taps = gradKernelFrom + (o * channelsIn + c) * kernelH * kernelW;
                for (int m = 0; m < kernelH; m++) {
                    for (int n = 0; n < kernelW; n++) {
                        double sum = 0.0;
                        for (int i = 0; i < outH; i++) {
                            int y = strideH * i + dilationH * m - padTop;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int j = 0; j < outW; j++) {
                                int x = strideW * j + dilationW * n - padLeft;
                                if (x >= 0 && x < width) {
                                    sum += upstream[upstreamFrom + (o * outH + i) * outW + j]
                                            * in[plane + y * width + x];
                                }
                            }
                        }
                        gradKernel[taps + m * kernelW + n] += sum;
                    }
                }
            }
        }
    }

    /** The bias gradient: dL/db[o] += sum_i sum_j dL/dS[o][i][j]. */
    public static void biasGradient(double[] upstream, int upstreamFrom, int channelsOut, int outH, int outW,
            double[] gradBias, int gradBiasFrom) {
        for (int o = 0; o < channelsOut; o++) {
            double sum = 0.0;
            int plane = upstreamFrom + o * outH * outW;
            for (int k = 0; k < outH * outW; k++) {
                sum += upstream[plane + k];
            }
            gradBias[gradBiasFrom + o] += sum;
        }
    }

    /** GRAD-conv-input for symmetric padding and no dilation: {@link #inputGradient(double[], int, double[], int, int, int, int, int, int, int, int, int, int, int, int, int, double[], int)}. */
    public static void inputGradient(double[] upstream, int upstreamFrom, double[] kernel, int kernelFrom,
            int channelsIn, int height, int width, int channelsOut, int kernelH, int kernelW, int stride,
            int padding, double[] gradIn, int gradInFrom) {
        inputGradient(upstream, upstreamFrom, kernel, kernelFrom, channelsIn, height, width, channelsOut, kernelH,
                kernelW, stride, 1, padding, padding, outputSize(height, kernelH, stride, padding),
                outputSize(width, kernelW, stride, padding), gradIn, gradInFrom);
    }

    /**
     * GRAD-conv-input: dL/dI[c][y][x] = sum_o sum_m sum_n dL/dS[o][i][j] K[o][c][m][n] over the (i, j) with
     * s i + d m - top = y and s j + d n - left = x. For stride 1 this is the "full" convolution of the upstream
     * gradient with the kernel, that is the full cross-correlation with the kernel rotated by 180 degrees; it is
     * computed here by scattering each upstream value back through the taps it was read by, which covers every
     * stride, dilation and padding. 003_be7c2a3ed43414a9.txt names this gradient ("Convolutional Layer") but
     * prints only the kernel's. Written (not added) to {@code gradIn}.
     */
    public static void inputGradient(double[] upstream, int upstreamFrom, double[] kernel, int kernelFrom,
            int channelsIn, int height, int width, int channelsOut, int kernelH, int kernelW, int stride,
            int dilation, int padTop, int padLeft, int outH, int outW, double[] gradIn, int gradInFrom) {
        inputGradient(upstream, upstreamFrom, kernel, kernelFrom, channelsIn, height, width, channelsOut, kernelH,
                kernelW, stride, stride, dilation, dilation, padTop, padLeft, outH, outW, gradIn, gradInFrom);
    }

    /** GRAD-conv-input with a stride and a dilation per axis, as {@link #forward} reads the input. */
    public static void inputGradient(double[] upstream, int upstreamFrom, double[] kernel, int kernelFrom,
            int channelsIn, int height, int width, int channelsOut, int kernelH, int kernelW, int strideH,
            int strideW, int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW, double[] gradIn,
            int gradInFrom) {
        for (int k = 0; k < channelsIn * height * width; k++) {
            gradIn[gradInFrom + k] = 0.0;
        }
        for (int o = 0; o < channelsOut; o++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double g = upstream[upstreamFrom + (o * outH + i) * outW + j];
                    for (int c = 0; c < channelsIn; c++) {
                        int plane = gradInFrom + c * height * width;
                        int taps = kernelFrom + (o * channelsIn + c) * kernelH * kernelW;
                        for (int m = 0; m < kernelH; m++) {
                            int y = strideH * i + dilationH * m - padTop;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int n = 0; n < kernelW; n++) {
                                int x = strideW * j + dilationW * n - padLeft;
                                if (x >= 0 && x < width) {
                                    gradIn[plane + y * width + x] += g * kernel[taps + m * kernelW + n];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The trace name of parameter {@code k} (counted from the layer's first) of a convolution named {@code layer}:
     * {@code layer.w[o][c][m][n]} (filter o, input channel c, tap row m, tap column n) or {@code layer.b[o]}.
     */
    public static String parameterName(int k, String layer, int channelsIn, int kernelH, int kernelW,
            int channelsOut) {
        int perFilter = channelsIn * kernelH * kernelW;
        int taps = kernelH * kernelW;
        if (k < 0 || k >= channelsOut * (perFilter + 1)) {
            throw new IndexOutOfBoundsException("parameter " + k + " of " + layer);
        }
        if (k >= channelsOut * perFilter) {
            return layer + ".b[" + (k - channelsOut * perFilter) + "]";
        }
        return "%s.w[%d][%d][%d][%d]".formatted(layer, k / perFilter, k % perFilter / taps, k % taps / kernelW,
                k % kernelW);
    }
}
