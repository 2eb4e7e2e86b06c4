package nnspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nnspec.model.ConvLayer;
import nnspec.model.Layer;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Every initialiser a dense layer draws, on convolution kernels, in both back ends. A convolution's fans are
 * PyTorch's, {@code torch.nn.init._calculate_fan_in_and_fan_out} on the weight tensor of shape (out_channels,
 * in_channels, kh, kw): the receptive field is the product of the dimensions after the first two, fan_in =
 * size(1) x receptive field, fan_out = size(0) x receptive field ({@link #torchFans} restates that definition;
 * Keras's {@code _compute_fans} for a 2-D kernel gives the same numbers). The draws are then the dense layer's
 * (InitKernelTest, docs/language.md's init table) with in = fan_in and out = fan_out, kernel taps in storage order
 * K[o][c][m][n], biases 0 except under zeros and constant, which set every kernel tap and bias as they do for a dense
 * layer's weights and biases. The channels and kernel sides differ from layer to layer so that fan_in and fan_out
 * differ, and a swap of the two, or of kh and kw, would change the expected draws.
 */
class ConvInitTest {
    static final int CHANNELS = 2;

    /** filters, kernel, init; each layer pads "same" so the 5x4 image keeps its size through the stack. */
    static final String[] LAYERS = {
        "conv 3 2x1 padding same tanh init zeros",
        "conv 2 1x3 padding same tanh init constant 0.25",
        "conv 4 2x3 padding same tanh init uniform -0.5 1.5 seed 11",
        "conv 3 3x2 padding same tanh init glorot_uniform seed 12",
        "conv 2 2x2 padding same tanh init uniform_fanin seed 13",
        "conv 4 1x2 padding same tanh init glorot_normal seed 14 normal plain",
        "conv 3 2x1 padding same tanh init glorot_normal seed 15 normal truncated",
        "conv 2 3x1 padding same tanh init he_normal seed 16 variance standard normal plain",
        "conv 3 1x3 padding same tanh init he_normal seed 17 variance doubled_glorot normal truncated",
        "conv 4 2x3 padding same tanh init he_uniform seed 18 variance standard",
        "conv 2 3x2 padding same tanh init he_uniform seed 19 variance doubled_glorot",
        "conv 3 2x2 padding same tanh init lecun_normal seed 20 normal plain",
        "conv 2 1x2 padding same tanh init lecun_uniform seed 21",
    };

    /** torch.nn.init._calculate_fan_in_and_fan_out for a tensor of {@code shape}, at least two dimensions. */
    static int[] torchFans(int... shape) {
        int receptiveField = 1;
        for (int d = 2; d < shape.length; d++) {
            receptiveField *= shape[d];
        }
        return new int[] {shape[1] * receptiveField, shape[0] * receptiveField};
    }

    static Spec spec() {
        StringBuilder text = new StringBuilder("network Kernels {\n  input " + CHANNELS + "x5x4\n");
        for (String layer : LAYERS) {
            text.append("  ").append(layer).append('\n');
        }
        text.append("  flatten\n  dense 1 linear init zeros\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.05\n"
                + "  epochs 1\n}\ndata {\n  ").append("0 ".repeat(CHANNELS * 5 * 4)).append("-> 1\n}\n");
        return UpdateHarness.read(text.toString());
    }

    @Test
    void convolutionFansArePyTorchsFansOfTheKernelTensor() {
        int checked = 0;
        for (Layer layer : spec().network().layers()) {
            if (layer instanceof ConvLayer c) {
                int[] fans = torchFans(c.filters(), c.input().channels(), c.kernelH(), c.kernelW());
                assertEquals(fans[0], c.fanIn(), c.name() + " fan_in");
                assertEquals(fans[1], c.fanOut(), c.name() + " fan_out");
                checked++;
            }
        }
        assertEquals(LAYERS.length, checked);
    }

    @Test
    void everyDenseInitialiserDrawsAConvolutionKernelWithItsFans() {
        double[] expected = expected();
        UpdateHarness.Pair pair = UpdateHarness.Pair.of(spec());
        for (Backend backend : Backend.values()) {
            Model model = pair.fresh(backend);
            assertEquals(expected.length, model.parameterCount(), backend.keyword());
            double[] actual = model.parameters();
            for (int k = 0; k < expected.length; k++) {
                double e = expected[k];
                boolean same = Math.abs(actual[k] - e) <= InitKernelTest.TOLERANCE * Math.abs(e)
                        || e == 0 && actual[k] == 0;
                if (!same) {
                    throw new AssertionFailedError(backend.keyword() + ": " + model.parameterName(k) + " = "
                            + actual[k] + ", the documented draw is " + e, e, actual[k]);
                }
            }
        }
    }

    /** Every conv layer's kernel then biases, from its line alone, then the zero dense read-out. */
    static double[] expected() {
        List<Double> all = new ArrayList<>();
        int channels = CHANNELS;
        for (String layer : LAYERS) {
            String[] t = layer.split(" ");
            int filters = Integer.parseInt(t[1]);
            String[] kernel = t[2].split("x");
            int[] fans = torchFans(filters, channels, Integer.parseInt(kernel[0]), Integer.parseInt(kernel[1]));
            int in = fans[0];
            int out = fans[1];
            String kind = t[7];
            long seed = 0;
            boolean truncated = false;
            String variance = "standard";
            for (int k = 8; k + 1 < t.length; k++) {
                switch (t[k]) {
                    case "seed" -> seed = Long.parseLong(t[k + 1]);
                    case "normal" -> truncated = t[k + 1].equals("truncated");
                    case "variance" -> variance = t[k + 1];
                    default -> {
                    }
                }
            }
            double[] w = new double[filters * in];
            double[] b = new double[filters];
            Random random = new Random(seed);
            double heVariance = variance.equals("standard") ? 2.0 / in : 4.0 / (in + out);
            switch (kind) {
                case "zeros" -> {
                }
                case "constant" -> {
                    Arrays.fill(w, Double.parseDouble(t[8]));
                    Arrays.fill(b, Double.parseDouble(t[8]));
                }
                case "uniform" -> InitKernelTest.uniform(w, random, Double.parseDouble(t[8]), Double.parseDouble(t[9]));
                case "glorot_uniform" -> InitKernelTest.symmetric(w, random, Math.sqrt(6.0 / (in + out)));
                case "uniform_fanin" -> InitKernelTest.symmetric(w, random, 1.0 / Math.sqrt(in));
                case "he_uniform" -> InitKernelTest.symmetric(w, random, Math.sqrt(3.0 * heVariance));
                case "lecun_uniform" -> InitKernelTest.symmetric(w, random, Math.sqrt(3.0 / in));
                case "glorot_normal" -> InitKernelTest.normal(w, random, Math.sqrt(2.0 / (in + out)), truncated);
                case "he_normal" -> InitKernelTest.normal(w, random, Math.sqrt(heVariance), truncated);
                case "lecun_normal" -> InitKernelTest.normal(w, random, Math.sqrt(1.0 / in), truncated);
                default -> throw new IllegalArgumentException(layer);
            }
            for (double v : w) {
                all.add(v);
            }
            for (double v : b) {
                all.add(v);
            }
            channels = filters;
        }
        for (int k = 0; k < channels * 5 * 4 + 1; k++) {
            all.add(0.0);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
