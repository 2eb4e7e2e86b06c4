package nnspec.generate;

import static nnspec.generate.MethodBudget.CALL_COST;
import static nnspec.generate.MethodBudget.LOOP_COST;
import static nnspec.generate.MethodBudget.METHOD_BUDGET;
import static nnspec.generate.MethodBudget.TERM_COST;
import static nnspec.generate.MethodBudget.UNIT_COST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * Where {@link MethodBudget} cuts a straight-line body, worked by hand from the cost model its Javadoc states: a
 * straight-line unit of a forward pass is estimated at UNIT_COST + TERM_COST x inputs for z and CALL_COST for its
 * activation; a hidden delta at UNIT_COST + CALL_COST + TERM_COST x units per input; a loop at LOOP_COST; comments
 * at nothing. A body fits when its estimate is at most METHOD_BUDGET; otherwise statements fill a part while the
 * part's estimate stays within the budget. The layers below are sized so that a body or a part comes to the budget
 * exactly (6 inputs: 30 + 96 + 24 = 150 bytes a unit, 40 units = 6,000), which pins every boundary of the rule.
 * The numbers a split model computes are checked against the interpreter: a cut moves code, never arithmetic.
 */
class MethodBudgetTest {
    private static final String PACKAGE = "nnspec.generated";

    private static Spec spec(int hiddenUnits, String activation) throws SpecException {
        StringBuilder data = new StringBuilder();
        for (int s = 0; s < 2; s++) {
            data.append(" ");
            for (int i = 0; i < 6; i++) {
                data.append(' ').append((s + 1) * (i - 2.5) / 4);
            }
            data.append(" ->");
            for (int j = 0; j < 6; j++) {
                data.append(' ').append((j + s) % 3 - 1);
            }
            data.append('\n');
        }
        return SpecReader.parse("budget.nn", "network Budget {\n  input 6\n  dense " + hiddenUnits + " " + activation
                + " init uniform -0.5 0.5 seed 3\n  dense 6 linear init uniform -0.5 0.5 seed 4\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n" + data + "}\n");
    }

    /** As {@link #spec}, with a dropout between the dense layers: the output layer's gradient then goes upstream. */
    private static Spec droppedSpec(int hiddenUnits) throws SpecException {
        return SpecReader.parse("budget.nn", "network Budget {\n  input 6\n  dense " + hiddenUnits
                + " tanh init uniform -0.5 0.5 seed 3\n  dropout 0.5 seed 5\n  dense 6 linear init uniform -0.5 0.5"
                + " seed 4\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\n"
                + "data {\n  1 2 3 4 5 6 -> 1 0 -1 1 0 -1\n}\n");
    }

    /** The indices k of the statements {@code <field><k> = ...} of a method's body, in order. */
    private static List<Integer> assigned(String body, String field) {
        List<Integer> ks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*" + field + "(\\d+) = ").matcher(body);
        while (m.find()) {
            ks.add(Integer.parseInt(m.group(1)));
        }
        return ks;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ks = new ArrayList<>();
        for (int k = from; k < to; k++) {
            ks.add(k);
        }
        return ks;
    }

    private static void assertSameNumbers(Spec spec) {
        double[] x = {0.25, -0.5, 0.75, -1, 1.25, -1.5};
        double[] y = {1, 0, -1, 1, 0, -1};
        double[][] gradients = new double[2][];
        double[] losses = new double[2];
        int k = 0;
        for (Backend backend : Backend.values()) {
            Model m = backend.create(spec);
            m.training(true);
            m.forward(x, new double[6]);
            losses[k] = m.loss(y);
            m.zeroGradients();
            m.backward(y);
            gradients[k++] = m.gradients().clone();
        }
        // both back ends run the same kernels in the same order: equal to the last bit (strict mode)
        assertEquals(losses[0], losses[1], 0.0, "loss");
        for (int p = 0; p < gradients[0].length; p++) {
            assertEquals(gradients[0][p], gradients[1][p], 0.0, "gradient " + p);
        }
    }

    /** 40 units of 150 bytes and a hidden delta of 40 inputs x 150 bytes: exactly the budget, so one method each. */
    @Test
    void aBodyOfExactlyTheBudgetStaysOneMethod() throws SpecException {
        assertEquals(METHOD_BUDGET, 40 * (UNIT_COST + 6 * TERM_COST + CALL_COST), "the test's forward layer");
        assertEquals(METHOD_BUDGET, 40 * (UNIT_COST + CALL_COST + 6 * TERM_COST), "the test's hidden delta");
        Map<String, String> methods = JavaGeneratorTest.methods(JavaGenerator.generate(spec(40, "tanh"), PACKAGE));
        assertTrue(methods.keySet().stream().noneMatch(n -> n.matches("(forward|delta)Dense1Part\\d+")),
                methods.keySet().toString());
        assertEquals(range(0, 40), assigned(methods.get("forwardDense1"), "dense1Z"));
        assertEquals(range(0, 40), assigned(methods.get("forwardDense1"), "dense1A"));
        assertEquals(range(0, 40), assigned(methods.get("deltaDense1"), "dense1D"));
    }

    /**
     * 41 units: 6,150 bytes, so two parts. The first takes units 0 to 39 (6,000 bytes: the 40th unit's z would make
     * 6,126); the second unit 40. The hidden delta likewise: inputs 0 to 39, then 40.
     */
    @Test
    void oneUnitMoreThanTheBudgetSplitsWhereThePartIsFull() throws SpecException {
        Spec spec = spec(41, "tanh");
        String source = JavaGenerator.generate(spec, PACKAGE);
        Map<String, String> methods = JavaGeneratorTest.methods(source);
        assertEquals(List.of("forwardDense1Part0();", "forwardDense1Part1();"),
                methods.get("forwardDense1").strip().lines().map(String::strip).toList());
        assertEquals(range(0, 40), assigned(methods.get("forwardDense1Part0"), "dense1Z"));
        assertEquals(range(0, 40), assigned(methods.get("forwardDense1Part0"), "dense1A"));
        assertEquals(List.of(40), assigned(methods.get("forwardDense1Part1"), "dense1Z"));
        assertEquals(List.of(40), assigned(methods.get("forwardDense1Part1"), "dense1A"));
        assertEquals(range(0, 40), assigned(methods.get("deltaDense1Part0"), "dense1D"));
        assertEquals(List.of(40), assigned(methods.get("deltaDense1Part1"), "dense1D"));
        assertTrue(source.contains("Part 1 of 2 of {@code forwardDense1}"), "the first part's Javadoc");
        assertTrue(source.contains("Part 2 of 2 of {@code forwardDense1}"), "the second part's Javadoc");
        assertTrue(methods.keySet().stream().filter(n -> n.matches("(forward|delta)Dense1Part\\d+")).allMatch(
                n -> n.endsWith("Part0") || n.endsWith("Part1")), methods.keySet().toString());
        assertSameNumbers(spec);
    }

    /**
     * Randomised ReLU draws its slopes in a loop first (LOOP_COST, 120 bytes): with 40 units the body comes to 6,120
     * and splits; the first part holds the loop and units 0 to 38 (5,970 bytes; the 39th unit's z would make 6,096).
     */
    @Test
    void aLoopCountsTowardsThePartItIsIn() throws SpecException {
        assertEquals(5970, LOOP_COST + 39 * (UNIT_COST + 6 * TERM_COST + CALL_COST), "the test's first part");
        Spec spec = spec(40, "rrelu");
        Map<String, String> methods = JavaGeneratorTest.methods(JavaGenerator.generate(spec, PACKAGE));
        String first = methods.get("forwardDense1Part0");
        assertTrue(first.contains("if (training)"), first);
        assertEquals(range(0, 39), assigned(first, "dense1Z"));
        assertEquals(List.of(39), assigned(methods.get("forwardDense1Part1"), "dense1Z"));
        assertEquals(List.of(39), assigned(methods.get("forwardDense1Part1"), "dense1A"));
        assertSameNumbers(spec);
    }

    /**
     * A straight-line dense layer above a dropout sends dL/d(its inputs) upstream at UNIT_COST + CALL_COST +
     * TERM_COST x units per input, as a hidden delta: 6 units give 150 bytes, so 40 inputs (240 weights, straight
     * line) are exactly the budget and one method, and 41 (246 weights) split after input 40.
     */
    @Test
    void theGradientSentUpstreamSplitsAsAHiddenDelta() throws SpecException {
        assertEquals(METHOD_BUDGET, 40 * (UNIT_COST + CALL_COST + 6 * TERM_COST), "the test's upstream gradient");
        Map<String, String> fits = JavaGeneratorTest.methods(JavaGenerator.generate(droppedSpec(40), PACKAGE));
        assertEquals(range(0, 40), assigned(fits.get("upstreamDense2"), "dropout1G"));
        Spec spec = droppedSpec(41);
        Map<String, String> methods = JavaGeneratorTest.methods(JavaGenerator.generate(spec, PACKAGE));
        assertEquals(List.of("upstreamDense2Part0();", "upstreamDense2Part1();"),
                methods.get("upstreamDense2").strip().lines().map(String::strip).toList());
        assertEquals(range(0, 40), assigned(methods.get("upstreamDense2Part0"), "dropout1G"));
        assertEquals(List.of(40), assigned(methods.get("upstreamDense2Part1"), "dropout1G"));
        assertSameNumbers(spec);
    }

    /**
     * A split counts each block at the estimate it was added with, as the whole body's fit does: three blocks of
     * 2,500 bytes (7,500 > 6,000) make two parts, the first holding two blocks (5,000) and the second one.
     */
    @Test
    void aSplitCountsEachBlockAtItsOwnEstimate() {
        MethodBudget.Body body = new MethodBudget.Body();
        for (int k = 0; k < 3; k++) {
            body.block(2_500, CodeBlock.of("block$L();\n", k));
        }
        List<MethodSpec> parts = new ArrayList<>();
        MethodSpec.Builder method = MethodSpec.methodBuilder("step");
        MethodBudget.write(method, "step", body, List.of(), List.of(), "", parts::add);
        assertEquals(2, parts.size(), "parts: " + parts);
        assertEquals(List.of("block0", "block1"), calls(parts.get(0)));
        assertEquals(List.of("block2"), calls(parts.get(1)));
        assertEquals("stepPart0();\nstepPart1();\n", method.build().code().toString());
    }

    private static List<String> calls(MethodSpec part) {
        List<String> calls = new ArrayList<>();
        Matcher m = Pattern.compile("(block\\d)\\(\\)").matcher(part.code().toString());
        while (m.find()) {
            calls.add(m.group(1));
        }
        return calls;
    }
}
