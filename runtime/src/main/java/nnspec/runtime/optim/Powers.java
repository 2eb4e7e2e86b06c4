package nnspec.runtime.optim;

/**
 * beta^t for t = 1, 2, 3, ..., one step at a time and without allocating: the bias corrections 1 - beta^t of Adam.
 * The power is carried as an unevaluated sum hi + lo of two doubles (a double-double; Dekker 1971) and multiplied by
 * beta exactly with {@link Math#fma}, so after t steps it is within about t 2^-104 relative of the exact power of
 * the double beta, and {@link #next()} returns it rounded to the nearest double; only +, * and fma, which Java
 * specifies to the bit, so the same bits on every JVM. {@link StrictMath#pow} returns the same value to within an
 * ulp, but is not always the nearest double (0.9^4: one ulp above), and on JDK 17 allocates on every call until the
 * JIT has compiled it.
 */
final class Powers {
    /** Below this, 1 - beta^t is 1 in double precision and stays so; the power is not carried further down. */
    private static final double NEGLIGIBLE = 0x1p-60;

    private final double beta;
    private double hi = 1.0;
    private double lo = 0.0;

    Powers(double beta) {
        this.beta = beta;
    }

    /** Back to where {@link #next()} has been called t times, by the same t multiplications (the same bits). */
    void restart(long t) {
        hi = 1.0;
        lo = 0.0;
        for (long k = 0; k < t; k++) {
            next();
        }
    }

    /** The next power: beta^1 on the first call, beta^2 on the second, ... */
    double next() {
        if (hi < NEGLIGIBLE) {
            hi *= beta;
            lo = 0.0;
            return hi;
        }
        double p = hi * beta;
        double e = Math.fma(hi, beta, -p) + lo * beta;
        hi = p + e;
        lo = e - (hi - p);
        return hi;
    }
}
