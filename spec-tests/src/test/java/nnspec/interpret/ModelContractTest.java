package nnspec.interpret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nnspec.diagnostics.SpecException;
import nnspec.lower.Plan;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * What {@link Model}'s Javadoc promises beyond the numbers, held by both back ends alike: the model's name is the
 * network's, a rule trained without a loss reports NaN for it and does not follow a gradient, and a runtime
 * exception of a kernel (here a target shorter than the output) reaches the caller as it is, not wrapped.
 */
class ModelContractTest {
    private static Spec spec(String text) {
        try {
            return SpecReader.parse("contract.nn", text);
        } catch (SpecException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static final Spec PERCEPTRON = spec("network AndGate {\n  input 2\n  dense 1 step weights [[0, 0]] bias [0]\n}\n"
            + "train {\n  rule perceptron lr 0.1\n  epochs 1\n}\ndata {\n  1 1 -> 1\n}\n");

    private static final Spec LOGITS = spec("network Logits {\n  input 2\n  dense 3 linear init glorot_uniform seed 1\n}\n"
            + "train {\n  loss cce from logits\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  1 1 -> 0 1 0\n}\n");

    private static final Spec NORMALISED = spec("network Normalised {\n  input 3\n"
            + "  dense 4 relu init he_uniform seed 3\n  batchnorm\n  dense 2 linear init glorot_uniform seed 4\n}\n"
            + "train {\n  loss cce from logits\n  optimizer sgd lr 0.1\n  epochs 2  batch 3  order fixed\n}\n"
            + "data {\n  1 0 2 -> 1 0\n  0 1 -1 -> 0 1\n  2 2 0 -> 1 0\n  -1 0 1 -> 0 1\n}\n");

    /**
     * Oracle: Model.couplesBatch's Javadoc: a training pass needs the whole batch exactly when the network has batch
     * normalisation; a network of dense layers alone does not couple its samples.
     */
    @Test
    void onlyBatchNormalisationCouplesABatchsSamples() {
        for (Backend backend : Backend.values()) {
            assertFalse(backend.create(LOGITS).couplesBatch(), backend.keyword() + ": dense layers only");
            assertTrue(backend.create(NORMALISED).couplesBatch(), backend.keyword() + ": with batchnorm");
        }
    }

    /**
     * Oracle: Model.couplesBatch's Javadoc: evaluation uses the running statistics, so with training off a sample's
     * output does not depend on the batch it is in: forwardBatch gives each sample what forward gives it alone, to
     * the bit. The model is trained first (2 epochs of batch 3), so the running statistics are not their start values.
     */
    @Test
    void outsideTrainingABatchsOutputsAreEachSamplesOwn() {
        double[][] x = {{1, 0, 2}, {0, 1, -1}, {2, 2, 0}};
        for (Backend backend : Backend.values()) {
            Model m = backend.create(NORMALISED);
            double[][] y = {{1, 0}, {0, 1}, {1, 0}};
            m.train(x, y);
            m.training(false);
            double[][] batch = new double[3][2];
            m.forwardBatch(x, batch, 3);
            for (int k = 0; k < 3; k++) {
                double[] alone = new double[2];
                m.forward(x[k], alone);
                assertArrayEquals(alone, batch[k], 0.0, backend.keyword() + ": sample " + k);
            }
        }
    }

    @Test
    void aRuleWithoutALossHasNoneToReportAndFollowsNoGradient() {
        for (Backend backend : Backend.values()) {
            Model m = backend.create(PERCEPTRON);
            assertEquals("AndGate", m.name(), backend.keyword());
            m.forward(new double[] {1, 1}, new double[1]);
            assertFalse(m.hasLoss(), backend.keyword());
            assertTrue(Double.isNaN(m.loss(new double[] {1})), backend.keyword() + ": loss without a loss");
            assertFalse(m.followsGradient(), backend.keyword());
        }
    }

    @Test
    void aLossFollowsItsGradient() {
        for (Backend backend : Backend.values()) {
            Model m = backend.create(LOGITS);
            assertEquals("Logits", m.name(), backend.keyword());
            assertTrue(m.hasLoss(), backend.keyword());
            assertTrue(m.followsGradient(), backend.keyword());
        }
    }

    @Test
    void aKernelsIndexErrorReachesTheCallerUnwrapped() {
        for (Backend backend : Backend.values()) {
            Model m = backend.create(LOGITS);
            m.forward(new double[] {1, 1}, new double[3]);
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> m.loss(new double[1]), backend.keyword());
        }
    }

    @Test
    void theInterpreterRunsThePlanLoweredFromItsSpec() {
        Interpreter m = new Interpreter(LOGITS.network(), LOGITS.train());
        Plan expected = Plan.of(LOGITS.network(), LOGITS.train());
        assertEquals(expected.network(), m.plan().network());
        assertEquals(expected.layers(), m.plan().layers());
        assertEquals(expected.output(), m.plan().output());
        assertEquals(expected.update(), m.plan().update());
    }
}
