package nnspec.runtime.optim;

/**
 * SCHED-cyclical, triangular policy: lr_t = lr_min + (lr_max - lr_min) triangular(t)
 * (000_a379626a3ad4bd0a.txt, "Learning rate scheduling", cyclical learning rate; Smith 2017, "Cyclical Learning
 * Rates for Training Neural Networks", triangular policy; PyTorch torch.optim.lr_scheduler.CyclicLR, mode
 * "triangular"). triangular rises linearly from 0 to 1 over {@code stepUp} units and falls back to 0 over
 * {@code stepDown} units (Smith: stepDown = stepUp; PyTorch allows them to differ): with L = stepUp + stepDown and
 * x = (t mod L) / L, triangular = x / r if x &lt;= r, else (1 - x) / (1 - r), r = stepUp / L. For stepUp = stepDown = s
 * this is Smith's max(0, 1 - |t / s - 2 floor(1 + t / (2 s)) + 1|). t counts optimizer steps in PyTorch and Smith.
 */
public final class Cyclical implements Schedule {
    private final double minimumRate;
    private final double maximumRate;
    private final long stepUp;
    private final long stepDown;

    /** Smith's symmetric triangle with half-cycle {@code stepSize}. */
    public Cyclical(double minimumRate, double maximumRate, long stepSize) {
        this(minimumRate, maximumRate, stepSize, stepSize);
    }

    public Cyclical(double minimumRate, double maximumRate, long stepUp, long stepDown) {
        if (stepUp < 1 || stepDown < 1) {
            throw new IllegalArgumentException("step sizes must be at least 1");
        }
        this.minimumRate = minimumRate;
        this.maximumRate = maximumRate;
        this.stepUp = stepUp;
        this.stepDown = stepDown;
    }

    /** The triangle wave in [0, 1]. */
    public double triangular(long t) {
        double total = stepUp + stepDown;
        double ratio = stepUp / total;
        double cycle = Math.floor(1 + t / total);
        double x = 1 + t / total - cycle;
        return x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    }

    @Override
    public double rate(long t) {
        return minimumRate + (maximumRate - minimumRate) * triangular(t);
    }
}
