package nnspec.runtime.optim;

/**
 * A learning-rate schedule (SCHED-* ids of ../shared/SCOPE.md): {@code rate(t)} is the rate to use after t completed
 * units, t = 0, 1, 2, ... The unit is the caller's choice and must be named with the schedule: optimizer steps
 * (PyTorch CyclicLR, and 001_aa0c02345369f2d3.txt's iteration k) or epochs (PyTorch StepLR, ExponentialLR,
 * CosineAnnealingLR as usually stepped, and 000_a379626a3ad4bd0a.txt, "Learning rate scheduling": t is a current
 * epoch). rate(0) is the base rate given at construction (for {@link Cyclical}, its minimum, as PyTorch's
 * CyclicLR). All are closed forms of t; where a framework computes recursively the recursion is given as a named
 * alternative ({@link Cosine#recursive}).
 */
@FunctionalInterface
public interface Schedule {
    double rate(long t);

    /** A constant rate. */
    static Schedule constant(double rate) {
        return t -> rate;
    }
}
