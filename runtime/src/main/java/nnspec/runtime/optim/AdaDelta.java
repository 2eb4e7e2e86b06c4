package nnspec.runtime.optim;

/**
 * OPT-adadelta, Zeiler's algorithm (Zeiler 2012, "ADADELTA", Algorithm 1; PyTorch torch.optim.Adadelta
 * documentation): E[g^2] := rho E[g^2] + (1 - rho) g^2; dx := -sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) g;
 * E[dx^2] := rho E[dx^2] + (1 - rho) dx^2; w := w + lr dx. Zeiler has no learning rate (lr = 1, PyTorch's default);
 * PyTorch multiplies the update by lr but accumulates the unscaled dx. Both accumulators start at 0, so the first
 * step has magnitude about lr sqrt(eps / (1 - rho)): the epsilon inside the numerator's root is what starts it.
 *
 * <p>003_be7c2a3ed43414a9.txt, 3.4.4, prints this rule without the E[dx^2] accumulator and with eps outside both
 * roots; see the registry's verdict on that form.
 */
public final class AdaDelta implements Optimizer {
    private final double rho;
    private final double epsilon;
    private final double[] meanSquareGradient;
    private final double[] meanSquareUpdate;

    public AdaDelta(int size, double rho, double epsilon) {
        if (!(rho >= 0 && rho < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("rho in [0, 1) and epsilon > 0 required");
        }
        this.rho = rho;
        this.epsilon = epsilon;
        this.meanSquareGradient = new double[size];
        this.meanSquareUpdate = new double[size];
    }

    @Override
    public double[] state() {
        return Optimizer.pack(new double[][] {meanSquareGradient, meanSquareUpdate});
    }

    @Override
    public void restore(double[] state) {
        Optimizer.unpack(state, 0, meanSquareGradient, meanSquareUpdate);
    }

    @Override
    public void step(double[] parameters, double[] gradient, double learningRate) {
        for (int i = 0; i < meanSquareGradient.length; i++) {
            double g = gradient[i];
            meanSquareGradient[i] = rho * meanSquareGradient[i] + (1 - rho) * g * g;
            double delta = StrictMath.sqrt(meanSquareUpdate[i] + epsilon)
                    / StrictMath.sqrt(meanSquareGradient[i] + epsilon) * g;
            meanSquareUpdate[i] = rho * meanSquareUpdate[i] + (1 - rho) * delta * delta;
            parameters[i] -= learningRate * delta;
        }
    }
}
