package nnspec.generate;

import static nnspec.generate.Specs.layer;
import static nnspec.generate.Specs.sgd;
import static nnspec.generate.Specs.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.diagnostics.SpecException;
import nnspec.lower.Plan;
import nnspec.model.Activation;
import nnspec.model.Loss;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
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

    private static String source(String text) throws SpecException {
        return JavaGenerator.generate(SpecReader.parse("edge.nn", text), PACKAGE);
    }

    private static final String LOOP_FORM_WITH_ALL = "network A {\n  input 13\n  dense 20 tanh\n  dense 4 rrelu\n"
            + "  dense 4 glu\n  dense 3 softmax\n}\ntrain {\n  loss cce clip probability\n  optimizer sgd lr 0.1\n"
            + "  epochs 1\n}\ndata {\n  1 2 3 4 5 6 7 8 9 10 11 12 13 -> 1 0 0\n}\n";

    private static final String CHAIN_RULE = "network B {\n  input 2\n  dense 2 tanh\n  dense 1 sigmoid\n}\n"
            + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  1 2 -> 1\n}\n";

    private static final Pattern KERNEL = Pattern.compile("\\b(Activations|VectorActivations|Losses)\\.\\w+\\(");

    /**
     * Each call of an activation or loss kernel follows, in its method, a comment of its formula: an activation's
     * ({@code ACT-...}, or the Jacobian-vector product's {@code BP-activation-backward}) or a loss's ({@code LOSS-...},
     * {@code GRAD-...}). Here through a loop-form layer, randomised ReLU slopes, glu's coupled forward and backward
     * steps, a clipped cross-entropy's chain rule through softmax, and mse's chain rule through a sigmoid.
     */
    @Test
    void everyKernelCallFollowsTheCommentOfItsFormula() throws SpecException {
        int calls = 0;
        for (String text : List.of(LOOP_FORM_WITH_ALL, CHAIN_RULE)) {
            for (Map.Entry<String, String> method : JavaGeneratorTest.methods(source(text)).entrySet()) {
                List<String> comments = new ArrayList<>();
                for (String line : method.getValue().split("\n")) {
                    String code = line.strip();
                    if (code.startsWith("// ")) {
                        comments.add(code);
                        continue;
                    }
                    Matcher m = KERNEL.matcher(code);
                    while (m.find()) {
                        calls++;
                        List<String> ids = m.group(1).equals("Losses") ? List.of("// LOSS-", "// GRAD-")
                                : List.of("// ACT-", "// BP-activation-backward:");
                        assertTrue(comments.stream().anyMatch(c -> ids.stream().anyMatch(c::startsWith)),
                                method.getKey() + ": " + code + " follows no comment starting with one of " + ids
                                        + "; comments: " + comments);
                    }
                }
            }
        }
        assertTrue(calls >= 12, "kernel calls checked: " + calls);
    }

    /** A loop-form layer's dropout is one loop too, not a statement per unit. */
    @Test
    void aLoopFormLayersDropoutIsALoop() throws SpecException {
        String source = source("network C {\n  input 13\n  dense 20 tanh\n  dropout 0.5 seed 1\n  dense 1 sigmoid\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n"
                + "  1 2 3 4 5 6 7 8 9 10 11 12 13 -> 1\n}\n");
        String forward = JavaGeneratorTest.methods(source).entrySet().stream()
                .filter(method -> method.getKey().startsWith("forwardDropout"))
                .map(java.util.Map.Entry::getValue).findFirst().orElseThrow();
        assertTrue(forward.contains("for (int k = 0; k < 20; k++)") && forward.contains("Factors[k];"), forward);
        assertFalse(forward.contains("Factors[0]"), forward);
    }

    /**
     * 190 straight-line loss terms (32 estimated bytes each) are more than one method's budget: the sum runs over parts in a field, and the
     * generated loss still equals the interpreter's (the reference back end) for the same parameters.
     */
    @Test
    void aLossSplitOverSeveralMethodsSumsEveryTerm() throws SpecException {
        StringBuilder targets = new StringBuilder();
        for (int j = 0; j < 190; j++) {
            targets.append(' ').append(j % 7 - 3);
        }
        Spec spec = SpecReader.parse("wide.nn", "network Wide {\n  input 1\n  dense 190 linear init uniform -1 1 seed 3\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  0.5 ->" + targets + "\n}\n");
        String source = JavaGenerator.generate(spec, PACKAGE);
        assertTrue(source.contains("lossSum"), "the loss is split");
        double[] x = {0.5};
        double[] y = new double[190];
        for (int j = 0; j < 190; j++) {
            y[j] = j % 7 - 3;
        }
        double[] losses = new double[2];
        int k = 0;
        for (Backend backend : Backend.values()) {
            Model m = backend.create(spec);
            m.forward(x, new double[190]);
            losses[k++] = m.loss(y);
        }
        assertEquals(losses[1], losses[0], 1e-12 * Math.abs(losses[1]), "generated against interpreter");
    }

    private static final Pattern INSTANCE_FIELD = Pattern.compile(
            "(?m)^    private (?:final )?[\\w.<>\\[\\]]+ (\\w+)(?: =|;)");

    /**
     * The generated class declares no state it never uses: each instance field is named again somewhere (here the
     * output's upstream array exists only where the backward pass goes through the activation's Jacobian, and the
     * training flag only where a forward pass draws at random).
     */
    @Test
    void everyGeneratedFieldIsUsed() throws SpecException {
        String fused = "network F {\n  input 2\n  dense 3 softmax\n}\ntrain {\n  loss cce\n  optimizer sgd lr 0.1\n"
                + "  epochs 1\n}\ndata {\n  1 2 -> 1 0 0\n}\n";
        int fields = 0;
        for (String text : List.of(LOOP_FORM_WITH_ALL, CHAIN_RULE, fused)) {
            String source = source(text);
            Matcher m = INSTANCE_FIELD.matcher(source);
            while (m.find()) {
                fields++;
                Matcher uses = Pattern.compile("\\b" + m.group(1) + "\\b").matcher(source);
                int count = 0;
                while (uses.find()) {
                    count++;
                }
                assertTrue(count >= 2, "field " + m.group(1) + " is declared and never used in\n" + source);
            }
        }
        assertTrue(fields >= 30, "fields checked: " + fields);
    }

    /** The training flag's documentation names what the forward passes draw: slopes, masks, or both. */
    @Test
    void theTrainingFlagSaysWhatTheForwardPassDraws() throws SpecException {
        String both = "network D {\n  input 2\n  dense 3 rrelu\n  dropout 0.5 seed 1\n  dense 1 sigmoid\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  1 2 -> 1\n}\n";
        String masks = both.replace("rrelu", "tanh");
        String slopes = both.replace("  dropout 0.5 seed 1\n", "");
        assertTrue(source(both).contains("Whether forward passes draw randomised ReLU slopes and dropout masks"));
        assertTrue(source(masks).contains("Whether forward passes draw dropout masks (training)"));
        assertTrue(source(slopes).contains("Whether forward passes draw randomised ReLU slopes (training)"));
    }

    /**
     * A loop-form layer of exactly 1,000 literal numbers (39 inputs x 25 units + 25 biases) fills one string of
     * {@link JavaGenerator#LITERAL_CHUNK} values and no empty second one; both back ends start at the literal's
     * numbers (oracle: the literal itself, in the documented layout w[j][i] row by row, then the biases).
     */
    @Test
    void aLoopFormLayerOfExactlyOneChunkOfNumbersHasOneString() {
        assertEquals(1000, 39 * 25 + 25, "the test's layer");
        nnspec.model.Init.Literal literal = (nnspec.model.Init.Literal) Specs.literal(25, 39, 11);
        Spec spec = sgd("thousand", 39, Loss.Kind.MSE, layer("h", 25, Activation.LINEAR, literal),
                layer("output", 1, Activation.LINEAR, zeros()));
        String source = JavaGenerator.generate(spec, PACKAGE);
        Matcher m = Pattern.compile("\\b(\\w+_LITERAL_\\d+) =").matcher(source);
        List<String> strings = new ArrayList<>();
        while (m.find()) {
            strings.add(m.group(1));
        }
        assertEquals(List.of("H_LITERAL_0"), strings);
        double[] expected = new double[1000 + 26];
        for (int j = 0; j < 25; j++) {
            for (int i = 0; i < 39; i++) {
                expected[j * 39 + i] = literal.weights().get(j).get(i);
            }
            expected[975 + j] = literal.bias().get(j);
        }
        for (Backend backend : Backend.values()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, backend.create(spec).parameters(), 0.0,
                    backend.keyword());
        }
    }

    /**
     * An output layer too large for straight-line code (17 inputs x 16 units = 272 weights) computes its loss and
     * its output deltas in loops; the generated loss and every gradient equal the interpreter's (the reference back
     * end) to the last bit, for a loss whose delta goes through the chain rule (mse on sigmoid) and one with a
     * fused delta (bce on sigmoid).
     */
    @Test
    void aLoopFormOutputLayersLossAndDeltasEqualTheInterpreters() {
        double[] x = new double[17];
        double[] y = new double[16];
        for (int i = 0; i < 17; i++) {
            x[i] = (i % 5 - 2) / 4.0;
        }
        for (int j = 0; j < 16; j++) {
            y[j] = j % 3 == 0 ? 1 : 0;
        }
        for (Loss.Kind kind : List.of(Loss.Kind.MSE, Loss.Kind.BCE)) {
            Spec spec = sgd("loopOut" + kind, 17, kind, layer("output", 16, Activation.SIGMOID, Specs.uniform(-1, 1, 5)));
            assertFalse(new CodeShape(Plan.of(spec.network(), spec.train()), "L").output().straight(), "loop form");
            double[] losses = new double[2];
            double[][] gradients = new double[2][];
            int k = 0;
            for (Backend backend : Backend.values()) {
                Model model = backend.create(spec);
                model.forward(x, new double[16]);
                losses[k] = model.loss(y);
                model.zeroGradients();
                model.backward(y);
                gradients[k++] = model.gradients().clone();
            }
            assertEquals(losses[0], losses[1], 0.0, kind + " loss");
            assertTrue(losses[0] > 0, kind + " loss " + losses[0]);
            org.junit.jupiter.api.Assertions.assertArrayEquals(gradients[0], gradients[1], 0.0, kind + " gradients");
        }
    }

    /**
     * A dropout layer's forward method names REG-dropout before it draws its factors, and its backward method names
     * GRAD-dropout before it multiplies: the formula comments of the stages that call no activation or loss kernel.
     */
    @Test
    void dropoutMethodsNameTheirFormulas() throws SpecException {
        Map<String, String> methods = JavaGeneratorTest.methods(source("network C {\n  input 3\n  dense 4 tanh\n"
                + "  dropout 0.5 seed 1\n  dense 4 tanh\n  dropout 0.25 seed 2\n  dense 1 sigmoid\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  1 2 3 -> 1\n}\n"));
        int checked = 0;
        for (Map.Entry<String, String> method : methods.entrySet()) {
            String body = method.getValue().strip();
            if (method.getKey().startsWith("forwardDropout")) {
                assertTrue(body.startsWith("// REG-dropout: "), method.getKey() + ":\n" + body);
                assertTrue(body.indexOf("// REG-dropout") < body.indexOf("Dropout.multipliers("), body);
                checked++;
            } else if (method.getKey().startsWith("backwardDropout")) {
                assertTrue(body.startsWith("// GRAD-dropout: "), method.getKey() + ":\n" + body);
                checked++;
            }
        }
        assertEquals(4, checked, methods.keySet().toString());
    }

    /** Inputs (k mod period - period / 2) / 4 for an input of shape CxHxW: small steps of both signs. */
    private static double[] convInput(String shape, int period) {
        int inputs = java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).reduce(1, (a, b) -> a * b);
        double[] x = new double[inputs];
        for (int k = 0; k < inputs; k++) {
            x[k] = (k % period - period / 2) / 4.0;
        }
        return x;
    }

    /** Input, two tanh filters of {@code kernel} (unpadded), flatten, one linear output; one sample {@code x}. */
    private static Spec convSpec(String shape, String kernel, double[] x) throws SpecException {
        StringBuilder data = new StringBuilder();
        for (double v : x) {
            data.append(' ').append(v);
        }
        return SpecReader.parse("conv.nn", "network Conv {\n  input " + shape + "\n  conv 2 " + kernel
                + " tanh init glorot_uniform seed 1\n  flatten\n  dense 1 linear init glorot_uniform seed 2\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n" + data + " -> 1\n}\n");
    }

    /**
     * A convolution without padding is unrolled up to {@link ImageEmission#UNROLLED_TAPS} taps (input channels x
     * kernel height x kernel width) and loops over the channels beyond (each channel's taps unrolled): 2 channels x
     * 4x4 = 32 taps unrolled, 3 channels x 1x11 = 33 taps a loop over 3 channels. Either way the generated forward pass equals the interpreter's to the last bit (the
     * unrolled sum adds the taps in the kernel's order).
     */
    @Test
    void aConvolutionIsUnrolledUpToThirtyTwoTapsExactly() throws SpecException {
        assertEquals(32, ImageEmission.UNROLLED_TAPS);
        for (String geometry : List.of("2x4x4 32 4x4", "3x3x13 33 1x11")) {
            String[] g = geometry.split(" ");
            double[] x = convInput(g[0], 7);
            Spec spec = convSpec(g[0], g[2], x);
            String source = JavaGenerator.generate(spec, PACKAGE);
            String forward = JavaGeneratorTest.methods(source).get("forwardConv1");
            boolean unrolled = g[1].equals("32");
            assertEquals(unrolled, forward.contains("// filter o's 32 taps"), forward);
            assertEquals(!unrolled, forward.contains("for (int ch = 0; ch < 3; ch++)"), forward);
            assertFalse(forward.contains("Convolution."), forward);
            double[] outputs = new double[2];
            int k = 0;
            for (Backend backend : Backend.values()) {
                Model m = backend.create(spec);
                double[] yhat = new double[1];
                m.forward(x, yhat);
                outputs[k++] = yhat[0];
            }
            assertEquals(outputs[0], outputs[1], 0.0, geometry);
        }
    }

    /**
     * The kernel gradient is unrolled tap by tap up to {@link ImageEmission#UNROLLED_TAPS} taps per (filter,
     * channel) pair (kernel height x kernel width) and runs the taps as loops beyond: a 4x8 kernel (32 taps) is
     * unrolled, a 3x11 kernel (33) is not. Either way each tap's sum runs in the runtime kernel's order, so both back
     * ends' gradients are equal to the last bit.
     */
    @Test
    void aKernelGradientIsUnrolledUpToThirtyTwoTapsExactly() throws SpecException {
        for (String geometry : List.of("1x5x9 32 4x8", "1x4x12 33 3x11")) {
            String[] g = geometry.split(" ");
            double[] x = convInput(g[0], 5);
            Spec spec = convSpec(g[0], g[2], x);
            String source = JavaGenerator.generate(spec, PACKAGE);
            boolean unrolled = g[1].equals("32");
            assertEquals(unrolled, source.contains("// the 32 taps of filter o over channel c"), geometry);
            assertEquals(!unrolled, source.contains("// taps in columns ["), geometry);
            double[][] gradients = new double[2][];
            int k = 0;
            for (Backend backend : Backend.values()) {
                Model m = backend.create(spec);
                m.training(true);
                m.forward(x, new double[1]);
                m.zeroGradients();
                m.backward(new double[] {1});
                gradients[k++] = m.gradients().clone();
            }
            assertArrayEquals(gradients[0], gradients[1], 0.0, geometry);
        }
    }

    /**
     * A pooling layer with a stride per axis (1 down, 2 across; 2 down, 1 across) computes the same numbers in both
     * back ends, to the last bit: the interpreter through the runtime kernel the plan binds (the per-axis overload),
     * the generated class through its own written-out loops. The oracle is the other back end: they share no code
     * for pooling, so a plan binding the one-stride overload to a per-axis stride would show as a difference.
     */
    @Test
    void aPoolingStridePerAxisGivesTheSameNumbersInBothBackEnds() throws SpecException {
        for (String pool : List.of("maxpool 2x2 stride 1x2", "avgpool 3x2 stride 2x1")) {
            double[] x = convInput("1x6x7", 9);
            StringBuilder data = new StringBuilder();
            for (double v : x) {
                data.append(' ').append(v);
            }
            Spec spec = SpecReader.parse("pool.nn", "network Pool {\n  input 1x6x7\n  " + pool + "\n  flatten\n"
                    + "  dense 1 linear init glorot_uniform seed 2\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n"
                    + "  epochs 1\n}\ndata {\n" + data + " -> 1\n}\n");
            double[][] gradients = new double[2][];
            double[] outputs = new double[2];
            int k = 0;
            for (Backend backend : Backend.values()) {
                Model m = backend.create(spec);
                m.training(true);
                double[] yhat = new double[1];
                m.forward(x, yhat);
                outputs[k] = yhat[0];
                m.zeroGradients();
                m.backward(new double[] {1});
                gradients[k++] = m.gradients().clone();
            }
            assertEquals(outputs[0], outputs[1], 0.0, pool);
            assertArrayEquals(gradients[0], gradients[1], 0.0, pool);
        }
    }
}
