package nnspec.runtime.optim;

/**
 * SCHED-inverse-time: lr_t = lr0 / (1 + beta t) (003_be7c2a3ed43414a9.txt, "Learning Rate Decay"; the legacy Keras
 * {@code decay} argument and Keras InverseTimeDecay with decay_steps 1). It meets the Robbins-Monro conditions
 * (SCHED-robbins-monro): sum lr_t diverges like log t, sum lr_t^2 converges.
 */
public final class InverseTime implements Schedule {
    private final double initialRate;
    private final double beta;

    public InverseTime(double initialRate, double beta) {
        if (beta < 0) {
            throw new IllegalArgumentException("beta must be non-negative");
        }
        this.initialRate = initialRate;
        this.beta = beta;
    }

    @Override
    public double rate(long t) {
        return initialRate / (1 + beta * t);
    }
}
