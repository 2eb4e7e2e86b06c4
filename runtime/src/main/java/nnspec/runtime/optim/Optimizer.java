package nnspec.runtime.optim;

/**
 * A parameter update rule with its own state (OPT-* ids of ../shared/SCOPE.md). One instance per model, built with
 * the parameter count and the hyperparameters; it owns its state arrays and {@link #step} allocates nothing.
 *
 * <p>{@code gradient} is the batch-mean gradient of the loss, already including any penalty gradient (an L2 term
 * added to the loss); {@code learningRate} is the rate for this step, so a {@link Schedule} may change it between
 * steps. Where a rule's printed forms differ in how the rate enters the state (inside or outside a velocity), the
 * forms are equal only while the rate is constant: see {@link Momentum.Form}.
 */
public interface Optimizer {
    void step(double[] parameters, double[] gradient, double learningRate);
}
