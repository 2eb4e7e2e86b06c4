package nnspec.runtime;

/**
 * The {@code fast} numeric mode's forms of the {@link Losses} kernels that call elementary functions on the training
 * hot path, with the names and parameters of the strict kernels (whose doc comments hold the formulas and their
 * citations): {@link FastMath} for {@link StrictMath}, and the fused softmax gradient from the exponentials alone.
 * Kernels without a form here run strict in both modes. FastTwinsTest pairs every method with its strict kernel and
 * checks the two agree; a cached form (the strict parameters plus a softmax cache and its offset, which
 * the generator's NumericMode prefers) is checked against the uncached form here.
 */
public final class FastLosses {
    private FastLosses() {
    }

    private static double inBase(double nats, double logBase) {
        return logBase == Math.E ? nats : nats / FastMath.log(logBase);
    }

    /**
     * {@link Losses#binaryCrossEntropy(double, double, double)}: log clamped at -100 as PyTorch's BCELoss. A hard
     * target (y exactly 1 or 0) takes one logarithm: the other term is 0 times a clamped log, finite for p in [0, 1]
     * (at least -100), so a signed zero that leaves the sum's bits as they are; outside [0, 1] that log is NaN and
     * both are taken, as before.
     */
    public static double binaryCrossEntropy(double p, double y, double logBase) {
        if (y == 1.0 && p <= 1.0) {
            return inBase(-Math.max(FastMath.log(p), Losses.LOG_FLOOR), logBase);
        }
        if (y == 0.0 && p >= 0.0) {
            return inBase(-Math.max(FastMath.log(1.0 - p), Losses.LOG_FLOOR), logBase);
        }
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
        return crossEntropy(z, zFrom, y, yFrom, n, shift, sum, logBase);
    }

    /**
     * The length of a softmax cache for {@code n} classes: the logits z the exponentials were taken of, the n
     * exponentials exp(z_k - max z), and a mark that the loss has written them (0.0 until then).
     */
    public static int softmaxCacheLength(int n) {
        return 2 * n + 1;
    }

    /**
     * {@link #softmaxCrossEntropyWithLogits(double[], int, double[], int, int, double)}, the same operations in the
     * same order, which also leaves the logits and their n exponentials in {@code cache} (of
     * {@link #softmaxCacheLength} elements from {@code cacheFrom}) for the output delta of the same forward pass:
     * {@link #softmaxCrossEntropyWithLogitsGradient(double[], int, double[], int, int, double, double[], int,
     * double[], int)} then takes no exponential.
     */
    public static double softmaxCrossEntropyWithLogits(double[] z, int zFrom, double[] y, int yFrom, int n,
            double logBase, double[] cache, int cacheFrom) {
        double shift = Losses.maxOf(z, zFrom, n);
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double e = FastMath.exp(z[zFrom + k] - shift);
            cache[cacheFrom + k] = z[zFrom + k];
            cache[cacheFrom + n + k] = e;
            sum += e;
        }
        cache[cacheFrom + 2 * n] = 1.0;
        return crossEntropy(z, zFrom, y, yFrom, n, shift, sum, logBase);
    }

    /**
     * {@link #softmaxCrossEntropyWithLogitsGradient(double[], int, double[], int, int, double, double[], int)} from
     * the exponentials the cached loss left, when the cache holds them for exactly these logits (bit for bit), else
     * by that kernel. The exponentials are a function of z alone, so the target may differ from the loss call's; the
     * rule "same logits" is what makes the cache safe whatever the caller does between the calls (a new forward
     * pass, another sample's row, no loss call at all). The sums and the quotient are those of that kernel in its
     * order, so the same bits either way (FastTwinsTest).
     */
    public static void softmaxCrossEntropyWithLogitsGradient(double[] z, int zFrom, double[] y, int yFrom, int n,
            double logBase, double[] g, int gFrom, double[] cache, int cacheFrom) {
        if (!holdsExponentialsOf(cache, cacheFrom, z, zFrom, n)) {
            softmaxCrossEntropyWithLogitsGradient(z, zFrom, y, yFrom, n, logBase, g, gFrom);
            return;
        }
        double sum = 0.0;
        double targetSum = 0.0;
        for (int k = 0; k < n; k++) {
            double e = cache[cacheFrom + n + k];
            g[gFrom + k] = e;
            sum += e;
            targetSum += y[yFrom + k];
        }
        gradient(y, yFrom, n, targetSum, sum, logBase, g, gFrom);
    }

    /** Whether the loss has written {@code cache}, and for logits of exactly the bits of z's. */
    private static boolean holdsExponentialsOf(double[] cache, int cacheFrom, double[] z, int zFrom, int n) {
        if (cache[cacheFrom + 2 * n] != 1.0) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (Double.doubleToRawLongBits(cache[cacheFrom + k]) != Double.doubleToRawLongBits(z[zFrom + k])) {
                return false;
            }
        }
        return true;
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
        gradient(y, yFrom, n, targetSum, sum, logBase, g, gFrom);
    }

    /** The loss from the sum of the exponentials exp(z_k - shift): one logarithm. */
    private static double crossEntropy(double[] z, int zFrom, double[] y, int yFrom, int n, double shift, double sum,
            double logBase) {
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

    /** The gradient from the exponentials in g, their sum and the targets' sum: no elementary function. */
    private static void gradient(double[] y, int yFrom, int n, double targetSum, double sum, double logBase,
            double[] g, int gFrom) {
        double scale = targetSum / sum;
        for (int k = 0; k < n; k++) {
            g[gFrom + k] = inBase(g[gFrom + k] * scale - y[yFrom + k], logBase);
        }
    }
}
