package nnspec.runtime;

/**
 * A network with its parameters, as the training loop sees it. Both back ends implement it: the reference
 * interpreter (loops over the kernels) and generated classes (straight-line code for one architecture).
 *
 * <p>Parameters live in one flat array in a fixed layout: layer by layer, first the weights {@code w[j][i]}
 * (unit j, input i) at {@code offset + j * inputs + i}, then the biases {@code b[j]} at
 * {@code offset + inputs * units + j}. Gradients have the same layout.
 *
 * <p>A training step is: {@link #zeroGradients()}, then per sample {@link #forward} and {@link #backward}, then
 * {@link #update}. Implementations allocate nothing in these methods.
 */
public interface Model {
    String name();

    int inputSize();

    int outputSize();

    int parameterCount();

    /** The parameter's trace name, {@code <layer>.w[j][i]} or {@code <layer>.b[j]}. */
    String parameterName(int index);

    /** The live parameter array. */
    double[] parameters();

    /** The live gradient array: sums over the samples since the last {@link #zeroGradients()}. */
    double[] gradients();

    /** Restores the initial parameters the spec prescribes. */
    void initialize();

    /** Computes the outputs for {@code x} into {@code yhat} and keeps what {@link #backward} needs. */
    void forward(double[] x, double[] yhat);

    /** The pre-activation z of an output unit, from the last {@link #forward}. */
    double outputPreActivation(int unit);

    /** False for a heuristic update rule trained without a loss (the perceptron rule). */
    boolean hasLoss();

    /** The sample loss of the last {@link #forward} against target {@code y}; NaN when {@link #hasLoss()} is false. */
    double loss(double[] y);

    /**
     * LOSS-total-with-penalty: the norm penalty of the current parameters, which the trainer adds to the batch's data
     * loss; 0 without one.
     */
    default double penalty() {
        return 0.0;
    }

    /**
     * Switches between training passes ({@code true}: what draws at random, randomised ReLU slopes and dropout
     * masks, draws) and evaluation passes ({@code false}: it takes its expected value). The trainer switches it on
     * for its steps and off to evaluate; a new model evaluates. {@link #initialize()} restarts the draws from their
     * seeds.
     */
    default void training(boolean on) {
    }

    /**
     * Tells the model the number m of training samples, which a penalty with the constant lambda/(2m)
     * (002_db2ef66716d01cf4.txt, "Lasso and Ridge regularization") needs; the trainer calls it before the first
     * step. Models without such a penalty ignore it.
     */
    default void trainingSamples(int m) {
    }

    /** True when {@link #backward} computes the gradient of {@link #loss}; false for a heuristic rule. */
    boolean followsGradient();

    /** Adds, for the last {@link #forward} and target {@code y}, the sample's gradient (or update direction). */
    void backward(double[] y);

    void zeroGradients();

    /** Applies the update rule with the gradients summed over a batch of {@code batchSize} samples. */
    void update(double learningRate, int batchSize);

    /**
     * The update rule's state holder, whose {@link nnspec.runtime.optim.Optimizer#state()} a checkpoint saves; null
     * for a rule without state (the perceptron rule).
     */
    default nnspec.runtime.optim.Optimizer optimizer() {
        return null;
    }

    /** How outputs become classes for accuracy. */
    Decision decision();

    /**
     * The trace name of parameter {@code index} in the layout above, for layers named {@code layers} that start at
     * {@code offsets} and have {@code inputs} inputs and {@code units} units each.
     */
    static String parameterName(int index, String[] layers, int[] offsets, int[] inputs, int[] units) {
        int l = offsets.length - 1;
        while (l > 0 && index < offsets[l]) {
            l--;
        }
        int k = index - offsets[l];
        int weights = inputs[l] * units[l];
        if (index < 0 || k >= weights + units[l]) {
            throw new IndexOutOfBoundsException("parameter index " + index);
        }
        return k < weights
                ? layers[l] + ".w[" + (k / inputs[l]) + "][" + (k % inputs[l]) + "]"
                : layers[l] + ".b[" + (k - weights) + "]";
    }
}
