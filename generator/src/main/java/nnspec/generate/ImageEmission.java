package nnspec.generate;

import static nnspec.generate.MethodBudget.LOOP_COST;
import static nnspec.generate.MethodBudget.METHOD_BUDGET;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import javax.lang.model.element.Modifier;
import nnspec.generate.CodeShape.StageCode;
import nnspec.generate.CodeShape.Vec;
import nnspec.model.ConvLayer;
import nnspec.model.PoolLayer;
import nnspec.model.Shape;
import nnspec.runtime.Pooling;

/**
 * The specialised code of the image layers: convolution forward and backward, max and average pooling forward and
 * backward, each the runtime kernel's arithmetic ({@code nnspec.runtime.Convolution}, {@code Pooling}) to the last
 * bit, as loops with constant bounds.
 *
 * <p>Padding is resolved here, at generation time. Along each axis the outputs fall into {@linkplain Run runs} of
 * consecutive positions whose window (or kernel) covers the same taps inside the input: the interior run and one
 * run per border position. Each run is a loop of its own with its valid taps written out, so no tap is checked at
 * run time. Every loop nest keeps the runtime kernel's order wherever a value receives several terms (a sum over
 * taps, or an input element that several windows scatter into), which is what makes the results bit-identical;
 * where the order of independent outputs changes, it is said why that is safe.
 *
 * <p>Taps are unrolled up to {@link #UNROLLED_TAPS} per output: a convolution's over all its input channels, else one
 * channel's inside a loop over the channels; a kernel's per channel in the backward pass; a pooling window's. Above
 * that they are loops too, over the run's fixed tap range. A loop nest larger than {@link MethodBudget#METHOD_BUDGET} is cut into part
 * methods that take the enclosing loop variables, called in order from inside those loops, so the order of every
 * sum is unchanged.
 */
final class ImageEmission {
    private ImageEmission() {
    }

    /**
     * The most taps written out one by one: per output of a convolution's forward pass (input channels x kernel
     * height x kernel width, else per channel), per channel of its backward pass, per pooling window.
     */
    static final int UNROLLED_TAPS = 32;

    /** Estimated bytecode of one unrolled multiply-add {@code x[at + C] * p[k + C]} added to a sum. */
    private static final int PRODUCT_COST = 24;
    /** One unrolled scatter {@code dx[at + C] += delta * p[k + C]}. */
    private static final int SCATTER_COST = 32;
    /** One unrolled candidate of a maximum: a load, two comparisons and the update. */
    private static final int CANDIDATE_COST = 40;
    /** One unrolled load added to a sum, or one share added to an element. */
    private static final int ADD_COST = 16;
    /** A loop header, or a short statement of index arithmetic. */
    private static final int HEADER_COST = 24;

    // ----- geometry ------------------------------------------------------------------------------------------

    /**
     * Consecutive indices u in [first, end) of one axis with the same partner range [from, to): the v with
     * 0 <= a u + b v + shift < size. For outputs (u = output index, v = tap) the range is the taps inside the input;
     * for taps (u = tap, v = output index) the outputs that read the input through them. {@code key} is anything
     * else that must be constant over the run (the divisor of an average).
     */
    record Run(int first, int end, int from, int to, int key) {
        boolean empty() {
            return from >= to;
        }
    }

    /** The runs of u in [0, count), as {@link Run} says. */
    static List<Run> runs(int count, int a, int partners, int b, int shift, int size, IntUnaryOperator key) {
        List<Run> runs = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            int from = 0;
            while (from < partners && a * u + b * from + shift < 0) {
                from++;
            }
            int to = from;
            while (to < partners && a * u + b * to + shift < size) {
                to++;
            }
            if (to == from) {
                from = to = 0;
            }
            int k = key.applyAsInt(u);
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.from() == from && last.to() == to && last.key() == k) {
                runs.set(runs.size() - 1, new Run(last.first(), u + 1, from, to, k));
            } else {
                runs.add(new Run(u, u + 1, from, to, k));
            }
        }
        return runs;
    }

    /** The outputs t in [0, count) with 0 <= stride t + shift < size, as [from, to). */
    static int[] inside(int count, int stride, int shift, int size) {
        int from = 0;
        while (from < count && stride * from + shift < 0) {
            from++;
        }
        int to = from;
        while (to < count && stride * to + shift < size) {
            to++;
        }
        return new int[] {from, to};
    }

    /** {@code s v + shift} as source, without factors of 1 or terms of 0. */
    static String affine(int stride, String v, int shift) {
        String term = stride == 1 ? v : stride + " * " + v;
        return shift == 0 ? term : shift > 0 ? term + " + " + shift : term + " - " + -shift;
    }

    /** {@code base + offset} as source; every offset here is a sum of products of non-negative numbers. */
    private static String plus(String base, int offset) {
        return offset == 0 ? base : base + " + " + offset;
    }

    /**
     * The flat index of the input element under tap (0, 0) of output (i, j), in the plane starting at
     * {@code plane}: (sh i - top) width + sw j - left. With padding it may lie outside the plane; only the taps
     * inside the input are added to it.
     */
    private static String corner(String plane, int strideH, int top, int width, int strideW, int left) {
        String row = affine(strideH, "i", -top);
        String rowTerm = width == 1 ? row : (top == 0 ? row : "(" + row + ")") + " * " + width;
        String col = affine(strideW, "j", -left);
        String sum = rowTerm + " + " + col;
        return plane == null ? sum : plane + " + " + sum;
    }

    // ----- loop nests and their parts ----------------------------------------------------------------------

    /** A statement nest with its estimated bytecode: a leaf of code, or a loop over children. */
    private sealed interface Nest permits Leaf, Loop {
        int cost();
    }

    private record Leaf(CodeBlock code, int cost) implements Nest {
    }

    /**
     * {@code for (int var = from; var < to; var++) { prelude; children }}; the prelude's statements use only the
     * loop variables, so a part method can repeat them.
     */
    private record Loop(String var, int from, int to, String comment, List<CodeBlock> prelude, List<Nest> children)
            implements Nest {
        public int cost() {
            int cost = HEADER_COST + HEADER_COST * prelude.size();
            for (Nest child : children) {
                cost += child.cost();
            }
            return cost;
        }
    }

    /**
     * One generated method being written: its builder, its locals (aliases of fields, declared once), and where part
     * methods go.
     */
    static final class Target {
        private final MethodSpec.Builder method;
        private final String name;
        private final Consumer<MethodSpec> add;
        private final Map<String, String> locals = new HashMap<>();
        private int parts;

        Target(MethodSpec.Builder method, String name, Consumer<MethodSpec> add) {
            this.method = method;
            this.name = name;
            this.add = add;
        }

        /** Declares {@code type name = value} in the method unless it already is, with the same value. */
        void local(String type, String local, String value) {
            declare(method, locals, type, local, value);
        }
    }

    private static void declare(MethodSpec.Builder m, Map<String, String> declared, String type, String local,
            String value) {
        String statement = type + " " + local + " = " + value;
        String before = declared.putIfAbsent(local, statement);
        if (before == null) {
            m.addStatement("$L", statement);
        } else if (!before.equals(statement)) {
            throw new IllegalStateException("two locals named " + local + ": generator bug");
        }
    }

    /**
     * Writes {@code nest} into the target's method after declaring {@code locals} (type, name, value triples); if it
     * is over budget, the outer loops stay there and what they hold goes to part methods in order, each part
     * declaring the locals and the loops' preludes itself.
     */
    private static void write(Target t, List<String[]> locals, Nest nest) {
        if (nest.cost() <= METHOD_BUDGET) {
            for (String[] l : locals) {
                t.local(l[0], l[1], l[2]);
            }
            code(t.method, nest);
            return;
        }
        split(t, locals, nest, new ArrayList<>(), new ArrayList<>());
    }

    /** Writes a nest too large for one method: its loop here, its children in parts (or split further). */
    private static void split(Target t, List<String[]> locals, Nest nest, List<String> vars, List<CodeBlock> preludes) {
        if (!(nest instanceof Loop loop)) {
            // a leaf is bounded by the unrolling limits: a part of its own
            part(t, locals, vars, preludes, List.of(nest));
            return;
        }
        if (loop.comment() != null) {
            t.method.addComment("$L", loop.comment());
        }
        t.method.beginControlFlow("for (int $L = $L; $L < $L; $L++)", loop.var(), loop.from(), loop.var(),
                loop.to(), loop.var());
        List<String> inner = new ArrayList<>(vars);
        inner.add(loop.var());
        List<CodeBlock> innerPreludes = new ArrayList<>(preludes);
        innerPreludes.addAll(loop.prelude());
        List<Nest> group = new ArrayList<>();
        int cost = 0;
        for (Nest child : loop.children()) {
            if (child.cost() > METHOD_BUDGET || cost + child.cost() > METHOD_BUDGET) {
                part(t, locals, inner, innerPreludes, group);
                group = new ArrayList<>();
                cost = 0;
            }
            if (child.cost() > METHOD_BUDGET) {
                split(t, locals, child, inner, innerPreludes);
            } else {
                group.add(child);
                cost += child.cost();
            }
        }
        part(t, locals, inner, innerPreludes, group);
        t.method.endControlFlow();
    }

    /** A part method holding {@code nests}, taking the loop variables {@code vars}, and the call of it. */
    private static void part(Target t, List<String[]> locals, List<String> vars, List<CodeBlock> preludes,
            List<Nest> nests) {
        if (nests.isEmpty()) {
            return;
        }
        String partName = t.name + "Part" + t.parts++;
        MethodSpec.Builder p = MethodSpec.methodBuilder(partName)
                .addJavadoc("Part $L of {@code $L}, split to stay under HotSpot's HugeMethodLimit.\n", t.parts, t.name)
                .addModifiers(Modifier.PRIVATE);
        for (String v : vars) {
            p.addParameter(TypeName.INT, v);
        }
        Map<String, String> declared = new HashMap<>();
        for (String[] l : locals) {
            declare(p, declared, l[0], l[1], l[2]);
        }
        preludes.forEach(p::addStatement);
        nests.forEach(n -> code(p, n));
        t.add.accept(p.build());
        t.method.addStatement("$L($L)", partName, String.join(", ", vars));
    }

    private static void open(MethodSpec.Builder m, Loop loop) {
        if (loop.comment() != null) {
            m.addComment("$L", loop.comment());
        }
        m.beginControlFlow("for (int $L = $L; $L < $L; $L++)", loop.var(), loop.from(), loop.var(), loop.to(),
                loop.var());
        loop.prelude().forEach(m::addStatement);
    }

    private static void code(MethodSpec.Builder m, Nest nest) {
        if (nest instanceof Leaf leaf) {
            m.addCode(leaf.code());
        } else {
            Loop loop = (Loop) nest;
            open(m, loop);
            loop.children().forEach(child -> code(m, child));
            m.endControlFlow();
        }
    }

    private static Loop loop(String var, int from, int to, String comment, List<CodeBlock> prelude,
            List<Nest> children) {
        return new Loop(var, from, to, comment, prelude, children);
    }

    private static List<String[]> locals(String... triples) {
        List<String[]> locals = new ArrayList<>();
        for (int k = 0; k < triples.length; k += 3) {
            locals.add(new String[] {triples[k], triples[k + 1], triples[k + 2]});
        }
        return locals;
    }

    /**
     * The output positions as loops over the row runs, each holding one leaf per column run: (i, j) in row-major
     * order, the runtime kernels' order, which the scatters into overlapping windows rely on. {@code leaf} writes
     * the body of the j loop of one (row run, column run) pair and estimates it.
     */
    private static List<Nest> positions(List<Run> rows, List<Run> cols, String what, LeafBody leaf) {
        List<Nest> nests = new ArrayList<>();
        for (Run r : rows) {
            List<Nest> inRow = new ArrayList<>();
            for (Run c : cols) {
                CodeBlock.Builder b = CodeBlock.builder();
                b.add("// $L rows [$L, $L), columns [$L, $L)\n", what, r.from(), r.to(), c.from(), c.to());
                b.beginControlFlow("for (int j = $L; j < $L; j++)", c.first(), c.end());
                int cost = leaf.write(b, r, c);
                b.endControlFlow();
                inRow.add(new Leaf(b.build(), LOOP_COST + cost));
            }
            nests.add(loop("i", r.first(), r.end(), null, List.of(), inRow));
        }
        return nests;
    }

    /** Writes the body of one j loop and returns its estimated bytecode beyond LOOP_COST. */
    private interface LeafBody {
        int write(CodeBlock.Builder b, Run rows, Run cols);
    }

    // ----- convolution ----------------------------------------------------------------------------------------

    /**
     * The cross-correlation without padding, as loops with constant bounds over the filters and output positions,
     * the taps of each output unrolled in the runtime kernel's order (channel, row, column), so that the sum is
     * the kernel's to the last bit: every tap lies inside the input, so no tap needs a check.
     */
    static void unrolledConvolution(Target t, StageCode stage, ConvLayer c) {
        MethodSpec.Builder m = t.method;
        Shape in = c.input();
        Shape out = c.output();
        int taps = c.fanIn();
        CodeBlock.Builder sum = CodeBlock.builder().add("p[$L + o]", stage.bOffset());
        int k = 0;
        for (int ch = 0; ch < in.channels(); ch++) {
            for (int row = 0; row < c.kernelH(); row++) {
                for (int col = 0; col < c.kernelW(); col++) {
                    int offset = ch * in.height() * in.width() + c.dilationH() * row * in.width()
                            + c.dilationW() * col;
                    sum.add(" +$Wp[$L] * x[$L]", k == 0 ? "k" : "k + " + k, offset == 0 ? "at" : "at + " + offset);
                    k++;
                }
            }
        }
        t.local("double[]", "p", "parameters");
        t.local("double[]", "x", stage.in().name());
        m.beginControlFlow("for (int o = 0; o < $L; o++)", c.filters())
                .addComment("filter o's $L taps", taps)
                .addStatement("int k = $L + o * $L", stage.wOffset(), taps)
                .beginControlFlow("for (int i = 0; i < $L; i++)", out.height())
                .beginControlFlow("for (int j = 0; j < $L; j++)", out.width())
                .addComment("the input element under tap (0, 0) of channel 0")
                .addStatement(c.strideH() == 1 && c.strideW() == 1 ? CodeBlock.of("int at = i * $L + j", in.width())
                        : CodeBlock.of("int at = $L * i * $L + $L * j", c.strideH(), in.width(), c.strideW()))
                .addStatement("$L[(o * $L + i) * $L + j] = $L", stage.z().name(), out.height(), out.width(),
                        sum.build())
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /** Whether {@link #unrolledConvolution} and {@link #unrolledInputGradient} apply: no padding, few taps. */
    static boolean unpaddedAndSmall(ConvLayer c, int taps) {
        ConvLayer.Padding pad = c.padding();
        return pad.top() + pad.bottom() + pad.left() + pad.right() == 0 && taps <= UNROLLED_TAPS;
    }

    /** The runs of output rows and columns of a convolution, by the taps of its kernel inside the input. */
    private static List<Run> convRows(ConvLayer c) {
        return runs(c.output().height(), c.strideH(), c.kernelH(), c.dilationH(), -c.padding().top(),
                c.input().height(), u -> 0);
    }

    private static List<Run> convCols(ConvLayer c) {
        return runs(c.output().width(), c.strideW(), c.kernelW(), c.dilationW(), -c.padding().left(),
                c.input().width(), u -> 0);
    }

    /**
     * LAYER-conv2d-forward with padding or many taps: per filter, per run of output rows and columns, the sum of
     * the bias and the taps inside the input, in the runtime kernel's order (channel, row, column): each output's
     * sum receives the same terms in the same order, so the same bits. All channels' taps are unrolled up to
     * {@link #UNROLLED_TAPS}; above that the channels are a loop, and above that per channel the taps too.
     */
    static void convolution(Target t, StageCode stage, ConvLayer c) {
        Shape in = c.input();
        Shape out = c.output();
        int plane = in.height() * in.width();
        int kk = c.kernelH() * c.kernelW();
        boolean allUnrolled = c.fanIn() <= UNROLLED_TAPS;
        boolean tapsUnrolled = kk <= UNROLLED_TAPS;
        List<Nest> positions = positions(convRows(c), convCols(c), "taps inside the input:", (b, r, col) -> {
            b.addStatement("int at = $L", corner(null, c.strideH(), c.padding().top(), in.width(), c.strideW(),
                    c.padding().left()));
            b.addStatement("double sum = p[$L + o]", stage.bOffset());
            int cost = 3 * HEADER_COST;
            if (allUnrolled || tapsUnrolled) {
                CodeBlock.Builder terms = CodeBlock.builder().add("sum = sum");
                int n = 0;
                for (int ch = 0; ch < (allUnrolled ? in.channels() : 1); ch++) {
                    for (int m = r.from(); m < r.to(); m++) {
                        for (int q = col.from(); q < col.to(); q++) {
                            int offset = ch * plane + c.dilationH() * m * in.width() + c.dilationW() * q;
                            terms.add(" +$Wx[$L] * p[$L]", plus(allUnrolled ? "at" : "a", offset),
                                    plus(allUnrolled ? "k" : "w", ch * kk + m * c.kernelW() + q));
                            n++;
                        }
                    }
                }
                if (allUnrolled) {
                    if (n > 0) {
                        b.addStatement("$L", terms.build());
                    }
                } else {
                    b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", in.channels())
                            .addStatement("int a = at + ch * $L", plane)
                            .addStatement("int w = k + ch * $L", kk);
                    if (n > 0) {
                        b.addStatement("$L", terms.build());
                    }
                    b.endControlFlow();
                    cost += 3 * HEADER_COST;
                }
                cost += n * PRODUCT_COST;
            } else {
                b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", in.channels())
                        .beginControlFlow("for (int m = $L; m < $L; m++)", r.from(), r.to())
                        .beginControlFlow("for (int n = $L; n < $L; n++)", col.from(), col.to())
                        .addStatement("sum += x[at + ch * $L + $L * $L + $L] * p[k + ch * $L + m * $L + n]", plane,
                                c.dilationH() == 1 ? "m" : c.dilationH() + " * m", in.width(),
                                c.dilationW() == 1 ? "n" : c.dilationW() + " * n", kk, c.kernelW())
                        .endControlFlow()
                        .endControlFlow()
                        .endControlFlow();
                cost += LOOP_COST;
            }
            b.addStatement("$L[(o * $L + i) * $L + j] = sum", stage.z().name(), out.height(), out.width());
            return cost + HEADER_COST;
        });
        write(t, locals("double[]", "p", "parameters", "double[]", "x", stage.in().name()),
                loop("o", 0, c.filters(), "filter o: its " + c.fanIn() + " taps from k",
                        List.of(CodeBlock.of("int k = $L + o * $L", stage.wOffset(), c.fanIn())), positions));
    }

    /**
     * dL/dK by loops with constant bounds, one per tap (m, n) of the KH x KW taps of each (filter, channel) pair:
     * the outputs (i, j) whose tap (m, n) lies inside the input are a rectangle known here, so padding needs no
     * check, and the sum runs over it in the runtime kernel's order (rows, then columns), bit for bit its sum.
     */
    static void unrolledKernelGradient(Target target, StageCode stage, ConvLayer c) {
        MethodSpec.Builder m = target.method;
        Shape in = c.input();
        Shape out = c.output();
        ConvLayer.Padding pad = c.padding();
        int taps = c.kernelH() * c.kernelW();
        target.local("double[]", "x", stage.in().name());
        target.local("double[]", "d", stage.d().name());
        target.local("double[]", "g", "gradients");
        m.beginControlFlow("for (int o = 0; o < $L; o++)", c.filters())
                .beginControlFlow("for (int c = 0; c < $L; c++)", in.channels())
                .addComment("the $L taps of filter o over channel c, then its plane and filter o's upstream plane",
                        taps)
                .addStatement("int k = $L + (o * $L + c) * $L", stage.wOffset(), in.channels(), taps)
                .addStatement("int plane = c * $L", in.height() * in.width())
                .addStatement("int u = o * $L", out.height() * out.width());
        m.addStatement("double sum");
        for (int row = 0; row < c.kernelH(); row++) {
            int rowShift = c.dilationH() * row - pad.top();
            int[] is = inside(out.height(), c.strideH(), rowShift, in.height());
            for (int col = 0; col < c.kernelW(); col++) {
                int colShift = c.dilationW() * col - pad.left();
                int[] js = inside(out.width(), c.strideW(), colShift, in.width());
                int t = row * c.kernelW() + col;
                m.addComment("tap ($L, $L): input row $L, column $L, for i in [$L, $L), j in [$L, $L)", row, col,
                        affine(c.strideH(), "i", rowShift), affine(c.strideW(), "j", colShift), is[0], is[1],
                        js[0], js[1]);
                m.addStatement("sum = 0.0");
                if (is[0] < is[1] && js[0] < js[1]) {
                    m.beginControlFlow("for (int i = $L; i < $L; i++)", is[0], is[1])
                            .beginControlFlow("for (int j = $L; j < $L; j++)", js[0], js[1])
                            .addStatement("sum += d[u + i * $L + j] * x[plane + $L * $L + $L]", out.width(),
                                    rowShift == 0 ? affine(c.strideH(), "i", 0)
                                            : "(" + affine(c.strideH(), "i", rowShift) + ")", in.width(),
                                    affine(c.strideW(), "j", colShift))
                            .endControlFlow()
                            .endControlFlow();
                }
                m.addStatement("g[$L] += sum", t == 0 ? "k" : "k + " + t);
            }
        }
        m.endControlFlow().endControlFlow();
    }

    /**
     * dL/dK for kernels of more than {@link #UNROLLED_TAPS} taps: the taps are loops too, over runs of tap rows
     * and columns that see the same rectangle of outputs inside the input (fixed here), each tap's sum over that
     * rectangle in the runtime kernel's order (rows, then columns). Taps are independent sums, so running them by
     * runs instead of one by one changes no bit.
     */
    static void kernelGradient(Target t, StageCode stage, ConvLayer c) {
        Shape in = c.input();
        Shape out = c.output();
        ConvLayer.Padding pad = c.padding();
        List<Run> tapRows = runs(c.kernelH(), c.dilationH(), out.height(), c.strideH(), -pad.top(), in.height(),
                u -> 0);
        List<Run> tapCols = runs(c.kernelW(), c.dilationW(), out.width(), c.strideW(), -pad.left(), in.width(),
                u -> 0);
        List<Nest> byRows = new ArrayList<>();
        for (Run r : tapRows) {
            List<Nest> inRow = new ArrayList<>();
            for (Run q : tapCols) {
                CodeBlock.Builder b = CodeBlock.builder();
                b.add("// taps in columns [$L, $L): outputs i in [$L, $L), j in [$L, $L) read inside the input\n",
                        q.first(), q.end(), r.from(), r.to(), q.from(), q.to());
                b.beginControlFlow("for (int n = $L; n < $L; n++)", q.first(), q.end())
                        .addStatement("double sum = 0.0");
                if (!r.empty() && !q.empty()) {
                    b.beginControlFlow("for (int i = $L; i < $L; i++)", r.from(), r.to())
                            .beginControlFlow("for (int j = $L; j < $L; j++)", q.from(), q.to())
                            .addStatement("sum += d[u + i * $L + j] * x[plane + ($L + $L) * $L + $L + $L]",
                                    out.width(), affine(c.strideH(), "i", -pad.top()),
                                    c.dilationH() == 1 ? "m" : c.dilationH() + " * m", in.width(),
                                    affine(c.strideW(), "j", -pad.left()),
                                    c.dilationW() == 1 ? "n" : c.dilationW() + " * n")
                            .endControlFlow()
                            .endControlFlow();
                }
                b.addStatement("g[k + m * $L + n] += sum", c.kernelW()).endControlFlow();
                inRow.add(new Leaf(b.build(), 2 * LOOP_COST));
            }
            byRows.add(loop("m", r.first(), r.end(), null, List.of(), inRow));
        }
        int taps = c.kernelH() * c.kernelW();
        write(t, locals("double[]", "x", stage.in().name(), "double[]", "d", stage.d().name(), "double[]", "g",
                "gradients"), loop("o", 0, c.filters(), null, List.of(), List.of(loop("c", 0, in.channels(),
                "the " + taps + " taps of filter o over channel c from k, its plane, filter o's upstream plane",
                List.of(CodeBlock.of("int k = $L + (o * $L + c) * $L", stage.wOffset(), in.channels(), taps),
                        CodeBlock.of("int plane = c * $L", in.height() * in.width()),
                        CodeBlock.of("int u = o * $L", out.height() * out.width())), byRows))));
    }

    /** dL/db[o] += sum over filter o's upstream plane, in the runtime kernel's order. */
    static void specialisedBiasGradient(MethodSpec.Builder m, StageCode stage, ConvLayer c) {
        int plane = c.output().height() * c.output().width();
        m.beginControlFlow("for (int o = 0; o < $L; o++)", c.filters())
                .addStatement("double sum = 0.0")
                .beginControlFlow("for (int k = 0; k < $L; k++)", plane)
                .addStatement("sum += $L[o * $L + k]", stage.d().name(), plane)
                .endControlFlow()
                .addStatement("gradients[$L + o] += sum", stage.bOffset())
                .endControlFlow();
    }

    /**
     * dL/dx without padding: each upstream value scattered back through its filter's taps over one channel,
     * unrolled. The loops run filter, channel, output row, output column where the runtime's kernel runs filter,
     * output row, output column, channel: an input element belongs to one channel, so the terms it receives come
     * in the same order (filter, output position, tap) and its sum is the kernel's to the last bit.
     */
    static void unrolledInputGradient(Target target, StageCode stage, ConvLayer c, Vec gradIn) {
        MethodSpec.Builder m = target.method;
        Shape in = c.input();
        Shape out = c.output();
        int taps = c.kernelH() * c.kernelW();
        target.local("double[]", "dx", gradIn.name());
        m.beginControlFlow("for (int k = 0; k < $L; k++)", in.channels() * in.height() * in.width())
                .addStatement("dx[k] = 0.0")
                .endControlFlow();
        target.local("double[]", "p", "parameters");
        CodeBlock.Builder scatter = CodeBlock.builder();
        for (int row = 0; row < c.kernelH(); row++) {
            for (int col = 0; col < c.kernelW(); col++) {
                int t = row * c.kernelW() + col;
                int offset = c.dilationH() * row * in.width() + c.dilationW() * col;
                scatter.addStatement("dx[$L] += delta * p[$L]", offset == 0 ? "at" : "at + " + offset,
                        t == 0 ? "k" : "k + " + t);
            }
        }
        m.beginControlFlow("for (int o = 0; o < $L; o++)", c.filters())
                .beginControlFlow("for (int c = 0; c < $L; c++)", in.channels())
                .addComment("the $L taps of filter o over channel c", taps)
                .addStatement("int k = $L + (o * $L + c) * $L", stage.wOffset(), in.channels(), taps)
                .beginControlFlow("for (int i = 0; i < $L; i++)", out.height())
                .beginControlFlow("for (int j = 0; j < $L; j++)", out.width())
                .addStatement("double delta = $L[(o * $L + i) * $L + j]", stage.d().name(), out.height(),
                        out.width())
                .addComment("the input element under tap (0, 0)")
                .addStatement(c.strideH() == 1 && c.strideW() == 1
                        ? CodeBlock.of("int at = c * $L + i * $L + j", in.height() * in.width(), in.width())
                        : CodeBlock.of("int at = c * $L + $L * i * $L + $L * j", in.height() * in.width(),
                                c.strideH(), in.width(), c.strideW()))
                .addCode(scatter.build())
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /**
     * GRAD-conv-input with padding or many taps: each upstream value scattered back through the taps of its
     * filter that lie inside the input, per run of output rows and columns (the taps fixed here). The loops run
     * filter, channel, output row, output column, tap; the runtime's kernel runs filter, output row, output column,
     * channel, tap. An input element belongs to one channel and receives at most one term per output position, so
     * its terms come in the same order (filter, then output position in row-major order; the runs of a row follow
     * one another from left to right) and its sum is the kernel's to the last bit.
     */
    static void inputGradient(Target t, StageCode stage, ConvLayer c, Vec gradIn) {
        Shape in = c.input();
        Shape out = c.output();
        int kk = c.kernelH() * c.kernelW();
        boolean unrolled = kk <= UNROLLED_TAPS;
        List<Nest> positions = positions(convRows(c), convCols(c), "taps inside the input:", (b, r, col) -> {
            b.addStatement("double delta = d[(o * $L + i) * $L + j]", out.height(), out.width());
            b.addStatement("int at = $L", corner("plane", c.strideH(), c.padding().top(), in.width(), c.strideW(),
                    c.padding().left()));
            if (r.empty() || col.empty()) {
                return 2 * HEADER_COST;
            }
            if (unrolled) {
                int n = 0;
                for (int m = r.from(); m < r.to(); m++) {
                    for (int q = col.from(); q < col.to(); q++) {
                        b.addStatement("dx[$L] += delta * p[$L]", plus("at", c.dilationH() * m * in.width()
                                + c.dilationW() * q), plus("k", m * c.kernelW() + q));
                        n++;
                    }
                }
                return 2 * HEADER_COST + n * SCATTER_COST;
            }
            b.beginControlFlow("for (int m = $L; m < $L; m++)", r.from(), r.to())
                    .beginControlFlow("for (int n = $L; n < $L; n++)", col.from(), col.to())
                    .addStatement("dx[at + $L * $L + $L] += delta * p[k + m * $L + n]",
                            c.dilationH() == 1 ? "m" : c.dilationH() + " * m", in.width(),
                            c.dilationW() == 1 ? "n" : c.dilationW() + " * n", c.kernelW())
                    .endControlFlow()
                    .endControlFlow();
            return 2 * HEADER_COST + LOOP_COST;
        });
        t.local("double[]", "dx", gradIn.name());
        t.method.beginControlFlow("for (int k = 0; k < $L; k++)", in.size())
                .addStatement("dx[k] = 0.0")
                .endControlFlow();
        write(t, locals("double[]", "dx", gradIn.name(), "double[]", "p", "parameters", "double[]", "d",
                stage.d().name()), loop("o", 0, c.filters(), null, List.of(), List.of(loop("c", 0, in.channels(),
                "the " + kk + " taps of filter o over channel c from k, and its plane",
                List.of(CodeBlock.of("int k = $L + (o * $L + c) * $L", stage.wOffset(), in.channels(), kk),
                        CodeBlock.of("int plane = c * $L", in.height() * in.width())), positions))));
    }

    // ----- pooling --------------------------------------------------------------------------------------------

    /** The runs of output rows of a pooling layer, by the window's rows inside the input and the divisor's rows. */
    private static List<Run> poolRows(PoolLayer p) {
        int size = p.input().height();
        int top = p.padding().top();
        return runs(p.output().height(), p.strideH(), p.windowH(), 1, -top, size, i -> p.mode() == PoolLayer.Mode.MAX
                ? 0 : Pooling.extent(p.strideH() * i - top, p.windowH(), size, p.padding().bottom(),
                p.countPadding()));
    }

    private static List<Run> poolCols(PoolLayer p) {
        int size = p.input().width();
        int left = p.padding().left();
        return runs(p.output().width(), p.strideW(), p.windowW(), 1, -left, size, j -> p.mode() == PoolLayer.Mode.MAX
                ? 0 : Pooling.extent(p.strideW() * j - left, p.windowW(), size, p.padding().right(),
                p.countPadding()));
    }

    /**
     * The output positions of a pooling layer by runs ({@link #positions}), each j loop's body starting with
     * {@code at}, the input element under the window's cell (0, 0) in channel c.
     */
    private static List<Nest> poolPositions(PoolLayer p, LeafBody leaf) {
        Shape in = p.input();
        List<Run> rows = poolRows(p);
        List<Run> cols = poolCols(p);
        checkWindows(p, rows, cols);
        String where = corner("c * " + in.height() * in.width(), p.strideH(), p.padding().top(), in.width(),
                p.strideW(), p.padding().left());
        return positions(rows, cols, "window cells inside the input:", (b, r, c) -> {
            b.addStatement("int at = $L", where);
            return HEADER_COST + leaf.write(b, r, c);
        });
    }

    private static void checkWindows(PoolLayer p, List<Run> rows, List<Run> cols) {
        for (Run r : rows) {
            for (Run c : cols) {
                if (r.empty() || c.empty()) {
                    // the checker keeps padding within half the window, so every window holds an input cell
                    throw new IllegalStateException("layer " + p.name() + ": a window outside the input: generator"
                            + " bug");
                }
            }
        }
    }

    /**
     * LAYER-maxpool-forward and LAYER-avgpool-forward: per channel, per run of output rows and columns, the
     * window's cells inside the input (fixed here) in the runtime kernel's row-major order. The maximum starts at
     * the first cell and takes a later one only if it is greater or NaN, the kernel's comparison, so ties go to the
     * first maximum and NaN propagates as there (the kernel also compares the first cell with itself, which
     * changes nothing); the average adds from 0.0, as the kernel does (so a window of -0.0 gives 0.0), and divides
     * by the kernel's count ({@link Pooling#extent}). Each output is its own sum, so the order of the runs changes
     * no bit.
     */
    static void poolForward(Target t, StageCode stage, PoolLayer p) {
        Shape in = p.input();
        Shape out = p.output();
        boolean max = p.mode() == PoolLayer.Mode.MAX;
        boolean unrolled = p.windowH() * p.windowW() <= UNROLLED_TAPS;
        List<Nest> positions = poolPositions(p, (b, r, c) -> {
            int cost = 0;
            String output = "(c * " + out.height() + " + i) * " + out.width() + " + j";
            if (max) {
                b.add("// the first cell is the maximum so far; a later one takes over if greater or NaN\n");
                b.addStatement("int best = $L", plus("at", r.from() * in.width() + c.from()));
                b.addStatement("double max = x[best]");
                if (unrolled) {
                    boolean first = true;
                    for (int m = r.from(); m < r.to(); m++) {
                        for (int n = c.from(); n < c.to(); n++) {
                            if (first) {
                                first = false;
                                continue;
                            }
                            String cell = plus("at", m * in.width() + n);
                            b.addStatement("v = x[$L]", cell)
                                    .beginControlFlow("if (v > max || Double.isNaN(v))")
                                    .addStatement("max = v")
                                    .addStatement("best = $L", cell)
                                    .endControlFlow();
                            cost += CANDIDATE_COST;
                        }
                    }
                } else {
                    b.beginControlFlow("for (int m = $L; m < $L; m++)", r.from(), r.to())
                            .beginControlFlow("for (int n = $L; n < $L; n++)", c.from(), c.to())
                            .addStatement("int cell = at + m * $L + n", in.width())
                            .addStatement("v = x[cell]")
                            .beginControlFlow("if (v > max || Double.isNaN(v))")
                            .addStatement("max = v")
                            .addStatement("best = cell")
                            .endControlFlow()
                            .endControlFlow()
                            .endControlFlow();
                    cost += LOOP_COST;
                }
                b.addStatement("y[$L] = max", output);
                b.addStatement("chosen[$L] = best", output);
                return cost + 4 * HEADER_COST;
            }
            int cells = r.key() * c.key();
            if (unrolled) {
                CodeBlock.Builder sum = CodeBlock.builder().add("0.0");
                for (int m = r.from(); m < r.to(); m++) {
                    for (int n = c.from(); n < c.to(); n++) {
                        sum.add(" +$Wx[$L]", plus("at", m * in.width() + n));
                        cost += ADD_COST;
                    }
                }
                b.add("// the sum from 0.0, over the $L counted cells\n", cells);
                b.addStatement("y[$L] = ($L) / $L", output, sum.build(), cells);
            } else {
                b.addStatement("double sum = 0.0")
                        .beginControlFlow("for (int m = $L; m < $L; m++)", r.from(), r.to())
                        .beginControlFlow("for (int n = $L; n < $L; n++)", c.from(), c.to())
                        .addStatement("sum += x[at + m * $L + n]", in.width())
                        .endControlFlow()
                        .endControlFlow();
                b.addStatement("y[$L] = sum / $L", output, cells);
                cost += LOOP_COST;
            }
            return cost + 2 * HEADER_COST;
        });
        List<String[]> locals = locals("double[]", "x", stage.in().name(), "double[]", "y", stage.out().name());
        List<CodeBlock> prelude = new ArrayList<>();
        if (max) {
            locals.addAll(locals("int[]", "chosen", stage.argmax()));
            prelude.add(CodeBlock.of("double v"));
        }
        write(t, locals, loop("c", 0, in.channels(), null, prelude, positions));
    }

    /**
     * LAYER-pool-backward. Max: the input gradient zeroed, then each upstream value added to the element its
     * window chose, outputs in order: the runtime kernel's loop over this layer's sizes. Average: zeroed, then each
     * upstream value divided by its window's count ({@link Pooling#extent}) and added to the window's cells inside
     * the input, per channel and per run of output rows and columns in row-major order, the kernel's order, so each
     * input element receives the same terms in the same order where windows overlap.
     */
    static void poolBackward(Target t, StageCode stage, PoolLayer p, Vec gradIn) {
        Shape in = p.input();
        Shape out = p.output();
        t.local("double[]", "dx", gradIn.name());
        t.local("double[]", "g", stage.g().name());
        t.method.beginControlFlow("for (int k = 0; k < $L; k++)", in.size())
                .addStatement("dx[k] = 0.0")
                .endControlFlow();
        if (p.mode() == PoolLayer.Mode.MAX) {
            t.local("int[]", "chosen", stage.argmax());
            t.method.addComment("each upstream value to the element its window chose, outputs in order")
                    .beginControlFlow("for (int k = 0; k < $L; k++)", out.size())
                    .addStatement("dx[chosen[k]] += g[k]")
                    .endControlFlow();
            return;
        }
        boolean unrolled = p.windowH() * p.windowW() <= UNROLLED_TAPS;
        List<Nest> positions = poolPositions(p, (b, r, c) -> {
            int cells = r.key() * c.key();
            b.addStatement("double share = g[(c * $L + i) * $L + j] / $L", out.height(), out.width(), cells);
            if (unrolled) {
                int n = 0;
                for (int m = r.from(); m < r.to(); m++) {
                    for (int q = c.from(); q < c.to(); q++) {
                        b.addStatement("dx[$L] += share", plus("at", m * in.width() + q));
                        n++;
                    }
                }
                return 2 * HEADER_COST + n * ADD_COST;
            }
            b.beginControlFlow("for (int m = $L; m < $L; m++)", r.from(), r.to())
                    .beginControlFlow("for (int n = $L; n < $L; n++)", c.from(), c.to())
                    .addStatement("dx[at + m * $L + n] += share", in.width())
                    .endControlFlow()
                    .endControlFlow();
            return 2 * HEADER_COST + LOOP_COST;
        });
        write(t, locals("double[]", "dx", gradIn.name(), "double[]", "g", stage.g().name()),
                loop("c", 0, in.channels(), null, List.of(), positions));
    }
}
