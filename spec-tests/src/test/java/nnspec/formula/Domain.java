package nnspec.formula;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Where generated points are drawn: uniform on [low, high], keeping {@code margin} away from each kink so that
 * the finite-difference stencil (7 points of step {@link Checks#FD_STEP}) never straddles one.
 */
public record Domain(double low, double high, double[] kinks, double margin) {
    public Domain {
        kinks = kinks.clone();
    }

    public static Domain of(double low, double high) {
        return new Domain(low, high, new double[0], 0.0);
    }

    /** A domain with kinks, keeping 0.01 (more than three finite-difference steps) away from each. */
    public static Domain withKinks(double low, double high, double... kinks) {
        return new Domain(low, high, kinks, 0.01);
    }

    /** {@code n} points, seeded, none within the margin of a kink. */
    public double[] points(int n, long seed) {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] points = new double[n];
        int k = 0;
        while (k < n) {
            double x = low + (high - low) * random.nextDouble();
            if (Arrays.stream(kinks).allMatch(c -> Math.abs(x - c) > margin)) {
                points[k++] = x;
            }
        }
        return points;
    }
}
