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
}
