package nnspec.runtime;

/**
 * How per-term losses are combined: a mean or a sum, applied once over the outputs of a sample and once over the
 * samples of a batch (a caller holds one {@code Reduction} for each axis).
 *
 * <p>The documents use both, on both axes:
 * <ul>
 * <li>over outputs, MEAN: 003_be7c2a3ed43414a9.txt, "Binary Cross-Entropy Loss" (L_i = 1/J sum_j L_ij), "Mean Squared
 * Error", "Mean Absolute Error"; 000_a379626a3ad4bd0a.txt, "Most common loss functions" (MSE, MAE, BCE with 1/n over
 * j); PyTorch's MSELoss, L1Loss, BCELoss and Keras' losses take this mean over the last axis.</li>
 * <li>over outputs, SUM: categorical cross-entropy in every document (000 "Most common loss functions", 001
 * "Categorical cross entropy", 002 "Loss functions", 003 "Categorical Cross-Entropy"): -sum_j y_j log p_j.</li>
 * <li>over samples, MEAN: 001_aa0c02345369f2d3.txt, "A typical cost function $J$" and "Regression loss functions"
 * (1/n sum_i), 002_db2ef66716d01cf4.txt, "Loss functions" (1/n sum_i), 003_be7c2a3ed43414a9.txt, section 3.2.3
 * "Loss" (1/n sum_i); the frameworks' reduction "mean" (the default).</li>
 * <li>over samples, SUM: the frameworks' reduction "sum"; the per-sample losses L_i of 003, sections 1.2-1.8, are
 * sums of nothing over samples (one sample at a time).</li>
 * </ul>
 * The MEAN over samples scales the gradient by 1/n as well, which is why the learning rate of a MEAN loss and of a
 * SUM loss are not interchangeable (003, "Binary Cross-Entropy Loss", on normalising by the output count).
 */
public enum Reduction {
    /** The arithmetic mean: sum / count. */
    MEAN,
    /** The plain sum. */
    SUM;

    /** The factor each term (and each term's derivative) is multiplied by: 1/count for MEAN, 1 for SUM. */
    public double factor(int count) {
        return this == MEAN ? 1.0 / count : 1.0;
    }

    /** Reduces an already summed total over {@code count} terms. */
    public double apply(double sum, int count) {
        return this == MEAN ? sum / count : sum;
    }

    /** Reduces {@code count} values of {@code terms} from {@code from}. Allocates nothing. */
    public double reduce(double[] terms, int from, int count) {
        double sum = 0.0;
        for (int k = 0; k < count; k++) {
            sum += terms[from + k];
        }
        return apply(sum, count);
    }
}
