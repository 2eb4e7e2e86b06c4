package nnspec.runtime.optim;

/**
 * SCHED-step: lr_t = lr0 gamma^floor(t / k) (000_a379626a3ad4bd0a.txt, "Learning rate scheduling", step decay;
 * PyTorch torch.optim.lr_scheduler.StepLR with step_size k).
 */
public final class StepDecay implements Schedule {
    private final double initialRate;
    private final double gamma;
    private final long k;

    public StepDecay(double initialRate, double gamma, long k) {
        if (k < 1) {
            throw new IllegalArgumentException("step size k must be at least 1");
        }
        this.initialRate = initialRate;
        this.gamma = gamma;
        this.k = k;
    }

    @Override
    public double rate(long t) {
        return initialRate * StrictMath.pow(gamma, (double) Math.floorDiv(t, k));
    }
}
