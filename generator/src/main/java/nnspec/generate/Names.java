package nnspec.generate;

import com.palantir.javapoet.NameAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How names written in a spec become Java identifiers of the generated class. */
final class Names {
    private Names() {
    }

    /** Types the generated class refers to by simple name; a network named like one gets a suffix. */
    private static final Set<String> RESERVED_CLASS_NAMES = Set.of(
            "Model", "Activations", "VectorActivations", "Losses", "UpdateRules", "Initializers", "Decision",
            "Dropout", "Regularization", "String", "Override", "Math", "StrictMath", "Double", "Integer", "Object",
            "System", "Class", "IndexOutOfBoundsException", "Random");

    /**
     * The network name turned into a capitalised Java identifier: words split at characters that cannot appear in
     * an identifier, each word capitalised ({@code and-perceptron} gives {@code AndPerceptron}); a leading digit
     * gets the prefix {@code Network}; names of the types the generated code uses get the suffix {@code Network}.
     */
    static String className(String networkName) {
        StringBuilder name = new StringBuilder();
        for (String word : words(networkName)) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        String candidate = name.length() == 0 ? "Network" : name.toString();
        if (!Character.isJavaIdentifierStart(candidate.charAt(0))) {
            candidate = "Network" + candidate;
        }
        if (RESERVED_CLASS_NAMES.contains(candidate)) {
            candidate = candidate + "Network";
        }
        return NameAllocator.toJavaIdentifier(candidate);
    }

    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code hidden layer} gives {@code hiddenLayer}; a leading digit gets the prefix {@code layer}. */
    static String camel(String name) {
        StringBuilder camel = new StringBuilder();
        for (String word : words(name)) {
            if (camel.length() == 0) {
                camel.append(Character.toLowerCase(word.charAt(0))).append(word.substring(1));
            } else {
                camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        if (camel.length() == 0 || Character.isDigit(camel.charAt(0))) {
            camel.insert(0, camel.length() == 0 ? "layer" : "layer_");
        }
        return camel.toString();
    }

    /** {@code hiddenLayer} and {@code hidden-layer} give {@code HIDDEN_LAYER}. */
    static String upper(String name) {
        StringBuilder upper = new StringBuilder();
        for (String word : words(name)) {
            if (upper.length() > 0) {
                upper.append('_');
            }
            for (int k = 0; k < word.length(); k++) {
                char c = word.charAt(k);
                if (k > 0 && Character.isUpperCase(c) && Character.isLowerCase(word.charAt(k - 1))) {
                    upper.append('_');
                }
                upper.append(Character.toUpperCase(c));
            }
        }
        if (upper.length() == 0 || Character.isDigit(upper.charAt(0))) {
            upper.insert(0, upper.length() == 0 ? "LAYER" : "LAYER_");
        }
        return upper.toString().toUpperCase(Locale.ROOT);
    }

    /** Text safe inside a generated comment: one line, no comment terminator. */
    static String safe(String text) {
        return text.replace("\r", " ").replace("\n", " ").replace("*/", "* /");
    }
}
