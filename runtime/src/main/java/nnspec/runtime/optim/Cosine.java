package nnspec.runtime.optim;

/**
 * SCHED-cosine: lr_t = eta_min + (lr0 - eta_min) (1 + cos(pi t / T)) / 2 for 0 &lt;= t &lt;= T
 * (000_a379626a3ad4bd0a.txt, "Learning rate scheduling", cosine annealing, with lr0 = eta_max; Loshchilov and
 * Hutter 2017, SGDR; PyTorch torch.optim.lr_scheduler.CosineAnnealingLR, closed form in its documentation).
 *
 * <p>After T the frameworks part ({@link AfterPeriod}): PyTorch's CosineAnnealingLR keeps following the cosine, so
 * the rate climbs back to lr0 at 2T (period 2T); Keras CosineDecay holds eta_min (it clamps t at T); SGDR restarts
 * at lr0 every T (PyTorch CosineAnnealingWarmRestarts with T_mult 1).
 *
 * <p>PyTorch computes CosineAnnealingLR recursively ({@link #recursive}); from lr0 the recursion gives the closed
 * form (to rounding), but it carries any outside change of the rate forward, scaled, where the closed form forgets it.
 */
public final class Cosine implements Schedule {
    /** What happens after the period T; see the class comment. */
    public enum AfterPeriod {
        CONTINUE,
        HOLD,
        RESTART
    }

    private final double initialRate;
    private final double minimumRate;
    private final long period;
    private final AfterPeriod after;

    /** PyTorch's CosineAnnealingLR (continuing after T). */
    public Cosine(double initialRate, double minimumRate, long period) {
        this(initialRate, minimumRate, period, AfterPeriod.CONTINUE);
    }

    public Cosine(double initialRate, double minimumRate, long period, AfterPeriod after) {
        if (period < 1) {
            throw new IllegalArgumentException("period T must be at least 1");
        }
        this.initialRate = initialRate;
        this.minimumRate = minimumRate;
        this.period = period;
        this.after = after;
    }

    @Override
    public double rate(long t) {
        long s = switch (after) {
            case CONTINUE -> t;
            case HOLD -> Math.min(t, period);
            case RESTART -> Math.floorMod(t, period);
        };
        return minimumRate + (initialRate - minimumRate) * (1 + StrictMath.cos(StrictMath.PI * s / period)) / 2;
    }

    /**
     * PyTorch's recursion (CosineAnnealingLR.get_lr, torch 1.13): the rate at t &gt;= 1 from the rate at t - 1:
     * eta_min + (prev - eta_min) (1 + cos(pi t / T)) / (1 + cos(pi (t - 1) / T)), except where that ratio is 0/0
     * ((t - 1) mod 2T = T), where it is prev + (lr0 - eta_min) (1 - cos(pi / T)) / 2.
     */
    public static double recursive(double previousRate, long t, double initialRate, double minimumRate, long period) {
        if (t == 0) {
            return initialRate;
        }
        if (Math.floorMod(t - 1, 2 * period) == period) {
            return previousRate + (initialRate - minimumRate) * (1 - StrictMath.cos(StrictMath.PI / period)) / 2;
        }
        return (1 + StrictMath.cos(StrictMath.PI * t / period)) / (1 + StrictMath.cos(StrictMath.PI * (t - 1) / period))
                * (previousRate - minimumRate) + minimumRate;
    }
}
