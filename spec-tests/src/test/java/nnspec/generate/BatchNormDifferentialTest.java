package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import nnspec.diagnostics.SpecException;
import nnspec.lower.NumericMode;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * The generated batch normalisation (NormEmission: the training forward pass over the batch, the running
 * statistics' update, the evaluation forward pass and the backward pass through the batch statistics, written out
 * with the layer's constants) against the runtime's {@code BatchNorm} kernels, which the interpreter runs through
 * {@code BatchNorm.Stage}: the oracle. On seeded random networks (per feature after a dense layer, per channel
 * after a convolution; PyTorch's and Keras's running statistics; placement before and after; one or two
 * normalisations) both back ends train several steps on the same random batches of 2 to 7 samples, then evaluate;
 * the outputs, the gradients and the parameters (the running statistics among them) after every step, and the
 * evaluation outputs, must be equal bit for bit, since the specialised code does the kernels' operations in their
 * order. Strict mode, and fast mode, where batch normalisation has no twin (its one elementary function, the square
 * root, is correctly rounded in Math and StrictMath alike).
 */
class BatchNormDifferentialTest {

    private static final int CASES = 14;
    private static final int STEPS = 3;
    private static final String[] ACTIVATIONS = {"tanh", "relu", "sigmoid", "elu", "linear", "softplus"};

    /** One drawn network: its source text, its input width and output width. */
    private record Drawn(String text, int inputs, int outputs, boolean image, boolean keras, boolean before) {
    }

    @Test
    void generatedBatchNormalisationEqualsTheRuntimeKernelsBitForBit() throws SpecException {
        SplittableRandom random = new SplittableRandom(20261202L);
        int images = 0;
        int keras = 0;
        int before = 0;
        int coupled = 0;
        for (int c = 0; c < CASES; c++) {
            Drawn drawn = draw(random, c);
            Spec spec = SpecReader.parse("bn.nn", drawn.text());
            String source = JavaGenerator.generate(spec, "nnspec.generated");
            assertFalse(source.contains("BatchNorm.Stage"), "the generated class normalises by its own code\n"
                    + source);
            NumericMode mode = c % 4 == 3 ? NumericMode.FAST : NumericMode.STRICT;
            Model generated = Backend.GENERATED.create(spec, mode);
            Model interpreter = Backend.INTERPRETER.create(spec, mode);
            assertTrue(generated.couplesBatch() && interpreter.couplesBatch(), drawn.text());
            sameBits(interpreter.parameters(), generated.parameters(), () -> "initial parameters of\n"
                    + drawn.text());
            for (int step = 0; step < STEPS; step++) {
                int count = 2 + random.nextInt(6);
                double[][] x = values(random, count, drawn.inputs());
                double[][] y = values(random, count, drawn.outputs());
                double[][] yhat = new double[count][drawn.outputs()];
                double[][] expected = new double[count][drawn.outputs()];
                int at = step;
                for (Model m : new Model[] {generated, interpreter}) {
                    m.training(true);
                    m.zeroGradients();
                    m.forwardBatch(x, m == generated ? yhat : expected, count);
                    m.backwardBatch(y, count);
                }
                for (int k = 0; k < count; k++) {
                    int sample = k;
                    sameBits(expected[k], yhat[k], () -> mode + " step " + at + ", output of sample " + sample
                            + " of\n" + drawn.text());
                }
                sameBits(interpreter.gradients(), generated.gradients(), () -> mode + " step " + at
                        + ", gradients of\n" + drawn.text());
                double rate = 0.05;
                generated.update(rate, count);
                interpreter.update(rate, count);
                sameBits(interpreter.parameters(), generated.parameters(), () -> mode + " step " + at
                        + ", parameters after the update of\n" + drawn.text());
            }
            if (!drawn.image()) {
                // one value per feature has no variance: both back ends refuse to train on it, in the same words
                double[][] lone = values(random, 1, drawn.inputs());
                String[] refusals = new String[2];
                int b = 0;
                for (Model m : new Model[] {generated, interpreter}) {
                    m.training(true);
                    refusals[b++] = assertThrows(IllegalArgumentException.class,
                            () -> m.forwardBatch(lone, new double[1][drawn.outputs()], 1)).getMessage();
                }
                assertEquals(refusals[1], refusals[0], drawn.text());
            }
            // evaluation: the running statistics, a batch through forwardBatch and one sample through forward
            int count = 2 + random.nextInt(6);
            double[][] x = values(random, count, drawn.inputs());
            double[][] yhat = new double[count][drawn.outputs()];
            double[][] expected = new double[count][drawn.outputs()];
            generated.training(false);
            interpreter.training(false);
            generated.forwardBatch(x, yhat, count);
            interpreter.forwardBatch(x, expected, count);
            for (int k = 0; k < count; k++) {
                int sample = k;
                sameBits(expected[k], yhat[k], () -> mode + " evaluation batch, sample " + sample + " of\n"
                        + drawn.text());
            }
            double[] one = new double[drawn.outputs()];
            double[] oneExpected = new double[drawn.outputs()];
            generated.forward(x[0], one);
            interpreter.forward(x[0], oneExpected);
            sameBits(oneExpected, one, () -> mode + " evaluation of one sample of\n" + drawn.text());
            images += drawn.image() ? 1 : 0;
            keras += drawn.keras() ? 1 : 0;
            before += drawn.before() ? 1 : 0;
            coupled += drawn.text().contains("glu") ? 1 : 0;
        }
        // the draw covers both shapes, both conventions, both placements and a coupled activation below
        assertTrue(coupled > 0, "glu below a normalisation " + coupled);
        assertTrue(images > 3 && images < CASES - 3, "images " + images);
        assertTrue(keras > 3 && keras < CASES - 3, "keras " + keras);
        assertTrue(before > 3 && before < CASES - 3, "placement before " + before);
    }

    private static void sameBits(double[] expected, double[] actual, Supplier<String> what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    () -> "entry " + index + " (" + expected[index] + " expected, " + actual[index] + " generated), "
                            + what.get());
        }
    }

    private static double[][] values(SplittableRandom random, int rows, int width) {
        double[][] v = new double[rows][width];
        for (double[] row : v) {
            for (int i = 0; i < width; i++) {
                row[i] = random.nextDouble(-2.0, 2.0);
            }
        }
        return v;
    }

    /** A batchnorm line with drawn settings; {@code keras} and {@code before} as drawn. */
    private static String batchnorm(SplittableRandom random, boolean keras, boolean before) {
        StringBuilder line = new StringBuilder("  batchnorm");
        if (keras) {
            line.append(" convention keras");
        }
        if (random.nextBoolean()) {
            line.append(" momentum ").append(keras ? 0.5 + 0.49 * random.nextDouble() : 0.01 + 0.5 * random
                    .nextDouble());
        }
        if (random.nextBoolean()) {
            line.append(" epsilon ").append(random.nextBoolean() ? 0.1 : 1e-7);
        }
        if (before) {
            line.append(" placement before");
        }
        return line.append('\n').toString();
    }

    /**
     * A dense layer of {@code units} before a normalisation: its activation elementwise, or with placement after now
     * and then glu (on twice the units), which couples its units: the normalisation's input gradient then goes to
     * the layer's dL/da for its Jacobian-vector product.
     */
    private static String dense(SplittableRandom random, boolean before, int units, int seed) {
        boolean glu = !before && random.nextInt(4) == 0;
        return "  dense " + (glu ? 2 * units : units) + " " + (glu ? "glu" : ACTIVATIONS[random.nextInt(
                ACTIVATIONS.length)]) + " init glorot_uniform seed " + seed + "\n";
    }

    private static Drawn draw(SplittableRandom random, int c) {
        boolean image = c % 2 == 1;
        boolean keras = random.nextBoolean();
        boolean before = random.nextBoolean();
        int outputs = 1 + random.nextInt(3);
        StringBuilder text = new StringBuilder("network Bn {\n");
        int inputs;
        int seed = 1 + c * 10;
        if (image) {
            int channels = 1 + random.nextInt(2);
            int height = 3 + random.nextInt(4);
            int width = 3 + random.nextInt(4);
            inputs = channels * height * width;
            int filters = 1 + random.nextInt(3);
            int kernel = 1 + random.nextInt(2);
            text.append("  input ").append(channels).append('x').append(height).append('x').append(width)
                    .append("\n  conv ").append(filters).append(' ').append(kernel).append('x').append(kernel)
                    .append(' ').append(ACTIVATIONS[random.nextInt(ACTIVATIONS.length)])
                    .append(" init he_uniform seed ").append(seed).append('\n');
            text.append(batchnorm(random, keras, before));
            if (random.nextBoolean()) {
                text.append("  maxpool 2x2\n");
            }
            text.append("  flatten\n");
        } else {
            inputs = 2 + random.nextInt(5);
            text.append("  input ").append(inputs).append('\n');
            text.append(dense(random, before, 1 + random.nextInt(6), seed));
            text.append(batchnorm(random, keras, before));
        }
        if (random.nextBoolean()) {
            // a second normalisation, the other convention and placement, after a dense layer
            text.append(dense(random, !before, 2 + random.nextInt(5), seed + 1));
            text.append(batchnorm(random, !keras, !before));
        }
        text.append("  dense ").append(outputs).append(" linear init glorot_uniform seed ").append(seed + 2)
                .append("\n}\n");
        String optimizer = random.nextBoolean() ? "sgd lr 0.05 weight_decay 0.01" : "adam lr 0.01";
        text.append("train {\n  loss mse\n  optimizer ").append(optimizer).append("\n  epochs 1  batch 4\n}\n");
        text.append("data {\n");
        for (int row = 0; row < 2; row++) {
            text.append(' ');
            for (int i = 0; i < inputs; i++) {
                text.append(' ').append(row + i);
            }
            text.append(" ->");
            for (int j = 0; j < outputs; j++) {
                text.append(" 0");
            }
            text.append('\n');
        }
        text.append("}\n");
        return new Drawn(text.toString(), inputs, outputs, image, keras, before);
    }
}
