package nnspec.generate;

import static nnspec.generate.MethodBudget.LOOP_COST;
import static nnspec.generate.MethodBudget.METHOD_BUDGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import nnspec.model.ConvLayer;
import nnspec.model.Layer;
import nnspec.model.NetworkSpec;
import nnspec.model.PoolLayer;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Convolution;
import nnspec.runtime.Model;
import nnspec.runtime.Pooling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageEmission} at its edges: where a pooling or convolution nest is cut into part methods, worked by hand
 * from the cost model its constants state, and which form (taps written out, or loops) a layer takes at exactly
 * {@link ImageEmission#UNROLLED_TAPS} taps and just above. The cost model (ImageEmission's private constants,
 * copied below): a loop header or a short statement HEADER = 24 bytes, a loop with constant bounds LOOP_COST = 120;
 * per output run pair a j loop of LOOP_COST plus its body; a loop nest costs HEADER plus HEADER per prelude
 * statement plus its children. A nest fits in one method when its estimate is at most METHOD_BUDGET (6,000);
 * otherwise its loop stays in the method and its children fill parts in order while a part stays within the
 * budget, a child over the budget being split the same way. The geometries below are sized so that a nest or a
 * part comes to the budget exactly or just above it; each test spells out its runs (the output positions whose
 * window covers the same taps inside the input) and its arithmetic.
 *
 * <p>Every generated layer is also checked against the runtime kernel the interpreter calls ({@link Pooling},
 * {@link Convolution}), bit for bit, on the very arrays it read, as {@link ImageEmissionDifferentialTest} does: a
 * cut moves code, never arithmetic. Each network is input, {@code maxpool 1x1} (pool1, an identity whose dL/dx
 * field is the tested layer's input gradient), the layer under test (pool2 or conv1), flatten, a dense output.
 */
class ImageEmissionEdgesTest {
    /** ImageEmission.HEADER_COST: a loop header or a short statement of index arithmetic. */
    private static final int HEADER = 24;
    /** ImageEmission.PRODUCT_COST: one unrolled multiply-add. */
    private static final int PRODUCT = 24;
    /** ImageEmission.SCATTER_COST: one unrolled scatter into dx. */
    private static final int SCATTER = 32;
    /** ImageEmission.ADD_COST: one unrolled load added to a sum, or one share added to an element. */
    private static final int ADD = 16;

    private static final Pattern ROW_LOOP = Pattern.compile("for \\(int i = (\\d+); i < (\\d+); i\\+\\+\\)");
    private static final Pattern CALL = Pattern.compile("(?m)^\\s*(\\w+Part\\d+)\\(([\\w, ]*)\\);$");

    // ----- geometry helpers -------------------------------------------------------------------------------

    /**
     * {@code inside} against its Javadoc's definition, by enumeration: the outputs t in [0, count) with
     * 0 <= stride t + shift < size, as [from, to), a sub-range of [0, count] even when it is empty (a tap that no
     * output reads inside the input, whose range the kernel gradient's comment states).
     */
    @Test
    void insideIsTheRangeOfOutputsThatReadTheInput() {
        int checked = 0;
        for (int count = 1; count <= 5; count++) {
            for (int stride = 1; stride <= 3; stride++) {
                for (int shift = -12; shift <= 8; shift++) {
                    for (int size = 1; size <= 5; size++) {
                        int[] range = ImageEmission.inside(count, stride, shift, size);
                        String what = count + " " + stride + " " + shift + " " + size + ": " + Arrays.toString(range);
                        assertTrue(0 <= range[0] && range[0] <= range[1] && range[1] <= count, what);
                        for (int t = 0; t < count; t++) {
                            int at = stride * t + shift;
                            assertEquals(0 <= at && at < size, range[0] <= t && t < range[1], what + " at " + t);
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(5 * 3 * 21 * 5, checked);
    }

    // ----- pooling ------------------------------------------------------------------------------------------

    /**
     * avgpool 4x8 stride 2x3 padding 2,4 over 2x5x11: 32 cells, the most written out one by one. Rows: out
     * (5 + 4 - 4) / 2 + 1 = 3, window rows inside 2 ([2, 4)), 4, 3. Columns: out (11 + 8 - 8) / 3 + 1 = 4, inside 4
     * ([4, 8)), 7, 8, 6. Every divisor is 32 (count_padding yes, no window past the padding), so 3 x 4 runs. A j
     * loop costs LOOP_COST + HEADER (at) + ADD per cell + 2 HEADER, forward and backward alike: the channel loop
     * comes to HEADER + 3 HEADER + 12 (LOOP_COST + 3 HEADER) + ADD x 9 x 25 = 6,000, the budget exactly, so each
     * pass is one method; every cell is written out, no loop over the window.
     */
    @Test
    void anAverageOfThirtyTwoCellsAtExactlyTheBudgetIsOneMethodWithItsCellsWrittenOut(@TempDir Path dir)
            throws Exception {
        assertEquals(METHOD_BUDGET, HEADER + 3 * HEADER + 3 * 4 * (LOOP_COST + 3 * HEADER) + ADD * (2 + 4 + 3)
                * (4 + 7 + 8 + 6), "the test's nest");
        Compiled layer = load(dir, pool(2, 5, 11, "avgpool 4x8 stride 2x3 padding 2,4")).get(0);
        for (String pass : List.of("forwardPool2", "backwardPool2")) {
            assertEquals(List.of(), layer.parts(pass), pass);
            assertFalse(layer.method(pass).contains("for (int m"), layer.method(pass));
        }
        assertTrue(layer.method("forwardPool2").contains(") / 32;"), layer.method("forwardPool2"));
        assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3)), rowRuns(layer.method("forwardPool2")));
        checkPool(layer);
    }

    /**
     * avgpool 2x6 stride 1 padding 1,3 over 2x2x6 (12 cells, written out). Rows: out 3, inside 1, 2, 1. Columns:
     * out 7, inside 3, 4, 5, 6, 5, 4, 3 (30 in all). A row run's loop costs HEADER + 7 (LOOP_COST + 3 HEADER) +
     * ADD x 30 x (its rows): 1,848, 2,328, 1,848; with the channel loop 6,048, over the budget. Parts of the
     * channel loop: rows 0 and 1 (4,176; row 2 would make 6,024), then row 2; forward and backward alike. The
     * channel loop has no comment, and a split writes none for it.
     */
    @Test
    void anAverageJustOverTheBudgetSplitsAfterTheLastRowRunThatFits(@TempDir Path dir) throws Exception {
        int[] rows = new int[3];
        int[] inside = {1, 2, 1};
        for (int r = 0; r < 3; r++) {
            rows[r] = HEADER + 7 * (LOOP_COST + 3 * HEADER) + ADD * 30 * inside[r];
        }
        assertEquals(List.of(1848, 2328, 1848), Arrays.stream(rows).boxed().toList());
        assertEquals(6048, HEADER + rows[0] + rows[1] + rows[2]);
        assertTrue(rows[0] + rows[1] <= METHOD_BUDGET && rows[0] + rows[1] + rows[2] > METHOD_BUDGET);
        Compiled layer = load(dir, pool(2, 2, 6, "avgpool 2x6 stride 1 padding 1,3")).get(0);
        for (String pass : List.of("forwardPool2", "backwardPool2")) {
            assertEquals(List.of(pass + "Part0(c)", pass + "Part1(c)"), layer.parts(pass), layer.source);
            assertEquals(List.of(List.of(0, 1), List.of(1, 2)), rowRuns(layer.method(pass + "Part0")), pass);
            assertEquals(List.of(List.of(2, 3)), rowRuns(layer.method(pass + "Part1")), pass);
        }
        assertFalse(layer.source.contains("// null"), layer.source);
        checkPool(layer);
    }

    /**
     * A 6x6 window (36 cells, more than are written out: loops over the window's rows and columns) with padding 3
     * over 2x3x4, stride 1: rows out 4, each window holding rows [3, 6), [2, 5), [1, 4), [0, 3); columns out 5,
     * holding 3, 4, 4, 4, 3 columns: 4 x 5 runs. Average: a j loop costs LOOP_COST + HEADER + LOOP_COST + 2 HEADER
     * = 312 (forward and backward), a row run's loop HEADER + 5 x 312 = 1,584, the channel loop 6,360. Maximum: a
     * j loop costs LOOP_COST + HEADER + LOOP_COST + 4 HEADER = 360, a row run 1,824, the channel loop with its
     * prelude ({@code double v}) 2 HEADER + 4 x 1,824 = 7,344. Both split after row run 2 (3 runs: 4,752 and
     * 5,472; the fourth would pass the budget).
     */
    @Test
    void windowsOfMoreThanThirtyTwoCellsLoopAndSplitByTheirLoopsCost(@TempDir Path dir) throws Exception {
        int average = LOOP_COST + HEADER + LOOP_COST + 2 * HEADER;
        int maximum = LOOP_COST + HEADER + LOOP_COST + 4 * HEADER;
        assertEquals(6360, HEADER + 4 * (HEADER + 5 * average));
        assertEquals(7344, 2 * HEADER + 4 * (HEADER + 5 * maximum));
        assertTrue(3 * (HEADER + 5 * average) <= METHOD_BUDGET && 4 * (HEADER + 5 * average) > METHOD_BUDGET);
        assertTrue(3 * (HEADER + 5 * maximum) <= METHOD_BUDGET && 4 * (HEADER + 5 * maximum) > METHOD_BUDGET);
        List<Compiled> layers = load(dir, pool(2, 3, 4, "avgpool 6x6 stride 1 padding 3"),
                pool(2, 3, 4, "maxpool 6x6 stride 1 padding 3"));
        for (Compiled layer : layers) {
            List<String> passes = layer.source.contains("avgpool") ? List.of("forwardPool2", "backwardPool2")
                    : List.of("forwardPool2");
            for (String pass : passes) {
                assertEquals(List.of(pass + "Part0(c)", pass + "Part1(c)"), layer.parts(pass), layer.source);
                assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3)),
                        rowRuns(layer.method(pass + "Part0")), pass);
                assertEquals(List.of(List.of(3, 4)), rowRuns(layer.method(pass + "Part1")), pass);
                assertTrue(layer.method(pass + "Part0").contains("for (int m = 3; m < 6; m++)"), pass);
                assertTrue(layer.method(pass + "Part1").contains("for (int n = 0; n < 3; n++)"), pass);
            }
            checkPool(layer);
        }
    }

    /**
     * A pooling layer the checker refuses (padding 2 on top of a 2-row window, over half of it), built by hand
     * past the checker: its first row of windows lies wholly in the padding, which the runtime kernel's contract
     * ({@link Pooling#maxForward}: every window must hold a cell of the input) rules out. The generator refuses it
     * as its own bug rather than writing code that reads a cell outside the window.
     */
    @Test
    void aPoolingWindowWhollyInThePaddingIsRefused() throws Exception {
        Spec spec = SpecReader.parse("pool.nn", network(0, 1, 3, 3, "maxpool 2x2 stride 1 padding 1"));
        PoolLayer p = (PoolLayer) spec.network().layers().get(1);
        assertEquals(4, Pooling.outputSize(3, 2, 1, 2, 0, false), "the same output height as padding 1,1");
        PoolLayer bad = new PoolLayer(p.name(), p.mode(), p.input(), 2, 2, 1, 1, new ConvLayer.Padding(2, 0, 1, 1),
                false, true, p.output(), p.pos());
        List<Layer> layers = new ArrayList<>(spec.network().layers());
        layers.set(1, bad);
        NetworkSpec network = new NetworkSpec(spec.network().name(), spec.network().input(), layers,
                spec.network().pos());
        Spec hand = new Spec(spec.fileName(), spec.sha256(), network, spec.train(), spec.data(), spec.workflow());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JavaGenerator.generate(hand, InMemoryCompiler.PACKAGE));
        assertTrue(e.getMessage().contains("a window outside the input"), e.getMessage());
    }

    // ----- convolution --------------------------------------------------------------------------------------

    /**
     * conv 1 8x4 padding 1,2,0,4 over 1x7x3 (32 taps, written out in both passes). Rows: out 3, kernel rows
     * inside [1, 8), [0, 7), [0, 6) (7, 7, 6). Columns: out 4, inside [0, 3), [0, 2), [0, 1) and none (output
     * column 3 reads only padding): 3 x 4 runs, 3 of them empty. Input gradient: a j loop costs LOOP_COST +
     * 2 HEADER, plus SCATTER per tap when not empty; a row run's loop HEADER + 4 (LOOP_COST + 2 HEADER) +
     * SCATTER x 6 x (its rows): 2,040, 2,040, 1,848; the channel loop with its two prelude statements 3 HEADER +
     * 5,928 = 6,000 exactly, inside the filter loop: 6,024. So the filter loop stays and the channel loop, a child
     * of exactly the budget, is one part whole. The forward pass (all 32 taps of the one channel written out) costs
     * 2 HEADER + 3 HEADER + 12 (LOOP_COST + 4 HEADER) + PRODUCT x 20 x 6 = 5,592: one method, no channel loop.
     */
    @Test
    void aChannelLoopOfExactlyTheBudgetIsOnePartWhole(@TempDir Path dir) throws Exception {
        int[] rows = {7, 7, 6};
        int sum = 0;
        for (int r : rows) {
            sum += HEADER + 4 * (LOOP_COST + 2 * HEADER) + SCATTER * 6 * r;
        }
        assertEquals(5928, sum);
        assertEquals(METHOD_BUDGET, 3 * HEADER + sum, "the channel loop");
        assertEquals(5592, 5 * HEADER + 12 * (LOOP_COST + 4 * HEADER) + PRODUCT * 20 * 6, "the forward pass");
        Compiled layer = load(dir, conv(1, 7, 3, "conv 1 8x4 padding 1,2,0,4")).get(0);
        assertEquals(List.of("backwardConv1Part0(o)"), layer.parts("backwardConv1"), layer.source);
        String part = layer.method("backwardConv1Part0");
        assertTrue(part.contains("for (int c = 0; c < 1; c++)"), part);
        assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3)), rowRuns(part));
        assertFalse(part.contains("for (int m"), part);
        assertTrue(part.contains("dx[at + 22] += delta * p[k + 29];"), part);
        String forward = layer.method("forwardConv1");
        assertEquals(List.of(), layer.parts("forwardConv1"));
        assertFalse(forward.contains("for (int ch") || forward.contains("for (int m"), forward);
        checkConv(layer);
    }

    /**
     * conv 1 4x5 padding 1,2 over 1x4x4 (20 taps, all written out). Rows: out 3, kernel rows inside 3, 4, 3.
     * Columns: out 4, inside 3, 4, 4, 3 (14). A j loop costs LOOP_COST + 3 HEADER + PRODUCT per tap + HEADER; a
     * row run's loop HEADER + 4 (LOOP_COST + 4 HEADER) + PRODUCT x 14 x (its rows): 1,896, 2,232, 1,896; with the
     * filter loop and its prelude 6,072. Parts: rows 0 and 1 (4,128; row 2 would make 6,024), then row 2. The
     * filter loop keeps the comment the unsplit form gives it (as the forward pass of
     * {@link #aChannelLoopOfExactlyTheBudgetIsOnePartWhole} shows).
     */
    @Test
    void aConvolutionJustOverTheBudgetSplitsAfterTheLastRowRunThatFits(@TempDir Path dir) throws Exception {
        int[] rows = new int[3];
        int[] inside = {3, 4, 3};
        for (int r = 0; r < 3; r++) {
            rows[r] = HEADER + 4 * (LOOP_COST + 4 * HEADER) + PRODUCT * 14 * inside[r];
        }
        assertEquals(List.of(1896, 2232, 1896), Arrays.stream(rows).boxed().toList());
        assertEquals(6072, 2 * HEADER + rows[0] + rows[1] + rows[2]);
        assertTrue(rows[0] + rows[1] <= METHOD_BUDGET && rows[0] + rows[1] + rows[2] > METHOD_BUDGET);
        List<Compiled> layers = load(dir, conv(1, 4, 4, "conv 1 4x5 padding 1,2"), conv(1, 7, 3,
                "conv 1 8x4 padding 1,2,0,4"));
        Compiled layer = layers.get(0);
        assertEquals(List.of("forwardConv1Part0(o)", "forwardConv1Part1(o)"), layer.parts("forwardConv1"),
                layer.source);
        assertEquals(List.of(List.of(0, 1), List.of(1, 2)), rowRuns(layer.method("forwardConv1Part0")));
        assertEquals(List.of(List.of(2, 3)), rowRuns(layer.method("forwardConv1Part1")));
        assertTrue(layers.get(1).method("forwardConv1").contains("// filter o: its 32 taps from k\n"),
                layers.get(1).method("forwardConv1"));
        assertTrue(Pattern.compile("// filter o: its 20 taps from k\n\\s*for \\(int o = 0;").matcher(
                layer.method("forwardConv1")).find(), layer.method("forwardConv1"));
        checkConv(layer);
    }

    /**
     * conv 1 4x8 padding 1,2 over 2x3x7: 32 taps per channel, 64 in all, so a loop over the two channels with
     * each channel's 32 taps written out. Rows: out 2, kernel rows inside [1, 4) and [0, 3) (3 each). Columns: out
     * 4, inside 6, 7, 7, 6 (26). A j loop costs LOOP_COST + 3 HEADER + 3 HEADER (the channel loop) + PRODUCT per
     * tap of one channel + HEADER; a row run's loop HEADER + 4 (LOOP_COST + 7 HEADER) + PRODUCT x 3 x 26 = 3,048;
     * with the filter loop 6,144. Parts: row 0, then row 1 (two would make 6,096).
     */
    @Test
    void aChannelLoopOfThirtyTwoTapsSplitsByItsOwnCost(@TempDir Path dir) throws Exception {
        int row = HEADER + 4 * (LOOP_COST + 7 * HEADER) + PRODUCT * 3 * 26;
        assertEquals(3048, row);
        assertEquals(6144, 2 * HEADER + 2 * row);
        Compiled layer = load(dir, conv(2, 3, 7, "conv 1 4x8 padding 1,2")).get(0);
        assertEquals(List.of("forwardConv1Part0(o)", "forwardConv1Part1(o)"), layer.parts("forwardConv1"),
                layer.source);
        String first = layer.method("forwardConv1Part0");
        assertEquals(List.of(List.of(0, 1)), rowRuns(first));
        assertEquals(List.of(List.of(1, 2)), rowRuns(layer.method("forwardConv1Part1")));
        assertTrue(first.contains("for (int ch = 0; ch < 2; ch++)"), first);
        assertFalse(first.contains("for (int m"), first);
        checkConv(layer);
    }

    /**
     * conv 1 6x6 padding 5,1 over 1x5x5: 36 taps, more than are written out, so loops over the kernel's rows and
     * columns in both passes. Rows: out 10, kernel rows inside [5, 6), [4, 6), ..., [0, 5), ..., [0, 1): 10 runs.
     * Columns: out 2, inside [1, 6) and [0, 5). Input gradient: a j loop costs LOOP_COST + 2 HEADER + LOOP_COST =
     * 288, a row run's loop HEADER + 2 x 288 = 600, ten of them 6,000 exactly: the channel loop (3 HEADER more) is
     * over the budget and split, and its ten row runs, the budget exactly, are one part. Forward: a j loop costs
     * LOOP_COST + 3 HEADER + LOOP_COST + HEADER = 336, a row run 696, with the filter loop 6,960 + 2 HEADER:
     * parts of 8 row runs (5,568; a ninth would make 6,264), then 2.
     */
    @Test
    void aGroupOfExactlyTheBudgetIsOnePart(@TempDir Path dir) throws Exception {
        assertEquals(METHOD_BUDGET, 10 * (HEADER + 2 * (LOOP_COST + 2 * HEADER + LOOP_COST)), "the row runs");
        int forwardRow = HEADER + 2 * (LOOP_COST + 3 * HEADER + LOOP_COST + HEADER);
        assertEquals(696, forwardRow);
        assertTrue(8 * forwardRow <= METHOD_BUDGET && 9 * forwardRow > METHOD_BUDGET);
        Compiled layer = load(dir, conv(1, 5, 5, "conv 1 6x6 padding 5,1")).get(0);
        assertEquals(List.of("backwardConv1Part0(o, c)"), layer.parts("backwardConv1"), layer.source);
        String part = layer.method("backwardConv1Part0");
        List<List<Integer>> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(List.of(i, i + 1));
        }
        assertEquals(ten, rowRuns(part));
        assertTrue(part.contains("for (int m = 5; m < 6; m++)"), part);
        assertEquals(List.of("forwardConv1Part0(o)", "forwardConv1Part1(o)"), layer.parts("forwardConv1"));
        assertEquals(ten.subList(0, 8), rowRuns(layer.method("forwardConv1Part0")));
        assertEquals(ten.subList(8, 10), rowRuns(layer.method("forwardConv1Part1")));
        assertTrue(layer.method("forwardConv1Part0").contains("for (int m = 0; m < 5; m++)"));
        checkConv(layer);
    }

    /**
     * Unpadded 3x2 kernels (written out, no runs) with a stride on one axis only, 2x1 and 1x2, over 2x6x5: the
     * input element under tap (0, 0) of output (i, j) is at sh i W + sw j in its plane, so each axis's stride
     * must count. Oracle: the runtime kernels, bit for bit.
     */
    @Test
    void anUnpaddedConvolutionWithAStrideOnOneAxisScattersToTheRightElements(@TempDir Path dir) throws Exception {
        List<Compiled> layers = load(dir, conv(2, 6, 5, "conv 2 3x2 stride 2x1"), conv(2, 6, 5,
                "conv 2 3x2 stride 1x2"));
        for (Compiled layer : layers) {
            assertFalse(layer.method("backwardConv1").contains("// taps inside the input"), layer.source);
            checkConv(layer);
        }
    }

    // ----- networks, compilation and the runtime kernels ---------------------------------------------------

    private static String network(int n, int channels, int height, int width, String line) {
        String sample = " 0".repeat(channels * height * width);
        return "network Edge" + n + " {\n  input " + channels + "x" + height + "x" + width + "\n  maxpool 1x1\n  "
                + line + "\n  flatten\n  dense 1 linear init glorot_uniform seed 3\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n" + sample + " -> 0\n}\n";
    }

    private static String pool(int channels, int height, int width, String line) {
        return channels + "x" + height + "x" + width + "|" + line;
    }

    private static String conv(int channels, int height, int width, String line) {
        return channels + "x" + height + "x" + width + "|" + line + " linear init glorot_uniform seed 5";
    }

    /** The row runs of a method, as [first, end) of each {@code for (int i ...)} in order. */
    private static List<List<Integer>> rowRuns(String body) {
        List<List<Integer>> runs = new ArrayList<>();
        Matcher m = ROW_LOOP.matcher(body);
        while (m.find()) {
            runs.add(List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        return runs;
    }

    /** A generated class, compiled, with its private layer methods and fields reached by reflection. */
    private record Compiled(Spec spec, Model model, String source, Map<String, String> methods) {
        String method(String name) {
            String body = methods.get(name);
            assertTrue(body != null, name + " in\n" + source);
            return body;
        }

        /** The part methods {@code name} calls, with their arguments, in order. */
        List<String> parts(String name) {
            List<String> calls = new ArrayList<>();
            Matcher m = CALL.matcher(method(name));
            while (m.find()) {
                calls.add(m.group(1) + "(" + m.group(2) + ")");
            }
            return calls;
        }

        double[] array(String field) throws ReflectiveOperationException {
            return reflected().array(field);
        }

        int constant(String field) throws ReflectiveOperationException {
            return reflected().constant(field);
        }

        void call(String name) throws ReflectiveOperationException {
            reflected().call(name);
        }

        /** The private fields and methods, reached as the differential test reaches them. */
        private ImageEmissionDifferentialTest.Layer reflected() {
            return new ImageEmissionDifferentialTest.Layer(model, source);
        }
    }

    /** Generates each {@code shape|line} network, compiles them in one javac run and loads them. */
    private static List<Compiled> load(Path dir, String... cases) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> arguments = new ArrayList<>(InMemoryCompiler.OPTIONS);
        arguments.addAll(List.of("-d", classes.toString(), "-classpath", InMemoryCompiler.runtimeClassPath()));
        List<Spec> specs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String c : cases) {
            String[] shape = c.substring(0, c.indexOf('|')).split("x");
            Spec spec = SpecReader.parse("edge.nn", network(specs.size(), Integer.parseInt(shape[0]),
                    Integer.parseInt(shape[1]), Integer.parseInt(shape[2]), c.substring(c.indexOf('|') + 1)));
            String source = JavaGenerator.generate(spec, InMemoryCompiler.PACKAGE);
            Path file = sources.resolve(JavaGenerator.className(spec) + ".java");
            Files.writeString(file, source);
            arguments.add(file.toString());
            specs.add(spec);
            texts.add(source);
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, arguments.toArray(String[]::new));
        assertEquals(0, status, errors::toString);
        List<Compiled> compiled = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                Model.class.getClassLoader())) {
            for (int n = 0; n < specs.size(); n++) {
                String name = InMemoryCompiler.PACKAGE + "." + JavaGenerator.className(specs.get(n));
                Model model = (Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
                compiled.add(new Compiled(specs.get(n), model, texts.get(n), JavaGeneratorTest.methods(texts.get(n))));
            }
        }
        return compiled;
    }

    /** The generated pooling layer's forward and backward passes against the runtime kernels, bit for bit. */
    private static void checkPool(Compiled layer) throws ReflectiveOperationException {
        PoolLayer p = (PoolLayer) layer.spec().network().layers().get(1);
        ConvLayer.Padding pad = p.padding();
        int channels = p.input().channels();
        int height = p.input().height();
        int width = p.input().width();
        SplittableRandom random = new SplittableRandom(20261201L);
        double[] in = layer.array("pool1Out");
        fill(random, in);
        layer.call("forwardPool2");
        double[] out = new double[p.output().size()];
        double[] expected = new double[in.length];
        double[] upstream = layer.array("pool2G");
        fill(random, upstream);
        if (p.mode() == PoolLayer.Mode.MAX) {
            int[] argmax = new int[out.length];
            Pooling.maxForward(in, 0, channels, height, width, p.windowH(), p.windowW(), p.strideH(), p.strideW(),
                    pad.top(), pad.left(), p.output().height(), p.output().width(), out, 0, argmax, 0);
            Pooling.maxBackward(upstream, 0, argmax, 0, out.length, expected, 0, in.length);
        } else {
            Pooling.averageForward(in, 0, channels, height, width, p.windowH(), p.windowW(), p.strideH(),
                    p.strideW(), pad.top(), pad.bottom(), pad.left(), pad.right(), p.output().height(),
                    p.output().width(), p.countPadding(), out, 0);
            Pooling.averageBackward(upstream, 0, channels, height, width, p.windowH(), p.windowW(), p.strideH(),
                    p.strideW(), pad.top(), pad.bottom(), pad.left(), pad.right(), p.output().height(),
                    p.output().width(), p.countPadding(), expected, 0);
        }
        assertBits(out, layer.array("pool2Out"), "forward");
        double[] gradIn = layer.array("pool1G");
        Arrays.fill(gradIn, Double.NaN);
        layer.call("backwardPool2");
        assertBits(expected, gradIn, "backward");
    }

    /** The generated convolution's forward pass and gradients against the runtime kernels, bit for bit. */
    private static void checkConv(Compiled layer) throws ReflectiveOperationException {
        ConvLayer c = (ConvLayer) layer.spec().network().layers().get(1);
        ConvLayer.Padding pad = c.padding();
        int channels = c.input().channels();
        int height = c.input().height();
        int width = c.input().width();
        SplittableRandom random = new SplittableRandom(20261202L);
        double[] in = layer.array("pool1Out");
        fill(random, in);
        double[] parameters = layer.model().parameters();
        fill(random, parameters);
        int w = layer.constant("CONV1_W");
        int b = layer.constant("CONV1_B");
        layer.call("forwardConv1");
        double[] z = new double[c.outputs()];
        Convolution.forward(in, 0, channels, height, width, parameters, w, parameters, b, c.filters(), c.kernelH(),
                c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), pad.top(), pad.left(),
                c.output().height(), c.output().width(), z, 0);
        assertBits(z, layer.array("conv1Z"), "forward");
        fill(random, layer.array("conv1G"));
        layer.model().zeroGradients();
        double[] gradIn = layer.array("pool1G");
        Arrays.fill(gradIn, Double.NaN);
        layer.call("backwardConv1");
        double[] delta = layer.array("conv1D");
        double[] expected = new double[parameters.length];
        Convolution.kernelGradient(in, 0, channels, height, width, delta, 0, c.filters(), c.kernelH(), c.kernelW(),
                c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), pad.top(), pad.left(), c.output().height(),
                c.output().width(), expected, w);
        Convolution.biasGradient(delta, 0, c.filters(), c.output().height(), c.output().width(), expected, b);
        assertBits(expected, layer.model().gradients(), "kernel and bias gradients");
        double[] expectedIn = new double[in.length];
        Convolution.inputGradient(delta, 0, parameters, w, channels, height, width, c.filters(), c.kernelH(),
                c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), pad.top(), pad.left(),
                c.output().height(), c.output().width(), expectedIn, 0);
        assertBits(expectedIn, gradIn, "input gradient");
    }

    /** Random values, every eighth -0.0 (which an average must turn into 0.0). */
    private static void fill(SplittableRandom random, double[] values) {
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextInt(8) == 0 ? -0.0 : random.nextDouble(-1.0, 1.0);
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            int index = k;
            assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                    () -> what + ": element " + index + " is " + actual[index] + ", not " + expected[index]);
        }
    }
}