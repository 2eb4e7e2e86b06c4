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

    /**
     * The whole state as numbers, for a checkpoint: the state arrays one after another, then any counters (a step
     * count is exact as a double up to 2^53). Empty for a rule without state.
     */
    default double[] state() {
        return new double[0];
    }

    /** Puts back what {@link #state()} gave, so the next steps are those the saved optimizer would have taken. */
    default void restore(double[] state) {
        unpack(state, 0);
    }

    /** {@code arrays} one after another, then {@code counters}. */
    static double[] pack(double[][] arrays, double... counters) {
        int n = counters.length;
        for (double[] a : arrays) {
            n += a.length;
        }
        double[] state = new double[n];
        int at = 0;
        for (double[] a : arrays) {
            System.arraycopy(a, 0, state, at, a.length);
            at += a.length;
        }
        System.arraycopy(counters, 0, state, at, counters.length);
        return state;
    }

    /**
     * Copies {@code state} back into {@code arrays} (which have their sizes already) and returns the {@code counters}
     * numbers after them; a state of another length is refused.
     */
    static double[] unpack(double[] state, int counters, double[]... arrays) {
        int n = counters;
        for (double[] a : arrays) {
            n += a.length;
        }
        if (state.length != n) {
            throw new IllegalArgumentException("optimizer state has " + state.length + " numbers; expected " + n);
        }
        int at = 0;
        for (double[] a : arrays) {
            System.arraycopy(state, at, a, 0, a.length);
            at += a.length;
        }
        return java.util.Arrays.copyOfRange(state, at, state.length);
    }
}
