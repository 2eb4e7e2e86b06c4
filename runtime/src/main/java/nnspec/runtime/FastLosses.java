package nnspec.runtime;

/**
 * The {@code fast} numeric mode's forms of the {@link Losses} kernels that call elementary functions on the training
 * hot path, with the names and parameters of the strict kernels (whose doc comments hold the formulas and their
 * citations): {@link FastMath} for {@link StrictMath}, and the fused softmax gradient from the exponentials alone.
 * Kernels without a form here run strict in both modes. FastTwinsTest pairs every method with its strict kernel and
 * checks the two agree.
 */
public final class FastLosses {
    private FastLosses() {
    }

    private static double inBase(double nats, double logBase) {
        return logBase == Math.E ? nats : nats / FastMath.log(logBase);
    }

    /** {@link Losses#binaryCrossEntropy(double, double, double)}: log clamped at -100 as PyTorch's BCELoss. */
    public static double binaryCrossEntropy(double p, double y, double logBase) {
        double nats = -(y * Math.max(FastMath.log(p), Losses.LOG_FLOOR)
                + (1.0 - y) * Math.max(FastMath.log(1.0 - p), Losses.LOG_FLOOR));
        return inBase(nats, logBase);
    }

    /** {@link Losses#categoricalCrossEntropy(double, double, double)}. */
    public static double categoricalCrossEntropy(double p, double y, double logBase) {
        return y == 0.0 ? 0.0 : inBase(-y * Math.max(FastMath.log(p), Losses.LOG_FLOOR), logBase);
    }

    /** {@link Losses#binaryCrossEntropyWithLogits}. */
    public static double binaryCrossEntropyWithLogits(double z, double y, double logBase) {
        double nats = Math.max(z, 0.0) - z * y + FastMath.log1p(FastMath.exp(-Math.abs(z)));
        return inBase(nats, logBase);
    }

    /** {@link Losses#binaryCrossEntropyWithLogitsDerivative}. */
    public static double binaryCrossEntropyWithLogitsDerivative(double z, double y, double logBase) {
        return inBase(FastActivations.sigmoid(z) - y, logBase);
    }

    /** {@link Losses#softmaxCrossEntropyWithLogits}: n exponentials and one logarithm. */
    public static double softmaxCrossEntropyWithLogits(double[] z, int zFrom, double[] y, int yFrom, int n,
            double logBase) {
        double shift = Losses.maxOf(z, zFrom, n);
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            sum += FastMath.exp(z[zFrom + k] - shift);
        }
        double logSum = FastMath.log(sum);
        double loss = 0.0;
        for (int k = 0; k < n; k++) {
            double yk = y[yFrom + k];
            if (yk != 0.0) {
                loss -= yk * ((z[zFrom + k] - shift) - logSum);
            }
        }
        return inBase(loss, logBase);
    }

    /**
     * {@link Losses#softmaxCrossEntropyWithLogitsGradient}: softmax(z)_j sum_k y_k - y_j with softmax from the n
     * exponentials and their sum, without the logarithm the strict kernel takes. Allocates nothing.
     */
    public static void softmaxCrossEntropyWithLogitsGradient(double[] z, int zFrom, double[] y, int yFrom, int n,
            double logBase, double[] g, int gFrom) {
        double shift = Losses.maxOf(z, zFrom, n);
        double sum = 0.0;
        double targetSum = 0.0;
        for (int k = 0; k < n; k++) {
            double e = FastMath.exp(z[zFrom + k] - shift);
            g[gFrom + k] = e;
            sum += e;
            targetSum += y[yFrom + k];
        }
        double scale = targetSum / sum;
        for (int k = 0; k < n; k++) {
            g[gFrom + k] = inBase(g[gFrom + k] * scale - y[yFrom + k], logBase);
        }
    }
}
