package nnspec.runtime.optim;

/**
 * OPT-rmsprop: s := rho s + (1 - rho) g^2; w := w - lr g / (sqrt(s) + eps) (PyTorch torch.optim.RMSprop
 * documentation, its alpha is this rho, default 0.99, eps 1e-8; 003_be7c2a3ed43414a9.txt, "RMSProp" and 3.4.5) or
 * g / sqrt(s + eps) (000_a379626a3ad4bd0a.txt, "Optimisers - RMSProp"; Keras 3 RMSprop, rho 0.9, epsilon 1e-7):
 * {@link EpsilonPlacement}.
 *
 * <p>PyTorch's options: centered (also keep a := rho a + (1 - rho) g and use s - a^2 in place of s) and momentum
 * (b := mu b + g / denominator; w := w - lr b, lr outside the buffer; Keras keeps lr inside its momentum, which is
 * the same trajectory only while lr is constant).
 */
public final class RmsProp implements Optimizer {
    private final double rho;
    private final double epsilon;
    private final EpsilonPlacement placement;
    private final boolean centered;
    private final double momentum;
    private final double[] meanSquare;
    private final double[] mean;
    private final double[] buffer;

    /** PyTorch's plain form: epsilon outside the root, not centered, no momentum. */
    public RmsProp(int size, double rho, double epsilon) {
        this(size, rho, epsilon, EpsilonPlacement.OUTSIDE_ROOT, false, 0.0);
    }

    public RmsProp(int size, double rho, double epsilon, EpsilonPlacement placement, boolean centered,
            double momentum) {
        if (!(rho >= 0 && rho < 1) || epsilon < 0 || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("rho and momentum in [0, 1), epsilon >= 0 required");
        }
        this.rho = rho;
        this.epsilon = epsilon;
        this.placement = placement;
        this.centered = centered;
        this.momentum = momentum;
        this.meanSquare = new double[size];
        this.mean = new double[centered ? size : 0];
        this.buffer = new double[momentum > 0 ? size : 0];
    }

    @Override
    public double[] state() {
        return Optimizer.pack(new double[][] {meanSquare, mean, buffer});
    }

    @Override
    public void restore(double[] state) {
        Optimizer.unpack(state, 0, meanSquare, mean, buffer);
    }

    @Override
    public void step(double[] parameters, double[] gradient, double learningRate) {
        for (int i = 0; i < meanSquare.length; i++) {
            double g = gradient[i];
            meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g * g;
            double s = meanSquare[i];
            if (centered) {
                mean[i] = rho * mean[i] + (1 - rho) * g;
                s -= mean[i] * mean[i];
            }
            double scaled = g / placement.denominator(s, epsilon);
            if (momentum > 0) {
                buffer[i] = momentum * buffer[i] + scaled;
                parameters[i] -= learningRate * buffer[i];
            } else {
                parameters[i] -= learningRate * scaled;
            }
        }
    }
}
