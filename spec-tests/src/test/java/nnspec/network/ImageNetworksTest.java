package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.formula.Checks;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Convolution, pooling, flatten and dropout as layers of the language, in both back ends.
 *
 * <p>Forward values at points worked by hand, on the 4x4 image
 * <pre>
 *    1  2  3  4
 *    5  6  7  8
 *    9 10 11 12
 *   13 14 15 16
 * </pre>
 * each read out through {@code flatten} and a dense layer whose literal weights are the identity. The expected
 * numbers were worked here by hand and agree with PyTorch 1.13's {@code F.conv2d}, {@code F.max_pool2d} and
 * {@code F.avg_pool2d} on the same input (Debian's python3-torch, used while writing the test, not by it).
 *
 * <p>Random stacks of these layers from a seeded spec generator: generated code against the interpreter over 20
 * training steps (1e-12 relative), and each back end's gradient against central finite differences of the whole
 * training loss, with smooth activations so that no ReLU kink lies in a
 * difference quotient; max pooling's ties are of measure zero on random real inputs.
 */
class ImageNetworksTest {
    private static final double[] IMAGE = new double[16];

    static {
        for (int k = 0; k < 16; k++) {
            IMAGE[k] = k + 1;
        }
    }

    /** A spec of {@code layers} on the 4x4 image, read out through an identity dense layer of {@code outputs}. */
    private static Spec readOut(String layers, int outputs) throws SpecException {
        StringBuilder identity = new StringBuilder("[");
        for (int j = 0; j < outputs; j++) {
            identity.append(j == 0 ? "[" : ", [");
            for (int i = 0; i < outputs; i++) {
                identity.append(i == 0 ? "" : ", ").append(i == j ? 1 : 0);
            }
            identity.append(']');
        }
        identity.append(']');
        StringBuilder row = new StringBuilder();
        for (double v : IMAGE) {
            row.append(' ').append((int) v);
        }
        row.append(" ->");
        for (int j = 0; j < outputs; j++) {
            row.append(" 0");
        }
        return SpecReader.parse("hand.nn", "network Hand {\n  input 1x4x4\n" + layers + "\n  flatten\n  dense "
                + outputs + " linear weights " + identity + "\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n"
                + "  epochs 1\n}\ndata {\n " + row + "\n}\n");
    }

    /** The outputs of {@code backend}'s model for the 4x4 image, with {@code leading} parameters set first. */
    private static double[] forward(Backend backend, Spec spec, double... leading) {
        Model model = backend.create(spec);
        System.arraycopy(leading, 0, model.parameters(), 0, leading.length);
        double[] yhat = new double[model.outputSize()];
        model.forward(IMAGE, yhat);
        return yhat;
    }

    private static void assertBothBackEnds(double[] expected, Spec spec, double... leading) {
        for (Backend backend : Backend.values()) {
            assertArrayEquals(expected, forward(backend, spec, leading), 1e-12, backend.keyword());
        }
    }

    /**
     * Kernel K = [[1, 2], [3, 4]], bias 0.5, stride 2, one row and column of zeros on every side: the output is
     * floor((4 + 2 - 2) / 2) + 1 = 3 on each axis, and output (i, j) reads padded rows 2i, 2i + 1 and columns 2j,
     * 2j + 1, that is image rows 2i - 1, 2i and columns 2j - 1, 2j:
     * (0,0) = 4*1 + 0.5 = 4.5; (0,1) = 3*2 + 4*3 + 0.5 = 18.5; (0,2) = 3*4 + 0.5 = 12.5;
     * (1,0) = 2*5 + 4*9 + 0.5 = 46.5; (1,1) = 1*6 + 2*7 + 3*10 + 4*11 + 0.5 = 94.5; (1,2) = 1*8 + 3*12 + 0.5 = 44.5;
     * (2,0) = 2*13 + 0.5 = 26.5; (2,1) = 1*14 + 2*15 + 0.5 = 44.5; (2,2) = 1*16 + 0.5 = 16.5.
     */
    @Test
    void convolutionWithStrideAndPaddingMatchesTheHandWorkedImage() throws SpecException {
        assertBothBackEnds(new double[] {4.5, 18.5, 12.5, 46.5, 94.5, 44.5, 26.5, 44.5, 16.5},
                readOut("  conv 1 2x2 stride 2 padding 1 linear", 9), 1, 2, 3, 4, 0.5);
    }

    /**
     * Dilation 2 spaces the taps two pixels apart: a 2x2 kernel covers a 3x3 span, output 2x2;
     * (0,0) = 1*1 + 2*3 + 3*9 + 4*11 = 78, and each step right adds 1 * (1 + 2 + 3 + 4) = 10, each step down 40:
     * 78, 88, 118, 128.
     */
    @Test
    void dilatedConvolutionMatchesTheHandWorkedImage() throws SpecException {
        assertBothBackEnds(new double[] {78, 88, 118, 128}, readOut("  conv 1 2x2 dilation 2 linear", 4),
                1, 2, 3, 4, 0);
    }

    /**
     * Padding per side, top 1, bottom 0, left 0, right 1 (PyTorch's F.pad order would be left, right, top,
     * bottom: (0, 1, 1, 0)): a 4x4 output whose first row reads the zero row above the image, (0,0) = 3*1 + 4*2
     * = 11, (0,3) = 3*4 = 12, and whose last column reads the zero column on the right, (1,3) = 1*4 + 3*8 = 28.
     */
    @Test
    void convolutionWithPaddingPerSideMatchesTheHandWorkedImage() throws SpecException {
        double[] out = forward(Backend.INTERPRETER, readOut("  conv 1 2x2 padding 1,0,0,1 linear", 16), 1, 2, 3, 4,
                0);
        assertArrayEquals(new double[] {11, 18, 25, 12, 44, 54, 64, 28, 84, 94, 104, 44, 124, 134, 144, 60}, out,
                1e-12);
        assertArrayEquals(out, forward(Backend.GENERATED, readOut("  conv 1 2x2 padding 1,0,0,1 linear", 16), 1, 2,
                3, 4, 0), 1e-12);
    }

    /**
     * A stride per axis, {@code stride 1x2} (PyTorch's {@code stride=(1, 2)}): rows step by 1, columns by 2, so the
     * output is floor((4 - 2) / 1) + 1 = 3 rows by floor((4 - 2) / 2) + 1 = 2 columns, and output (i, j) reads
     * image rows i, i + 1 and columns 2j, 2j + 1 (image element (r, c) is 4r + c + 1):
     * (0,0) = 1*1 + 2*2 + 3*5 + 4*6 = 44; (0,1) = 1*3 + 2*4 + 3*7 + 4*8 = 64; each row down adds 4 to every
     * element read, so 4 (1 + 2 + 3 + 4) = 40 to the sum: 84, 104, then 124, 144; bias 0.5 on each.
     */
    @Test
    void convolutionWithAStridePerAxisMatchesTheHandWorkedImage() throws SpecException {
        assertBothBackEnds(new double[] {44.5, 64.5, 84.5, 104.5, 124.5, 144.5},
                readOut("  conv 1 2x2 stride 1x2 linear", 6), 1, 2, 3, 4, 0.5);
    }

    /**
     * Stride 2x1 and dilation 1x2: the taps are one row apart and two columns apart, so the kernel spans 2 rows by
     * 3 columns; output floor((4 - 2) / 2) + 1 = 2 rows by floor((4 - 3) / 1) + 1 = 2 columns, output (i, j)
     * reading rows 2i, 2i + 1 and columns j, j + 2:
     * (0,0) = 1*1 + 2*3 + 3*5 + 4*7 = 50; (0,1) = 1*2 + 2*4 + 3*6 + 4*8 = 60;
     * (1,0) = 1*9 + 2*11 + 3*13 + 4*15 = 130; (1,1) = 1*10 + 2*12 + 3*14 + 4*16 = 140.
     */
    @Test
    void convolutionWithStrideAndDilationPerAxisMatchesTheHandWorkedImage() throws SpecException {
        assertBothBackEnds(new double[] {50, 60, 130, 140},
                readOut("  conv 1 2x2 stride 2x1 dilation 1x2 linear", 4), 1, 2, 3, 4, 0);
    }

    /**
     * Pooling with a stride per axis. Max 2x2 stride 1x2: 3 x 2 windows over rows i, i + 1 and columns 2j,
     * 2j + 1, each window's maximum its bottom-right element: 6, 8, 10, 12, 14, 16. Average 2x2 stride 2x1: 2 x 3
     * windows over rows 2i, 2i + 1 and columns j, j + 1: (1 + 2 + 5 + 6) / 4 = 3.5, then 4.5, 5.5; (9 + 10 + 13 +
     * 14) / 4 = 11.5, 12.5, 13.5. A 1x2 window without a stride steps by the window, (1, 2) as PyTorch's default
     * {@code stride=kernel_size}: the larger of each pair, 2, 4, ..., 16.
     */
    @Test
    void poolingWithAStridePerAxisMatchesTheHandWorkedImage() throws SpecException {
        assertBothBackEnds(new double[] {6, 8, 10, 12, 14, 16}, readOut("  maxpool 2x2 stride 1x2", 6));
        assertBothBackEnds(new double[] {3.5, 4.5, 5.5, 11.5, 12.5, 13.5}, readOut("  avgpool 2x2 stride 2x1", 6));
        assertBothBackEnds(new double[] {2, 4, 6, 8, 10, 12, 14, 16}, readOut("  maxpool 1x2", 8));
    }

    /**
     * Max pooling 2x2, stride 2 (the default: the window), padding 1: windows over image rows -1..0, 1..2, 3..4
     * and the same columns, padded cells never the maximum: 1, max(2, 3) = 3, 4; max(5, 9) = 9, max(6, 7, 10,
     * 11) = 11, max(8, 12) = 12; 13, max(14, 15) = 15, 16.
     */
    @Test
    void maxPoolingWithPaddingMatchesTheHandWorkedImage() throws SpecException {
        assertBothBackEnds(new double[] {1, 3, 4, 9, 11, 12, 13, 15, 16}, readOut("  maxpool 2x2 padding 1", 9));
    }

    /**
     * Average pooling with the same windows: counting the padded cells every window has 4 cells (1/4, 5/4, 4/4,
     * 14/4, 34/4, 20/4, 13/4, 29/4, 16/4); not counting them, a corner window has 1 cell and an edge window 2.
     */
    @Test
    void averagePoolingCountsPaddedCellsOrNotAsWritten() throws SpecException {
        assertBothBackEnds(new double[] {0.25, 1.25, 1, 3.5, 8.5, 5, 3.25, 7.25, 4},
                readOut("  avgpool 2x2 padding 1", 9));
        assertBothBackEnds(new double[] {1, 2.5, 4, 7, 8.5, 10, 13, 14.5, 16},
                readOut("  avgpool 2x2 padding 1 count_padding no", 9));
    }

    /**
     * Ceil mode: a 3x3 window with stride 2 fits floor((4 - 3) / 2) + 1 = 1 time per axis, but ceil mode takes
     * ceil(1 / 2) + 1 = 2, the second window (rows 2..4) hanging over the edge: max 11, 12, 15, 16; average over
     * the cells inside the input, 54/9, 45/6, 72/6, 54/4 = 6, 7.5, 12, 13.5 (PyTorch's divisor clips a window at
     * the edge of the padding, here the input).
     */
    @Test
    void ceilModeAddsTheWindowOverTheEdge() throws SpecException {
        assertBothBackEnds(new double[] {11, 12, 15, 16}, readOut("  maxpool 3x3 stride 2 ceil yes", 4));
        assertBothBackEnds(new double[] {6, 7.5, 12, 13.5}, readOut("  avgpool 3x3 stride 2 ceil yes", 4));
    }

    /**
     * Ties go to the first maximum in row-major order: the max pooling's backward pass sends the whole upstream
     * value to that element. Weights of the dense read-out all 1, so dL/d(pool output) is the same for the one
     * window; the conv below is the identity (1x1 kernel 1, bias 0), so its kernel gradient is the chosen
     * element's value times that upstream, and only the chosen element of an all-equal window is counted once.
     */
    @Test
    void maxPoolingRoutesTheGradientToTheFirstMaximum() throws SpecException {
        Spec spec = SpecReader.parse("tie.nn", "network Tie {\n  input 1x2x2\n  conv 1 1x1 linear\n"
                + "  maxpool 2x2\n  flatten\n  dense 1 linear weights [[1]]\n}\ntrain {\n  loss mse\n"
                + "  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  2 2 2 2 -> 0\n}\n");
        for (Backend backend : Backend.values()) {
            Model model = backend.create(spec);
            model.parameters()[0] = 1;
            model.parameters()[1] = 0;
            double[] yhat = new double[1];
            model.zeroGradients();
            model.forward(new double[] {2, 2, 2, 2}, yhat);
            model.backward(new double[] {0});
            // mse: dL/dyhat = 2 (2 - 0) = 4 reaches one input element of value 2: dL/dK = 4 * 2 = 8, dL/db = 4
            assertEquals(8, model.gradients()[0], 1e-12, backend.keyword());
            assertEquals(4, model.gradients()[1], 1e-12, backend.keyword());
        }
    }

    // ----- random stacks -------------------------------------------------------------------------------------

    private static final int STEPS = 20;

    /** A seeded image network: conv, then up to three of conv, pooling and dropout, flatten, dense layers. */
    static RandomSpecs.Case randomStack(long seed, boolean smooth) {
        Random r = new Random(seed);
        for (int attempt = 0; attempt < 1000; attempt++) {
            int c = 1 + r.nextInt(2);
            int h = 4 + r.nextInt(4);
            int w = 4 + r.nextInt(4);
            StringBuilder net = new StringBuilder("network Stack {\n  input " + c + "x" + h + "x" + w + "\n");
            net.append(conv(r, smooth));
            int extra = r.nextInt(4);
            for (int k = 0; k < extra; k++) {
                switch (r.nextInt(4)) {
                    case 0 -> net.append(conv(r, smooth));
                    case 1 -> net.append(pool(r, "maxpool"));
                    case 2 -> net.append(pool(r, "avgpool"));
                    default -> net.append("  dropout ").append(RandomSpecs.number(0.1 + 0.4 * r.nextDouble()))
                            .append(" seed ").append(r.nextInt(100)).append('\n');
                }
            }
            net.append("  flatten\n");
            if (r.nextBoolean()) {
                net.append("  dropout 0.25 seed 7\n");
            }
            if (r.nextBoolean()) {
                net.append("  dense 3 tanh init glorot_uniform seed ").append(r.nextInt(100)).append('\n');
            }
            net.append("  dense 2 linear init glorot_uniform seed ").append(r.nextInt(100)).append("\n}\n");
            String text = net + "train {\n  loss mse\n  optimizer adam lr 0.01\n  epochs 10  batch 2  order shuffled"
                    + " seed " + seed + "\n}\n" + RandomSpecs.data(r, 4, c * h * w, 2, "mse");
            try {
                Spec spec = SpecReader.parse("generated.nn", text);
                return new RandomSpecs.Case("image stack", seed, text, spec,
                        DataLoader.load(spec, Path.of("generated.nn")));
            } catch (SpecException e) {
                // a shape that does not fit (a kernel larger than its input): draw another
            }
        }
        throw new IllegalStateException("no valid image stack from seed " + seed);
    }

    private static String conv(Random r, boolean smooth) {
        List<String> activations = smooth ? List.of("tanh", "sigmoid", "softplus", "linear") : List.of("relu",
                "tanh", "leaky_relu");
        String padding = switch (r.nextInt(5)) {
            case 0 -> "";
            case 1 -> " padding valid";
            case 2 -> " padding same";
            case 3 -> " padding " + r.nextInt(2);
            default -> " padding " + r.nextInt(3) + "," + r.nextInt(3) + "," + r.nextInt(3) + "," + r.nextInt(3);
        };
        return "  conv " + (1 + r.nextInt(3)) + " " + (1 + r.nextInt(3)) + "x" + (1 + r.nextInt(3))
                + (r.nextBoolean() ? "" : " stride " + axes(r)) + padding
                + (r.nextInt(3) == 0 ? " dilation " + (1 + r.nextInt(2)) + "x2" : "") + " "
                + activations.get(r.nextInt(activations.size()))
                + " init he_uniform seed " + r.nextInt(100) + "\n";
    }

    /** A stride of 1 or 2, for both axes or (half the time) a pair, possibly of two different steps. */
    private static String axes(Random r) {
        return (1 + r.nextInt(2)) + (r.nextBoolean() ? "" : "x" + (1 + r.nextInt(2)));
    }

    private static String pool(Random r, String kind) {
        int kh = 1 + r.nextInt(3);
        int kw = r.nextBoolean() ? kh : 1 + r.nextInt(3);
        String padding = kh >= 2 && kw >= 2 && r.nextBoolean() ? " padding 1" : "";
        return "  " + kind + " " + kh + "x" + kw + (r.nextBoolean() ? " stride " + axes(r) : "") + padding
                + (r.nextBoolean() ? " ceil yes" : "")
                + (kind.equals("avgpool") && r.nextBoolean() ? " count_padding no" : "") + "\n";
    }

    private static void sameSteps(RandomSpecs.Case c, Model interpreter, Model generated) {
        List<double[]> reference = WholeNetworkDifferentialTest.run(interpreter, c);
        List<double[]> other = WholeNetworkDifferentialTest.run(generated, c);
        assertEquals(STEPS, reference.size(), "steps taken\n" + c);
        assertEquals(STEPS, other.size(), "steps taken\n" + c);
        for (int step = 0; step < STEPS; step++) {
            double[] a = reference.get(step);
            double[] b = other.get(step);
            for (int k = 0; k < a.length; k++) {
                if (!Checks.close(a[k], b[k], 1e-12) || !Double.isFinite(a[k])) {
                    throw new AssertionFailedError("step " + (step + 1) + ", " + (k == 0 ? "loss" : "parameter "
                            + interpreter.parameterName(k - 1)) + ": interpreter " + a[k] + ", generated " + b[k]
                            + "\n" + c);
                }
            }
        }
    }

    /**
     * The back end's gradient of the mean training loss against central differences with h = 1e-5 max(1, |p|), at
     * one random point (parameters uniform on [-1, 1)): |analytic - numeric| <= 1e-6 max(|analytic|, |numeric|) +
     * 1e-9. The absolute part is the difference quotient's rounding error: a loss of order 1 is known to about
     * 1e-16 relative, divided by 2h that is 1e-11 per evaluation, summed over four samples well under 1e-9.
     */
    private static void gradientsMatchFiniteDifferences(RandomSpecs.Case c, Model model, String backEnd) {
        Random random = new Random(c.seed());
        double[] p = model.parameters();
        for (int k = 0; k < p.length; k++) {
            p[k] = 2.0 * random.nextDouble() - 1.0;
        }
        double[] analytic = GradientCheck.analyticGradient(model, c.data());
        boolean conv = false;
        for (int k = 0; k < p.length; k++) {
            checkedPartial(c, model, analytic, k, backEnd);
            conv |= model.parameterName(k).startsWith("conv");
        }
        assertTrue(conv, "no convolution parameter checked\n" + c);
    }

    /**
     * The central difference of the mean loss in parameter k (h = 1e-5 max(1, |p_k|)), asserted to agree with
     * {@code analytic[k]} within 1e-6 relative plus 1e-9; returned for callers that also look at its size.
     */
    static double checkedPartial(RandomSpecs.Case c, Model model, double[] analytic, int k, String backEnd) {
        double[] p = model.parameters();
        double saved = p[k];
        double h = 1e-5 * Math.max(1.0, Math.abs(saved));
        p[k] = saved + h;
        double up = GradientCheck.meanLoss(model, c.data());
        p[k] = saved - h;
        double down = GradientCheck.meanLoss(model, c.data());
        p[k] = saved;
        double numeric = (up - down) / (2 * h);
        double allowed = 1e-6 * Math.max(Math.abs(analytic[k]), Math.abs(numeric)) + 1e-9;
        if (!(Math.abs(analytic[k] - numeric) <= allowed)) {
            throw new AssertionFailedError(backEnd + ": " + model.parameterName(k) + " analytic " + analytic[k]
                    + ", numeric " + numeric + "\n" + c);
        }
        return numeric;
    }

    @TestFactory
    Stream<DynamicTest> randomStacksAgreeAcrossBackEndsAndWithFiniteDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed = 900; seed < 908; seed++) {
            long s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + s, () -> {
                // ReLU and leaky ReLU here: the back ends must agree at the kinks too
                RandomSpecs.Case kinked = randomStack(s, false);
                sameSteps(kinked, Backend.INTERPRETER.create(kinked.spec()),
                        Backend.GENERATED.create(kinked.spec()));
                RandomSpecs.Case smooth = randomStack(s + 1000, true);
                Model generated = Backend.GENERATED.create(smooth.spec());
                sameSteps(smooth, Backend.INTERPRETER.create(smooth.spec()), generated);
                gradientsMatchFiniteDifferences(smooth, generated, "generated");
                gradientsMatchFiniteDifferences(smooth, Backend.INTERPRETER.create(smooth.spec()), "interpreter");
            }));
        }
        return tests.stream();
    }
}
