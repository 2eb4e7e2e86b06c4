package nnspec.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Keeps generated methods under HotSpot's HugeMethodLimit (8000 bytes of bytecode; a larger method is never
 * JIT-compiled): a {@link Body} collects statements with an upper estimate of their bytecode, and {@link #write}
 * puts it into one method or splits it into consecutive private parts.
 */
final class MethodBudget {
    private MethodBudget() {
    }

    /**
     * The most estimated bytecode per generated method; bodies beyond it are split into parts. The estimates below
     * are upper bounds on javac's output (checked by a test that reads the class files), and the budget leaves
     * room under HotSpot's HugeMethodLimit of 8000 bytes.
     */
    static final int METHOD_BUDGET = 6000;

    /** One multiply-add term {@code p[C] * v} of an expression, with v a field or an array element. */
    static final int TERM_COST = 16;
    /** Storing one unit's result and loading its bias. */
    static final int UNIT_COST = 30;
    /** One kernel call with its stores. */
    static final int CALL_COST = 24;
    /** One loss term added to a running sum. */
    static final int CALL_TERM_COST = 32;
    /** One output delta: up to two kernel calls. */
    static final int OUTPUT_DELTA_COST = 64;
    /** One gradient accumulation {@code g[C] += d * x}. */
    static final int GRADIENT_COST = 28;
    /** One element copied between the caller's array and a field. */
    static final int COPY_COST = 12;
    /** A loop with constant bounds. */
    static final int LOOP_COST = 120;

    /** Straight-line statements with an estimate of their bytecode size. */
    static final class Body {
        private record Statement(CodeBlock code, int cost) {
        }

        private record Block(CodeBlock code, int cost) {
        }

        private final List<Object> items = new ArrayList<>();
        private int cost;

        void comment(String text) {
            items.add(text);
        }

        void statement(int bytes, String format, Object... args) {
            items.add(new Statement(CodeBlock.of(format, args), bytes));
            cost += bytes;
        }

        /** A loop or other block written with {@code addCode}. */
        void block(int bytes, CodeBlock code) {
            items.add(new Block(code, bytes));
            cost += bytes;
        }

        boolean fits() {
            return cost <= METHOD_BUDGET;
        }

        void writeTo(MethodSpec.Builder method, List<Object> part) {
            for (Object item : part) {
                if (item instanceof String text) {
                    method.addComment("$L", text);
                } else if (item instanceof Statement s) {
                    method.addStatement(s.code());
                } else {
                    method.addCode(((Block) item).code());
                }
            }
        }
    }

    /**
     * Writes {@code body} into {@code method} (named {@code name}), after {@code prelude}; or, if it is too big,
     * into methods {@code namePart0}, {@code namePart1}, ... taking {@code parameters}, each starting with
     * {@code prelude}, handed to {@code add}, and called from {@code method} with {@code arguments}.
     */
    static void write(MethodSpec.Builder method, String name, Body body, List<String> prelude,
            List<ParameterSpec> parameters, String arguments, Consumer<MethodSpec> add) {
        if (body.fits()) {
            prelude.forEach(method::addStatement);
            body.writeTo(method, body.items);
            return;
        }
        List<List<Object>> parts = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        int cost = 0;
        for (Object item : body.items) {
            // a split counts each item at the estimate it was added with, as fits() does for the whole body
            int bytes = item instanceof Body.Statement s ? s.cost() : item instanceof Body.Block b ? b.cost() : 0;
            if (cost + bytes > METHOD_BUDGET && cost > 0) {
                parts.add(current);
                current = new ArrayList<>();
                cost = 0;
            }
            current.add(item);
            cost += bytes;
        }
        parts.add(current);
        for (int k = 0; k < parts.size(); k++) {
            MethodSpec.Builder part = MethodSpec.methodBuilder(name + "Part" + k)
                    .addJavadoc("Part $L of $L of {@code $L}, split to stay under HotSpot's HugeMethodLimit.\n",
                            k + 1, parts.size(), name)
                    .addModifiers(Modifier.PRIVATE)
                    .addParameters(parameters);
            prelude.forEach(part::addStatement);
            body.writeTo(part, parts.get(k));
            add.accept(part.build());
            method.addStatement("$LPart$L($L)", name, k, arguments);
        }
    }
}
