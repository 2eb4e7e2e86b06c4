package nnspec.interpret;

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
