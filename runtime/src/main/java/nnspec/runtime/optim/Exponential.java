package nnspec.runtime.optim;

/**
 * SCHED-exponential in its two forms: discrete lr_t = lr0 gamma^t (PyTorch torch.optim.lr_scheduler.ExponentialLR,
 * which multiplies by gamma each step; the closed form is used here) and continuous lr_t = lr0 e^(-k t)
 * (000_a379626a3ad4bd0a.txt, "Learning rate scheduling", exponential decay). They are one family: gamma = e^(-k).
 */
public final class Exponential implements Schedule {
    private final double initialRate;
    private final double gamma;
    private final double k;
    private final boolean continuous;

    private Exponential(double initialRate, double gamma, double k, boolean continuous) {
        this.initialRate = initialRate;
        this.gamma = gamma;
        this.k = k;
        this.continuous = continuous;
    }

    /** lr0 gamma^t. */
    public static Exponential discrete(double initialRate, double gamma) {
        return new Exponential(initialRate, gamma, Double.NaN, false);
    }

    /** lr0 e^(-k t), the printed form; k is a decay rate per unit of t (the document calls it a step size). */
    public static Exponential continuous(double initialRate, double k) {
        return new Exponential(initialRate, Double.NaN, k, true);
    }

    @Override
    public double rate(long t) {
        return continuous ? initialRate * StrictMath.exp(-k * t) : initialRate * StrictMath.pow(gamma, (double) t);
    }
}
