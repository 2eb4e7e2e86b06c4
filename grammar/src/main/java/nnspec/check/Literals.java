package nnspec.check;

/**
 * The one rule for decimal literals a double cannot hold, wherever a number is written (spec, init file, CSV
 * cell): beyond the largest double (parsing would give infinity) or nonzero below the smallest (parsing would give
 * 0). Both are diagnostics; neither is rounded silently.
 */
public final class Literals {
    private Literals() {
    }

    /**
     * Why the decimal literal {@code text} cannot be a double ("number 1e999 is too large; ..."), or null when it
     * can, or when it is not a plain decimal literal at all (left to the caller's own message).
     */
    public static String problem(String text) {
        if (!numeral(text)) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
        if (Double.isInfinite(value)) {
            return "number " + shown(text) + " is too large; the largest is " + Double.MAX_VALUE;
        }
        if (roundsToZero(text, value)) {
            return "number " + shown(text) + " is too small: it would round to 0; the smallest above 0 is "
                    + Double.MIN_VALUE;
        }
        return null;
    }

    /** The most characters of a numeral a message quotes. */
    static final int SHOWN = 40;

    /**
     * The numeral as a message quotes it: whole up to {@link #SHOWN} characters, else its first and last 18 around
     * "...", so that a CSV cell or literal of a million digits gives a short line that still shows its exponent.
     */
    static String shown(String text) {
        int keep = (SHOWN - 4) / 2;
        return text.length() <= SHOWN ? text : text.substring(0, keep) + "..." + text.substring(text.length() - keep);
    }

    /** Whether {@code text} has only the characters of the grammar's NUMBER: sign, digits, point, exponent. */
    static boolean numeral(String text) {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || "+-.".indexOf(text.charAt(0)) >= 0)) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (!(c >= '0' && c <= '9') && "+-.eE".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value}, parsed from {@code text}, is 0 although a digit before the exponent is not. */
    static boolean roundsToZero(String text, double value) {
        if (value != 0) {
            return false;
        }
        for (int k = 0; k < text.length() && text.charAt(k) != 'e' && text.charAt(k) != 'E'; k++) {
            if (text.charAt(k) >= '1' && text.charAt(k) <= '9') {
                return true;
            }
        }
        return false;
    }
}
