package nnspec.claims;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The arithmetic the claims are recomputed in: exact fractions for rational claims, 40-digit {@link Dfp} for claims
 * with exp and log, and the rounding of either to the decimals a document prints, refusing to round a value so
 * close to a rounding boundary that its printed digit is not certain.
 */
final class Exact {
    /** 40 decimal digits: every exp/log claim below is printed to at most 3 decimals. */
    static final DfpField FIELD = new DfpField(40);
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

    private Exact() {
    }

    /** The exact value of a decimal as printed ("-0.098" is -98/1000). */
    static BigFraction dec(String printed) {
        BigDecimal d = new BigDecimal(printed.strip().replace("+", ""));
        return d.scale() >= 0 ? BigFraction.of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : BigFraction.of(d.toBigIntegerExact());
    }

    /** The decimals of a printed number ("0.670" has 3). */
    static int decimals(String printed) {
        int dot = printed.indexOf('.');
        return dot < 0 ? 0 : printed.strip().length() - printed.strip().indexOf('.') - 1;
    }

    /** Every number in a piece of text, in order, signs included ("- 0.200" counts as -0.200). */
    static List<String> numbers(String text) {
        Matcher m = NUMBER.matcher(text.replaceAll("-\\s+(?=\\d)", "-"));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** A fraction rounded half-even to {@code decimals}, as the document would print it. */
    static BigDecimal round(BigFraction value, int decimals) {
        return new BigDecimal(value.getNumerator()).divide(new BigDecimal(value.getDenominator()), decimals,
                RoundingMode.HALF_EVEN);
    }

    static Dfp dfp(String decimal) {
        return FIELD.newDfp(decimal);
    }

    static Dfp ln(String decimal) {
        return DfpMath.log(dfp(decimal));
    }

    /** log base {@code base} (e, 2 or 10 as "e", "2", "10") in 40 digits. */
    static Dfp log(Dfp x, String base) {
        Dfp lnx = DfpMath.log(x);
        return base.equals("e") ? lnx : lnx.divide(DfpMath.log(dfp(base)));
    }

    /**
     * A 40-digit value rounded half-even to {@code decimals}. The digits are certain: the value is more than 1e-30
     * from the rounding boundary, far beyond the 1e-38 error of the arithmetic, or this throws.
     */
    static BigDecimal round(Dfp value, int decimals) {
        BigDecimal exact = bigDecimal(value);
        BigDecimal rounded = exact.setScale(decimals, RoundingMode.HALF_EVEN);
        BigDecimal half = BigDecimal.ONE.movePointLeft(decimals).divide(BigDecimal.valueOf(2));
        BigDecimal distance = exact.subtract(rounded).abs().subtract(half).abs();
        if (distance.compareTo(new BigDecimal("1e-30")) < 0) {
            throw new IllegalStateException(exact + " is too close to a rounding boundary for " + decimals
                    + " certain decimals");
        }
        return rounded;
    }

    /** The decimal value of a 40-digit number. */
    static BigDecimal bigDecimal(Dfp value) {
        return new BigDecimal(value.toString().replace("e", "E"));
    }

    /** A double rounded half-even to {@code decimals} (for claims computed by a double oracle, far from a tie). */
    static BigDecimal round(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN);
    }

    /** Whether a printed decimal equals the value rounded to the printed number of decimals. */
    static boolean printsAs(String printed, BigDecimal roundedValue) {
        return new BigDecimal(printed.strip().replace("+", "")).compareTo(roundedValue) == 0;
    }

    static boolean printsAs(String printed, double value) {
        return printsAs(printed, round(value, decimals(printed)));
    }

    static boolean printsAs(String printed, BigFraction value) {
        return printsAs(printed, round(value, decimals(printed)));
    }

    /** Central finite difference of f at x. */
    static double derivative(java.util.function.DoubleUnaryOperator f, double x) {
        double h = 1e-6;
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
