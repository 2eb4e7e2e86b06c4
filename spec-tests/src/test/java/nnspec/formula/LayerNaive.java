package nnspec.formula;

import java.util.function.ToDoubleFunction;
import org.opentest4j.AssertionFailedError;

/**
 * Independent, deliberately naive forms of the layer formulas, written from the printed formulas with nested
 * arrays and in the other direction from the runtime (gather where it scatters), so the registry's layer checks
 * do not take expected values from the kernels they test. Also the array assertions of the layer checks.
 */
final class LayerNaive {
    private LayerNaive() {
    }

    /**
     * One convolution configuration: flat arrays in the runtime's layout, with its sizes; a stride and a dilation
     * per axis (rows, columns), as PyTorch's {@code stride=(sh, sw)} and {@code dilation=(dh, dw)}.
     */
    record Conv(int channelsIn, int height, int width, int channelsOut, int kernelH, int kernelW, int strideH,
            int strideW, int dilationH, int dilationW, int padding, double[] input, double[] kernel, double[] bias) {
        /** One stride for both axes, no dilation. */
        Conv(int channelsIn, int height, int width, int channelsOut, int kernelH, int kernelW, int stride,
                int padding, double[] input, double[] kernel, double[] bias) {
            this(channelsIn, height, width, channelsOut, kernelH, kernelW, stride, stride, 1, 1, padding, input,
                    kernel, bias);
        }

        int outH() {
            return (height + 2 * padding - dilationH * (kernelH - 1) - 1) / strideH + 1;
        }

        int outW() {
            return (width + 2 * padding - dilationW * (kernelW - 1) - 1) / strideW + 1;
        }

        /** The input row that output row i reads at tap row m. */
        int row(int i, int m) {
            return strideH * i + dilationH * m - padding;
        }

        /** The input column that output column j reads at tap column n. */
        int column(int j, int n) {
            return strideW * j + dilationW * n - padding;
        }

        int outputs() {
            return channelsOut * outH() * outW();
        }

        double in(int c, int y, int x) {
            if (y < 0 || y >= height || x < 0 || x >= width) {
                return 0.0;
            }
            return input[(c * height + y) * width + x];
        }

        double k(int o, int c, int m, int n) {
            return kernel[((o * channelsIn + c) * kernelH + m) * kernelW + n];
        }

        Conv withInput(double[] newInput) {
            return new Conv(channelsIn, height, width, channelsOut, kernelH, kernelW, strideH, strideW, dilationH,
                    dilationW, padding, newInput, kernel, bias);
        }

        Conv withKernel(double[] newKernel) {
            return new Conv(channelsIn, height, width, channelsOut, kernelH, kernelW, strideH, strideW, dilationH,
                    dilationW, padding, input, newKernel, bias);
        }

        Conv withBias(double[] newBias) {
            return new Conv(channelsIn, height, width, channelsOut, kernelH, kernelW, strideH, strideW, dilationH,
                    dilationW, padding, input, kernel, newBias);
        }
    }

    /**
     * The printed 003_be7c2a3ed43414a9.txt form S(i, j) = sum_m sum_n I(i + m, j + n) K(m, n), summed over input
     * channels, with the stride on i and j, the dilation on m and n, and zero padding.
     */
    static double[] crossCorrelation(Conv c) {
        double[] out = new double[c.outputs()];
        for (int o = 0; o < c.channelsOut(); o++) {
            for (int i = 0; i < c.outH(); i++) {
                for (int j = 0; j < c.outW(); j++) {
                    double s = c.bias() == null ? 0.0 : c.bias()[o];
                    for (int ch = 0; ch < c.channelsIn(); ch++) {
                        for (int m = 0; m < c.kernelH(); m++) {
                            for (int n = 0; n < c.kernelW(); n++) {
                                s += c.in(ch, c.row(i, m), c.column(j, n)) * c.k(o, ch, m, n);
                            }
                        }
                    }
                    out[(o * c.outH() + i) * c.outW() + j] = s;
                }
            }
        }
        return out;
    }

    /** A true convolution, single channel, stride 1, valid: S(i, j) = sum I(i + kH - 1 - m, j + kW - 1 - n) K(m, n). */
    static double[] trueConvolution(Conv c) {
        double[] out = new double[c.outputs()];
        for (int i = 0; i < c.outH(); i++) {
            for (int j = 0; j < c.outW(); j++) {
                double s = 0.0;
                for (int m = 0; m < c.kernelH(); m++) {
                    for (int n = 0; n < c.kernelW(); n++) {
                        s += c.in(0, i + c.kernelH() - 1 - m, j + c.kernelW() - 1 - n) * c.k(0, 0, m, n);
                    }
                }
                out[i * c.outW() + j] = s;
            }
        }
        return out;
    }

    /**
     * The printed kernel gradient dL/dK(m, n) = sum_i sum_j dL/dS(i, j) I(sh i + dh m, sw j + dw n), per channel
     * pair.
     */
    static double[] kernelGradient(Conv c, double[] upstream) {
        double[] g = new double[c.kernel().length];
        for (int o = 0; o < c.channelsOut(); o++) {
            for (int ch = 0; ch < c.channelsIn(); ch++) {
                for (int m = 0; m < c.kernelH(); m++) {
                    for (int n = 0; n < c.kernelW(); n++) {
                        double s = 0.0;
                        for (int i = 0; i < c.outH(); i++) {
                            for (int j = 0; j < c.outW(); j++) {
                                s += upstream[(o * c.outH() + i) * c.outW() + j]
                                        * c.in(ch, c.row(i, m), c.column(j, n));
                            }
                        }
                        g[((o * c.channelsIn() + ch) * c.kernelH() + m) * c.kernelW() + n] = s;
                    }
                }
            }
        }
        return g;
    }

    /**
     * The input gradient as a full convolution, gathered: dI[c][y][x] = sum_o sum_u sum_v G~[o][y + u][x + v]
     * K[o][c][kH - 1 - u][kW - 1 - v], where G~ is the upstream gradient dilated by the stride (s - 1 zeros between
     * entries) and read as zero outside, shifted by the padding: the full cross-correlation of the dilated upstream
     * with the kernel rotated by 180 degrees. With a kernel dilation d the rotated kernel's taps are d apart, so
     * tap u sits at offset d u (and the full padding is d (kH - 1)); stride and dilation per axis.
     */
    static double[] inputGradientAsFullConvolution(Conv c, double[] upstream) {
        int dilatedH = (c.outH() - 1) * c.strideH() + 1;
        int dilatedW = (c.outW() - 1) * c.strideW() + 1;
        double[] g = new double[c.input().length];
        for (int ch = 0; ch < c.channelsIn(); ch++) {
            for (int y = 0; y < c.height(); y++) {
                for (int x = 0; x < c.width(); x++) {
                    double s = 0.0;
                    for (int o = 0; o < c.channelsOut(); o++) {
                        for (int u = 0; u < c.kernelH(); u++) {
                            for (int v = 0; v < c.kernelW(); v++) {
                                // full padding of d (kH - 1), less the forward padding
                                int dy = y + c.padding() + c.dilationH() * (u - (c.kernelH() - 1));
                                int dx = x + c.padding() + c.dilationW() * (v - (c.kernelW() - 1));
                                if (dy < 0 || dy >= dilatedH || dx < 0 || dx >= dilatedW
                                        || dy % c.strideH() != 0 || dx % c.strideW() != 0) {
                                    continue;
                                }
                                double up = upstream[(o * c.outH() + dy / c.strideH()) * c.outW()
                                        + dx / c.strideW()];
                                s += up * c.k(o, ch, c.kernelH() - 1 - u, c.kernelW() - 1 - v);
                            }
                        }
                    }
                    g[(ch * c.height() + y) * c.width() + x] = s;
                }
            }
        }
        return g;
    }

    /**
     * Pooling windows read directly, no padding: max (or mean) of in[c][sh i + m][sw j + n], m in [0, kh), n in
     * [0, kw).
     */
    static double[] pool(double[] in, int channels, int height, int width, int windowH, int windowW, int strideH,
            int strideW, boolean max) {
        int outH = (height - windowH) / strideH + 1;
        int outW = (width - windowW) / strideW + 1;
        double[] out = new double[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0.0;
                    for (int m = 0; m < windowH; m++) {
                        for (int n = 0; n < windowW; n++) {
                            double v = in[(c * height + strideH * i + m) * width + strideW * j + n];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    out[(c * outH + i) * outW + j] = max ? acc : acc / (windowH * windowW);
                }
            }
        }
        return out;
    }

    /** The smallest gap between the largest and second largest value of any max-pooling window (tie margin). */
    static double smallestWindowGap(double[] in, int channels, int height, int width, int windowH, int windowW,
            int strideH, int strideW) {
        int outH = (height - windowH) / strideH + 1;
        int outW = (width - windowW) / strideW + 1;
        double gap = Double.POSITIVE_INFINITY;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double first = Double.NEGATIVE_INFINITY;
                    double second = Double.NEGATIVE_INFINITY;
                    for (int m = 0; m < windowH; m++) {
                        for (int n = 0; n < windowW; n++) {
                            double v = in[(c * height + strideH * i + m) * width + strideW * j + n];
                            if (v > first) {
                                second = first;
                                first = v;
                            } else if (v > second) {
                                second = v;
                            }
                        }
                    }
                    gap = Math.min(gap, first - second);
                }
            }
        }
        return gap;
    }

    /** sum_k upstream_k f(x)_k: the scalar whose gradient a backward pass computes. */
    static ToDoubleFunction<double[]> pairing(java.util.function.Function<double[], double[]> f,
            double[] upstream) {
        return x -> {
            double[] y = f.apply(x);
            double s = 0.0;
            for (int k = 0; k < y.length; k++) {
                s += upstream[k] * y[k];
            }
            return s;
        };
    }

    static void assertArray(double[] expected, double[] actual, double tolerance, String context) {
        if (expected.length != actual.length) {
            throw new AssertionFailedError(context + ": expected " + expected.length + " values but got "
                    + actual.length);
        }
        for (int k = 0; k < expected.length; k++) {
            Checks.assertClose(expected[k], actual[k], tolerance, context + ", index " + k);
        }
    }

    static void assertArrayExactly(double[] expected, double[] actual, String context) {
        if (expected.length != actual.length) {
            throw new AssertionFailedError(context + ": expected " + expected.length + " values but got "
                    + actual.length);
        }
        for (int k = 0; k < expected.length; k++) {
            Checks.assertExactly(expected[k], actual[k], context + ", index " + k);
        }
    }
}
