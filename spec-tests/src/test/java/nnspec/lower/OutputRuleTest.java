package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import nnspec.read.SpecReader;
import nnspec.runtime.Decision;
import org.junit.jupiter.api.Test;

/**
 * The output rule and the decision rule each spec lowers to, as docs/language.md ("train { ... }", the
 * cross-entropies' `clip` and `from`) defines them: the fused delta p - y only for an unclipped cross-entropy on its
 * own output activation (where Keras's probability clip flattens the loss the gradient is 0, which only the chain
 * rule through the clipped loss gives); from logits, z > 0 for one output and the arg-max for several.
 */
class OutputRuleTest {
    private static Spec spec(String output, String loss, String data) {
        String text = "network N {\n  input 2\n  " + output + "\n}\ntrain {\n  " + loss
                + "\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  0 1 -> " + data + "\n}\n";
        try {
            return SpecReader.parse("rule.nn", text);
        } catch (SpecException e) {
            throw new IllegalStateException(text + e.getMessage(), e);
        }
    }

    private static OutputRule rule(Spec s) {
        return OutputRule.of(s.network(), s.train());
    }

    private static Decision decision(Spec s) {
        return OutputRule.decision(s.network(), s.train());
    }

    @Test
    void theFusedDeltaIsUsedOnlyForAnUnclippedCrossEntropyOnItsOwnActivation() {
        assertEquals(OutputRule.SOFTMAX_CCE, rule(spec("dense 3 softmax", "loss cce", "1 0 0")));
        assertEquals(OutputRule.SOFTMAX_CCE, rule(spec("dense 3 softmax", "loss cce clip log", "1 0 0")));
        assertEquals(OutputRule.CHAIN, rule(spec("dense 3 softmax", "loss cce clip probability", "1 0 0")));
        assertEquals(OutputRule.SIGMOID_BCE, rule(spec("dense 1 sigmoid", "loss bce", "1")));
        assertEquals(OutputRule.CHAIN, rule(spec("dense 1 sigmoid", "loss bce clip probability", "1")));
        assertEquals(OutputRule.CCE_LOGITS, rule(spec("dense 3 linear", "loss cce from logits", "1 0 0")));
        assertEquals(OutputRule.BCE_LOGITS, rule(spec("dense 1 linear", "loss bce from logits", "1")));
        assertEquals(OutputRule.CHAIN, rule(spec("dense 3 sigmoid", "loss mse", "1 0 0")));
    }

    @Test
    void aGradientFollowingOptimizerWithoutALossIsAnInternalError() {
        Spec s = spec("dense 1 sigmoid", "loss bce", "1");
        TrainSpec t = s.train();
        TrainSpec noLoss = new TrainSpec(Optional.empty(), t.optimizer(), t.schedule(), t.regularizer(),
                t.convention(), t.epochs(), t.batchSize(), t.order(), t.shuffleSeed(), t.traceDigits(), t.pos());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputRule.of(s.network(), noLoss));
        assertEquals("a gradient-following optimizer needs a loss; the checker ensures it", e.getMessage());
    }

    @Test
    void logitsAreDecidedAtZeroForOneOutputAndByTheArgMaxForSeveral() {
        assertEquals(Decision.THRESHOLD_ZERO, decision(spec("dense 1 linear", "loss bce from logits", "1")));
        assertEquals(Decision.ARGMAX, decision(spec("dense 2 linear", "loss cce from logits", "1 0")));
    }

    @Test
    void severalOutputsAreDecidedByTheArgMaxOnlyForActivationsMonotoneInTheScoresThatSumToOne() {
        assertEquals(Decision.ARGMAX, decision(spec("dense 3 softmax", "loss cce", "1 0 0")));
        assertEquals(Decision.ARGMAX, decision(spec("dense 3 log_softmax", "loss mse", "1 0 0")));
        assertEquals(Decision.ARGMAX, decision(spec("dense 3 sparsemax", "loss mse", "1 0 0")));
        assertEquals(Decision.NONE, decision(spec("dense 3 sigmoid", "loss mse", "1 0 0")));
        assertEquals(Decision.THRESHOLD_HALF, decision(spec("dense 1 sigmoid", "loss mse", "1")));
    }
}
