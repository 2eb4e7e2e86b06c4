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

    /** Java's keywords (JLS 17, 3.9; {@code _} among them) and its literals true, false and null. */
    private static final Set<String> RESERVED_WORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "_", "true", "false", "null");

    /**
     * Why {@code name} cannot be the package of generated classes, or null when it can: dot-separated identifiers
     * of ASCII letters, digits, _ and $, none a keyword or literal, not under {@code java} (the JVM refuses to
     * define classes there). A loop over the characters, as a regular expression with a repeated group recursed
     * once per segment and overflowed the stack on a few thousand.
     */
    static String packageProblem(String name) {
        if (name.isEmpty()) {
            return "the package name is empty";
        }
        int start = 0;
        for (int k = 0; k <= name.length(); k++) {
            if (k < name.length() && name.charAt(k) != '.') {
                char c = name.charAt(k);
                boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '$';
                if (!letter && !(k > start && c >= '0' && c <= '9')) {
                    return "'" + (c < 0x20 || c > 0x7e ? safe(String.valueOf(c)) : String.valueOf(c))
                            + "' at character " + (k + 1) + " cannot " + (k == start ? "start" : "be part of")
                            + " a Java identifier";
                }
                continue;
            }
            if (k == start) {
                return "an empty part at character " + (k + 1) + " (two dots, or a dot at an end)";
            }
            String segment = name.substring(start, k);
            if (RESERVED_WORDS.contains(segment)) {
                return "'" + segment + "' is a reserved word of Java";
            }
            if (start == 0 && segment.equals("java")) {
                return "packages under java are the JDK's; the JVM refuses to define classes there";
            }
            start = k + 1;
        }
        return null;
    }

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

    /**
     * The one way text from outside the generator (file names and paths, names, numbers, formula texts) reaches a
     * comment or Javadoc of the generated source: printable ASCII only, on one line, unable to end the comment.
     * javac turns unicode escapes into characters before it finds comments, so a path holding backslash-u000a or
     * backslash-u002a backslash-u002f would end a comment although the text has no line break or terminator: every
     * backslash is doubled, and a backslash preceded by an odd number of backslashes never starts an escape
     * (JLS 3.3).
     * Control and non-ASCII characters (line terminators among them) are written as [U+XXXX], and {@code *}{@code /}
     * as {@code * /}.
     */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '*') {
                out.append(" /");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format(Locale.ROOT, "[U+%04X]", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
