package nnspec.formula;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.opentest4j.AssertionFailedError;

/**
 * Property checks of an initialiser's draws at a fixed seed: the sample mean and the sample second moment about 0
 * lie within 5 standard errors of the values a closed form gives for the target distribution, every draw respects
 * the bound of a bounded form, one seed gives one array and two seeds give two.
 */
final class InitDraws {
    /** Draws per check: enough for a 5-sigma band of about 5% on the variance, few enough to run in milliseconds. */
    static final int N = 40_000;
    static final long SEED = 20261122L;

    @FunctionalInterface
    interface Draw {
        void into(double[] p, int from, long seed);
    }

    /** The moments a check compares with: variance (= E[w^2], mean 0) and fourth moment E[w^4]. */
    record Target(double variance, double fourthMoment, double bound, boolean halfOpen) {
        /** Uniform on [-l, l): variance l^2 / 3, fourth moment l^4 / 5, every draw in [-l, l). */
        static Target uniform(double limit) {
            return new Target(limit * limit / 3.0, Math.pow(limit, 4) / 5.0, limit, true);
        }

        /** Plain normal N(0, s^2): fourth moment 3 s^4, unbounded. */
        static Target normal(double variance) {
            return new Target(variance, 3.0 * variance * variance, Double.POSITIVE_INFINITY, false);
        }

        /**
         * A normal of scale c truncated to [-2c, 2c] (Keras): for the standard normal truncated to [-t, t],
         * Z = 2 Phi(t) - 1, E[X^2] = 1 - 2 t phi(t) / Z and E[X^4] = 3 E[X^2] - 2 t^3 phi(t) / Z (integration by
         * parts), with Phi and phi from Commons Math. The scale is chosen so that the variance is {@code variance}.
         */
        static Target truncatedNormal(double variance) {
            double t = 2.0;
            NormalDistribution standard = new NormalDistribution(0.0, 1.0);
            double z = 2.0 * standard.cumulativeProbability(t) - 1.0;
            double phi = standard.density(t);
            double m2 = 1.0 - 2.0 * t * phi / z;
            double m4 = 3.0 * m2 - 2.0 * t * t * t * phi / z;
            double scale2 = variance / m2;
            return new Target(variance, m4 * scale2 * scale2, t * Math.sqrt(scale2), false);
        }
    }

    private InitDraws() {
    }

    static Check moments(String what, int count, Draw draw, Target target) {
        return Checks.property("sample mean and variance of " + count + " draws within 5 standard errors of 0 and "
                + what + "; every draw within the bound; seed " + SEED, () -> {
            double[] w = new double[count + 3];
            w[0] = 42.0;
            w[count + 1] = 43.0;
            w[count + 2] = 44.0;
            draw.into(w, 1, SEED);
            assertTrue(w[0] == 42.0 && w[count + 1] == 43.0 && w[count + 2] == 44.0,
                    "wrote outside [from, from + count)");
            double sum = 0.0;
            double sumSquares = 0.0;
            for (int k = 1; k <= count; k++) {
                double x = w[k];
                boolean inside = target.halfOpen() ? -target.bound() <= x && x < target.bound()
                        : Math.abs(x) <= target.bound() * (1.0 + 1e-12); // two roundings of one scale
                if (!inside) {
                    throw new AssertionFailedError("draw " + (k - 1) + " = " + x + " outside the bound "
                            + target.bound());
                }
                sum += x;
                sumSquares += x * x;
            }
            double mean = sum / count;
            double meanBand = 5.0 * Math.sqrt(target.variance() / count);
            assertTrue(Math.abs(mean) <= meanBand, "sample mean " + mean + " outside +-" + meanBand);
            double second = sumSquares / count;
            double secondBand = 5.0 * Math.sqrt((target.fourthMoment() - target.variance() * target.variance()) / count);
            assertTrue(Math.abs(second - target.variance()) <= secondBand, "sample E[w^2] " + second
                    + " not within " + secondBand + " of " + target.variance());
        });
    }

    static Check seeds(int count, Draw draw) {
        return Checks.property("the same seed gives the same " + count + " values; seeds 1 and 2 give different ones",
                () -> {
                    double[] a = new double[count];
                    double[] b = new double[count];
                    double[] c = new double[count];
                    draw.into(a, 0, 1L);
                    draw.into(b, 0, 1L);
                    draw.into(c, 0, 2L);
                    assertTrue(Arrays.equals(a, b), "seed 1 twice gave different values");
                    assertFalse(Arrays.equals(a, c), "seeds 1 and 2 gave the same values");
                    long distinct = Arrays.stream(a).distinct().count();
                    assertTrue(distinct > count * 0.99, "only " + distinct + " distinct values of " + count);
                });
    }
}
