package nnspec.runtime.optim;

/**
 * SCHED-linear-then-constant: lr_k = (1 - k / tau) lr0 + (k / tau) lr_tau for k &lt; tau, then lr_tau
 * (001_aa0c02345369f2d3.txt, "Stochastic gradient descent (SGD)", with lr_tau = 0.01 lr0 suggested; Goodfellow,
 * Bengio and Courville, Deep Learning, section 8.3.1; PyTorch torch.optim.lr_scheduler.LinearLR with start_factor 1
 * and end_factor lr_tau / lr0, total_iters tau). k counts iterations (optimizer steps) in the document.
 */
public final class LinearThenConstant implements Schedule {
    private final double initialRate;
    private final double finalRate;
    private final long tau;

    public LinearThenConstant(double initialRate, double finalRate, long tau) {
        if (tau < 1) {
            throw new IllegalArgumentException("tau must be at least 1");
        }
        this.initialRate = initialRate;
        this.finalRate = finalRate;
        this.tau = tau;
    }

    @Override
    public double rate(long t) {
        if (t >= tau) {
            return finalRate;
        }
        double alpha = (double) t / tau;
        return (1 - alpha) * initialRate + alpha * finalRate;
    }
}
