package nnspec.runtime.optim;

/**
 * OPT-adagrad: G := G + g^2; w := w - lr g / (sqrt(G) + eps) (003_be7c2a3ed43414a9.txt, "AdaGrad" and 3.4.3;
 * PyTorch torch.optim.Adagrad documentation, eps 1e-10, initial accumulator 0) or w := w - lr g / sqrt(G + eps)
 * (Keras 3 Adagrad, epsilon 1e-7, initial accumulator 0.1): {@link EpsilonPlacement}. The effective rate
 * lr / (sqrt(G) + eps) never grows, since G never shrinks. PyTorch's lr_decay is not modelled (a schedule does it).
 */
public final class AdaGrad implements Optimizer {
    private final double epsilon;
    private final EpsilonPlacement placement;
    private final double[] sumOfSquares;

    /** PyTorch's form: epsilon outside the root, accumulator starting at 0. */
    public AdaGrad(int size, double epsilon) {
        this(size, epsilon, EpsilonPlacement.OUTSIDE_ROOT, 0.0);
    }

    public AdaGrad(int size, double epsilon, EpsilonPlacement placement, double initialAccumulator) {
        if (epsilon < 0 || initialAccumulator < 0) {
            throw new IllegalArgumentException("epsilon and the initial accumulator must be non-negative");
        }
        this.epsilon = epsilon;
        this.placement = placement;
        this.sumOfSquares = new double[size];
        java.util.Arrays.fill(sumOfSquares, initialAccumulator);
    }

    /** The accumulated squares G; read-only use. */
    public double[] sumOfSquares() {
        return sumOfSquares;
    }

    @Override
    public double[] state() {
        return Optimizer.pack(new double[][] {sumOfSquares});
    }

    @Override
    public void restore(double[] state) {
        Optimizer.unpack(state, 0, sumOfSquares);
    }

    @Override
    public void step(double[] parameters, double[] gradient, double learningRate) {
        for (int i = 0; i < sumOfSquares.length; i++) {
            double g = gradient[i];
            sumOfSquares[i] += g * g;
            parameters[i] -= learningRate * g / placement.denominator(sumOfSquares[i], epsilon);
        }
    }
}
