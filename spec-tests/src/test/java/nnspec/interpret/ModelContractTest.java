package nnspec.interpret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nnspec.diagnostics.SpecException;
import nnspec.lower.NumericMode;
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

    /**
     * A network both back ends train batch-wise in the fast mode (lower.BatchWise: dense layers over 256 weights,
     * batches over 1): 20 inputs, 16 relu units (320 weights), a softmax output of 17 (272 weights) whose units couple.
     */
    private static final double[][] WIDE_X = new double[4][20];
    private static final double[][] WIDE_Y = new double[4][17];

    static {
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 20; i++) {
                WIDE_X[k][i] = ((k * 7 + i * 3) % 11 - 5) / 4.0;
            }
            WIDE_Y[k][(5 * k + 2) % 17] = 1.0;
        }
    }

    private static Spec batchWise(String output) {
        StringBuilder data = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            for (double v : WIDE_X[k]) {
                data.append(' ').append(v);
            }
            data.append(" ->");
            for (double v : WIDE_Y[k]) {
                data.append(' ').append(v);
            }
            data.append('\n');
        }
        return spec("network Wide {\n  input 20\n  dense 16 relu init he_uniform seed 5\n  dense 17 " + output
                + " init glorot_uniform seed 6\n}\ntrain {\n  loss " + (output.equals("softmax") ? "cce" : "mse")
                + "\n  optimizer sgd lr 0.1\n  epochs 1  batch 4\n}\ndata {\n" + data + "}\n");
    }

    /**
     * Oracle: Model.stepsByBatch's, forwardBatch's and sample's Javadoc: a model stepping by whole batches gives each
     * sample the output, loss, output pre-activations and gradient the per-sample calls give it, to the bit (the
     * batch-wise kernels keep each sum's order, lower.BatchWise); after forwardBatch the last sample is the one loss
     * reads, and sample(k) selects sample k. The per-sample calls run on a second model of the same spec.
     */
    @Test
    void aBatchWiseStepGivesEachSampleWhatThePerSampleCallsGive() {
        for (String output : new String[] {"softmax", "sigmoid"}) {
            Spec spec = batchWise(output);
            double[][] x = WIDE_X;
            double[][] y = WIDE_Y;
            for (Backend backend : Backend.values()) {
                String where = backend.keyword() + ", " + output + " output";
                Model batched = backend.create(spec, NumericMode.FAST);
                Model single = backend.create(spec, NumericMode.FAST);
                assertTrue(batched.stepsByBatch(), where + ": lower.BatchWise should choose batches for this network");
                batched.training(true);
                single.training(true);
                batched.zeroGradients();
                single.zeroGradients();
                double[][] yhat = new double[4][17];
                batched.forwardBatch(x, yhat, 4);
                double[] alone = new double[17];
                double[] losses = new double[4];
                double[][] z = new double[4][17];
                for (int k = 0; k < 4; k++) {
                    single.forward(x[k], alone);
                    assertArrayEquals(alone, yhat[k], 0.0, where + ": output of sample " + k);
                    losses[k] = single.loss(y[k]);
                    for (int j = 0; j < 17; j++) {
                        z[k][j] = single.outputPreActivation(j);
                    }
                    single.backward(y[k]);
                }
                assertEquals(losses[3], batched.loss(y[3]), 0.0, where + ": the last sample is read first");
                for (int k : new int[] {1, 0, 3, 2}) {
                    batched.sample(k);
                    assertEquals(losses[k], batched.loss(y[k]), 0.0, where + ": loss of sample " + k);
                    for (int j = 0; j < 17; j++) {
                        assertEquals(z[k][j], batched.outputPreActivation(j), 0.0, where + ": z of sample " + k);
                    }
                }
                batched.backwardBatch(y, 4);
                assertArrayEquals(single.gradients(), batched.gradients(), 0.0, where + ": summed gradients");
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
