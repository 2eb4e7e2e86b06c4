package nnspec.model;

import java.util.Optional;

/**
 * What a spec asks of the training run beyond the plan: how the data is split into training, validation and test
 * parts, how inputs are scaled, and when training stops early. Every part is optional; a spec without any trains on
 * all of its data, as the documents' worked examples do.
 */
public record Workflow(Optional<Split> split, Optional<Scaling> scaling, Optional<EarlyStop> earlyStop,
                       Optional<Double> humanError, Optional<Double> regressionLimit) {
    public static final Workflow NONE = new Workflow(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /**
     * {@code humanError}: {@code human_error E}, the human-level classification error (002_db2ef66716d01cf4.txt,
     * "How to estimate bias and variance?": an estimate of the Bayes error) against which the avoidable bias is
     * measured. {@code regressionLimit}: {@code regression_limit L}, the limit lambda of 003_be7c2a3ed43414a9.txt's
     * regression accuracy ("Accuracy", section 1.8), whose precision is rho = sigma(y) / lambda.
     */
    public Workflow {
    }

    /**
     * {@code split validation V test T [seed S] [stratify yes]}: fractions of the samples held out
     * (002_db2ef66716d01cf4.txt, "Divide the database into subsets": 60/20/20 for small data, 98/1/1 for large),
     * drawn by a seeded shuffle; with {@code stratify} each class keeps its share in every part.
     */
    public record Split(double validation, double test, long seed, boolean stratify, SourcePos pos) {
        public double training() {
            return 1.0 - validation - test;
        }
    }

    /** {@code scale standardize} or {@code scale minmax [low L] [high H]}, fitted on the training part only. */
    public record Scaling(Kind kind, double low, double high, SourcePos pos) {
        public enum Kind {
            STANDARDIZE, MINMAX;

            public String keyword() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /**
     * {@code early_stop [monitor M] [patience N] [min_delta D] [restore_best yes|no]}, Keras's EarlyStopping with
     * its defaults (monitor val_loss, patience 0, min_delta 0, restore_best no).
     */
    public record EarlyStop(Monitor monitor, int patience, double minDelta, boolean restoreBest, SourcePos pos) {
    }

    /** A per-epoch figure early stopping can watch. */
    public enum Monitor {
        LOSS, ACCURACY, VAL_LOSS, VAL_ACCURACY;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean validation() {
            return this == VAL_LOSS || this == VAL_ACCURACY;
        }

        /** Whether larger is better. */
        public boolean maximize() {
            return this == ACCURACY || this == VAL_ACCURACY;
        }
    }
}
