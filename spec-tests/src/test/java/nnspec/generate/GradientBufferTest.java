package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import nnspec.diagnostics.SpecException;
import nnspec.lower.NumericMode;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * Loop-form layers of a spec trained in batches keep each sample's input and delta and add their weight gradients
 * a batch at a time (Emitter#bufferedLayers). The oracle is the interpreter, which adds every sample's gradients at
 * once: the sums are the same terms in the same order, so the gradients and the parameters after each update must
 * be the same bits, whether the gradients are read mid-batch, the buffer fills before the batch ends, or the batch
 * is smaller than the buffer.
 */
class GradientBufferTest {
    /** 30 x 20 and 20 x 20 weights: two loop-form layers (over 256 weights each), a straight-line output layer. */
    private static final String SPEC = "network Buffered {\n  input 30\n  dense 20 tanh init glorot_uniform seed 3\n"
            + "  dense 20 relu init he_uniform seed 4\n  dense 3 linear init glorot_uniform seed 5\n}\n"
            + "train {\n  loss cce from logits\n  optimizer momentum lr 0.05 momentum 0.9\n  epochs 1\n  batch 4\n}\n"
            + "data {\n  " + "0 ".repeat(30) + "-> 1 0 0\n}\n";

    @Test
    void bufferedGradientsAreTheInterpretersBitForBit() throws SpecException {
        Spec spec = SpecReader.parse("buffered.nn", SPEC);
        String source = JavaGenerator.generate(spec, "nnspec.generated");
        assertTrue(source.contains("private static final int GRADIENT_BUFFER = 4;"), "the spec's batch of 4");
        assertEquals(2, source.split("Dense\\.accumulateGradients\\(", -1).length - 1, "two buffered layers");
        for (NumericMode mode : NumericMode.values()) {
            Model interpreter = Backend.INTERPRETER.create(spec, mode);
            Model generated = Backend.GENERATED.create(spec, mode);
            SplittableRandom random = new SplittableRandom(11);
            double[] yhat = new double[3];
            double[] yhat2 = new double[3];
            // batches of 4 (the buffer exactly), 10 (the buffer fills twice mid-batch), 3 (partly filled) and 1
            int[] batches = {4, 10, 3, 1, 4};
            for (int step = 0; step < batches.length; step++) {
                interpreter.zeroGradients();
                generated.zeroGradients();
                for (int k = 0; k < batches[step]; k++) {
                    double[] x = new double[30];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = random.nextDouble(-1, 1);
                    }
                    double[] y = new double[3];
                    y[random.nextInt(3)] = 1.0;
                    interpreter.forward(x, yhat);
                    generated.forward(x, yhat2);
                    assertArrayEquals(yhat, yhat2, mode + " step " + step + " sample " + k + ": outputs");
                    interpreter.backward(y);
                    generated.backward(y);
                    if (step == 1 && k == 5) {
                        // a read mid-batch adds what is buffered; the samples after it buffer anew
                        assertArrayEquals(interpreter.gradients(), generated.gradients(), mode + ": mid-batch");
                    }
                }
                assertArrayEquals(interpreter.gradients(), generated.gradients(), mode + " step " + step);
                interpreter.update(0.05, batches[step]);
                generated.update(0.05, batches[step]);
                assertArrayEquals(interpreter.parameters(), generated.parameters(), mode + " step " + step
                        + ": parameters after the update");
            }
        }
    }
}
