package nnspec.generate;

import nnspec.lower.Layout;
import nnspec.lower.KernelCall;
import nnspec.lower.NumericMode;
import nnspec.lower.Plan;
import nnspec.model.Spec;
import nnspec.runtime.Model;

/**
 * The code generator: turns a validated {@link Spec} into the Java source of one final class implementing
 * {@link Model} for exactly that architecture. It computes what {@link nnspec.interpret.Interpreter} computes: both
 * take the same {@link Plan} (parameter layout from {@link Layout}, the kernel of every stage and its formula), so
 * the generated code calls the same runtime kernels with the same arguments, in straight-line form:
 *
 * <ul>
 *   <li>a layer with at most {@link #STRAIGHT_LINE_MAX_WEIGHTS} weights is written out unit by unit, every weight
 *       addressed by a named constant offset and every z, a and delta its own field; larger layers (and layers past
 *       a total budget of {@link #STRAIGHT_LINE_MAX_PARAMETERS} straight-line parameters) get loops with constant
 *       bounds over the same layout, with their vectors in preallocated arrays;</li>
 *   <li>every layer has its own forward, delta and gradient methods, split by {@link MethodBudget} so none comes
 *       near HotSpot's 8000-byte HugeMethodLimit;</li>
 *   <li>the hot methods (forward, backward, loss, zeroGradients, update) allocate nothing;</li>
 *   <li>the source imports only {@code nnspec.runtime} classes and java.lang, carries the spec's file name, its
 *       SHA-256 and {@link #VERSION} in a header and no timestamp: the same spec always gives the same bytes;</li>
 *   <li>each block carries the comment of the formula it computes, as the plan names it: catalogue id, formula,
 *       variant and the document line that prints it.</li>
 * </ul>
 *
 * <p>Stages, as in AutoFactory: the {@link Plan} (shared with the interpreter), then {@link CodeShape} (names,
 * storage and straight-line or loops per layer), then {@link Emitter}, which writes from those only.
 */
public final class JavaGenerator {
    /** The generator's version, printed into every generated header and golden file. */
    public static final String VERSION = "nnspec-generator 0.3.0";

    /** The largest layer (inputs times units) written as straight-line code; larger layers use loops. */
    public static final int STRAIGHT_LINE_MAX_WEIGHTS = 256;

    /**
     * The most parameters, over all layers, written as straight-line code; later layers use loops even when small,
     * which keeps the constant pool (one named constant per parameter) far below its 65535-entry limit.
     */
    public static final int STRAIGHT_LINE_MAX_PARAMETERS = 8192;

    /** Literal weights of loop-form layers are stored as strings of at most this many values each. */
    static final int LITERAL_CHUNK = 1000;

    private JavaGenerator() {
    }

    /** The generated class's simple name for this spec's network. */
    public static String className(Spec spec) {
        return className(spec.network().name());
    }

    /** The network name as a capitalised Java identifier (see {@link Names#className}). */
    public static String className(String networkName) {
        return Names.className(networkName);
    }

    /** The Java source of the generated class, in package {@code packageName}, in the strict numeric mode. */
    public static String generate(Spec spec, String packageName) {
        return generate(spec, packageName, NumericMode.STRICT);
    }

    /** The Java source of the generated class, in package {@code packageName}, calling the kernels of {@code mode}. */
    public static String generate(Spec spec, String packageName, NumericMode mode) {
        Plan plan = mode.apply(Plan.of(spec.network(), spec.train()));
        return new Emitter(spec, new CodeShape(plan, className(spec)), packageName).javaFile().toString();
    }

    /** A Java expression for exactly {@code value}: Double.toString round-trips, and is a valid literal. */
    static String literal(double value) {
        return KernelCall.constant(value).toString();
    }
}
