package nnspec.runtime;

/**
 * The elementary functions of the {@code fast} numeric mode: what {@link StrictMath} computes in {@code strict} mode,
 * through the JIT's intrinsics instead. {@link Math#exp} and {@link Math#log} are within 1 ulp of the exact value
 * (their contract), but not the same bits on every processor, which is why golden traces use {@code strict}. On JDK 17
 * {@link Math#tanh} is a native call to StrictMath's, so {@link #tanh} is built from {@link Math#exp}.
 */
public final class FastMath {
    /** Below this |z|, tanh's series to z^5 is exact to the last bit (the next term is 17 z^7 / 315). */
    private static final double TANH_SERIES_BELOW = 0x1p-10;
    /** Beyond this |z|, tanh(z) rounds to +-1 (1 - tanh(22) is about 1.6e-19, below half an ulp of 1). */
    private static final double TANH_SATURATES_AT = 22.0;

    private FastMath() {
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    public static double log(double x) {
        return Math.log(x);
    }

    public static double log1p(double x) {
        return Math.log1p(x);
    }

    /**
     * tanh(z) = sign(z) (1 - e) / (1 + e) with e = e^(-2|z|), so no exponent is positive. 1 - e loses bits to
     * cancellation as |z| shrinks: its relative error is about ulp / (2|z|), at most 2^-43 (about 1.1e-13) at the
     * smallest |z| the form is used for, 2^-10; below that the odd series z - z^3/3 + 2 z^5/15 is exact.
     */
    public static double tanh(double z) {
        double a = Math.abs(z);
        if (a < TANH_SERIES_BELOW) {
            double z2 = z * z;
            return z * (1.0 - z2 * (1.0 / 3.0 - z2 * (2.0 / 15.0)));
        }
        if (a > TANH_SATURATES_AT) {
            return Math.copySign(1.0, z);
        }
        double e = Math.exp(-2.0 * a);
        return Math.copySign((1.0 - e) / (1.0 + e), z);
    }
}
