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
 * {@link #update}; for a model that {@link #stepsByBatch() steps by whole batches} (one that couples the samples
 * of a batch, or one for which a batch at once is faster), {@link #forwardBatch} and {@link #backwardBatch} over the
 * whole batch in place of the per-sample calls.
 * Implementations allocate nothing in these methods (a batch model's arrays grow only with the largest batch).
 *
 * <p>User code drives a generated class through the default methods under "Using a model" ({@link #train},
 * {@link #predict}, {@link #setParameters}, ...), which are the runtime's stable API (README, "Use nnspec in your
 * Maven build"); the methods above them are the back ends' contract with the training loop.
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
     * The states of the generators the network draws from while training ({@link ShuffleRandom#state()}): each
     * dropout layer's mask generator in network order, then each randomised ReLU layer's slope generator in network
     * order; empty for a network that draws nothing. A checkpoint saves them so a resumed run draws what the
     * uninterrupted run would have drawn.
     */
    default long[] randomStates() {
        return new long[0];
    }

    /** Continues every generator from {@code states}, which {@link #randomStates()} of the same network gave. */
    default void restoreRandomStates(long[] states) {
        if (states.length != 0) {
            throw new IllegalArgumentException("network " + name() + " draws nothing at random, but "
                    + states.length + " generator states were given");
        }
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

    /**
     * Whether a training pass needs the whole batch at once (batch normalisation, whose outputs depend on every
     * sample of the batch). The trainer then calls {@link #forwardBatch}, {@link #sample} and
     * {@link #backwardBatch} for its steps instead of {@link #forward} and {@link #backward}; evaluation passes stay
     * sample by sample (they use the running statistics).
     */
    default boolean couplesBatch() {
        return false;
    }

    /**
     * Whether the trainer takes its steps through {@link #forwardBatch}, {@link #sample} and {@link #backwardBatch}:
     * always for a model that {@link #couplesBatch() couples} its samples; a model whose samples do not couple may
     * choose it because a batch at once is faster (large dense layers as matrix-matrix products over the batch in the
     * fast numeric mode). Either way the per-sample losses, classes and gradients are those of the per-sample calls
     * (for a model that does not couple, to the bit or, where its documentation says so, to rounding in the
     * gradients' sums). Evaluation passes stay sample by sample.
     */
    default boolean stepsByBatch() {
        return couplesBatch();
    }

    /**
     * The forward pass of a batch: the outputs for {@code x[k]} into {@code yhat[k]}, {@code k < count}, keeping
     * each sample's intermediate values for {@link #backwardBatch}; afterwards sample {@code count - 1} is the one
     * {@link #loss} and {@link #outputPreActivation} read.
     */
    default void forwardBatch(double[][] x, double[][] yhat, int count) {
        throw new UnsupportedOperationException(name() + " runs sample by sample");
    }

    /**
     * Makes sample {@code k} of the last {@link #forwardBatch} the one {@link #loss} and the output accessors read
     * ({@link #outputPreActivation}); what a model keeps of the layers below its output may stay another sample's.
     */
    default void sample(int k) {
        throw new UnsupportedOperationException(name() + " runs sample by sample");
    }

    /** Adds the gradient of the last {@link #forwardBatch}'s samples for targets {@code y[k]}, {@code k < count}. */
    default void backwardBatch(double[][] y, int count) {
        throw new UnsupportedOperationException(name() + " runs sample by sample");
    }

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

    // ----- Using a model: the stable API of generated classes --------------------------------------------------

    /**
     * The training plan of the spec's {@code train} block: epochs, batch size, sample order and seed, learning rate
     * and schedule. Generated classes and the interpreter return it; other implementations have none.
     *
     * @throws UnsupportedOperationException when the model was not made from a spec
     */
    default TrainingPlan trainingPlan() {
        throw new UnsupportedOperationException(name() + " has no training plan of its own; pass one to train");
    }

    /**
     * The outputs for one input, in a new array: an evaluation pass (dropout and random slopes at their expected
     * values), which also switches the model to evaluation.
     *
     * @throws IllegalArgumentException when {@code x} does not have {@link #inputSize()} values
     */
    default double[] predict(double[] x) {
        if (x.length != inputSize()) {
            throw new IllegalArgumentException(name() + " takes " + inputSize() + " inputs, got " + x.length);
        }
        training(false);
        double[] yhat = new double[outputSize()];
        forward(x.clone(), yhat);
        return yhat;
    }

    /** The predicted class of one input under {@link #decision()}: 0 or 1 for one output, else the arg max. */
    default int predictClass(double[] x) {
        if (decision() == Decision.NONE) {
            throw new UnsupportedOperationException(name() + " is a regression model: it predicts no class");
        }
        return decision().classOf(predict(x));
    }

    /** A copy of the parameters, in the layout above. */
    default double[] copyParameters() {
        return parameters().clone();
    }

    /**
     * Replaces the parameters with {@code values}, in the layout above (as from {@link #copyParameters()} or
     * another model of the same class); the optimizer's state is kept.
     *
     * @throws IllegalArgumentException when {@code values} does not have {@link #parameterCount()} numbers, or one
     *     is not finite
     */
    default void setParameters(double[] values) {
        if (values.length != parameterCount()) {
            throw new IllegalArgumentException(name() + " has " + parameterCount() + " parameters, got "
                    + values.length);
        }
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("parameter " + parameterName(k) + " is not finite: " + values[k]);
            }
        }
        System.arraycopy(values, 0, parameters(), 0, values.length);
    }

    /**
     * Trains from the current parameters on inputs {@code x[n]} and targets {@code y[n]} (one-hot for several
     * classes) with the spec's {@link #trainingPlan()}; returns the last epoch's loss and accuracy on these samples.
     *
     * @throws IllegalArgumentException when the arrays do not fit the model
     * @throws TrainingDivergedException when a batch's loss is not finite
     */
    default EpochResult train(double[][] x, double[][] y) {
        return train(x, y, trainingPlan());
    }

    /** As {@link #train(double[][], double[][])}, with {@code plan} instead of the spec's. */
    default EpochResult train(double[][] x, double[][] y, TrainingPlan plan) {
        return Trainer.train(this, dataset(x, y), plan, new TrainingListener() { });
    }

    /** The mean sample loss (NaN without a loss) and accuracy (NaN without classes) on these samples. */
    default EpochResult evaluate(double[][] x, double[][] y) {
        return Trainer.evaluate(this, dataset(x, y), 0);
    }

    private Dataset dataset(double[][] x, double[][] y) {
        Dataset data = new Dataset(x, y);
        for (int n = 0; n < x.length; n++) {
            if (x[n].length != inputSize() || y[n].length != outputSize()) {
                throw new IllegalArgumentException("sample " + n + " has " + x[n].length + " inputs and "
                        + y[n].length + " targets; " + name() + " takes " + inputSize() + " and " + outputSize());
            }
        }
        return data;
    }

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
