package nnspec.generate;

import static nnspec.generate.Specs.layer;
import static nnspec.generate.Specs.sgd;
import static nnspec.generate.Specs.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nnspec.model.Activation;
import nnspec.lower.Plan;
import nnspec.model.Loss;
import nnspec.model.Spec;
import org.junit.jupiter.api.Test;

/**
 * The generator at its edges: names from the words of a spec's names (as {@link Names} documents them), the
 * straight-line budget of {@link JavaGenerator#STRAIGHT_LINE_MAX_PARAMETERS} met exactly, and the report of a
 * compilation that fails (file, line and column of each diagnostic, then the numbered source).
 */
class GeneratorEdgesTest {
    private static final String PACKAGE = "nnspec.generated";

    @Test
    void layerNamesBecomeCamelAndUpperCaseIdentifiersWordByWord() {
        assertEquals(List.of("hidden", "layer", "2"), Names.words("hidden-layer 2"));
        assertEquals(List.of("net"), Names.words("net--"));
        assertEquals(List.of(), Names.words("--"));
        // a character outside ASCII separates words like any other that is not a letter or digit
        assertEquals(List.of("a", "b"), Names.words("a\u00e9b"));
        assertEquals("hiddenLayer", Names.camel("hidden layer"));
        assertEquals("layer", Names.camel("--"));
        assertEquals("layer_2nd", Names.camel("2nd"));
        assertEquals("HIDDEN_LAYER", Names.upper("hiddenLayer"));
        assertEquals("HIDDEN_LAYER", Names.upper("hidden-layer"));
        assertEquals("HIDDEN", Names.upper("Hidden"));
        assertEquals("HTML", Names.upper("HTML"));
        assertEquals("LAYER", Names.upper("--"));
        assertEquals("LAYER_2ND", Names.upper("2nd"));
        assertEquals("Mlp", JavaGenerator.className("mlp-"));
    }

    /**
     * A loop-form first layer (more weights than {@link JavaGenerator#STRAIGHT_LINE_MAX_WEIGHTS}) takes nothing of
     * the straight-line budget; the straight layers after it use the 8,192 parameters exactly, the last of them
     * included; the one after them has none left and loops.
     */
    @Test
    void straightLineLayersUseTheParameterBudgetExactlyAndTheNextLoops() {
        int[] widths = {15, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
            16, 16, 16, 16, 16, 16, 2, 2, 1, 2, 1};
        List<Specs.L> layers = new ArrayList<>();
        layers.add(layer("wide", 17, Activation.TANH, zeros()));
        int inputs = 17;
        int straight = 0;
        for (int k = 0; k < widths.length; k++) {
            straight += widths[k] * (inputs + 1);
            inputs = widths[k];
            layers.add(layer(k == widths.length - 1 ? "last" : "s" + k, widths[k], Activation.TANH, zeros()));
        }
        assertEquals(JavaGenerator.STRAIGHT_LINE_MAX_PARAMETERS, straight, "the test's layers");
        layers.add(layer("output", 1, Activation.LINEAR, zeros()));
        Spec spec = sgd("budget", 16, Loss.Kind.MSE, layers.toArray(Specs.L[]::new));
        CodeShape shape = new CodeShape(Plan.of(spec.network(), spec.train()), "Budget");
        List<String> loops = shape.layers.stream().filter(l -> !l.straight()).map(CodeShape.LayerCode::name).toList();
        assertEquals(List.of("wide", "output"), loops);
    }

    @Test
    void aFailedCompilationNamesEachErrorsPlaceAndShowsTheNumberedSource() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> InMemoryCompiler.compile("nnspec.generated.Broken",
                        "package nnspec.generated;\npublic final class Broken { int x = ; }"));
        String message = e.getMessage();
        assertTrue(message.startsWith("generated code for nnspec.generated.Broken does not compile (a generator bug):\n"),
                message);
        assertTrue(message.contains("Broken.java:2:37: error: illegal start of expression\n"), message);
        assertTrue(message.contains("\n    1  package nnspec.generated;\n    2  public final class Broken"), message);
    }
}
