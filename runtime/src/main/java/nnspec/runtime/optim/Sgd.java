package nnspec.runtime.optim;

/**
 * OPT-gd and OPT-sgd-minibatch: w := w - lr g, with g the batch-mean gradient (000_a379626a3ad4bd0a.txt,
 * "Training a neural network" and "Most common optimisers"; 001_aa0c02345369f2d3.txt, "Stochastic gradient
 * descent", Algorithm 8.1; 003_be7c2a3ed43414a9.txt, "Stochastic Gradient Descent" and 3.4.1). Plain gradient
 * descent is the same update with the whole training set as the batch: the rule does not know the batch size.
 *
 * <p>Optional coupled weight decay as PyTorch's SGD {@code weight_decay} (torch.optim.SGD documentation):
 * g := g + lambda w before the step, which is the gradient of the penalty (lambda/2) sum w^2 (OPT-weight-decay-
 * equivalence: for plain SGD this equals the decoupled form w := (1 - lr lambda) w - lr g exactly).
 */
public final class Sgd implements Optimizer {
    private final int size;
    private final double weightDecay;

    /** Plain SGD over {@code size} parameters. */
    public Sgd(int size) {
        this(size, 0.0);
    }

    /** SGD with coupled weight decay {@code weightDecay} (lambda; 0 for none). */
    public Sgd(int size, double weightDecay) {
        if (size < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("size and weight decay must be non-negative");
        }
        this.size = size;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(double[] parameters, double[] gradient, double learningRate) {
        for (int i = 0; i < size; i++) {
            double g = gradient[i] + weightDecay * parameters[i];
            parameters[i] -= learningRate * g;
        }
    }
}
