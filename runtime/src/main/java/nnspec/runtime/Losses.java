package nnspec.runtime;

/**
 * Per-output loss terms, their derivatives with respect to the prediction, and the fused output deltas. A sample's
 * loss is the mean of the terms over its outputs for MSE, MAE and BCE, and their sum over the classes for CCE
 * (PyTorch's MSELoss, L1Loss, BCELoss and CrossEntropyLoss with reduction "mean"); a batch's loss is the mean over
 * its samples.
 *
 * <p>Cross-entropies take a log base: e gives nats (the frameworks' convention), 2 gives bits. Logs are clamped
 * at {@link #LOG_FLOOR} as PyTorch's BCELoss does, so a prediction of exactly 0 or 1 gives a large finite loss.
 */
public final class Losses {
    /** PyTorch clamps log(p) at -100 in BCELoss (torch.nn.BCELoss documentation). */
    public static final double LOG_FLOOR = -100.0;

    /** PyTorch's BCELoss backward divides by max(p(1 - p), 1e-12). */
    public static final double BCE_GRAD_EPSILON = 1e-12;

    private Losses() {
    }

    /** LOSS-mse term: (yhat - y)^2. */
    public static double squaredError(double yhat, double y) {
        double d = yhat - y;
        return d * d;
    }

    public static double squaredErrorDerivative(double yhat, double y) {
        return 2.0 * (yhat - y);
    }

    /** LOSS-mae term: |yhat - y|. */
    public static double absoluteError(double yhat, double y) {
        return Math.abs(yhat - y);
    }

    /** GRAD-mae: sign(yhat - y), with 0 at the kink yhat = y (PyTorch's L1Loss gradient). */
    public static double absoluteErrorDerivative(double yhat, double y) {
        return Activations.sign(yhat - y);
    }

    /** Natural log clamped below at {@link #LOG_FLOOR}. */
    public static double clampedLog(double p) {
        return Math.max(StrictMath.log(p), LOG_FLOOR);
    }

    /**
     * LOSS-bce term: -[y log p + (1 - y) log(1 - p)] in the given log base (000_a379626a3ad4bd0a.txt, "Most common
     * loss functions"; 001_aa0c02345369f2d3.txt, "Binary cross entropy").
     */
    public static double binaryCrossEntropy(double p, double y, double logBase) {
        double nats = -(y * clampedLog(p) + (1.0 - y) * clampedLog(1.0 - p));
        return logBase == Math.E ? nats : nats / StrictMath.log(logBase);
    }

    /** GRAD-bce: dL/dp = (p - y) / (p (1 - p)), in the given log base. */
    public static double binaryCrossEntropyDerivative(double p, double y, double logBase) {
        double g = (p - y) / Math.max(p * (1.0 - p), BCE_GRAD_EPSILON);
        return logBase == Math.E ? g : g / StrictMath.log(logBase);
    }

    /** LOSS-cce term for one class: -y log p, in the given log base. */
    public static double categoricalCrossEntropy(double p, double y, double logBase) {
        double nats = y == 0.0 ? 0.0 : -y * clampedLog(p);
        return logBase == Math.E ? nats : nats / StrictMath.log(logBase);
    }

    /** GRAD-cce: dL/dp = -y / p, in the given log base. */
    public static double categoricalCrossEntropyDerivative(double p, double y, double logBase) {
        double g = y == 0.0 ? 0.0 : -y / p;
        return logBase == Math.E ? g : g / StrictMath.log(logBase);
    }

    /**
     * GRAD-sigmoid-bce: with p = sigmoid(z), dL/dz = p - y (000_a379626a3ad4bd0a.txt, the MLP worked example's
     * b_3 update). The fused form avoids dividing by p(1 - p) and so stays exact as p approaches 0 or 1.
     */
    public static double sigmoidBinaryCrossEntropyDelta(double p, double y, double logBase) {
        double g = p - y;
        return logBase == Math.E ? g : g / StrictMath.log(logBase);
    }

    /**
     * GRAD-softmax-cce: with p = softmax(z), dL/dz_j = p_j * sum_k y_k - y_j, which is p_j - y_j for a one-hot or
     * any target that sums to 1 (003_be7c2a3ed43414a9.txt, the softmax cross-entropy gradient).
     */
    public static double softmaxCategoricalCrossEntropyDelta(double p, double y, double targetSum, double logBase) {
        double g = p * targetSum - y;
        return logBase == Math.E ? g : g / StrictMath.log(logBase);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Conventions and variants added for the formula registry (issue 3). The methods above keep their behaviour.

    /**
     * How a cross-entropy on probabilities keeps log(0) finite (MISC-cce-clipping). The frameworks differ:
     * <ul>
     * <li>{@link #LOG_FLOOR}: log(p) clamped below at -100, PyTorch's BCELoss (torch.nn.BCELoss documentation); the
     * kernels above always use it. The loss of a perfect prediction is exactly 0.</li>
     * <li>{@link #EPSILON}: p clipped to [1e-7, 1 - 1e-7] before the log, Keras' binary_crossentropy and
     * categorical_crossentropy (keras.backend.epsilon() = 1e-7), and the clipping "from both sides by the same
     * infinitesimally small number" of 003_be7c2a3ed43414a9.txt, "Categorical Cross-Entropy". The loss of a perfect
     * prediction is then -log(1 - 1e-7), about 1e-7, never 0; the derivative is 0 where p was clipped (the clip's
     * gradient), the plain formula elsewhere.</li>
     * </ul>
     */
    public enum Clipping {
        LOG_FLOOR,
        EPSILON
    }

    /** Keras' backend epsilon, the clip of {@link Clipping#EPSILON}. */
    public static final double CLIP_EPSILON = 1e-7;

    private static double inBase(double nats, double logBase) {
        return logBase == Math.E ? nats : nats / StrictMath.log(logBase);
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, CLIP_EPSILON), 1.0 - CLIP_EPSILON);
    }

    private static boolean clipped(double p) {
        return p < CLIP_EPSILON || p > 1.0 - CLIP_EPSILON;
    }

    /**
     * LOSS-huber term, PyTorch's HuberLoss (torch.nn.HuberLoss documentation): with e = yhat - y, e^2 / 2 where
     * |e| &lt;= delta, delta (|e| - delta / 2) beyond. Both pieces and their derivatives meet at |e| = delta (value
     * delta^2 / 2, slope +-delta), so the loss is continuously differentiable; delta &gt; 0.
     * (000_a379626a3ad4bd0a.txt, "Most common loss functions", and 001_aa0c02345369f2d3.txt, "Huber loss:", print
     * it without the absolute value and without the 1/2 respectively; see the registry.)
     */
    public static double huber(double yhat, double y, double delta) {
        double e = yhat - y;
        double a = Math.abs(e);
        return a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
    }

    /** GRAD-huber: e inside |e| &lt;= delta, delta sign(e) outside; at |e| = delta both give +-delta exactly. */
    public static double huberDerivative(double yhat, double y, double delta) {
        double e = yhat - y;
        if (e > delta) {
            return delta;
        }
        if (e < -delta) {
            return -delta;
        }
        return e;
    }

    /** LOSS-bce term with a named {@link Clipping}; LOG_FLOOR is {@link #binaryCrossEntropy(double, double, double)}. */
    public static double binaryCrossEntropy(double p, double y, double logBase, Clipping clipping) {
        if (clipping == Clipping.LOG_FLOOR) {
            return binaryCrossEntropy(p, y, logBase);
        }
        double q = clip(p);
        return inBase(-(y * StrictMath.log(q) + (1.0 - y) * StrictMath.log(1.0 - q)), logBase);
    }

    /** GRAD-bce with a named {@link Clipping}: (p - y) / (p (1 - p)); 0 where EPSILON clipped p. */
    public static double binaryCrossEntropyDerivative(double p, double y, double logBase, Clipping clipping) {
        if (clipping == Clipping.LOG_FLOOR) {
            return binaryCrossEntropyDerivative(p, y, logBase);
        }
        return clipped(p) ? 0.0 : inBase((p - y) / (p * (1.0 - p)), logBase);
    }

    /**
     * LOSS-cce term with a named {@link Clipping} (MISC-cce-clipping, 003_be7c2a3ed43414a9.txt, "Categorical
     * Cross-Entropy"): -y log p, with p clamped in the log (LOG_FLOOR) or clipped to [1e-7, 1 - 1e-7] (EPSILON, Keras
     * and the book 003 follows). A class with y = 0 contributes exactly 0. Keras also rescales p to sum to 1 first;
     * nnspec's p comes from a softmax and already does.
     */
    public static double categoricalCrossEntropy(double p, double y, double logBase, Clipping clipping) {
        if (clipping == Clipping.LOG_FLOOR) {
            return categoricalCrossEntropy(p, y, logBase);
        }
        return y == 0.0 ? 0.0 : inBase(-y * StrictMath.log(clip(p)), logBase);
    }

    /** GRAD-cce with a named {@link Clipping}: -y / p; 0 where EPSILON clipped p. */
    public static double categoricalCrossEntropyDerivative(double p, double y, double logBase, Clipping clipping) {
        if (clipping == Clipping.LOG_FLOOR) {
            return categoricalCrossEntropyDerivative(p, y, logBase);
        }
        return y == 0.0 || clipped(p) ? 0.0 : inBase(-y / p, logBase);
    }

    /**
     * LOSS-bce on a logit z (p = sigmoid(z)), PyTorch's BCEWithLogitsLoss and TensorFlow's
     * sigmoid_cross_entropy_with_logits: max(z, 0) - z y + log(1 + e^-|z|). Equal to -[y log s + (1 - y) log(1 - s)]
     * with s = sigmoid(z), but e^-|z| &lt;= 1 so nothing overflows and no log of 0 is taken: finite for every
     * finite z (at z = +-1000 too), with no clipping.
     */
    public static double binaryCrossEntropyWithLogits(double z, double y, double logBase) {
        double nats = Math.max(z, 0.0) - z * y + StrictMath.log1p(StrictMath.exp(-Math.abs(z)));
        return inBase(nats, logBase);
    }

    /** GRAD-sigmoid-bce on the logit: dL/dz = sigmoid(z) - y (000_a379626a3ad4bd0a.txt, the MLP example's b_3). */
    public static double binaryCrossEntropyWithLogitsDerivative(double z, double y, double logBase) {
        return inBase(Activations.sigmoid(z) - y, logBase);
    }

    /** The largest of {@code n} values of {@code z} from {@code from}: the shift of the fused softmax-CCE kernels. */
    public static double maxOf(double[] z, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, z[from + k]);
        }
        return max;
    }

    /**
     * log sum_k e^(z_k - shift) over {@code n} values from {@code from}; with shift = {@link #maxOf} no exponent is
     * positive (no overflow) and the largest term is 1 (no log of 0).
     */
    public static double logSumExpShifted(double[] z, int from, int n, double shift) {
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            sum += StrictMath.exp(z[from + k] - shift);
        }
        return StrictMath.log(sum);
    }

    /** log sum_k e^(z_k) = max + log sum_k e^(z_k - max). */
    public static double logSumExp(double[] z, int from, int n) {
        double max = maxOf(z, from, n);
        return max + logSumExpShifted(z, from, n, max);
    }

    /**
     * LOSS-cce fused with softmax, one class's term on logits: -y log softmax(z)_j = -y ((z_j - shift) - logSum) with
     * shift = max z and logSum = {@link #logSumExpShifted} (PyTorch's CrossEntropyLoss on logits). Keeping the shift
     * apart, rather than subtracting a rounded logSumExp(z), keeps the term accurate for large logits. A class with
     * y = 0 contributes exactly 0.
     */
    public static double softmaxCrossEntropyTerm(double z, double y, double shift, double logSum, double logBase) {
        return y == 0.0 ? 0.0 : inBase(-y * ((z - shift) - logSum), logBase);
    }

    /**
     * GRAD-softmax-cce, one class on logits: dL/dz_j = softmax(z)_j sum_k y_k - y_j, which is softmax(z)_j - y_j for
     * targets summing to 1 (003_be7c2a3ed43414a9.txt, "Softmax Cross-Entropy" and section 3.3.4).
     */
    public static double softmaxCrossEntropyTermDerivative(double z, double y, double targetSum, double shift,
            double logSum, double logBase) {
        return inBase(StrictMath.exp((z - shift) - logSum) * targetSum - y, logBase);
    }

    /** LOSS-cce of one sample on logits: the sum over the {@code n} classes of {@link #softmaxCrossEntropyTerm}. */
    public static double softmaxCrossEntropyWithLogits(double[] z, int zFrom, double[] y, int yFrom, int n,
            double logBase) {
        double shift = maxOf(z, zFrom, n);
        double logSum = logSumExpShifted(z, zFrom, n, shift);
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            sum += softmaxCrossEntropyTerm(z[zFrom + k], y[yFrom + k], shift, logSum, logBase);
        }
        return sum;
    }

    /** GRAD-softmax-cce of one sample on logits, written to {@code g} from {@code gFrom}. Allocates nothing. */
    public static void softmaxCrossEntropyWithLogitsGradient(double[] z, int zFrom, double[] y, int yFrom, int n,
            double logBase, double[] g, int gFrom) {
        double shift = maxOf(z, zFrom, n);
        double logSum = logSumExpShifted(z, zFrom, n, shift);
        double targetSum = 0.0;
        for (int k = 0; k < n; k++) {
            targetSum += y[yFrom + k];
        }
        for (int k = 0; k < n; k++) {
            g[gFrom + k] = softmaxCrossEntropyTermDerivative(z[zFrom + k], y[yFrom + k], targetSum, shift, logSum,
                    logBase);
        }
    }

    /**
     * One sample's loss from its per-output terms: the terms of {@code n} outputs from {@code from} reduced with
     * {@code overOutputs} (MEAN for MSE, MAE, BCE and SUM for CCE in the kernels above). A batch's loss is then
     * {@code overSamples.apply(sum of sample losses, samples)}; see {@link Reduction} for which document uses which.
     */
    public static double sampleLoss(double[] terms, int from, int n, Reduction overOutputs) {
        return overOutputs.reduce(terms, from, n);
    }

    /**
     * LOSS-total-with-penalty: the objective is the data loss plus the regularisation penalty (000_a379626a3ad4bd0a.txt,
     * "Regularisation"; 001_aa0c02345369f2d3.txt, "Regularization: L2 or L1"; 002_db2ef66716d01cf4.txt, "Lasso and
     * Ridge regularization"; 003_be7c2a3ed43414a9.txt, "L1 and L2 Regularization": Q = L + L1 + L2). The penalty comes
     * from {@link Regularization}; its gradient is added to the data gradient the same way.
     */
    public static double totalLoss(double dataLoss, double penalty) {
        return dataLoss + penalty;
    }
}
