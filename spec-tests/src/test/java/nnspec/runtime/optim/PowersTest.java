package nnspec.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** Adam's running powers against exact arithmetic: BigDecimal powers of the double beta, rounded to a double. */
class PowersTest {
    /** 80 digits: after 2,000 products the relative error is below 1e-76, far under half an ulp (1.1e-16). */
    private static final MathContext DIGITS = new MathContext(80);

    @Test
    void everyPowerIsTheNearestDoubleToTheExactPowerOfBeta() {
        int compared = 0;
        for (double beta : new double[] {0.9, 0.99, 0.999, 0.9999, 0.95, 0.5, 0.123456789, 0.0}) {
            Powers powers = new Powers(beta);
            BigDecimal exact = BigDecimal.ONE;
            BigDecimal b = new BigDecimal(beta);
            for (int t = 1; t <= 2000; t++) {
                exact = exact.multiply(b, DIGITS);
                double next = powers.next();
                double expected = exact.doubleValue();
                if (1 - expected != 1.0) {
                    assertEquals(expected, next, "beta " + beta + ", t " + t);
                    compared++;
                } else {
                    assertEquals(1.0, 1 - next, "beta " + beta + ", t " + t + ": 1 - beta^t rounds to 1");
                }
            }
        }
        // beta^t stays above 2^-54 for t up to 355 (0.9), all 2,000 (0.99, 0.999, 0.9999), 729 (0.95), 53 (0.5),
        // 17 (0.123456789) and never for 0: the count shows no beta stopped early
        assertEquals(355 + 3 * 2000 + 729 + 53 + 17, compared, "powers compared above 2^-54");
    }

    @Test
    void strictMathPowIsNotAlwaysTheNearestDouble() {
        // why Powers does not reproduce StrictMath.pow: fdlibm's pow(0.9, 4) is one ulp above the nearest double
        double exact = new BigDecimal(0.9).pow(4).doubleValue();
        assertEquals(Math.ulp(exact), StrictMath.pow(0.9, 4) - exact);
        Powers powers = new Powers(0.9);
        powers.next();
        powers.next();
        powers.next();
        assertEquals(exact, powers.next());
    }
}
