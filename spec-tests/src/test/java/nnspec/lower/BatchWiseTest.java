package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.FastDense;
import org.junit.jupiter.api.Test;

/**
 * Which plans train batch-wise, at the edges of the rule in {@link BatchWise}'s Javadoc (the oracle): the fast mode,
 * batches of more than one sample, and dense layers only, each of <em>more than</em>
 * {@link FastDense#SEQUENTIAL_MAX_WEIGHTS} (256) weights, whose activations act unit by unit but for the output
 * layer's, which may couple its units.
 */
class BatchWiseTest {
    private static Plan plan(int inputs, int hidden, String hiddenActivation, int outputs, int batch) throws Exception {
        Spec spec = SpecReader.parse("wide.nn", "network Wide {\n  input " + inputs + "\n  dense " + hidden + " "
                + hiddenActivation + " init he_uniform seed 5\n  dense " + outputs
                + " softmax init glorot_uniform seed 6\n}\ntrain {\n  loss cce\n  optimizer sgd lr 0.1\n  epochs 1"
                + "  batch " + batch + "\n}\ndata {\n" + " 0.5".repeat(inputs) + " -> 1" + " 0".repeat(outputs - 1)
                + "\n}\n");
        return Plan.of(spec.network(), spec.train());
    }

    private static boolean fast(int inputs, int hidden, String hiddenActivation, int outputs, int batch)
            throws Exception {
        return BatchWise.pays(NumericMode.FAST.apply(plan(inputs, hidden, hiddenActivation, outputs, batch)));
    }

    @Test
    void everyLayerMustHoldMoreThanTheSequentialLimit() throws Exception {
        assertEquals(256, FastDense.SEQUENTIAL_MAX_WEIGHTS, "the limit the cases below are worked for");
        assertTrue(fast(17, 16, "relu", 17, 4), "272 and 272 weights");
        assertFalse(fast(16, 16, "relu", 17, 4), "256 hidden weights: not more than the limit");
        assertFalse(fast(17, 16, "relu", 16, 4), "256 output weights");
        assertFalse(fast(17, 16, "relu", 17, 1), "a batch of one");
        assertFalse(BatchWise.pays(plan(17, 16, "relu", 17, 4)), "the strict mode");
    }

    @Test
    void aCoupledActivationOnlyOnTheOutputLayer() throws Exception {
        assertFalse(fast(17, 16, "sparsemax", 17, 4), "sparsemax on the hidden layer couples its units");
        assertFalse(fast(17, 16, "log_softmax", 17, 4), "so does log_softmax");
    }
}
