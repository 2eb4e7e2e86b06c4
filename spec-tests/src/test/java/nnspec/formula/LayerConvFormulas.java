package nnspec.formula;

import nnspec.model.Document;
import java.util.ArrayList;
import java.util.List;
import nnspec.formula.LayerNaive.Conv;
import nnspec.runtime.Convolution;
import nnspec.runtime.Pooling;
import org.apache.commons.rng.UniformRandomProvider;
import org.opentest4j.AssertionFailedError;

/** Registry entries of the convolution and pooling kernels (LAYER-conv2d-*, GRAD-conv-input, LAYER-*pool*). */
final class LayerConvFormulas {
    static final String D3 = Document.D003.fileName();
    static final String CONV = D3 + ", \"Convolutional Layer\"";
    static final String POOL = D3 + ", \"Pooling Layer\"";
    static final double TOL = 1e-9;
    /** Cases per generated check: each runs a finite-difference gradient over every coordinate. */
    static final int CASES = 60;

    /** The hand-worked image: I = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], K = [[1, 2], [3, 4]]. */
    static final Conv HAND = new Conv(1, 3, 3, 1, 2, 2, 1, 0, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
            new double[] {1, 2, 3, 4}, null);

    private LayerConvFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(convForward());
        all.add(convKernelBackward());
        all.add(convInputBackward());
        all.add(maxPoolForward());
        all.add(averagePoolForward());
        all.add(maxPoolBackward());
        all.add(averagePoolBackward());
        return all;
    }

    static double[] forward(Conv c) {
        double[] out = new double[c.outputs()];
        // the per-axis kernel the plan calls: symmetric padding is top = left = padding, the output size the caller's
        Convolution.forward(c.input(), 0, c.channelsIn(), c.height(), c.width(), c.kernel(), 0, c.bias(), 0,
                c.channelsOut(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(),
                c.padding(), c.padding(), c.outH(), c.outW(), out, 0);
        return out;
    }

    static double[] kernelGradient(Conv c, double[] upstream) {
        double[] g = new double[c.kernel().length];
        Convolution.kernelGradient(c.input(), 0, c.channelsIn(), c.height(), c.width(), upstream, 0,
                c.channelsOut(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(),
                c.padding(), c.padding(), c.outH(), c.outW(), g, 0);
        return g;
    }

    static double[] inputGradient(Conv c, double[] upstream) {
        double[] g = new double[c.input().length];
        Convolution.inputGradient(upstream, 0, c.kernel(), 0, c.channelsIn(), c.height(), c.width(),
                c.channelsOut(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(),
                c.padding(), c.padding(), c.outH(), c.outW(), g, 0);
        return g;
    }

    /**
     * A generated configuration: 1-2 channels in and out, kernels 1-3, stride 1-2 and dilation 1-2 drawn for each
     * axis apart, padding 0-1, values in [-2, 2].
     */
    static Conv generate(UniformRandomProvider random) {
        int cin = 1 + random.nextInt(2);
        int cout = 1 + random.nextInt(2);
        int kh = 1 + random.nextInt(3);
        int kw = 1 + random.nextInt(3);
        int sh = 1 + random.nextInt(2);
        int sw = 1 + random.nextInt(2);
        int dh = 1 + random.nextInt(2);
        int dw = 1 + random.nextInt(2);
        int pad = random.nextInt(2);
        int h = dh * (kh - 1) + 1 + random.nextInt(4);
        int w = dw * (kw - 1) + 1 + random.nextInt(4);
        return new Conv(cin, h, w, cout, kh, kw, sh, sw, dh, dw, pad, Cases.uniform(random, cin * h * w, -2, 2),
                Cases.uniform(random, cout * cin * kh * kw, -2, 2), Cases.uniform(random, cout, -2, 2));
    }

    private static Formula convForward() {
        return new Formula("LAYER-conv2d-forward", "2-D cross-correlation, channels, stride and dilation per axis,"
                + " zero padding", "Convolution.forward (one stride and dilation, or one per axis),"
                + " Convolution.outputSize, Convolution.samePadding",
                List.of(CONV, "PyTorch torch.nn.Conv2d documentation (cross-correlation, output size)"),
                List.of("cross-correlation (no kernel flip), as PyTorch Conv2d and Keras Conv2D",
                        "layout [channels][height][width], kernel [out][in][kH][kW]",
                        "output size floor((n + 2 pad - k) / s) + 1; 'same' = pad (k - 1) / 2 for odd k, stride 1"),
                TOL, List.of(
                        new Check("values of a hand-worked 3x3 image and 2x2 kernel: [37, 47, 67, 77] (hand)", () ->
                                LayerNaive.assertArrayExactly(new double[] {37, 47, 67, 77}, forward(HAND), "S")),
                        new Check("values with stride 2 on the 4x4 image 1..16: [44, 64, 124, 144] (hand)", () -> {
                            double[] image = new double[16];
                            for (int k = 0; k < 16; k++) {
                                image[k] = k + 1;
                            }
                            Conv c = new Conv(1, 4, 4, 1, 2, 2, 2, 0, image, new double[] {1, 2, 3, 4}, null);
                            LayerNaive.assertArrayExactly(new double[] {44, 64, 124, 144}, forward(c), "S");
                        }),
                        new Check("'same' padding, 3x3 box kernel: the 3x3 neighbourhood sums of 1..9 (hand)", () -> {
                            int pad = Convolution.samePadding(3);
                            Conv c = new Conv(1, 3, 3, 1, 3, 3, 1, pad, HAND.input(), new double[] {1, 1, 1, 1, 1, 1,
                                1, 1, 1}, new double[] {0.5});
                            LayerNaive.assertArrayExactly(new double[] {12.5, 21.5, 16.5, 27.5, 45.5, 33.5, 24.5,
                                39.5, 28.5}, forward(c), "S");
                            Checks.assertExactly(3, Convolution.outputSize(3, 3, 1, pad), "same output size");
                        }),
                        new Check("equals the printed S(i, j) = sum I(i + m, j + n) K(m, n), extended over channels,"
                                + " stride and dilation per axis, and padding, at " + CASES
                                + " generated configurations (naive loops)", () ->
                                Cases.run(CASES, Checks.SEED, 10, (random, size) -> {
                                    Conv c = generate(random);
                                    LayerNaive.assertArray(LayerNaive.crossCorrelation(c), forward(c), 1e-12, "S");
                                })),
                        new Check("printed form named convolution is the cross-correlation: a true convolution"
                                + " (flipped kernel) gives [23, 33, 53, 63] (hand), which the kernel reproduces only"
                                + " with the 180-degree rotated kernel", () -> {
                                    double[] trueConv = LayerNaive.trueConvolution(HAND);
                                    LayerNaive.assertArrayExactly(new double[] {23, 33, 53, 63}, trueConv, "true");
                                    if (java.util.Arrays.equals(trueConv, forward(HAND))) {
                                        throw new AssertionFailedError("convolution and correlation coincide here");
                                    }
                                    LayerNaive.assertArrayExactly(trueConv,
                                            forward(HAND.withKernel(new double[] {4, 3, 2, 1})), "rotated kernel");
                                }),
                        new Check("stride 1x2 on the 4x4 image 1..16: 3 rows by 2 columns, [44, 64, 84, 104, 124, 144]"
                                + " (hand: (0,0) = 1*1 + 2*2 + 3*5 + 4*6, (0,1) two columns on, each row down +40)",
                                () -> {
                                    double[] image = new double[16];
                                    for (int k = 0; k < 16; k++) {
                                        image[k] = k + 1;
                                    }
                                    Conv c = new Conv(1, 4, 4, 1, 2, 2, 1, 2, 1, 1, 0, image, new double[] {1, 2, 3, 4},
                                            null);
                                    LayerNaive.assertArrayExactly(new double[] {44, 64, 84, 104, 124, 144}, forward(c),
                                            "S");
                                }),
                        new Check("output sizes (closed form): 3-2+1, (4-2)/2+1, (5+2-3)/2+1, (7-3)/2+1 floor", () -> {
                            Checks.assertExactly(2, Convolution.outputSize(3, 2, 1, 0), "3,2,1,0");
                            Checks.assertExactly(2, Convolution.outputSize(4, 2, 2, 0), "4,2,2,0");
                            Checks.assertExactly(3, Convolution.outputSize(5, 3, 2, 1), "5,3,2,1");
                            Checks.assertExactly(3, Convolution.outputSize(7, 3, 2, 0), "7,3,2,0");
                        })));
    }

    private static Formula convKernelBackward() {
        return new Formula("LAYER-conv2d-backward", "kernel and bias gradient",
                "Convolution.kernelGradient (per-axis stride and dilation), Convolution.biasGradient",
                List.of(CONV),
                List.of("dL/dK[o][c][m][n] = sum_ij dL/dS[o][i][j] I[c][sh i + dh m - pad][sw j + dw n - pad] (input"
                        + " cross-correlated with the upstream gradient)",
                        "parameter gradients are added to the buffer"),
                TOL, List.of(
                        new Check("values for the hand image: upstream all ones gives [12, 16, 24, 28], upstream"
                                + " e_(0,0) gives the top-left patch [1, 2, 4, 5]; bias gradient 4 (hand)", () -> {
                                    LayerNaive.assertArrayExactly(new double[] {12, 16, 24, 28},
                                            kernelGradient(HAND, new double[] {1, 1, 1, 1}), "dK ones");
                                    LayerNaive.assertArrayExactly(new double[] {1, 2, 4, 5},
                                            kernelGradient(HAND, new double[] {1, 0, 0, 0}), "dK e00");
                                    double[] db = {10};
                                    Convolution.biasGradient(new double[] {1, 1, 1, 1}, 0, 1, 2, 2, db, 0);
                                    Checks.assertExactly(14, db[0], "bias gradient added to 10");
                                }),
                        new Check("equals the printed dL/dK = sum_ij dL/dS(i, j) I(i + m, j + n) (with stride and"
                                + " dilation per axis, and padding) at " + CASES + " generated configurations (naive"
                                + " loops)", () ->
                                Cases.run(CASES, Checks.SEED + 10, 10, (random, size) -> {
                                    Conv c = generate(random);
                                    double[] up = Cases.uniform(random, c.outputs(), -1, 1);
                                    LayerNaive.assertArray(LayerNaive.kernelGradient(c, up), kernelGradient(c, up),
                                            1e-12, "dK");
                                })),
                        new Check("kernel and bias gradients vs central finite differences of sum(upstream * S) at "
                                + CASES + " generated configurations", () ->
                                Cases.run(CASES, Checks.SEED + 20, 10, (random, size) -> {
                                    Conv c = generate(random);
                                    double[] up = Cases.uniform(random, c.outputs(), -1, 1);
                                    Checks.assertGradient(LayerNaive.pairing(k -> forward(c.withKernel(k)), up),
                                            c.kernel(), kernelGradient(c, up), TOL, "dL/dK");
                                    double[] db = new double[c.channelsOut()];
                                    Convolution.biasGradient(up, 0, c.channelsOut(), c.outH(), c.outW(), db, 0);
                                    Checks.assertGradient(LayerNaive.pairing(b -> forward(c.withBias(b)), up),
                                            c.bias(), db, TOL, "dL/db");
                                }))));
    }

    private static Formula convInputBackward() {
        return new Formula("GRAD-conv-input", "input gradient: full convolution of the upstream with the kernel",
                "Convolution.inputGradient (per-axis stride and dilation)",
                List.of(CONV + " (named, not printed)", "PyTorch torch.nn.grad.conv2d_input documentation"),
                List.of("stride 1: the full cross-correlation of the upstream gradient with the 180-degree rotated"
                        + " kernel; stride s: of the upstream dilated by s; dilation d: the kernel's taps d apart",
                        "written, not added"),
                TOL, List.of(
                        new Check("values for the hand kernel, upstream all ones: [[1, 3, 2], [4, 10, 6], [3, 7, 4]]"
                                + " (hand)", () -> LayerNaive.assertArrayExactly(new double[] {1, 3, 2, 4, 10, 6, 3, 7,
                                    4}, inputGradient(HAND, new double[] {1, 1, 1, 1}), "dI")),
                        new Check("equals the full convolution of the (dilated) upstream with the flipped kernel,"
                                + " gathered, at " + CASES + " generated configurations (naive loops)", () ->
                                Cases.run(CASES, Checks.SEED + 30, 10, (random, size) -> {
                                    Conv c = generate(random);
                                    double[] up = Cases.uniform(random, c.outputs(), -1, 1);
                                    LayerNaive.assertArray(LayerNaive.inputGradientAsFullConvolution(c, up),
                                            inputGradient(c, up), 1e-12, "dI");
                                })),
                        new Check("vs central finite differences of sum(upstream * S) at " + CASES
                                + " generated configurations", () ->
                                Cases.run(CASES, Checks.SEED + 40, 10, (random, size) -> {
                                    Conv c = generate(random);
                                    double[] up = Cases.uniform(random, c.outputs(), -1, 1);
                                    Checks.assertGradient(LayerNaive.pairing(x -> forward(c.withInput(x)), up),
                                            c.input(), inputGradient(c, up), TOL, "dL/dI");
                                }))));
    }

    /** The hand-worked 4x4 pooling image. */
    static final double[] POOL_IMAGE = {
        1, 3, 2, 1,
        4, 2, 0, 1,
        5, 6, 1, 2,
        7, 8, 3, 4};

    static double[] maxPool(double[] in, int channels, int h, int w, int p, int s, int[] argmax) {
        int outH = Pooling.outputSize(h, p, s);
        int outW = Pooling.outputSize(w, p, s);
        double[] out = new double[channels * outH * outW];
        Pooling.maxForward(in, 0, channels, h, w, p, s, out, 0, argmax, 0);
        return out;
    }

    static double[] avgPool(double[] in, int channels, int h, int w, int p, int s) {
        double[] out = new double[channels * Pooling.outputSize(h, p, s) * Pooling.outputSize(w, p, s)];
        Pooling.averageForward(in, 0, channels, h, w, p, s, out, 0);
        return out;
    }

    /**
     * Max pooling of a {@code kh x kw} window with strides (sh, sw), no padding: the runtime's per-axis overload, the
     * one the plan calls for a stride pair.
     */
    static double[] maxPool(double[] in, int channels, int h, int w, int kh, int kw, int sh, int sw, int[] argmax) {
        int outH = Pooling.outputSize(h, kh, sh);
        int outW = Pooling.outputSize(w, kw, sw);
        double[] out = new double[channels * outH * outW];
        Pooling.maxForward(in, 0, channels, h, w, kh, kw, sh, sw, 0, 0, outH, outW, out, 0, argmax, 0);
        return out;
    }

    /** Average pooling of a {@code kh x kw} window with strides (sh, sw), no padding (so every cell counts). */
    static double[] avgPool(double[] in, int channels, int h, int w, int kh, int kw, int sh, int sw) {
        int outH = Pooling.outputSize(h, kh, sh);
        int outW = Pooling.outputSize(w, kw, sw);
        double[] out = new double[channels * outH * outW];
        Pooling.averageForward(in, 0, channels, h, w, kh, kw, sh, sw, 0, 0, 0, 0, outH, outW, true, out, 0);
        return out;
    }

    /** dL/dI of average pooling of a {@code kh x kw} window with strides (sh, sw), no padding. */
    static double[] avgPoolBackward(double[] up, int channels, int h, int w, int kh, int kw, int sh, int sw) {
        double[] g = new double[channels * h * w];
        Pooling.averageBackward(up, 0, channels, h, w, kh, kw, sh, sw, 0, 0, 0, 0, Pooling.outputSize(h, kh, sh),
                Pooling.outputSize(w, kw, sw), true, g, 0);
        return g;
    }

    /**
     * A generated pooling case: channels 1-2, a window of 1-3 rows by 1-3 columns and a stride of 1-3 per axis,
     * drawn independently (so mostly non-square windows and unequal strides), values in [-3, 3].
     */
    record PoolCase(int channels, int height, int width, int windowH, int windowW, int strideH, int strideW,
            double[] input) {
        int outputs() {
            return channels * Pooling.outputSize(height, windowH, strideH) * Pooling.outputSize(width, windowW,
                    strideW);
        }

        double[] max(double[] x, int[] argmax) {
            return maxPool(x, channels, height, width, windowH, windowW, strideH, strideW, argmax);
        }

        double[] average(double[] x) {
            return avgPool(x, channels, height, width, windowH, windowW, strideH, strideW);
        }

        double[] naive(boolean max) {
            return LayerNaive.pool(input, channels, height, width, windowH, windowW, strideH, strideW, max);
        }
    }

    static PoolCase generatePool(UniformRandomProvider random, boolean awayFromTies) {
        while (true) {
            int channels = 1 + random.nextInt(2);
            int kh = 1 + random.nextInt(3);
            int kw = 1 + random.nextInt(3);
            int sh = 1 + random.nextInt(3);
            int sw = 1 + random.nextInt(3);
            int h = kh + random.nextInt(4);
            int w = kw + random.nextInt(4);
            double[] in = Cases.uniform(random, channels * h * w, -3, 3);
            // three finite-difference steps on each side may not reorder a window's top two
            if (!awayFromTies || kh * kw == 1
                    || LayerNaive.smallestWindowGap(in, channels, h, w, kh, kw, sh, sw) > 0.01) {
                return new PoolCase(channels, h, w, kh, kw, sh, sw, in);
            }
        }
    }

    private static Formula maxPoolForward() {
        return new Formula("LAYER-maxpool-forward", "max pooling, kh x kw window, stride (sh, sw)",
                "Pooling.maxForward, Pooling.outputSize",
                List.of(POOL, "PyTorch torch.nn.MaxPool2d documentation (stride defaults to the window)",
                        "PyTorch aten/src/ATen/native/cpu/MaxPoolKernel.cpp (ties: first maximum; NaN propagates)"),
                List.of("P(i, j) = max_{m < kh, n < kw} I(sh i + m, sw j + n); s = p for the usual non-overlapping"
                        + " p x p layer",
                        "ties: the first maximum in row-major window order (PyTorch)"),
                TOL, List.of(
                        new Check("values of a hand-worked 4x4 image, 2x2 windows, stride 2: [4, 2, 8, 4] (hand)", () ->
                                LayerNaive.assertArrayExactly(new double[] {4, 2, 8, 4},
                                        maxPool(POOL_IMAGE, 1, 4, 4, 2, 2, new int[4]), "P")),
                        new Check("non-square window and per-axis stride: the 4x4 image, 2x3 windows, stride (2, 1):"
                                + " rows 0-1 x columns 0-2 {1,3,2,4,2,0} max 4 at index 4; rows 0-1 x columns 1-3"
                                + " {3,2,1,2,0,1} max 3 at 1; rows 2-3 x columns 0-2 {5,6,1,7,8,3} max 8 at 13;"
                                + " rows 2-3 x columns 1-3 {6,1,2,8,3,4} max 8 at 13 (hand)", () -> {
                                    int[] argmax = new int[4];
                                    LayerNaive.assertArrayExactly(new double[] {4, 3, 8, 8},
                                            maxPool(POOL_IMAGE, 1, 4, 4, 2, 3, 2, 1, argmax), "P");
                                    LayerNaive.assertArrayExactly(new double[] {4, 1, 13, 13},
                                            java.util.Arrays.stream(argmax).asDoubleStream().toArray(), "arg-max");
                                }),
                        new Check("3x2 windows, stride (1, 2), with a tie: rows 0-2 x columns 0-1 {1,3,4,2,5,6} max"
                                + " 6 at index 9; rows 0-2 x columns 2-3 {2,1,0,1,1,2} max 2 at index 2 (first) and"
                                + " 11; rows 1-3 x columns 0-1 {4,2,5,6,7,8} max 8 at 13; rows 1-3 x columns 2-3"
                                + " {0,1,1,2,3,4} max 4 at 15 (hand)", () -> {
                                    int[] argmax = new int[4];
                                    LayerNaive.assertArrayExactly(new double[] {6, 2, 8, 4},
                                            maxPool(POOL_IMAGE, 1, 4, 4, 3, 2, 1, 2, argmax), "P");
                                    LayerNaive.assertArrayExactly(new double[] {9, 2, 13, 15},
                                            java.util.Arrays.stream(argmax).asDoubleStream().toArray(), "arg-max");
                                }),
                        new Check("equals the window maxima read directly at " + CASES + " generated cases, windows"
                                + " kh x kw and strides (sh, sw) drawn per axis (naive loops)", () ->
                                Cases.run(CASES, Checks.SEED + 50, 10, (random, size) -> {
                                    PoolCase c = generatePool(random, false);
                                    LayerNaive.assertArrayExactly(c.naive(true), c.max(c.input(),
                                            new int[c.outputs()]), "P");
                                })),
                        new Check("printed P(i, j) = max I(i + m, j + n) has no stride: on the 4x4 image it slides"
                                + " by 1 and gives 3x3 [4, 3, 2, 6, 6, 2, 8, 8, 4] (hand), not the 2x2 of p x p"
                                + " pooling; with I(p i + m, p j + n) it matches the kernel", () -> {
                                    LayerNaive.assertArrayExactly(new double[] {4, 3, 2, 6, 6, 2, 8, 8, 4},
                                            maxPool(POOL_IMAGE, 1, 4, 4, 2, 1, new int[9]), "stride 1 as printed");
                                    Checks.assertExactly(2, Pooling.outputSize(4, 2, 2), "p x p pooling output size");
                                }),
                        new Check("exactly the first maximum in row-major order at a tie: window [[2, 2], [2, 1]]"
                                + " routes to index 0; [[1, 2], [2, 2]] to index 1", () -> {
                                    int[] argmax = new int[1];
                                    maxPool(new double[] {2, 2, 2, 1}, 1, 2, 2, 2, 2, argmax);
                                    Checks.assertExactly(0, argmax[0], "tie of three");
                                    maxPool(new double[] {1, 2, 2, 2}, 1, 2, 2, 2, 2, argmax);
                                    Checks.assertExactly(1, argmax[0], "tie of three after a smaller value");
                                }),
                        new Check("a NaN in the window propagates and is the arg-max: [1, NaN, 3, 2] gives NaN at"
                                + " index 1 (PyTorch's CPU kernel)", () -> {
                                    int[] argmax = new int[1];
                                    double[] out = maxPool(new double[] {1, Double.NaN, 3, 2}, 1, 2, 2, 2, 2, argmax);
                                    if (!Double.isNaN(out[0])) {
                                        throw new AssertionFailedError("expected NaN but was " + out[0]);
                                    }
                                    Checks.assertExactly(1, argmax[0], "arg-max of NaN");
                                })));
    }

    private static Formula averagePoolForward() {
        return new Formula("LAYER-avgpool-forward", "average pooling, kh x kw window, stride (sh, sw)",
                "Pooling.averageForward, Pooling.outputSize",
                List.of(POOL + " (described, not printed)", "PyTorch torch.nn.AvgPool2d documentation"),
                List.of("P(i, j) = (1 / (kh kw)) sum_{m < kh, n < kw} I(sh i + m, sw j + n)", "no padding"),
                TOL, List.of(
                        new Check("values of the hand-worked 4x4 image, 2x2, stride 2: [5/2, 1, 13/2, 5/2] (hand,"
                                + " exact fractions)", () -> LayerNaive.assertArrayExactly(new double[] {5.0 / 2, 1,
                                    13.0 / 2, 5.0 / 2}, avgPool(POOL_IMAGE, 1, 4, 4, 2, 2), "P")),
                        new Check("non-square windows and per-axis strides on the 4x4 image: 2x3, stride (2, 1),"
                                + " window sums 12, 9, 30, 24 over 6 cells give [2, 3/2, 5, 4]; 3x2, stride (1, 2),"
                                + " sums 21, 7, 32, 11 give [21/6, 7/6, 32/6, 11/6] (hand; integer sums are exact,"
                                + " so each mean is one rounding of the fraction)", () -> {
                                    LayerNaive.assertArrayExactly(new double[] {2, 1.5, 5, 4},
                                            avgPool(POOL_IMAGE, 1, 4, 4, 2, 3, 2, 1), "P 2x3");
                                    LayerNaive.assertArrayExactly(new double[] {21.0 / 6, 7.0 / 6, 32.0 / 6, 11.0 / 6},
                                            avgPool(POOL_IMAGE, 1, 4, 4, 3, 2, 1, 2), "P 3x2");
                                }),
                        new Check("equals the window means read directly at " + CASES + " generated cases, windows"
                                + " kh x kw and strides (sh, sw) drawn per axis (naive loops)", () ->
                                Cases.run(CASES, Checks.SEED + 60, 10, (random, size) -> {
                                    PoolCase c = generatePool(random, false);
                                    LayerNaive.assertArray(c.naive(false), c.average(c.input()), 1e-12, "P");
                                })),
                        new Check("average pooling of a constant image is that constant (property, dyadic constants"
                                + " so exact) at " + CASES + " generated cases", () ->
                                Cases.run(CASES, Checks.SEED + 70, 10, (random, size) -> {
                                    PoolCase c = generatePool(random, false);
                                    double constant = (random.nextInt(64) - 32) / 8.0;
                                    double[] in = new double[c.input().length];
                                    java.util.Arrays.fill(in, constant);
                                    double[] out = c.average(in);
                                    for (double v : out) {
                                        Checks.assertClose(constant, v, 1e-15, "constant " + constant);
                                    }
                                }))));
    }

    private static Formula maxPoolBackward() {
        return new Formula("LAYER-pool-backward", "max pooling: route to the arg-max",
                "Pooling.maxBackward (arg-max from Pooling.maxForward)",
                List.of(POOL),
                List.of("the upstream value goes to the arg-max of its window, 0 elsewhere; overlapping windows add",
                        "tie: the first maximum in row-major order (PyTorch); generated points keep 0.01 from ties"),
                TOL, List.of(
                        new Check("values on the hand image, upstream [1, 2, 3, 4]: 1 at the 4, 2 at the 2, 3 at the"
                                + " 8, 4 at the 4, 0 elsewhere (hand)", () -> {
                                    int[] argmax = new int[4];
                                    maxPool(POOL_IMAGE, 1, 4, 4, 2, 2, argmax);
                                    double[] g = new double[16];
                                    Pooling.maxBackward(new double[] {1, 2, 3, 4}, 0, argmax, 0, 4, g, 0, 16);
                                    LayerNaive.assertArrayExactly(new double[] {0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                                        3, 0, 4}, g, "dI");
                                }),
                        new Check("exactly at a tie: window [[2, 2], [2, 1]] with upstream 5 gives [5, 0, 0, 0]"
                                + " (first index, the subgradient PyTorch takes)", () -> {
                                    int[] argmax = new int[1];
                                    maxPool(new double[] {2, 2, 2, 1}, 1, 2, 2, 2, 2, argmax);
                                    double[] g = new double[4];
                                    Pooling.maxBackward(new double[] {5}, 0, argmax, 0, 1, g, 0, 4);
                                    LayerNaive.assertArrayExactly(new double[] {5, 0, 0, 0}, g, "dI at tie");
                                }),
                        new Check("2x3 windows, stride (2, 1), on the hand image, upstream [1, 2, 3, 4]: the"
                                + " arg-maxima 4, 1, 13, 13 receive 1, 2 and 3 + 4 = 7 (the two lower windows share"
                                + " the 8), 0 elsewhere (hand)", () -> {
                                    int[] argmax = new int[4];
                                    maxPool(POOL_IMAGE, 1, 4, 4, 2, 3, 2, 1, argmax);
                                    double[] g = new double[16];
                                    Pooling.maxBackward(new double[] {1, 2, 3, 4}, 0, argmax, 0, 4, g, 0, 16);
                                    LayerNaive.assertArrayExactly(new double[] {0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                                        7, 0, 0}, g, "dI");
                                }),
                        new Check("vs central finite differences of sum(upstream * P) at " + CASES + " generated"
                                + " cases away from ties, windows kh x kw and strides (sh, sw) drawn per axis"
                                + " (overlapping windows included)", () ->
                                Cases.run(CASES, Checks.SEED + 80, 10, (random, size) -> {
                                    PoolCase c = generatePool(random, true);
                                    double[] up = Cases.uniform(random, c.outputs(), -1, 1);
                                    int[] argmax = new int[c.outputs()];
                                    c.max(c.input(), argmax);
                                    double[] g = new double[c.input().length];
                                    Pooling.maxBackward(up, 0, argmax, 0, c.outputs(), g, 0, g.length);
                                    Checks.assertGradient(LayerNaive.pairing(x -> c.max(x, new int[c.outputs()]), up),
                                            c.input(), g, TOL, "dL/dI");
                                }))));
    }

    private static Formula averagePoolBackward() {
        return new Formula("LAYER-pool-backward", "average pooling: spread evenly",
                "Pooling.averageBackward",
                List.of(POOL),
                List.of("each element of a window receives upstream / (kh kw); overlapping windows add"),
                TOL, List.of(
                        new Check("values on a 4x4 input, 2x2, stride 2, upstream [4, 8, -4, 1]: each window's"
                                + " four elements get [1, 2, -1, 1/4] (hand)", () -> {
                                    double[] g = new double[16];
                                    Pooling.averageBackward(new double[] {4, 8, -4, 1}, 0, 1, 4, 4, 2, 2, g, 0);
                                    LayerNaive.assertArrayExactly(new double[] {1, 1, 2, 2, 1, 1, 2, 2, -1, -1, 0.25,
                                        0.25, -1, -1, 0.25, 0.25}, g, "dI");
                                }),
                        new Check("2x3 windows, stride (2, 1), upstream [6, 12, -6, 3]: shares 1, 2, -1, 1/2 to"
                                + " each window's 6 cells; the windows overlap in columns 1-2, so rows 0-1 get"
                                + " [1, 1 + 2, 1 + 2, 2] and rows 2-3 [-1, -1 + 1/2, -1 + 1/2, 1/2] (hand, exact)",
                                () -> LayerNaive.assertArrayExactly(new double[] {1, 3, 3, 2, 1, 3, 3, 2, -1, -0.5,
                                    -0.5, 0.5, -1, -0.5, -0.5, 0.5}, avgPoolBackward(new double[] {6, 12, -6, 3}, 1,
                                        4, 4, 2, 3, 2, 1), "dI")),
                        new Check("vs central finite differences of sum(upstream * P) at " + CASES + " generated cases,"
                                + " windows kh x kw and strides (sh, sw) drawn per axis (overlapping windows"
                                + " included)", () ->
                                Cases.run(CASES, Checks.SEED + 90, 10, (random, size) -> {
                                    PoolCase c = generatePool(random, false);
                                    double[] up = Cases.uniform(random, c.outputs(), -1, 1);
                                    double[] g = avgPoolBackward(up, c.channels(), c.height(), c.width(), c.windowH(),
                                            c.windowW(), c.strideH(), c.strideW());
                                    Checks.assertGradient(LayerNaive.pairing(c::average, up), c.input(), g, TOL,
                                            "dL/dI");
                                })),
                        new Check("gradient mass is conserved: sum dL/dI = sum upstream when windows tile the input"
                                + " (stride = window per axis, kh x kw drawn per axis, property) at " + CASES
                                + " generated cases", () ->
                                Cases.run(CASES, Checks.SEED + 100, 10, (random, size) -> {
                                    int ph = 1 + random.nextInt(3);
                                    int pw = 1 + random.nextInt(3);
                                    int h = ph * (1 + random.nextInt(3));
                                    int w = pw * (1 + random.nextInt(3));
                                    double[] up = Cases.uniform(random, (h / ph) * (w / pw), -1, 1);
                                    double[] g = avgPoolBackward(up, 1, h, w, ph, pw, ph, pw);
                                    Checks.assertClose(java.util.Arrays.stream(up).sum(),
                                            java.util.Arrays.stream(g).sum(), 1e-12, "mass");
                                }))));
    }
}
