package nnspec.runtime.optim;

/**
 * SCHED-cosine computed the way PyTorch's CosineAnnealingLR runs it: each rate from the previous one by
 * {@link Cosine#recursive}, starting from lr0 at t = 0. It equals the closed form {@link Cosine} (with
 * {@link Cosine.AfterPeriod#CONTINUE}) up to rounding; the two part only when something outside the schedule changes
 * the rate, which the recursion carries forward and the closed form forgets.
 *
 * <p>Keeps the last rate it computed, so a trainer asking for t = 0, 1, 2, ... (or the same t several times) costs
 * one step of the recursion per new t; a smaller t restarts from 0.
 */
public final class RecursiveCosine implements Schedule {
    private final double initialRate;
    private final double minimumRate;
    private final long period;
    private long t;
    private double rate;

    public RecursiveCosine(double initialRate, double minimumRate, long period) {
        if (period < 1) {
            throw new IllegalArgumentException("period T must be at least 1");
        }
        this.initialRate = initialRate;
        this.minimumRate = minimumRate;
        this.period = period;
        this.rate = initialRate;
    }

    @Override
    public double rate(long step) {
        if (step < t) {
            t = 0;
            rate = initialRate;
        }
        while (t < step) {
            t++;
            rate = Cosine.recursive(rate, t, initialRate, minimumRate, period);
        }
        return rate;
    }
}
