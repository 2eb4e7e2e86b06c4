package nnspec.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import nnspec.model.Activation;
import nnspec.model.Loss;
import nnspec.model.Optimizer;
import nnspec.model.ParamSpec;
import nnspec.model.Regularizer;
import nnspec.model.Schedule;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md keeps up with the language: every kind the checker accepts has a row of its table that starts
 * with its keyword, and that row names each of the kind's parameters.
 */
class LanguageDocumentTest {
    private static String document() throws IOException {
        String root = System.getProperty("nnspec.root", "..");
        Path doc = Path.of(root, "docs", "language.md");
        return Files.readString(Files.exists(doc) ? doc : Path.of("..", "docs", "language.md"));
    }

    /** The rows of the table that follows {@code heading}. */
    private static <T> List<String> undocumented(String document, String heading, T[] kinds,
            Function<T, String> keyword, Function<T, List<ParamSpec>> params) {
        String doc = document.substring(document.indexOf(heading));
        List<String> missing = new ArrayList<>();
        for (T kind : kinds) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + keyword.apply(kind) + "`")).findFirst()
                    .orElse(null);
            if (row == null) {
                missing.add(keyword.apply(kind) + " (no table row)");
                continue;
            }
            for (ParamSpec p : params.apply(kind)) {
                if (!row.contains("`" + p.name() + "`")) {
                    missing.add(keyword.apply(kind) + " parameter " + p.name());
                }
            }
        }
        return missing;
    }

    @Test
    void everyKindAndParameterIsDocumented() throws IOException {
        String doc = document();
        List<String> missing = new ArrayList<>();
        missing.addAll(undocumented(doc, "### `dense", Activation.values(), Activation::keyword,
                Activation::params));
        Optimizer.Kind[] optimizers = java.util.Arrays.stream(Optimizer.Kind.values())
                .filter(k -> k != Optimizer.Kind.PERCEPTRON).toArray(Optimizer.Kind[]::new);
        missing.addAll(undocumented(doc, "#### Optimizers", optimizers, Optimizer.Kind::keyword,
                Optimizer.Kind::params));
        missing.addAll(undocumented(doc, "#### Schedules", Schedule.Kind.values(), Schedule.Kind::keyword,
                Schedule.Kind::params));
        missing.addAll(undocumented(doc, "#### Regularizers", Regularizer.Kind.values(), Regularizer.Kind::keyword,
                Regularizer.Kind::params));
        assertTrue(doc.contains("`rule perceptron lr X`"), "rule perceptron is not in docs/language.md");
        for (Loss.Kind kind : Loss.Kind.values()) {
            assertTrue(doc.contains("`loss " + kind.keyword()) || doc.contains("/ `" + kind.keyword() + "`"),
                    "loss " + kind.keyword() + " is not in docs/language.md");
        }
        assertTrue(missing.isEmpty(), "docs/language.md does not document: " + missing);
    }
}
