package nnspec.formula;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.opentest4j.AssertionFailedError;

/**
 * The suite's small property runner (no jqwik, see ../shared/DESIGN.md): runs {@code n} seeded cases, smallest
 * sizes first, and on failure names the case, its size and the seed that regenerates it.
 */
public final class Cases {
    /** One case: a fresh generator for this case, and a size that grows from 1 over the run. */
    @FunctionalInterface
    public interface Body {
        void run(UniformRandomProvider random, int size) throws Throwable;
    }

    private Cases() {
    }

    /** Runs {@code n} cases; case k draws from a generator seeded with {@code seed + k}, with size 1 + k * maxSize / n. */
    public static void run(int n, long seed, int maxSize, Body body) {
        for (int k = 0; k < n; k++) {
            long caseSeed = seed + k;
            int size = 1 + (int) ((long) k * maxSize / n);
            try {
                body.run(RandomSource.XO_RO_SHI_RO_128_PP.create(caseSeed), size);
            } catch (Throwable failure) {
                throw new AssertionFailedError("case " + k + " of " + n + " (size " + size + ", seed " + caseSeed
                        + ") failed: " + failure.getMessage(), failure);
            }
        }
    }

    /** A vector of {@code n} values uniform on [low, high). */
    public static double[] uniform(UniformRandomProvider random, int n, double low, double high) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return v;
    }

    /** For failure messages. */
    public static String show(double[] v) {
        return Arrays.toString(v);
    }
}
