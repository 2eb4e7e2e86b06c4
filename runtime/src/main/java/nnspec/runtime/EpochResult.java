package nnspec.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * The model at the end of an epoch, evaluated on the training data: mean sample loss (NaN without a loss) and
 * accuracy (NaN where the output is not a classification).
 *
 * <p>For a classifier ({@link Decision} other than NONE) it also holds, per training sample in data order, the
 * predicted class and the actual class (the target's class under the same rule), both in 0..classes-1, recorded in
 * the same pass that measured the loss; the classification metrics are computed from them through {@link Metrics}.
 * Without a decision rule {@code classes} is 0 and both arrays are empty.
 */
public record EpochResult(int epoch, double loss, double accuracy, int classes, int[] predicted, int[] actual) {
    public EpochResult {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("predicted and actual classes differ in length: " + predicted.length
                    + " and " + actual.length);
        }
        if (classes < 0 || classes == 0 && predicted.length > 0) {
            throw new IllegalArgumentException("classes must be positive when classes are recorded, found " + classes);
        }
        predicted = predicted.clone();
        actual = actual.clone();
    }

    /** A result without per-sample classes. */
    public EpochResult(int epoch, double loss, double accuracy) {
        this(epoch, loss, accuracy, 0, new int[0], new int[0]);
    }

    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    @Override
    public int[] actual() {
        return actual.clone();
    }

    /** Whether per-sample classes were recorded (the model has a decision rule). */
    public boolean hasClasses() {
        return classes > 0;
    }

    /**
     * METRIC-classification-error: the mean 0-1 loss (LOSS-zero-one) over the samples, {@link
     * Metrics#classificationError}; NaN without classes.
     */
    public double classificationError() {
        return hasClasses() ? Metrics.classificationError(predicted, actual) : Double.NaN;
    }

    /** The binary counts with class 1 positive ({@link Metrics#binaryCounts}); only for two classes. */
    public Metrics.Binary binary() {
        if (classes != 2) {
            throw new IllegalStateException("binary counts need two classes, this result has " + classes);
        }
        return Metrics.binaryCounts(predicted, actual, 1);
    }

    /** {@link Metrics#confusionMatrix}: {@code m[predicted][actual]}; only with classes. */
    public long[][] confusionMatrix() {
        if (!hasClasses()) {
            throw new IllegalStateException("no classes recorded: the output is not a classification");
        }
        return Metrics.confusionMatrix(predicted, actual, classes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochResult r && epoch == r.epoch && Double.compare(loss, r.loss) == 0
                && Double.compare(accuracy, r.accuracy) == 0 && classes == r.classes
                && Arrays.equals(predicted, r.predicted) && Arrays.equals(actual, r.actual);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, loss, accuracy, classes, Arrays.hashCode(predicted), Arrays.hashCode(actual));
    }

    @Override
    public String toString() {
        return "EpochResult[epoch=" + epoch + ", loss=" + loss + ", accuracy=" + accuracy + ", classes=" + classes
                + ", predicted=" + Arrays.toString(predicted) + ", actual=" + Arrays.toString(actual) + "]";
    }
}
