package nnspec.model;

import java.util.List;

/**
 * One named parameter that a kind (an activation, loss, optimizer, schedule, regularizer or init) takes: its
 * type, allowed range or words, and its default under each {@link Convention} (null: required).
 *
 * @param name        the keyword written in a spec
 * @param type        number, integer or word
 * @param words       the allowed words, for {@link Type#WORD}
 * @param low         the lower end of the allowed range (numbers)
 * @param lowOpen     whether {@code low} itself is excluded
 * @param high        the upper end of the allowed range (numbers)
 * @param highOpen    whether {@code high} itself is excluded
 * @param pytorch     the default under {@code convention pytorch} (a Double or a String), or null if required
 * @param keras       the default under {@code convention keras}, or null if required
 * @param meaning     one line for docs and diagnostics, with the default's source
 */
public record ParamSpec(String name, Type type, List<String> words, double low, boolean lowOpen, double high,
                        boolean highOpen, Object pytorch, Object keras, String meaning) {
    public enum Type { NUMBER, INTEGER, WORD }

    public ParamSpec {
        words = List.copyOf(words);
    }

    /** A number in [low, high] with the given open ends. */
    public static ParamSpec number(String name, double low, boolean lowOpen, double high, boolean highOpen,
                                   Double pytorch, Double keras, String meaning) {
        return new ParamSpec(name, Type.NUMBER, List.of(), low, lowOpen, high, highOpen, pytorch, keras, meaning);
    }

    /** A number in (0, infinity). */
    public static ParamSpec positive(String name, Double pytorch, Double keras, String meaning) {
        return number(name, 0, true, Double.POSITIVE_INFINITY, true, pytorch, keras, meaning);
    }

    /** A number in [0, infinity). */
    public static ParamSpec nonNegative(String name, Double pytorch, Double keras, String meaning) {
        return number(name, 0, false, Double.POSITIVE_INFINITY, true, pytorch, keras, meaning);
    }

    /** A number in [0, 1). */
    public static ParamSpec fraction(String name, Double pytorch, Double keras, String meaning) {
        return number(name, 0, false, 1, true, pytorch, keras, meaning);
    }

    /** An integer of at least {@code min}. */
    public static ParamSpec integer(String name, long min, Double pytorch, Double keras, String meaning) {
        return new ParamSpec(name, Type.INTEGER, List.of(), min, false, Double.POSITIVE_INFINITY, true, pytorch,
                keras, meaning);
    }

    /** One of {@code words}. */
    public static ParamSpec word(String name, List<String> words, String pytorch, String keras, String meaning) {
        return new ParamSpec(name, Type.WORD, words, 0, false, 0, false, pytorch, keras, meaning);
    }

    public Object defaultFor(Convention convention) {
        return switch (convention) {
            case PYTORCH -> pytorch;
            case KERAS -> keras;
        };
    }

    public boolean required() {
        return pytorch == null || keras == null;
    }

    /** The allowed range or words, as a diagnostic prints it. */
    public String range() {
        if (type == Type.WORD) {
            return "one of " + String.join(", ", words);
        }
        if (type == Type.INTEGER) {
            return "an integer of at least " + (long) low;
        }
        String hi = Double.isInfinite(high) ? "infinity)" : (fmt(high) + (highOpen ? ")" : "]"));
        return "in " + (lowOpen ? "(" : "[") + fmt(low) + ", " + hi;
    }

    public boolean inRange(double value) {
        boolean aboveLow = lowOpen ? value > low : value >= low;
        boolean belowHigh = highOpen ? value < high : value <= high;
        return aboveLow && belowHigh && !Double.isNaN(value);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
