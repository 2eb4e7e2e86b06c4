package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * The generated convolution backward pass (kernel and bias gradients with constant loop bounds, taps unrolled up to
 * 32 and loops over runs of taps beyond; the input gradient unrolled without padding and by runs of output positions
 * with padding, {@link ImageEmission}) against the runtime's kernels, which the interpreter
 * calls: on seeded random geometries of two stacked convolutions (the second one's input gradient feeds the first
 * one's kernel gradient) every gradient must be equal bit for bit, since the specialised code adds the same terms
 * in the kernels' order. Strides, dilations and paddings are drawn both as one number and per axis.
 */
class ConvBackwardDifferentialTest {

    private static final int CASES = 40;

    /** One drawn layer: its source text, its output height and width, whether it pads, its taps per channel. */
    private record Drawn(String text, int height, int width, boolean padded, int taps) {
    }

    @Test
    void generatedConvolutionGradientsEqualTheRuntimeKernelsBitForBit() throws SpecException {
        SplittableRandom random = new SplittableRandom(20261201L);
        int done = 0;
        int specialisedInput = 0;
        int runtimeInput = 0;
        int large = 0;
        for (int attempt = 0; done < CASES && attempt < 2000; attempt++) {
            int channels = 1 + random.nextInt(2);
            int height = 4 + random.nextInt(7);
            int width = 4 + random.nextInt(7);
            Drawn first = draw(random, height, width, 1 + random.nextInt(3), attempt % 9 == 0);
            if (first == null) {
                continue;
            }
            Drawn second = draw(random, first.height(), first.width(), 1 + random.nextInt(3), false);
            if (second == null) {
                continue;
            }
            int inputs = channels * height * width;
            StringBuilder data = new StringBuilder();
            double[] x = new double[inputs];
            for (int k = 0; k < inputs; k++) {
                x[k] = random.nextDouble(-1.0, 1.0);
                data.append(' ').append(x[k]);
            }
            String text = "network Conv {\n  input " + channels + "x" + height + "x" + width + "\n  " + first.text()
                    + " tanh init glorot_uniform seed " + (1 + attempt) + "\n  " + second.text()
                    + " tanh init glorot_uniform seed " + (2 + attempt)
                    + "\n  flatten\n  dense 1 linear init glorot_uniform seed 3\n}\n"
                    + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n" + data + " -> 0.5\n}\n";
            Spec spec = SpecReader.parse("conv.nn", text);
            Map<String, String> methods = JavaGeneratorTest.methods(JavaGenerator.generate(spec, "nnspec.generated"));
            String backward1 = methods.get("backwardConv1");
            String backward2 = methods.get("backwardConv2");
            boolean unrolled1 = first.taps() <= ImageEmission.UNROLLED_TAPS;
            assertEquals(!unrolled1, backward1.contains("// taps in columns ["), text + backward1);
            assertEquals(unrolled1, backward1.contains("// tap (0, 0): "), text + backward1);
            boolean scattered = !second.padded() && second.taps() <= ImageEmission.UNROLLED_TAPS;
            assertEquals(!scattered, backward2.contains("// taps inside the input: rows"), text + backward2);
            assertTrue(!backward1.contains("Convolution.") && !backward2.contains("Convolution."), text);
            if (scattered) {
                specialisedInput++;
            } else {
                runtimeInput++;
            }
            if (!unrolled1) {
                large++;
            }
            double[][] gradients = new double[2][];
            int k = 0;
            for (Backend backend : new Backend[] {Backend.GENERATED, Backend.INTERPRETER}) {
                Model m = backend.create(spec);
                m.zeroGradients();
                for (int step = 0; step < 2; step++) {
                    double[] yhat = new double[1];
                    m.forward(x, yhat);
                    m.backward(new double[] {0.5 + step});
                }
                gradients[k++] = m.gradients().clone();
            }
            assertEquals(gradients[1].length, gradients[0].length, text);
            for (int p = 0; p < gradients[0].length; p++) {
                int index = p;
                assertEquals(Double.doubleToRawLongBits(gradients[1][p]), Double.doubleToRawLongBits(gradients[0][p]),
                        () -> "gradient " + index + " of\n" + text);
            }
            done++;
        }
        assertEquals(CASES, done);
        // the draw covers both emissions of the input gradient and the runtime's kernel for large kernels
        assertTrue(specialisedInput > 5 && runtimeInput > 5 && large > 0,
                specialisedInput + " " + runtimeInput + " " + large);
    }

    /** A conv line over a height x width input, or null when its output would be empty. */
    private static Drawn draw(SplittableRandom random, int height, int width, int filters, boolean large) {
        int kh = large ? 6 : 1 + random.nextInt(4);
        int kw = large ? 6 : 1 + random.nextInt(4);
        boolean square = random.nextBoolean();
        int sh = 1 + random.nextInt(3);
        int sw = square ? sh : 1 + random.nextInt(3);
        int dh = 1 + random.nextInt(2);
        int dw = square ? dh : 1 + random.nextInt(2);
        int top = 0;
        int bottom = 0;
        int left = 0;
        int right = 0;
        String padding = "";
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> {
                top = bottom = left = right = 1 + random.nextInt(2);
                padding = " padding " + top;
            }
            case 2 -> {
                top = bottom = random.nextInt(3);
                left = right = random.nextInt(3);
                padding = " padding " + top + "," + left;
            }
            default -> {
                top = random.nextInt(3);
                bottom = random.nextInt(3);
                left = random.nextInt(3);
                right = random.nextInt(3);
                padding = " padding " + top + "," + bottom + "," + left + "," + right;
            }
        }
        int outH = (height + top + bottom - dh * (kh - 1) - 1) / sh + 1;
        int outW = (width + left + right - dw * (kw - 1) - 1) / sw + 1;
        if (height + top + bottom - dh * (kh - 1) - 1 < 0 || width + left + right - dw * (kw - 1) - 1 < 0) {
            return null;
        }
        String stride = square ? " stride " + sh : " stride " + sh + "x" + sw;
        String dilation = square ? " dilation " + dh : " dilation " + dh + "x" + dw;
        return new Drawn("conv " + filters + " " + kh + "x" + kw + stride + padding + dilation, outH, outW,
                top + bottom + left + right > 0, kh * kw);
    }
}
