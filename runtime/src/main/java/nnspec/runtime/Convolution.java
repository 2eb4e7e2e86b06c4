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
 * and a symmetric zero padding {@code pad} apply to both spatial axes; pad 0 is "valid", and
 * {@link #samePadding} gives "same" for stride 1 and an odd kernel.
 *
 * <p>Gradient conventions: the input gradient and the forward output are written; the kernel and bias gradients
 * are added to what the caller's buffers hold, so one buffer sums a batch (zero it first).
 */
public final class Convolution {
    private Convolution() {
    }

    /** Output length along one axis: floor((in + 2 pad - kernel) / stride) + 1, as PyTorch and Keras. */
    public static int outputSize(int inputSize, int kernelSize, int stride, int padding) {
        int span = inputSize + 2 * padding - kernelSize;
        if (stride < 1 || padding < 0 || span < 0) {
            throw new IllegalArgumentException("kernel " + kernelSize + " does not fit input " + inputSize
                    + " with padding " + padding + " and stride " + stride);
        }
        return span / stride + 1;
    }

    /**
     * The zero padding of "same" convolution for stride 1: (k - 1) / 2 on each side, so the output has the input's
     * size. Only odd kernels pad symmetrically; an even kernel needs one more row on one side, which this layout
     * does not take.
     */
    public static int samePadding(int kernelSize) {
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("'same' padding needs an odd kernel size, got " + kernelSize);
        }
        return (kernelSize - 1) / 2;
    }

    /**
     * LAYER-conv2d-forward: out[o][i][j] = bias[o] + sum_c sum_m sum_n in[c][s i + m - pad][s j + n - pad]
     * K[o][c][m][n], pixels outside the input reading 0. {@code bias} may be null (no bias).
     */
    public static void crossCorrelate2d(double[] in, int inFrom, int channelsIn, int height, int width,
            double[] kernel, int kernelFrom, int channelsOut, int kernelH, int kernelW,
            double[] bias, int biasFrom, int stride, int padding, double[] out, int outFrom) {
        int outH = outputSize(height, kernelH, stride, padding);
        int outW = outputSize(width, kernelW, stride, padding);
        for (int o = 0; o < channelsOut; o++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double sum = bias == null ? 0.0 : bias[biasFrom + o];
                    for (int c = 0; c < channelsIn; c++) {
                        int plane = inFrom + c * height * width;
                        int taps = kernelFrom + (o * channelsIn + c) * kernelH * kernelW;
                        for (int m = 0; m < kernelH; m++) {
                            int y = stride * i + m - padding;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int n = 0; n < kernelW; n++) {
                                int x = stride * j + n - padding;
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
     * LAYER-conv2d-backward: dL/dK[o][c][m][n] += sum_i sum_j dL/dS[o][i][j] in[c][s i + m - pad][s j + n - pad],
     * the input cross-correlated with the upstream gradient (003_be7c2a3ed43414a9.txt, "Convolutional Layer",
     * prints it for s = 1, pad = 0).
     */
    public static void kernelGradient(double[] in, int inFrom, int channelsIn, int height, int width,
            double[] upstream, int upstreamFrom, int channelsOut, int kernelH, int kernelW, int stride, int padding,
            double[] gradKernel, int gradKernelFrom) {
        int outH = outputSize(height, kernelH, stride, padding);
        int outW = outputSize(width, kernelW, stride, padding);
        for (int o = 0; o < channelsOut; o++) {
            for (int c = 0; c < channelsIn; c++) {
                int plane = inFrom + c * height * width;
                int taps = gradKernelFrom + (o * channelsIn + c) * kernelH * kernelW;
                for (int m = 0; m < kernelH; m++) {
                    for (int n = 0; n < kernelW; n++) {
                        double sum = 0.0;
                        for (int i = 0; i < outH; i++) {
                            int y = stride * i + m - padding;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int j = 0; j < outW; j++) {
                                int x = stride * j + n - padding;
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

    /**
     * GRAD-conv-input: dL/dI[c][y][x] = sum_o sum_m sum_n dL/dS[o][i][j] K[o][c][m][n] over the (i, j) with
     * s i + m - pad = y and s j + n - pad = x. For stride 1 this is the "full" convolution of the upstream gradient
     * with the kernel, that is the full cross-correlation with the kernel rotated by 180 degrees; it is computed
     * here by scattering each upstream value back through the taps it was read by, which covers every stride and
     * padding. 003_be7c2a3ed43414a9.txt names this gradient ("Convolutional Layer") but prints only the kernel's.
     * Written (not added) to {@code gradIn}.
     */
    public static void inputGradient(double[] upstream, int upstreamFrom, double[] kernel, int kernelFrom,
            int channelsIn, int height, int width, int channelsOut, int kernelH, int kernelW, int stride,
            int padding, double[] gradIn, int gradInFrom) {
        int outH = outputSize(height, kernelH, stride, padding);
        int outW = outputSize(width, kernelW, stride, padding);
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
                            int y = stride * i + m - padding;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int n = 0; n < kernelW; n++) {
                                int x = stride * j + n - padding;
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
}
