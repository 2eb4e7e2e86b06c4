package nnspec.runtime.optim;

/**
 * OPT-perceptron-rule in its two printed forms, as static kernels (the rule needs the prediction, not a gradient,
 * so it is not an {@link Optimizer}).
 *
 * <p>Layout: {@code w[offset .. offset + n - 1]} are the weights of inputs {@code x[0 .. n - 1]}; where a bias is
 * used it is {@code w[offset + n]}.
 */
public final class Perceptron {
    private Perceptron() {
    }

    /** The step activation of 000_a379626a3ad4bd0a.txt ("Example: perceptron training"): 1 if z > 0, else 0 (so 0 at z = 0). */
    public static double step(double z) {
        return z > 0 ? 1.0 : 0.0;
    }

    /** sign(z) with sign(0) = 0, as 002_db2ef66716d01cf4.txt's Algorithm 1 needs it to update from w_0 = 0. */
    public static double sign(double z) {
        return z > 0 ? 1.0 : z < 0 ? -1.0 : 0.0;
    }

    /** The 0/1 prediction step(sum w_i x_i + b) with the bias at {@code w[offset + n]}. */
    public static double predictZeroOne(double[] w, int offset, double[] x, int n) {
        double z = w[offset + n];
        for (int i = 0; i < n; i++) {
            z += w[offset + i] * x[i];
        }
        return step(z);
    }

    /**
     * Labels 0/1 with a learning rate (000_a379626a3ad4bd0a.txt, "Example: perceptron training"):
     * w_i := w_i + lr (y - yhat) x_i; b := b + lr (y - yhat), with yhat = {@link #predictZeroOne}. Returns yhat.
     * Nothing changes when yhat = y, so only mistakes update.
     */
    public static double updateZeroOne(double[] w, int offset, double[] x, int n, double y, double learningRate) {
        double yhat = predictZeroOne(w, offset, x, n);
        double scale = learningRate * (y - yhat);
        for (int i = 0; i < n; i++) {
            w[offset + i] += scale * x[i];
        }
        w[offset + n] += scale;
        return yhat;
    }

    /**
     * Labels -1/+1, no bias, no learning rate (002_db2ef66716d01cf4.txt, "Perceptron", Algorithm 1): if
     * sign(&lt;w, x&gt;) != y then w := w + y x. Returns whether it was a mistake (an update). With sign(0) = 0 a point on
     * the boundary counts as a mistake, which is what moves w away from its start w_0 = 0.
     */
    public static boolean updateSign(double[] w, int offset, double[] x, int n, double y) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            z += w[offset + i] * x[i];
        }
        if (sign(z) == y) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            w[offset + i] += y * x[i];
        }
        return true;
    }
}
