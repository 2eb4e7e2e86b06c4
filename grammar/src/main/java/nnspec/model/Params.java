package nnspec.model;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The resolved parameters of one kind: every parameter of its {@link ParamSpec} list, given in the spec or filled
 * from the train block's {@link Convention}. Numbers and words are kept apart; names are sorted so that the same
 * spec always prints the same way.
 */
public record Params(Map<String, Double> numbers, Map<String, String> words) {
    public static final Params NONE = new Params(Map.of(), Map.of());

    public Params {
        numbers = Collections.unmodifiableMap(new TreeMap<>(numbers));
        words = Collections.unmodifiableMap(new TreeMap<>(words));
    }

    /** Every parameter of {@code specs} at its default under {@code convention}; each must have one. */
    public static Params defaults(java.util.List<ParamSpec> specs, Convention convention, String owner) {
        Map<String, Double> numbers = new TreeMap<>();
        Map<String, String> words = new TreeMap<>();
        for (ParamSpec p : specs) {
            Object value = p.defaultFor(convention);
            if (value instanceof Double d) {
                numbers.put(p.name(), d);
            } else if (value instanceof String w) {
                words.put(p.name(), w);
            } else {
                throw new IllegalStateException(owner + " has no default for " + p.name());
            }
        }
        return new Params(numbers, words);
    }

    public double number(String name) {
        Double value = numbers.get(name);
        if (value == null) {
            throw new NoSuchElementException("no number parameter '" + name + "' in " + this);
        }
        return value;
    }

    public String word(String name) {
        String value = words.get(name);
        if (value == null) {
            throw new NoSuchElementException("no word parameter '" + name + "' in " + this);
        }
        return value;
    }

    /** {@code name value} pairs in name order, as a spec would write them. */
    @Override
    public String toString() {
        TreeMap<String, String> all = new TreeMap<>();
        numbers.forEach((k, v) -> all.put(k, Double.toString(v)));
        all.putAll(words);
        return all.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" "));
    }
}
