package nnspec.runtime;

/**
 * The model at the end of an epoch, evaluated on the training data: mean sample loss (NaN without a loss) and
 * accuracy (NaN where the output is not a classification).
 */
public record EpochResult(int epoch, double loss, double accuracy) {
}
