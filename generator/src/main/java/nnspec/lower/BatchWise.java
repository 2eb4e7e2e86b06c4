package nnspec.lower;

import java.util.List;
import nnspec.runtime.FastDense;

/**
 * Whether the back ends take a plan's training steps a whole mini-batch at a time ({@link
 * nnspec.runtime.Model#stepsByBatch()}) although its samples do not couple: forward and backward passes over the batch
 * as matrix-matrix products ({@link FastDense}'s batched kernels), the per-sample work (activations, loss, output
 * delta) sample by sample in between.
 *
 * <p>It pays when every layer is large enough for the products to reuse its weights across the batch's samples:
 * the fast numeric mode, batches of more than one sample, and a network of dense layers only, each of more than
 * {@link FastDense#SEQUENTIAL_MAX_WEIGHTS} weights (loop-form in generated code; smaller layers are written out
 * straight-line and gain nothing from a batch), with activations that act unit by unit (the output layer's may couple
 * its units, softmax: it runs sample by sample, as the output delta does). Dropout and randomised
 * slopes (draws in sample order) and batch normalisation (its own batch path) stay as they are.
 *
 * <p>The batch path gives the per-sample path's bits: {@link FastDense#forward} keeps each sample's order of its
 * partial sums, and the backward kernels add every element's terms in the one-sample order (FastModeExamplesTest).
 * The strict mode never takes it, so strict numbers and golden traces are untouched.
 */
public final class BatchWise {
    private BatchWise() {
    }

    /** Whether both back ends train {@code plan} batch-wise. */
    public static boolean pays(Plan plan) {
        if (plan.batchCoupled() || plan.random() || plan.train().batchSize() <= 1) {
            return false;
        }
        List<Plan.Stage> stages = plan.stages();
        for (int s = 0; s < stages.size(); s++) {
            if (!(stages.get(s) instanceof Plan.LayerPlan layer)
                    || layer.affine().owner() != FastDense.class
                    || (long) layer.inputs() * layer.units() <= FastDense.SEQUENTIAL_MAX_WEIGHTS) {
                return false;
            }
            boolean output = s == stages.size() - 1;
            if (!(layer.activation() instanceof Plan.ActivationPlan.Elementwise
                    || output && layer.activation() instanceof Plan.ActivationPlan.Coupled)) {
                return false;
            }
        }
        return true;
    }
}
