package nnspec.runtime;

/** A per-epoch figure that early stopping watches, and whether smaller or larger is better. */
public enum Monitor {
    /** The epoch's sample-wise average training loss. */
    LOSS(EarlyStopping.Mode.MIN),
    /** The epoch's sample-wise average training accuracy. */
    ACCURACY(EarlyStopping.Mode.MAX),
    /** The validation loss of the model at the epoch's end. */
    VAL_LOSS(EarlyStopping.Mode.MIN),
    /** The validation accuracy of the model at the epoch's end. */
    VAL_ACCURACY(EarlyStopping.Mode.MAX);

    private final EarlyStopping.Mode mode;

    Monitor(EarlyStopping.Mode mode) {
        this.mode = mode;
    }

    public EarlyStopping.Mode mode() {
        return mode;
    }

    /** This figure of {@code report}; NaN when it is undefined (no validation part, not a classifier). */
    public double of(EpochReport report) {
        return switch (this) {
            case LOSS -> report.loss();
            case ACCURACY -> report.accuracy();
            case VAL_LOSS -> report.hasValidation() ? report.validation().loss() : Double.NaN;
            case VAL_ACCURACY -> report.hasValidation() ? report.validation().accuracy() : Double.NaN;
        };
    }
}
