package nnspec.runtime;

/**
 * Evaluation metrics (METRIC-*), the 0-1 loss (LOSS-zero-one) and the bias and variance estimates. They judge a
 * model and are not trained on, so they take whole arrays and may allocate.
 *
 * <p>Classes are ints 0..classes-1. For the binary metrics one class is "positive". A ratio whose denominator is 0
 * (precision with no positive prediction, ...) is undefined and returned as NaN; scikit-learn and Keras report 0
 * there instead, which callers may substitute.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * The four counts of a binary confusion matrix (METRIC-confusion-matrix). 002_db2ef66716d01cf4.txt, "Evaluation
     * metrics", lays it out with the prediction on the rows and the ground truth on the columns, positive first:
     * <pre>
     *                 truth +   truth -
     * predicted +       TP        FP
     * predicted -       FN        TN
     * </pre>
     * (scikit-learn's confusion_matrix is the transpose with the negative class first: [[TN, FP], [FN, TP]] for
     * labels 0, 1, rows the truth.) {@link #layout()} returns the document's layout.
     */
    public record Binary(long tp, long fp, long fn, long tn) {
        public long total() {
            return tp + fp + fn + tn;
        }

        /** METRIC-accuracy: (TP + TN) / (TP + TN + FP + FN). */
        public double accuracy() {
            return ratio(tp + tn, total());
        }

        /** METRIC-precision: TP / (TP + FP). */
        public double precision() {
            return ratio(tp, tp + fp);
        }

        /** METRIC-recall (sensitivity): TP / (TP + FN). */
        public double recall() {
            return ratio(tp, tp + fn);
        }

        /** METRIC-specificity: TN / (TN + FP). */
        public double specificity() {
            return ratio(tn, tn + fp);
        }

        /** METRIC-classification-error: (FP + FN) / all, that is 1 - accuracy. */
        public double error() {
            return ratio(fp + fn, total());
        }

        /** The document's 2x2 layout: {{TP, FP}, {FN, TN}}, rows predicted (+, -), columns truth (+, -). */
        public long[][] layout() {
            return new long[][] {{tp, fp}, {fn, tn}};
        }
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** Counts TP, FP, FN, TN with {@code positive} as the positive class. */
    public static Binary binaryCounts(int[] predicted, int[] actual, int positive) {
        check(predicted.length, actual.length);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < predicted.length; i++) {
            boolean p = predicted[i] == positive;
            boolean a = actual[i] == positive;
            if (p && a) {
                tp++;
            } else if (p) {
                fp++;
            } else if (a) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Binary(tp, fp, fn, tn);
    }

    /**
     * METRIC-confusion-matrix for any number of classes, in the layout of 002_db2ef66716d01cf4.txt: {@code
     * m[predicted][actual]} (rows the prediction, columns the ground truth). The diagonal holds the correct ones.
     */
    public static long[][] confusionMatrix(int[] predicted, int[] actual, int classes) {
        check(predicted.length, actual.length);
        long[][] m = new long[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            m[predicted[i]][actual[i]]++;
        }
        return m;
    }

    /** The index of the largest of {@code n} values from {@code from}; the first one on ties (numpy's argmax). */
    public static int argmax(double[] v, int from, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (v[from + k] > v[from + best]) {
                best = k;
            }
        }
        return best;
    }

    /** METRIC-accuracy: the fraction of samples whose predicted class is the actual one. */
    public static double accuracy(int[] predicted, int[] actual) {
        check(predicted.length, actual.length);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return ratio(correct, predicted.length);
    }

    /**
     * METRIC-accuracy by argmax (003_be7c2a3ed43414a9.txt, "Accuracy" of section 1.2): the mean over samples of
     * [argmax(outputs_i) = class_i].
     */
    public static double argmaxAccuracy(double[][] outputs, int[] classes) {
        check(outputs.length, classes.length);
        int[] predicted = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            predicted[i] = argmax(outputs[i], 0, outputs[i].length);
        }
        return accuracy(predicted, classes);
    }

    /**
     * LOSS-zero-one for one sample: 1 if the predicted class is wrong, 0 if right (001_aa0c02345369f2d3.txt, "0-1
     * loss", prints it with the indicator inverted and a minus sign; see the registry). Not differentiable: a metric.
     */
    public static double zeroOneLoss(int predicted, int actual) {
        return predicted == actual ? 0.0 : 1.0;
    }

    /**
     * METRIC-classification-error and the mean 0-1 loss: the fraction misclassified, 1 - accuracy
     * (002_db2ef66716d01cf4.txt, "Loss functions": CE).
     */
    public static double classificationError(int[] predicted, int[] actual) {
        check(predicted.length, actual.length);
        double wrong = 0.0;
        for (int i = 0; i < predicted.length; i++) {
            wrong += zeroOneLoss(predicted[i], actual[i]);
        }
        return predicted.length == 0 ? Double.NaN : wrong / predicted.length;
    }

    /**
     * METRIC-mse: the mean over every sample and output of (yhat - y)^2 (003_be7c2a3ed43414a9.txt, "Mean Squared
     * Error"), each term {@link Losses#squaredError}.
     */
    public static double meanSquaredError(double[][] predicted, double[][] actual) {
        return meanOver(predicted, actual, true);
    }

    /** METRIC-mae: the mean over every sample and output of |yhat - y| (003, "Mean Absolute Error"). */
    public static double meanAbsoluteError(double[][] predicted, double[][] actual) {
        return meanOver(predicted, actual, false);
    }

    private static double meanOver(double[][] predicted, double[][] actual, boolean squared) {
        check(predicted.length, actual.length);
        double sum = 0.0;
        long count = 0;
        for (int n = 0; n < predicted.length; n++) {
            check(predicted[n].length, actual[n].length);
            for (int j = 0; j < predicted[n].length; j++) {
                sum += squared ? Losses.squaredError(predicted[n][j], actual[n][j])
                        : Losses.absoluteError(predicted[n][j], actual[n][j]);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * METRIC-regression-accuracy, its allowance (003_be7c2a3ed43414a9.txt, "Accuracy" of section 1.8): rho =
     * sigma(y) / limit with the population standard deviation sqrt(sum (y_j - mu)^2 / J).
     */
    public static double regressionPrecision(double[] y, double limit) {
        double mean = 0.0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double squares = 0.0;
        for (double v : y) {
            squares += (v - mean) * (v - mean);
        }
        return StrictMath.sqrt(squares / y.length) / limit;
    }

    /** METRIC-regression-accuracy: the fraction of outputs with |yhat_j - y_j| &lt; rho (strictly). */
    public static double regressionAccuracy(double[] predicted, double[] actual, double rho) {
        check(predicted.length, actual.length);
        long within = 0;
        for (int j = 0; j < predicted.length; j++) {
            if (Math.abs(predicted[j] - actual[j]) < rho) {
                within++;
            }
        }
        return ratio(within, predicted.length);
    }

    /**
     * METRIC-bias-variance, the decomposition at one input x (002_db2ef66716d01cf4.txt, "Bias and variance
     * trade-off"): given the predictions g_d(x) of models trained on D data sets and the true value f(x),
     * meanSquaredError = mean_d (g_d - f)^2 = biasSquared + variance with biasSquared = (mean_d g_d - f)^2 and
     * variance = mean_d (g_d - mean g)^2. The expected error against a noisy Y = f + eps adds sigma^2.
     */
    public record Decomposition(double biasSquared, double variance, double meanSquaredError) {
    }

    public static Decomposition biasVariance(double[] predictions, double truth) {
        double mean = 0.0;
        for (double g : predictions) {
            mean += g;
        }
        mean /= predictions.length;
        double variance = 0.0;
        double mse = 0.0;
        for (double g : predictions) {
            variance += (g - mean) * (g - mean);
            mse += (g - truth) * (g - truth);
        }
        int d = predictions.length;
        return new Decomposition((mean - truth) * (mean - truth), variance / d, mse / d);
    }

    /** METRIC-bias-variance estimate of the (avoidable) bias: E_train - E_human (002, "How to estimate bias and variance?"). */
    public static double avoidableBias(double humanError, double trainError) {
        return trainError - humanError;
    }

    /** METRIC-bias-variance estimate of the variance: E_test - E_train, the test error measured on the dev set. */
    public static double varianceEstimate(double trainError, double testError) {
        return testError - trainError;
    }

    public enum Verdict {
        LOW_BIAS_LOW_VARIANCE,
        LOW_BIAS_HIGH_VARIANCE,
        HIGH_BIAS_LOW_VARIANCE,
        HIGH_BIAS_HIGH_VARIANCE
    }

    /**
     * The verdict of 002_db2ef66716d01cf4.txt, "How to estimate bias and variance?". The document labels the same
     * variance estimate (2 points, 8% to 10%) low in one row of Example 2 and high in the next, so its labels are
     * relative: a gap (bias or variance estimate) is high when it exceeds {@code tolerance} and is at least the
     * other gap (the one to work on first). With a tolerance of 1 percentage point this gives all six printed
     * verdicts; the errors and the tolerance share one unit.
     */
    public static Verdict biasVarianceVerdict(double humanError, double trainError, double testError,
            double tolerance) {
        double bias = avoidableBias(humanError, trainError);
        double variance = varianceEstimate(trainError, testError);
        boolean highBias = bias > tolerance && bias >= variance;
        boolean highVariance = variance > tolerance && variance >= bias;
        if (highBias) {
            return highVariance ? Verdict.HIGH_BIAS_HIGH_VARIANCE : Verdict.HIGH_BIAS_LOW_VARIANCE;
        }
        return highVariance ? Verdict.LOW_BIAS_HIGH_VARIANCE : Verdict.LOW_BIAS_LOW_VARIANCE;
    }

    private static void check(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("lengths differ: " + a + " and " + b);
        }
    }
}
