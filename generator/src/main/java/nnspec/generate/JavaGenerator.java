package nnspec.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Modifier;
import nnspec.lower.Construction;
import nnspec.lower.Inits;
import nnspec.lower.Layout;
import nnspec.lower.Updates;
import nnspec.lower.Layout.LayerSlots;
import nnspec.lower.OutputRule;
import nnspec.model.Activation;
import nnspec.model.DenseLayer;
import nnspec.model.DropoutLayer;
import nnspec.model.Init;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Activations;
import nnspec.runtime.Decision;
import nnspec.runtime.Dropout;
import nnspec.runtime.Initializers;
import nnspec.runtime.Losses;
import nnspec.runtime.Model;
import nnspec.runtime.UpdateRules;

/**
 * The code generator: turns a validated {@link Spec} into the Java source of one final class implementing
 * {@link Model} for exactly that architecture. The generated class computes what
 * {@link nnspec.interpret.Interpreter} computes (same runtime kernels, same formulas in the same order, same
 * parameter layout from {@link Layout}, same output-delta rule from {@link OutputRule}), but as straight-line code:
 *
 * <ul>
 *   <li>a layer with at most {@link #STRAIGHT_LINE_MAX_WEIGHTS} weights is written out unit by unit, every weight
 *       addressed by a named constant offset and every z, a and delta its own field; larger layers (and layers past
 *       a total budget of {@link #STRAIGHT_LINE_MAX_PARAMETERS} straight-line parameters) get loops with constant
 *       bounds over the same layout, with their vectors in preallocated arrays;</li>
 *   <li>every layer has its own forward, delta and gradient methods, so no method comes near HotSpot's 8000-byte
 *       HugeMethodLimit;</li>
 *   <li>the hot methods (forward, backward, loss, zeroGradients, update) allocate nothing;</li>
 *   <li>the source imports only {@code nnspec.runtime} classes and java.lang, carries the spec's file name, its
 *       SHA-256 and {@link #VERSION} in a header and no timestamp: the same spec always gives the same bytes;</li>
 *   <li>each block carries a comment naming its formula id (SCOPE's catalogue) and the document it comes from.</li>
 * </ul>
 *
 * <p>Two stages, as in AutoFactory: {@link Plan} lowers the spec into names, storage and code shape for each layer;
 * the emitter then writes from the plan only.
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

    /**
     * The most estimated bytecode per generated method; bodies beyond it are split into parts. The estimates below
     * are upper bounds on javac's output (checked by a test that reads the class files), and the budget leaves
     * room under HotSpot's HugeMethodLimit of 8000 bytes.
     */
    static final int METHOD_BUDGET = 6000;

    /** One multiply-add term {@code p[C] * v} of an expression, with v a field or an array element. */
    private static final int TERM_COST = 16;
    /** Storing one unit's result and loading its bias. */
    private static final int UNIT_COST = 30;
    /** One kernel call with its stores. */
    private static final int CALL_COST = 24;
    /** One loss term added to a running sum. */
    private static final int CALL_TERM_COST = 32;
    /** One output delta: up to two kernel calls. */
    private static final int OUTPUT_DELTA_COST = 64;
    /** One gradient accumulation {@code g[C] += d * x}. */
    private static final int GRADIENT_COST = 28;
    /** One element copied between the caller's array and a field. */
    private static final int COPY_COST = 12;
    /** A loop with constant bounds. */
    private static final int LOOP_COST = 120;

    /** Literal weights of loop-form layers are stored as strings of at most this many values each. */
    static final int LITERAL_CHUNK = 1000;

    private static final String D0 = "000_a379626a3ad4bd0a.txt";
    private static final String D1 = "001_aa0c02345369f2d3.txt";
    private static final String D2 = "002_db2ef66716d01cf4.txt";
    private static final String D3 = "003_be7c2a3ed43414a9.txt";

    private static final Set<String> RESERVED_CLASS_NAMES = Set.of(
            "Model", "Activations", "Losses", "UpdateRules", "Initializers", "Decision", "String", "Override",
            "Math", "StrictMath", "Double", "Integer", "Object", "System", "Class", "IndexOutOfBoundsException");

    private JavaGenerator() {
    }

    /** The generated class's simple name for this spec's network. */
    public static String className(Spec spec) {
        return className(spec.network().name());
    }

    /**
     * The network name turned into a capitalised Java identifier: words split at characters that cannot appear in
     * an identifier, each word capitalised ({@code and-perceptron} gives {@code AndPerceptron}); a leading digit
     * gets the prefix {@code Network}; names of the types the generated code uses get the suffix {@code Network}.
     */
    public static String className(String networkName) {
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

    /** The Java source of the generated class, in package {@code packageName}. */
    public static String generate(Spec spec, String packageName) {
        return new Emitter(new Plan(spec), packageName).javaFile().toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lowering: names, storage and code shape of every layer
    // ---------------------------------------------------------------------------------------------------------

    /** A vector of the forward or backward pass: one field per element ({@code hiddenZ0}) or one array. */
    private record Vec(String name, int size, boolean array) {
        String at(int k) {
            return array ? name + "[" + k + "]" : name + k;
        }

        String at(String index) {
            if (!array) {
                throw new IllegalStateException("loop over the scalar fields " + name + ": generator bug");
            }
            return name + "[" + index + "]";
        }

        /** Element {@code unit}: an {@link Integer} unit index, or the name of a loop variable. */
        String at(Object unit) {
            return unit instanceof Integer k ? at(k.intValue()) : at((String) unit);
        }
    }

    /** One layer as the emitter sees it. */
    private record LayerPlan(LayerSlots slots, String camel, String upper, String method, boolean straight, Vec in,
            Vec z, Vec a, Vec d, Vec u, Vec out) {
        DenseLayer layer() {
            return slots.layer();
        }

        int index() {
            return slots.index();
        }

        String w(int j, int i) {
            return upper + "_W_" + j + "_" + i;
        }

        String b(int j) {
            return upper + "_B_" + j;
        }

        String wOffset() {
            return upper + "_W";
        }

        String bOffset() {
            return upper + "_B";
        }

        String inputs() {
            return upper + "_INPUTS";
        }

        String units() {
            return upper + "_UNITS";
        }

        String literal(int chunk) {
            return upper + "_LITERAL_" + chunk;
        }

        /** Randomised ReLU: the slopes of the last forward pass, and the generator they are drawn from. */
        String slopes() {
            return z.name() + "Slopes";
        }

        String slopeDraws() {
            return z.name() + "SlopeDraws";
        }

        /** Dropout: the factors (mask times scale) of the last forward pass, and the generator of its masks. */
        String dropFactors() {
            return camel + "DropFactors";
        }

        String maskDraws() {
            return camel + "MaskDraws";
        }

        boolean dropout() {
            return slots.layer().dropout().isPresent();
        }
    }

    /** The lowered network: everything the emitter needs, decided before any code is written. */
    private static final class Plan {
        final Spec spec;
        final NetworkSpec network;
        final TrainSpec train;
        final Layout layout;
        final OutputRule outputRule;
        final Loss loss;
        final Decision decision;
        final String className;
        final Vec input;
        final List<LayerPlan> layers = new ArrayList<>();

        Plan(Spec spec) {
            this.spec = spec;
            this.network = spec.network();
            this.train = spec.train();
            this.layout = new Layout(network);
            this.outputRule = OutputRule.of(network, train);
            this.loss = train.loss().orElse(null);
            this.decision = OutputRule.decision(network, train);
            this.className = className(spec);
            List<LayerSlots> slots = layout.layers();
            int n = slots.size();
            for (int l = 0; l < n - 1; l++) {
                if (slots.get(l).layer().activation() == Activation.SOFTMAX) {
                    throw new IllegalArgumentException(network.pos() + ": softmax is only allowed on the output layer"
                            + " (layer " + slots.get(l).layer().name() + ")");
                }
            }
            if (outputRule == OutputRule.CHAIN && network.outputLayer().activation() == Activation.SOFTMAX
                    && (loss == null || loss.kind() != Loss.Kind.CCE)) {
                throw new IllegalArgumentException(network.pos() + ": a softmax output needs the cce loss");
            }
            boolean[] straight = new boolean[n];
            int budget = STRAIGHT_LINE_MAX_PARAMETERS;
            for (int l = 0; l < n; l++) {
                DenseLayer layer = slots.get(l).layer();
                straight[l] = layer.weightCount() <= STRAIGHT_LINE_MAX_WEIGHTS && layer.parameterCount() <= budget;
                if (straight[l]) {
                    budget -= layer.parameterCount();
                }
            }
            NameAllocator camelNames = new NameAllocator();
            NameAllocator upperNames = new NameAllocator();
            for (String reserved : List.of("x", "input", "parameters", "gradients", "p", "g", "y", "yhat", "sum",
                    "row", "d", "i", "j", "targetSum", "fill", "values")) {
                camelNames.newName(reserved, "reserved:" + reserved);
            }
            for (String reserved : List.of("INPUT_SIZE", "OUTPUT_SIZE", "PARAMETER_COUNT", "LOG_BASE")) {
                upperNames.newName(reserved, "reserved:" + reserved);
            }
            this.input = new Vec(straight[0] ? "x" : "input", network.inputSize(), !straight[0]);
            Vec in = input;
            for (int l = 0; l < n; l++) {
                LayerSlots s = slots.get(l);
                DenseLayer layer = s.layer();
                String camel = camelNames.newName(camel(layer.name()), l);
                String upper = upperNames.newName(upper(layer.name()), l);
                boolean arrays = !straight[l] || (l + 1 < n && !straight[l + 1])
                        || !layer.activation().elementwise()
                        || (l == n - 1 && outputRule == OutputRule.CCE_LOGITS);
                Vec z = new Vec(camel + "Z", layer.units(), arrays);
                Vec a = new Vec(camel + "A", layer.outputs(), arrays);
                Vec d = new Vec(camel + "D", layer.units(), arrays);
                Vec u = new Vec(camel + "U", layer.outputs(), true);
                // what the next layer takes: the activations, or after a dropout the activations times its factors
                Vec out = layer.dropout().isPresent() ? new Vec(camel + "Dropped", layer.outputs(), arrays) : a;
                String method = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
                layers.add(new LayerPlan(s, camel, upper, method, straight[l], in, z, a, d, u, out));
                in = out;
            }
        }

        LayerPlan output() {
            return layers.get(layers.size() - 1);
        }
    }

    private static List<String> words(String name) {
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
    private static String camel(String name) {
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
    private static String upper(String name) {
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

    // ---------------------------------------------------------------------------------------------------------
    // Formula comments: catalogue id, formula, and where the documents print it
    // ---------------------------------------------------------------------------------------------------------

    private static String cite(String id, String formula, String document, String section) {
        return id + ": " + formula + " (" + document + ", \"" + section + "\")";
    }

    private static final String KERAS = "Keras activations documentation";

    private static String activationComment(Activation activation) {
        return switch (activation) {
            case STEP -> cite("ACT-step", "a = 1 if z > 0, at_zero at 0, else 0", D0, "Example: perceptron training");
            case SIGN -> cite("ACT-sign", "a = sign(z), at_zero at 0", D1, "Many possible activation functions");
            case LINEAR -> cite("ACT-linear", "a = z", D1, "Many possible activation functions");
            case PIECEWISE_LINEAR -> cite("ACT-piecewise-linear", "a = 0, z + 1/2, or 1 (breaks at -1/2 and 1/2)",
                    D1, "Many possible activation functions");
            case RELU -> cite("ACT-relu", "a = max(0, z)", D0, "Most common activation functions");
            case LEAKY_RELU -> cite("ACT-leaky-relu", "a = z if z > 0, else alpha z", D2, "Leaky ReLU");
            case RRELU -> "ACT-leaky-relu, randomised (PyTorch RReLU): a = z if z > 0, else s z, s ~ U(lower, upper) per"
                    + " unit while training, (lower + upper) / 2 in evaluation";
            case ELU -> cite("ACT-elu", "a = z if z > 0, else alpha (e^z - 1)", D2, "ELU");
            case SIGMOID -> cite("ACT-sigmoid", "a = 1 / (1 + e^-z)", D0, "Most common activation functions");
            case TANH -> cite("ACT-tanh", "a = tanh(z)", D0, "Most common activation functions");
            case SOFTPLUS -> cite("ACT-softplus", "a = ln(1 + e^z)", D1, "Many possible activation functions");
            case SOFTMAX -> cite("ACT-softmax", "a_j = e^(z_j - max z) / sum_k e^(z_k - max z)", D0,
                    "Most common activation functions");
            case LOG_SOFTMAX, SPARSEMAX, GLU ->
                    "ACT-keras: " + activation.keyword() + ", as Keras defines it (" + KERAS + "; listed in " + D2
                            + ", \"Activation functions in Keras\")";
            case CELU, SELU, GELU, HARD_SIGMOID, LOG_SIGMOID, HARD_TANH, TANH_SHRINK, SOFTSIGN, SPARSE_PLUS,
                    SQUAREPLUS, SILU, HARD_SILU, MISH, RELU6, EXPONENTIAL, HARD_SHRINK, SOFT_SHRINK, THRESHOLD ->
                    "ACT-keras: " + activation.keyword() + ", as Keras defines it (" + KERAS + "; listed in " + D2
                            + ", \"Activation functions in Keras\")";
        };
    }

    private static String derivativeComment(DenseLayer layer) {
        Activation activation = layer.activation();
        return switch (activation) {
            case RELU -> cite("ACT-relu-derivative", "relu'(z) = 1 if z > 0, else 0", D3, "Rectified Linear Unit");
            case SIGMOID -> cite("ACT-sigmoid-derivative", "s'(z) = a (1 - a)", D3, "Sigmoid");
            case SOFTMAX, LOG_SOFTMAX, SPARSEMAX, GLU ->
                    throw new IllegalArgumentException(activation.keyword() + " has no elementwise derivative");
            case RRELU -> "rrelu'(z) = 1 if z > 0, else the unit's slope of this pass (Activations.leakyReluDerivative)";
            case STEP, SIGN, LINEAR, PIECEWISE_LINEAR, LEAKY_RELU, ELU, TANH, SOFTPLUS, CELU, SELU, GELU,
                    HARD_SIGMOID, LOG_SIGMOID, HARD_TANH, TANH_SHRINK, SOFTSIGN, SPARSE_PLUS, SQUAREPLUS, SILU,
                    HARD_SILU, MISH, RELU6, EXPONENTIAL, HARD_SHRINK, SOFT_SHRINK, THRESHOLD ->
                    activation.keyword() + "'(z), Activations." + activation.method(layer.activationParams())
                            + "Derivative (its kink values are documented there)";
        };
    }

    private static String lossComment(Loss.Kind kind) {
        return switch (kind) {
            case MSE -> cite("LOSS-mse", "L = mean_j (yhat_j - y_j)^2", D0, "Most common loss functions");
            case MAE -> cite("LOSS-mae", "L = mean_j |yhat_j - y_j|", D0, "Most common loss functions");
            case HUBER -> cite("LOSS-huber", "L = mean_j (e^2 / 2 if |e| <= delta, else delta (|e| - delta / 2)),"
                    + " e = yhat_j - y_j", D1, "Huber loss");
            case BCE -> cite("LOSS-bce", "L = mean_j -[y_j log p_j + (1 - y_j) log(1 - p_j)]", D0,
                    "Most common loss functions");
            case CCE -> cite("LOSS-cce", "L = -sum_j y_j log p_j", D0, "Most common loss functions");
        };
    }

    private static String lossDerivativeComment(Loss.Kind kind) {
        return switch (kind) {
            case MSE -> cite("GRAD-mse", "dL/dyhat_j = 2 (yhat_j - y_j) / n", D3, "Mean Squared Error");
            case MAE -> cite("GRAD-mae", "dL/dyhat_j = sign(yhat_j - y_j) / n", D3, "Mean Absolute Error");
            case HUBER -> "GRAD-huber: dL/dyhat_j = clamp(yhat_j - y_j, -delta, delta) / n (PyTorch HuberLoss)";
            case BCE -> cite("GRAD-bce", "dL/dp_j = (p_j - y_j) / (p_j (1 - p_j)) / n", D3, "Binary Cross-Entropy");
            case CCE -> cite("GRAD-cce", "dL/dp_j = -y_j / p_j", D3, "Categorical Cross-Entropy");
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Emission
    // ---------------------------------------------------------------------------------------------------------

    private static final class Emitter {
        private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);

        private final Plan plan;
        private final String packageName;
        private final TypeSpec.Builder type;
        private final Set<String> fieldNames = new HashSet<>();
        private final Set<String> methodNames = new HashSet<>();
        private boolean needsFill;

        Emitter(Plan plan, String packageName) {
            this.plan = plan;
            this.packageName = packageName;
            this.type = TypeSpec.classBuilder(plan.className)
                    .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .addSuperinterface(Model.class);
        }

        JavaFile javaFile() {
            type.addJavadoc(classJavadoc());
            constants();
            storage();
            type.addMethod(MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addStatement("initialize()")
                    .build());
            accessors();
            initialize();
            forward();
            outputPreActivation();
            loss();
            backward();
            update();
            if (needsFill) {
                fill();
            }
            return JavaFile.builder(packageName, type.build())
                    .addFileComment("$L", header())
                    .skipJavaLangImports(true)
                    .indent("    ")
                    .build();
        }

        private String header() {
            return "generated by nnspec, do not edit.\n"
                    + "\n"
                    + "spec:      " + safe(baseName(plan.spec.fileName())) + "\n"
                    + "sha-256:   " + safe(plan.spec.sha256()) + "\n"
                    + initFiles()
                    + "generator: " + VERSION;
        }

        /** One header line per init file the spec reads: its name as written and its SHA-256. */
        private String initFiles() {
            StringBuilder lines = new StringBuilder();
            for (LayerPlan layer : plan.layers) {
                if (layer.layer().init() instanceof Init.FromFile file) {
                    lines.append("init file: ").append(safe(file.path())).append(" (sha-256 ").append(file.sha256())
                            .append(")\n");
                }
            }
            return lines.toString();
        }

        /** Only the file's own name, so the bytes do not depend on where the spec was compiled from. */
        private static String baseName(String path) {
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            return path.substring(slash + 1);
        }

        private static String safe(String text) {
            return text.replace("\r", " ").replace("\n", " ").replace("*/", "* /");
        }

        private CodeBlock classJavadoc() {
            CodeBlock.Builder doc = CodeBlock.builder();
            doc.add("Network $L: input $L", safe(plan.network.name()), plan.network.inputSize());
            for (LayerPlan layer : plan.layers) {
                doc.add(", dense $L $L", layer.layer().units(), layer.layer().activation().keyword());
            }
            doc.add(".\n<p>Trained with $L", plan.train.optimizer().kind().keyword());
            if (plan.loss != null) {
                doc.add(" on $L", plan.loss.kind().keyword());
                if (!plan.loss.naturalLog()) {
                    doc.add(" (log base $L)", literal(plan.loss.logBase()));
                }
            }
            doc.add("; output delta rule $L. Computes what the reference interpreter computes for this spec, with the"
                    + " same runtime kernels.\n", plan.outputRule);
            doc.add("<p>Parameters, layer by layer: weights w[j][i] (unit j, input i) row by row, then biases b[j].\n");
            for (LayerPlan layer : plan.layers) {
                doc.add("<br>$L ($L): $L x $L at $L, biases at $L, $L.\n", safe(layer.layer().name()),
                        layer.layer().init().kind().name().toLowerCase(Locale.ROOT), layer.layer().units(),
                        layer.layer().inputs(), layer.slots().weightOffset(), layer.slots().biasOffset(),
                        layer.straight() ? "straight-line" : "loops");
            }
            return doc.build();
        }

        private void field(FieldSpec field) {
            if (!fieldNames.add(field.name())) {
                throw new IllegalStateException("two generated fields named " + field.name() + ": generator bug");
            }
            type.addField(field);
        }

        private void method(MethodSpec method) {
            if (!method.name().equals("<init>") && !methodNames.add(method.name())) {
                throw new IllegalStateException("two generated methods named " + method.name() + ": generator bug");
            }
            type.addMethod(method);
        }

        private void intConstant(String name, int value, String javadoc) {
            FieldSpec.Builder field = FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("$L", value);
            if (javadoc != null) {
                field.addJavadoc("$L\n", javadoc);
            }
            field(field.build());
        }

        private void constants() {
            intConstant("INPUT_SIZE", plan.network.inputSize(), null);
            intConstant("OUTPUT_SIZE", plan.network.outputSize(), null);
            intConstant("PARAMETER_COUNT", plan.layout.parameterCount(), null);
            if (plan.loss != null) {
                field(FieldSpec.builder(TypeName.DOUBLE, "LOG_BASE", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("$L", logBase(plan.loss.logBase())).build());
            }
            for (LayerPlan layer : plan.layers) {
                DenseLayer dense = layer.layer();
                intConstant(layer.wOffset(), layer.slots().weightOffset(), "Layer " + safe(dense.name()) + ": "
                        + count(dense.units(), "unit") + " of " + count(dense.inputs(), "input") + ", "
                        + dense.activation().keyword() + "; w[j][i] at " + layer.wOffset() + " + j * " + dense.inputs()
                        + " + i.");
                intConstant(layer.bOffset(), layer.slots().biasOffset(), "Layer " + safe(dense.name())
                        + ": b[j] at " + layer.bOffset() + " + j.");
                if (layer.straight()) {
                    for (int j = 0; j < dense.units(); j++) {
                        for (int i = 0; i < dense.inputs(); i++) {
                            intConstant(layer.w(j, i), layer.slots().weight(j, i), null);
                        }
                    }
                    for (int j = 0; j < dense.units(); j++) {
                        intConstant(layer.b(j), layer.slots().bias(j), null);
                    }
                } else {
                    intConstant(layer.inputs(), dense.inputs(), null);
                    intConstant(layer.units(), dense.units(), null);
                }
            }
        }

        private void storage() {
            field(FieldSpec.builder(DOUBLES, "parameters", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new double[PARAMETER_COUNT]").build());
            field(FieldSpec.builder(DOUBLES, "gradients", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Sums over the samples since the last zeroGradients().\n")
                    .initializer("new double[PARAMETER_COUNT]").build());
            vector(plan.input, "The input of the last forward pass (a copy).");
            if (plan.layers.stream().anyMatch(l -> l.layer().activation().random() || l.dropout())) {
                field(FieldSpec.builder(TypeName.BOOLEAN, "training", Modifier.PRIVATE)
                        .addJavadoc("Whether forward passes draw at random (training: randomised ReLU slopes, dropout"
                                + " masks) or take the expected values (evaluation).\n")
                        .build());
                method(override("training", TypeName.VOID).addParameter(TypeName.BOOLEAN, "on")
                        .addStatement("training = on").build());
            }
            for (LayerPlan layer : plan.layers) {
                String name = safe(layer.layer().name());
                vector(layer.z(), "Layer " + name + ": pre-activations z of the last forward pass.");
                vector(layer.a(), "Layer " + name + ": activations a = f(z) of the last forward pass.");
                vector(layer.d(), "Layer " + name + ": deltas dL/dz of the last backward pass.");
                if (layer.layer().activation().random()) {
                    field(FieldSpec.builder(DOUBLES, layer.slopes(), Modifier.PRIVATE, Modifier.FINAL)
                            .addJavadoc("Layer $L: the randomised ReLU slopes of the last forward pass.\n", name)
                            .initializer("new double[$L]", layer.layer().units()).build());
                    field(FieldSpec.builder(java.util.Random.class, layer.slopeDraws(), Modifier.PRIVATE)
                            .addJavadoc("Layer $L: the generator of its slopes, reset by initialize().\n", name)
                            .build());
                }
                if (layer.dropout()) {
                    vector(layer.out(), "Layer " + name + ": its activations after dropout, which the next layer"
                            + " takes.");
                    field(FieldSpec.builder(DOUBLES, layer.dropFactors(), Modifier.PRIVATE, Modifier.FINAL)
                            .addJavadoc("Layer $L: the dropout factors of the last forward pass, mask times scale.\n",
                                    name)
                            .initializer("new double[$L]", layer.layer().outputs()).build());
                    field(FieldSpec.builder(java.util.Random.class, layer.maskDraws(), Modifier.PRIVATE)
                            .addJavadoc("Layer $L: the generator of its dropout masks, reset by initialize().\n", name)
                            .build());
                }
                if (!layer.layer().activation().elementwise() && needsUpstream(layer)) {
                    vector(layer.u(), "Layer " + name + ": dL/da of the last backward pass, which the activation's"
                            + " Jacobian-vector product turns into dL/dz.");
                }
            }
        }

        /** Whether the backward pass goes through this coupled layer's Jacobian-vector product (not a fused delta). */
        private boolean needsUpstream(LayerPlan layer) {
            return layer != plan.output() || plan.outputRule == OutputRule.CHAIN;
        }

        private void vector(Vec vec, String javadoc) {
            if (vec.array()) {
                field(FieldSpec.builder(DOUBLES, vec.name(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$L\n", javadoc)
                        .initializer("new double[$L]", vec.size()).build());
                return;
            }
            for (int k = 0; k < vec.size(); k++) {
                FieldSpec.Builder field = FieldSpec.builder(TypeName.DOUBLE, vec.at(k), Modifier.PRIVATE);
                if (k == 0) {
                    field.addJavadoc("$L\n", javadoc);
                }
                field(field.build());
            }
        }

        private static MethodSpec.Builder override(String name, TypeName returns) {
            return MethodSpec.methodBuilder(name)
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(returns);
        }

        private void accessors() {
            method(override("name", TypeName.get(String.class))
                    .addStatement("return $S", plan.network.name()).build());
            method(override("inputSize", TypeName.INT).addStatement("return INPUT_SIZE").build());
            method(override("outputSize", TypeName.INT).addStatement("return OUTPUT_SIZE").build());
            method(override("parameterCount", TypeName.INT).addStatement("return PARAMETER_COUNT").build());
            List<String> names = new ArrayList<>();
            List<String> offsets = new ArrayList<>();
            List<String> fanIns = new ArrayList<>();
            List<String> fanOuts = new ArrayList<>();
            for (LayerPlan layer : plan.layers) {
                names.add(CodeBlock.of("$S", layer.layer().name()).toString());
                offsets.add(layer.wOffset());
                fanIns.add(Integer.toString(layer.layer().inputs()));
                fanOuts.add(Integer.toString(layer.layer().units()));
            }
            TypeName strings = ArrayTypeName.of(String.class);
            TypeName ints = ArrayTypeName.of(TypeName.INT);
            field(FieldSpec.builder(strings, "LAYER_NAMES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Per layer, for parameterName: its name, first parameter, inputs and units.\n")
                    .initializer("{$L}", String.join(", ", names)).build());
            field(FieldSpec.builder(ints, "LAYER_OFFSETS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("{$L}", String.join(", ", offsets)).build());
            field(FieldSpec.builder(ints, "LAYER_WIDTHS_IN", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("{$L}", String.join(", ", fanIns)).build());
            field(FieldSpec.builder(ints, "LAYER_WIDTHS_OUT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("{$L}", String.join(", ", fanOuts)).build());
            method(override("parameterName", TypeName.get(String.class))
                    .addParameter(TypeName.INT, "index")
                    .addStatement("return $T.parameterName(index, LAYER_NAMES, LAYER_OFFSETS, LAYER_WIDTHS_IN,"
                            + " LAYER_WIDTHS_OUT)", Model.class)
                    .build());
            method(override("parameters", DOUBLES).addStatement("return parameters").build());
            method(override("gradients", DOUBLES).addStatement("return gradients").build());
            method(override("hasLoss", TypeName.BOOLEAN).addStatement("return $L", plan.loss != null).build());
            method(override("followsGradient", TypeName.BOOLEAN)
                    .addStatement("return $L", plan.outputRule != OutputRule.PERCEPTRON).build());
            method(override("decision", TypeName.get(Decision.class))
                    .addStatement("return $T.$L", Decision.class, plan.decision.name()).build());
        }

        // ----- initialisation -------------------------------------------------------------------------------

        private void initialize() {
            MethodSpec.Builder init = override("initialize", TypeName.VOID);
            for (LayerPlan layer : plan.layers) {
                DenseLayer dense = layer.layer();
                if (dense.activation().random()) {
                    init.addComment("$L: the generator of its randomised ReLU slopes, from its seed",
                            safe(dense.name()));
                    init.addStatement("$L = new $T($LL)", layer.slopeDraws(), java.util.Random.class,
                            (long) dense.activationParams().number("seed"));
                }
                if (layer.dropout()) {
                    init.addComment("$L: the generator of its dropout masks, from its seed", safe(dense.name()));
                    init.addStatement("$L = new $T($LL)", layer.maskDraws(), java.util.Random.class,
                            dense.dropout().get().seed());
                }
                Init spec = dense.init();
                switch (spec.kind()) {
                    case ZEROS -> {
                        init.addComment("$L: all weights and biases 0", safe(dense.name()));
                        init.addStatement("$T.constant(parameters, $L, $L, 0.0)", Initializers.class,
                                layer.wOffset(), dense.parameterCount());
                    }
                    case CONSTANT -> {
                        double value = ((Init.Constant) spec).value();
                        init.addComment("$L: all weights and biases $L", safe(dense.name()), literal(value));
                        init.addStatement("$T.constant(parameters, $L, $L, $L)", Initializers.class, layer.wOffset(),
                                dense.parameterCount(), literal(value));
                    }
                    case LITERAL -> {
                        init.addComment("$L: the weights and biases written in the spec", safe(dense.name()));
                        init.addStatement("initialize$L()", layer.method());
                        literalInitializer(layer, (Init.Literal) spec);
                    }
                    case FILE -> {
                        Init.FromFile file = (Init.FromFile) spec;
                        init.addComment("$L: the weights and biases of init file $L (sha-256 $L)", safe(dense.name()),
                                safe(file.path()), file.sha256());
                        init.addStatement("initialize$L()", layer.method());
                        literalInitializer(layer, file.literal());
                    }
                    case UNIFORM -> {
                        Init.Uniform u = (Init.Uniform) spec;
                        init.addComment("$L: weights uniform on [$L, $L) from java.util.Random($L), biases 0",
                                safe(dense.name()), literal(u.low()), literal(u.high()), u.seed());
                        init.addStatement("$T.uniform(parameters, $L, $L, $L, $L, $L)", Initializers.class,
                                layer.wOffset(), dense.weightCount(), literal(u.low()), literal(u.high()),
                                longLiteral(u.seed()));
                        init.addStatement("$T.constant(parameters, $L, $L, 0.0)", Initializers.class,
                                layer.bOffset(), dense.units());
                    }
                    case UNIFORM_FANIN, GLOROT_NORMAL, HE_NORMAL, HE_UNIFORM, LECUN_NORMAL, LECUN_UNIFORM -> {
                        init.addComment("$L: $L, weights from java.util.Random in storage order; biases 0",
                                safe(dense.name()), initComment(spec));
                        init.addStatement(fanInitializer(spec, layer));
                        init.addStatement("$T.constant(parameters, $L, $L, 0.0)", Initializers.class,
                                layer.bOffset(), dense.units());
                    }
                    case GLOROT_UNIFORM -> {
                        long seed = ((Init.GlorotUniform) spec).seed();
                        init.addComment("$L: INIT-glorot-uniform, weights uniform on [-l, l), l = sqrt(6 / (fan_in +"
                                + " fan_out)) ($L, $S), from java.util.Random($L); biases 0", safe(dense.name()), D1,
                                "Initialization of weights", seed);
                        init.addStatement("$T.glorotUniform(parameters, $L, $L, $L, $L)", Initializers.class,
                                layer.wOffset(), dense.inputs(), dense.units(), longLiteral(seed));
                        init.addStatement("$T.constant(parameters, $L, $L, 0.0)", Initializers.class,
                                layer.bOffset(), dense.units());
                    }
                }
            }
            method(init.build());
        }

        private static String initComment(Init init) {
            return switch (init.kind()) {
                case UNIFORM_FANIN -> "INIT-uniform-fanin: uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)) (" + D1
                        + ", \"Initialization of weights\")";
                case GLOROT_NORMAL -> "INIT-glorot-normal: variance 2 / (fan_in + fan_out) (" + D2
                        + ", \"Normal distribution to initialize weights\")";
                case HE_NORMAL -> "INIT-he-normal: normal, He's variance (" + D2
                        + ", \"Normal distribution to initialize weights\")";
                case HE_UNIFORM -> "He uniform: limit sqrt(3 var), He's variance (Keras HeUniform)";
                case LECUN_NORMAL -> "LeCun normal: variance 1 / fan_in (Keras LecunNormal)";
                case LECUN_UNIFORM -> "LeCun uniform: limit sqrt(3 / fan_in) (Keras LecunUniform)";
                case ZEROS, CONSTANT, LITERAL, FILE, UNIFORM, GLOROT_UNIFORM ->
                        throw new IllegalArgumentException("not a fan-based initialiser: " + init);
            };
        }

        /** The runtime call that draws a fan-based initialiser's weights, as the interpreter makes it. */
        private static CodeBlock fanInitializer(Init init, LayerPlan layer) {
            DenseLayer dense = layer.layer();
            CodeBlock head = CodeBlock.of("parameters, $L, $L, $L", layer.wOffset(), dense.inputs(), dense.units());
            if (init instanceof Init.UniformFanIn u) {
                return CodeBlock.of("$T.uniformFanIn($L, $L)", Initializers.class, head, longLiteral(u.seed()));
            } else if (init instanceof Init.GlorotNormal g) {
                return CodeBlock.of("$T.glorotNormal($L, $L, $T.$L)", Initializers.class, head, longLiteral(g.seed()),
                        Initializers.Normal.class, Inits.normal(g.normal()).name());
            } else if (init instanceof Init.HeNormal h) {
                return CodeBlock.of("$T.heNormal($L, $L, $T.$L, $T.$L)", Initializers.class, head,
                        longLiteral(h.seed()), Initializers.HeVariance.class, Inits.variance(h.variance()).name(),
                        Initializers.Normal.class, Inits.normal(h.normal()).name());
            } else if (init instanceof Init.HeUniform h) {
                return CodeBlock.of("$T.heUniform($L, $L, $T.$L)", Initializers.class, head, longLiteral(h.seed()),
                        Initializers.HeVariance.class, Inits.variance(h.variance()).name());
            } else if (init instanceof Init.LecunNormal l) {
                return CodeBlock.of("$T.lecunNormal($L, $L, $T.$L)", Initializers.class, head, longLiteral(l.seed()),
                        Initializers.Normal.class, Inits.normal(l.normal()).name());
            } else if (init instanceof Init.LecunUniform l) {
                return CodeBlock.of("$T.lecunUniform($L, $L)", Initializers.class, head, longLiteral(l.seed()));
            }
            throw new IllegalArgumentException("not a fan-based initialiser: " + init);
        }

        private void literalInitializer(LayerPlan layer, Init.Literal literal) {
            DenseLayer dense = layer.layer();
            MethodSpec.Builder init = MethodSpec.methodBuilder("initialize" + layer.method())
                    .addModifiers(Modifier.PRIVATE);
            if (layer.straight()) {
                for (int j = 0; j < dense.units(); j++) {
                    for (int i = 0; i < dense.inputs(); i++) {
                        init.addStatement("parameters[$L] = $L", layer.w(j, i),
                                literal(literal.weights().get(j).get(i)));
                    }
                    init.addStatement("parameters[$L] = $L", layer.b(j), literal(bias(literal, j)));
                }
            } else {
                needsFill = true;
                List<String> values = new ArrayList<>();
                for (int j = 0; j < dense.units(); j++) {
                    for (int i = 0; i < dense.inputs(); i++) {
                        values.add(Double.toString(literal.weights().get(j).get(i)));
                    }
                }
                for (int j = 0; j < dense.units(); j++) {
                    values.add(Double.toString(bias(literal, j)));
                }
                init.addComment("the layer's weights row by row, then its biases, as Double.toString values");
                for (int c = 0; c * LITERAL_CHUNK < values.size(); c++) {
                    List<String> chunk = values.subList(c * LITERAL_CHUNK,
                            Math.min(values.size(), (c + 1) * LITERAL_CHUNK));
                    field(FieldSpec.builder(String.class, layer.literal(c), Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.FINAL).initializer("$S", String.join(" ", chunk)).build());
                    init.addStatement("fill(parameters, $L + $L, $L)", layer.wOffset(), c * LITERAL_CHUNK,
                            layer.literal(c));
                }
            }
            method(init.build());
        }

        private static double bias(Init.Literal literal, int j) {
            return literal.bias().isEmpty() ? 0.0 : literal.bias().get(j);
        }

        private void fill() {
            method(MethodSpec.methodBuilder("fill")
                    .addJavadoc("Writes space-separated Double.toString values into p from index from.\n")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(DOUBLES, "p")
                    .addParameter(TypeName.INT, "from")
                    .addParameter(String.class, "values")
                    .addStatement("int k = from")
                    .addStatement("int start = 0")
                    .beginControlFlow("while (start < values.length())")
                    .addStatement("int end = values.indexOf(' ', start)")
                    .beginControlFlow("if (end < 0)")
                    .addStatement("end = values.length()")
                    .endControlFlow()
                    .addStatement("p[k] = Double.parseDouble(values.substring(start, end))")
                    .addStatement("k++")
                    .addStatement("start = end + 1")
                    .endControlFlow()
                    .build());
        }

        // ----- method bodies split under HotSpot's HugeMethodLimit -----------------------------------------------

        /**
         * Straight-line statements with an estimate of their bytecode size, written into one method or, when the
         * estimate passes {@link #METHOD_BUDGET}, into consecutive private parts that the method calls in order.
         */
        private static final class Body {
            private record Statement(CodeBlock code, int cost) {
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
                items.add(code);
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
                        method.addCode((CodeBlock) item);
                    }
                }
            }
        }

        /**
         * Writes {@code body} into {@code method} (named {@code name}), after {@code prelude}; or, if it is too big,
         * into methods {@code namePart0}, {@code namePart1}, ... taking {@code parameters}, each starting with
         * {@code prelude}, and called from {@code method} with {@code arguments}.
         */
        private void write(MethodSpec.Builder method, String name, Body body, List<String> prelude,
                List<ParameterSpec> parameters, String arguments) {
            if (body.fits()) {
                prelude.forEach(method::addStatement);
                body.writeTo(method, body.items);
                return;
            }
            List<List<Object>> parts = new ArrayList<>();
            List<Object> current = new ArrayList<>();
            int cost = 0;
            for (Object item : body.items) {
                int bytes = item instanceof Body.Statement s ? s.cost() : item instanceof CodeBlock ? LOOP_COST : 0;
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
                method(part.build());
                method.addStatement("$LPart$L($L)", name, k, arguments);
            }
        }

        private static ParameterSpec doubles(String name) {
            return ParameterSpec.builder(DOUBLES, name).build();
        }

        // ----- forward ---------------------------------------------------------------------------------------

        private void forward() {
            MethodSpec.Builder forward = override("forward", TypeName.VOID)
                    .addParameter(DOUBLES, "x")
                    .addParameter(DOUBLES, "yhat");
            Body body = new Body();
            body.comment("keep a copy of the input for the backward pass");
            copy(body, "x", plan.input, true);
            for (LayerPlan layer : plan.layers) {
                body.statement(CALL_COST, "forward$L()", layer.method());
            }
            copy(body, "yhat", plan.output().a(), false);
            write(forward, "forward", body, List.of(), List.of(doubles("x"), doubles("yhat")), "x, yhat");
            method(forward.build());
            for (LayerPlan layer : plan.layers) {
                forwardLayer(layer);
            }
        }

        /** Copies between a caller's array and a vector, in either direction. */
        private static void copy(Body body, String array, Vec vec, boolean intoVec) {
            if (vec.array()) {
                if (intoVec) {
                    body.statement(CALL_COST, "$T.arraycopy($L, 0, $L, 0, $L)", System.class, array, vec.name(),
                            vec.size());
                } else {
                    body.statement(CALL_COST, "$T.arraycopy($L, 0, $L, 0, $L)", System.class, vec.name(), array,
                            vec.size());
                }
                return;
            }
            for (int k = 0; k < vec.size(); k++) {
                if (intoVec) {
                    body.statement(COPY_COST, "$L = $L[$L]", vec.at(k), array, k);
                } else {
                    body.statement(COPY_COST, "$L[$L] = $L", array, k, vec.at(k));
                }
            }
        }

        private static String affineComment() {
            return cite("LAYER-neuron-affine", "z_j = b_j + sum_i w[j][i] x_i", D0, "Neuron operation");
        }

        private void forwardLayer(LayerPlan layer) {
            DenseLayer dense = layer.layer();
            Activation act = dense.activation();
            String name = "forward" + layer.method();
            MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                    .addJavadoc("Layer $L: $L of $L, $L.\n", safe(dense.name()), count(dense.units(), "unit"),
                            count(dense.inputs(), "input"), act.keyword())
                    .addModifiers(Modifier.PRIVATE);
            Vec in = layer.in();
            Vec z = layer.z();
            Vec a = layer.a();
            Body body = new Body();
            if (act.random()) {
                double lower = dense.activationParams().number("lower");
                double upper = dense.activationParams().number("upper");
                body.comment(activationComment(act));
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("if (training)")
                        .addStatement("$T.rreluSlopes($L, $L, $L, $L, 0, $L)", Activations.class, layer.slopeDraws(),
                                literal(lower), literal(upper), layer.slopes(), dense.units())
                        .nextControlFlow("else")
                        .addStatement("$T.constant($L, 0, $L, ($L + $L) / 2.0)", Initializers.class, layer.slopes(),
                                dense.units(), literal(lower), literal(upper))
                        .endControlFlow()
                        .build());
            }
            body.comment(affineComment());
            if (layer.straight()) {
                if (act.elementwise()) {
                    body.comment(activationComment(act));
                }
                for (int j = 0; j < dense.units(); j++) {
                    CodeBlock.Builder sum = CodeBlock.builder().add("p[$L]", layer.b(j));
                    for (int i = 0; i < dense.inputs(); i++) {
                        sum.add(" +$Wp[$L] * $L", layer.w(j, i), in.at(i));
                    }
                    body.statement(UNIT_COST + TERM_COST * dense.inputs(), "$L = $L", z.at(j), sum.build());
                    if (act.elementwise()) {
                        body.statement(CALL_COST, "$L = $L", a.at(j), typed(activationCall(layer, j, z.at(j))));
                    }
                }
            } else {
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", layer.units())
                        .addStatement("double sum = p[$L + j]", layer.bOffset())
                        .addStatement("int row = $L + j * $L", layer.wOffset(), layer.inputs())
                        .beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputs())
                        .addStatement("sum += p[row + i] * $L", in.at("i"))
                        .endControlFlow()
                        .addStatement("$L = sum", z.at("j"))
                        .endControlFlow()
                        .build());
                if (act.elementwise()) {
                    body.comment(activationComment(act));
                    body.block(LOOP_COST, CodeBlock.builder()
                            .beginControlFlow("for (int j = 0; j < $L; j++)", layer.units())
                            .addStatement("$L = $L", a.at("j"), typed(activationCall(layer, "j", z.at("j"))))
                            .endControlFlow()
                            .build());
                }
            }
            if (!act.elementwise()) {
                body.comment(activationComment(act));
                body.statement(CALL_COST, "$T.$L($L, 0, $L, 0, $L)", vectorKernels(act),
                        act.method(dense.activationParams()), z.name(), a.name(), dense.outputs());
            }
            if (layer.dropout()) {
                dropout(body, layer);
            }
            write(m, name, body, List.of("double[] p = parameters"), List.of(), "");
            method(m.build());
        }

        /**
         * REG-dropout on the layer's activations: this pass's factors (a fresh mask times the training scale while
         * training, the evaluation scale otherwise) from the runtime, then each activation times its factor.
         */
        private static void dropout(Body body, LayerPlan layer) {
            DropoutLayer dropout = layer.layer().dropout().orElseThrow();
            int n = layer.layer().outputs();
            String p = dropout.written() == DropoutLayer.Rate.KEEP
                    ? "1.0 - " + literal(dropout.value()) : literal(dropout.value());
            body.comment(cite("REG-dropout", "out_i = a_i r_i / (1 - p) while training (r_i ~ Bernoulli(1 - p)), a_i"
                    + " in evaluation" + (dropout.scaling() == DropoutLayer.Scaling.PLAIN
                    ? "; plain scaling: a_i r_i while training, a_i (1 - p) in evaluation" : ""),
                    D3, "3.5.3 Dropout"));
            body.comment("p = " + p + (dropout.written() == DropoutLayer.Rate.KEEP ? " (keep " + literal(dropout.value())
                    + ")" : "") + ", masks from java.util.Random(" + dropout.seed() + ")");
            body.statement(CALL_COST, "$T.multipliers($L, $L, $T.$L, training, $L, 0, $L)", Dropout.class,
                    layer.maskDraws(), p, Dropout.Scaling.class, dropout.scaling().name(), layer.dropFactors(), n);
            Vec a = layer.a();
            Vec out = layer.out();
            if (out.array() && !layer.straight()) {
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                        .addStatement("$L = $L * $L[j]", out.at("j"), a.at("j"), layer.dropFactors())
                        .endControlFlow()
                        .build());
            } else {
                for (int j = 0; j < n; j++) {
                    body.statement(COPY_COST, "$L = $L * $L[$L]", out.at(j), a.at(j), layer.dropFactors(), j);
                }
            }
        }

        /** The runtime class of a coupled activation's forward kernel and its Jacobian-vector product. */
        private static Class<?> vectorKernels(Activation activation) {
            return activation == Activation.SOFTMAX ? Activations.class : nnspec.runtime.VectorActivations.class;
        }

        /** The backward step of a coupled activation: dL/dz = J^T dL/da, from the layer's upstream array. */
        private static void jacobianVectorProduct(Body body, LayerPlan layer) {
            Activation act = layer.layer().activation();
            body.comment(cite("BP-activation-backward", "dL/dz = J^T dL/da, the Jacobian-vector product of "
                    + act.keyword() + ", without forming J", D3, "Softmax"));
            body.statement(CALL_COST, "$T.$LBackward($L, 0, $L, 0, $L, 0, $L, 0, $L)", vectorKernels(act),
                    act.method(layer.layer().activationParams()), layer.z().name(), layer.a().name(),
                    layer.u().name(), layer.d().name(), layer.layer().outputs());
        }

        private void outputPreActivation() {
            Vec z = plan.output().z();
            MethodSpec.Builder m = override("outputPreActivation", TypeName.DOUBLE).addParameter(TypeName.INT, "unit");
            if (z.array()) {
                m.addStatement("return $L[unit]", z.name());
            } else {
                CodeBlock.Builder cases = CodeBlock.builder().add("return switch (unit) {\n$>");
                for (int j = 0; j < z.size(); j++) {
                    cases.add("case $L -> $L;\n", j, z.at(j));
                }
                cases.add("default -> throw new $T($S + unit);\n", IndexOutOfBoundsException.class, "output unit ");
                cases.add("$<};\n");
                m.addCode(cases.build());
            }
            method(m.build());
        }

        // ----- loss ------------------------------------------------------------------------------------------

        /** The clipping argument of a cross-entropy call: none for PyTorch's clamped log (the 3-argument form). */
        private static String clip(Loss loss) {
            return loss.clipsProbability() ? ", Losses.Clipping.EPSILON" : "";
        }

        private static String lossTermCall(Loss loss, String p, String y) {
            return switch (loss.kind()) {
                case MSE -> "Losses.squaredError(" + p + ", " + y + ")";
                case MAE -> "Losses.absoluteError(" + p + ", " + y + ")";
                case HUBER -> "Losses.huber(" + p + ", " + y + ", " + literal(loss.params().number("delta")) + ")";
                case BCE -> loss.fromLogits()
                        ? "Losses.binaryCrossEntropyWithLogits(" + p + ", " + y + ", LOG_BASE)"
                        : "Losses.binaryCrossEntropy(" + p + ", " + y + ", LOG_BASE" + clip(loss) + ")";
                case CCE -> "Losses.categoricalCrossEntropy(" + p + ", " + y + ", LOG_BASE" + clip(loss) + ")";
            };
        }

        private static String lossDerivativeCall(Loss loss, String p, String y) {
            return switch (loss.kind()) {
                case MSE -> "Losses.squaredErrorDerivative(" + p + ", " + y + ")";
                case MAE -> "Losses.absoluteErrorDerivative(" + p + ", " + y + ")";
                case HUBER -> "Losses.huberDerivative(" + p + ", " + y + ", " + literal(loss.params().number("delta"))
                        + ")";
                case BCE -> "Losses.binaryCrossEntropyDerivative(" + p + ", " + y + ", LOG_BASE" + clip(loss) + ")";
                case CCE -> "Losses.categoricalCrossEntropyDerivative(" + p + ", " + y + ", LOG_BASE" + clip(loss)
                        + ")";
            };
        }

        /** The activation's number parameters as literal arguments after z (and a). */
        private static String activationArguments(DenseLayer layer) {
            StringBuilder args = new StringBuilder();
            for (String name : layer.activation().arguments()) {
                args.append(", ").append(literal(layer.activationParams().number(name)));
            }
            return args.toString();
        }

        /** The activation of {@code unit} (an index or a loop variable) at z, as a runtime call. */
        private static String activationCall(LayerPlan plan, Object unit, String z) {
            DenseLayer layer = plan.layer();
            if (layer.activation().random()) {
                return "Activations.leakyRelu(" + z + ", " + plan.slopes() + "[" + unit + "])";
            }
            return "Activations." + layer.activation().method(layer.activationParams()) + "(" + z
                    + activationArguments(layer) + ")";
        }

        /** The activation's derivative for {@code unit} at z, given a = f(z), as a runtime call. */
        private static String derivativeCall(LayerPlan plan, Object unit, String z, String a) {
            DenseLayer layer = plan.layer();
            if (layer.activation().random()) {
                return "Activations.leakyReluDerivative(" + z + ", " + a + ", " + plan.slopes() + "[" + unit + "])";
            }
            return "Activations." + layer.activation().method(layer.activationParams()) + "Derivative(" + z + ", " + a
                    + activationArguments(layer) + ")";
        }

        private void loss() {
            MethodSpec.Builder m = override("loss", TypeName.DOUBLE).addParameter(DOUBLES, "y");
            if (plan.loss == null) {
                m.addComment("the perceptron rule is a heuristic with no loss behind it");
                m.addStatement("return Double.NaN");
                method(m.build());
                return;
            }
            Loss.Kind kind = plan.loss.kind();
            LayerPlan out = plan.output();
            Vec a = out.a();
            int n = a.size();
            m.addComment("$L", lossComment(kind));
            boolean split = out.straight() && n * CALL_TERM_COST > METHOD_BUDGET;
            String sum = split ? "lossSum" : "sum";
            if (split) {
                field(FieldSpec.builder(TypeName.DOUBLE, "lossSum", Modifier.PRIVATE)
                        .addJavadoc("The running sum of loss(), whose terms are added in several parts.\n").build());
                m.addStatement("lossSum = 0.0");
            } else {
                m.addStatement("double sum = 0.0");
            }
            Body body = new Body();
            if (plan.outputRule == OutputRule.CCE_LOGITS) {
                body.comment("the output layer is linear: its activations are the logits z");
                body.statement(CALL_TERM_COST, "$L = $T.softmaxCrossEntropyWithLogits($L, 0, y, 0, $L, LOG_BASE)", sum,
                        Losses.class, a.name(), n);
            } else if (out.straight()) {
                for (int j = 0; j < n; j++) {
                    body.statement(CALL_TERM_COST, "$L += $L", sum, typed(lossTermCall(plan.loss, a.at(j), y(j))));
                }
            } else {
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                        .addStatement("sum += $L", typed(lossTermCall(plan.loss, a.at("j"), "y[j]")))
                        .endControlFlow()
                        .build());
            }
            write(m, "loss", body, List.of(), List.of(doubles("y")), "y");
            if (!plan.loss.meanOverOutputs()) {
                m.addComment("the sum over the outputs (outputs sum)");
                m.addStatement("return $L", sum);
            } else if (n == 1) {
                m.addComment("one output: the mean over the outputs is its term");
                m.addStatement("return $L", sum);
            } else {
                m.addComment("mean over the $L outputs", n);
                m.addStatement("return $L / $L", sum, n);
            }
            method(m.build());
        }

        /** Turns a call text starting with a runtime class name into a code block that imports that class. */
        private static CodeBlock typed(String call) {
            int dot = call.indexOf('.');
            String owner = call.substring(0, dot);
            Class<?> type = switch (owner) {
                case "Losses" -> Losses.class;
                case "Activations" -> Activations.class;
                case "UpdateRules" -> UpdateRules.class;
                default -> throw new IllegalArgumentException(owner);
            };
            return CodeBlock.of("$T$L", type, call.substring(dot));
        }

        // ----- backward --------------------------------------------------------------------------------------

        private void backward() {
            MethodSpec.Builder m = override("backward", TypeName.VOID).addParameter(DOUBLES, "y");
            List<LayerPlan> layers = plan.layers;
            LayerPlan out = plan.output();
            m.addStatement("delta$L(y)", out.method());
            for (int l = layers.size() - 1; l >= 0; l--) {
                m.addStatement("gradients$L()", layers.get(l).method());
                if (l > 0) {
                    m.addStatement("delta$L()", layers.get(l - 1).method());
                }
            }
            method(m.build());
            outputDelta(out);
            for (int l = layers.size() - 1; l >= 0; l--) {
                parameterGradients(layers.get(l));
                if (l > 0) {
                    hiddenDelta(layers.get(l), layers.get(l - 1));
                }
            }
            method(override("zeroGradients", TypeName.VOID)
                    .addStatement("$T.constant(gradients, 0, PARAMETER_COUNT, 0.0)", Initializers.class).build());
        }

        private void outputDelta(LayerPlan out) {
            String name = "delta" + out.method();
            MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                    .addJavadoc("BP-output-delta: dL/dz of the output layer $L.\n", safe(out.layer().name()))
                    .addModifiers(Modifier.PRIVATE)
                    .addParameter(DOUBLES, "y");
            Vec z = out.z();
            Vec a = out.a();
            Vec d = out.d();
            int n = d.size();
            Activation act = out.layer().activation();
            Body body = new Body();
            List<ParameterSpec> parameters = List.of(doubles("y"));
            String arguments = "y";
            switch (plan.outputRule) {
                case PERCEPTRON -> {
                    body.comment(cite("OPT-perceptron-rule", "delta_j = yhat_j - y_j, the descent form of"
                            + " w := w + lr (y - yhat) x; no activation derivative", D0,
                            "Example: perceptron training"));
                    perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L", d.at(j),
                            typed("UpdateRules.perceptronDelta(" + a.at(j) + ", " + y(j) + ")")));
                }
                case SIGMOID_BCE -> {
                    body.comment(cite("GRAD-sigmoid-bce", "delta_j = (p_j - y_j) / ln(base) / n, n = " + n
                            + (n == 1 ? " output" : " outputs"), D0, "Example: multi-layer perceptron training"));
                    String mean = n == 1 || !plan.loss.meanOverOutputs() ? "" : " / " + n;
                    perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L$L", d.at(j),
                            typed("Losses.sigmoidBinaryCrossEntropyDelta(" + a.at(j) + ", " + y(j) + ", LOG_BASE)"),
                            mean));
                }
                case SOFTMAX_CCE -> {
                    m.addComment("$L", cite("GRAD-softmax-cce", "delta_j = (p_j * sum_k y_k - y_j) / ln(base)", D3,
                            "Softmax Categorical Cross-Entropy"));
                    m.addStatement("double targetSum = 0.0");
                    if (out.straight()) {
                        for (int j = 0; j < n; j++) {
                            m.addStatement("targetSum += y[$L]", j);
                        }
                    } else {
                        m.beginControlFlow("for (int j = 0; j < $L; j++)", n)
                                .addStatement("targetSum += y[j]")
                                .endControlFlow();
                    }
                    parameters = List.of(doubles("y"), ParameterSpec.builder(TypeName.DOUBLE, "targetSum").build());
                    arguments = "y, targetSum";
                    String mean = plan.loss.meanOverOutputs() ? " / " + n + ".0" : "";
                    perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L$L", d.at(j),
                            typed("Losses.softmaxCategoricalCrossEntropyDelta(" + a.at(j) + ", " + y(j)
                                    + ", targetSum, LOG_BASE)"), mean));
                }
                case BCE_LOGITS -> {
                    body.comment(cite("GRAD-sigmoid-bce", "on logits: delta_j = (sigmoid(z_j) - y_j) / ln(base), per"
                            + " output for their mean", D0, "Example: multi-layer perceptron training"));
                    String mean = n == 1 || !plan.loss.meanOverOutputs() ? "" : " / " + n + ".0";
                    perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L$L", d.at(j),
                            typed("Losses.binaryCrossEntropyWithLogitsDerivative(" + z.at(j) + ", " + y(j)
                                    + ", LOG_BASE)"), mean));
                }
                case CCE_LOGITS -> {
                    body.comment(cite("GRAD-softmax-cce", "on logits: delta_j = softmax(z)_j sum_k y_k - y_j, with the"
                            + " maximum subtracted", D3, "Softmax Categorical Cross-Entropy"));
                    body.statement(CALL_COST, "$T.softmaxCrossEntropyWithLogitsGradient($L, 0, y, 0, $L, LOG_BASE, $L,"
                            + " 0)", Losses.class, z.name(), n, d.name());
                    if (plan.loss.meanOverOutputs()) {
                        perUnit(body, out.straight(), n, j -> CodeBlock.of("$L /= $L", d.at(j), n));
                    }
                }
                case CHAIN -> {
                    Loss.Kind kind = plan.loss.kind();
                    int outputs = plan.loss.meanOverOutputs() ? a.size() : 1;
                    body.comment(cite("BP-output-delta", "delta_j = dL/dyhat_j * f'(z_j)", D3, "3.3.1 Error"));
                    body.comment(lossDerivativeComment(kind));
                    if (act.elementwise()) {
                        body.comment(derivativeComment(out.layer()));
                    }
                    String mean = outputs == 1 ? "" : " / " + outputs + ".0";
                    if (!act.elementwise()) {
                        // dL/da has one entry per output, which for glu is half the units
                        perUnit(body, out.straight(), a.size(), j -> CodeBlock.of("$L = $L$L", out.u().at(j),
                                typed(lossDerivativeCall(plan.loss, a.at(j), y(j))), mean));
                        jacobianVectorProduct(body, out);
                    } else {
                        perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L$L * $L", d.at(j),
                                typed(lossDerivativeCall(plan.loss, a.at(j), y(j))), mean,
                                typed(derivativeCall(out, j, z.at(j), a.at(j)))));
                    }
                }
            }
            write(m, name, body, List.of(), parameters, arguments);
            method(m.build());
        }

        /** The target element {@code y[j]} for a unit index or the loop variable. */
        private static String y(Object j) {
            return "y[" + j + "]";
        }

        /** Either one statement per unit, or one loop over j whose body is the statement for "j". */
        private static void perUnit(Body body, boolean straight, int n, Function<Object, CodeBlock> statement) {
            if (straight) {
                for (int j = 0; j < n; j++) {
                    body.statement(OUTPUT_DELTA_COST, "$L", statement.apply(j));
                }
            } else {
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                        .addStatement(statement.apply("j"))
                        .endControlFlow()
                        .build());
            }
        }

        private void parameterGradients(LayerPlan layer) {
            DenseLayer dense = layer.layer();
            String name = "gradients" + layer.method();
            MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                    .addJavadoc("Layer $L: adds this sample's gradients of its weights and biases.\n",
                            safe(dense.name()))
                    .addModifiers(Modifier.PRIVATE);
            Body body = new Body();
            body.comment(cite("BP-param-grads", "dL/dw[j][i] += delta_j * x_i, dL/db_j += delta_j", D3,
                    "3.3.2 Layers"));
            Vec in = layer.in();
            Vec d = layer.d();
            if (layer.straight()) {
                for (int j = 0; j < dense.units(); j++) {
                    for (int i = 0; i < dense.inputs(); i++) {
                        body.statement(GRADIENT_COST, "g[$L] += $L * $L", layer.w(j, i), d.at(j), in.at(i));
                    }
                    body.statement(GRADIENT_COST, "g[$L] += $L", layer.b(j), d.at(j));
                }
            } else {
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", layer.units())
                        .addStatement("double delta = $L", d.at("j"))
                        .addStatement("int row = $L + j * $L", layer.wOffset(), layer.inputs())
                        .beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputs())
                        .addStatement("g[row + i] += delta * $L", in.at("i"))
                        .endControlFlow()
                        .addStatement("g[$L + j] += delta", layer.bOffset())
                        .endControlFlow()
                        .build());
            }
            write(m, name, body, List.of("double[] g = gradients"), List.of(), "");
            method(m.build());
        }

        /** The delta of {@code below} from the deltas and weights of {@code layer}, the layer above it. */
        private void hiddenDelta(LayerPlan layer, LayerPlan below) {
            DenseLayer dense = layer.layer();
            Activation act = below.layer().activation();
            String name = "delta" + below.method();
            MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                    .addJavadoc("BP-hidden-delta: dL/dz of layer $L, through the weights of layer $L.\n",
                            safe(below.layer().name()), safe(dense.name()))
                    .addModifiers(Modifier.PRIVATE);
            Body body = new Body();
            body.comment(cite("BP-hidden-delta", "delta_i = (sum_j w[j][i] delta_j) * f'(z_i)", D3, "3.3.1 Error"));
            Vec d = layer.d();
            Vec bz = below.z();
            Vec ba = below.a();
            Vec bd = below.d();
            boolean coupled = !act.elementwise();
            // a coupled activation first collects dL/da in its upstream array, then takes its Jacobian-vector product
            Vec target = coupled ? below.u() : bd;
            if (!coupled) {
                body.comment(derivativeComment(below.layer()));
            }
            // GRAD-dropout: through a dropout, dL/da_i = dL/dout_i times the factor of the forward pass
            boolean dropout = below.dropout();
            if (dropout) {
                body.comment(cite("GRAD-dropout", "dL/da_i = dL/dout_i times the forward pass's factor (mask times"
                        + " scale)", D3, "3.5.3 Dropout"));
            }
            if (layer.straight()) {
                for (int i = 0; i < dense.inputs(); i++) {
                    CodeBlock.Builder sum = CodeBlock.builder();
                    for (int j = 0; j < dense.units(); j++) {
                        sum.add(j == 0 ? "p[$L] * $L" : " +$Wp[$L] * $L", layer.w(j, i), d.at(j));
                    }
                    int cost = UNIT_COST + CALL_COST + TERM_COST * dense.units();
                    CodeBlock scaled = !dropout ? sum.build() : CodeBlock.of(dense.units() == 1 ? "$L * $L[$L]"
                            : "($L) * $L[$L]", sum.build(), below.dropFactors(), i);
                    if (coupled) {
                        body.statement(cost, "$L = $L", target.at(i), scaled);
                    } else {
                        body.statement(cost, dense.units() == 1 || dropout ? "$L = $L * $L" : "$L = ($L) * $L",
                                bd.at(i), scaled, typed(derivativeCall(below, i, bz.at(i), ba.at(i))));
                    }
                }
            } else {
                String scaledSum = dropout ? "sum * " + below.dropFactors() + "[i]" : "sum";
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputs())
                        .addStatement("double sum = 0.0")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", layer.units())
                        .addStatement("sum += p[$L + j * $L + i] * $L", layer.wOffset(), layer.inputs(), d.at("j"))
                        .endControlFlow()
                        .addStatement(coupled ? CodeBlock.of("$L = $L", target.at("i"), scaledSum)
                                : CodeBlock.of("$L = $L * $L", bd.at("i"), scaledSum,
                                        typed(derivativeCall(below, "i", bz.at("i"), ba.at("i")))))
                        .endControlFlow()
                        .build());
            }
            if (coupled) {
                jacobianVectorProduct(body, below);
            }
            write(m, name, body, List.of("double[] p = parameters"), List.of(), "");
            method(m.build());
        }

        private void update() {
            MethodSpec.Builder m = override("update", TypeName.VOID)
                    .addParameter(ParameterSpec.builder(TypeName.DOUBLE, "learningRate").build())
                    .addParameter(ParameterSpec.builder(TypeName.INT, "batchSize").build());
            java.util.Optional<Construction> optimizer = Updates.optimizer(plan.train);
            if (optimizer.isEmpty()) {
                m.addComment("$L", cite("OPT-perceptron-rule", "w := w + lr (y - yhat) x, b := b + lr (y - yhat),"
                        + " applied as w := w - lr / batch * (summed update direction)", D0,
                        "Example: perceptron training"));
                m.addStatement("$T.sgd(parameters, gradients, learningRate, batchSize)", UpdateRules.class);
                method(m.build());
                return;
            }
            field(FieldSpec.builder(nnspec.runtime.optim.Optimizer.class, "optimizer", Modifier.PRIVATE,
                            Modifier.FINAL)
                    .addJavadoc("The update rule and its state: $L.\n", plan.train.optimizer().kind().keyword()
                            + (plan.train.optimizer().params().numbers().isEmpty()
                                    && plan.train.optimizer().params().words().isEmpty()
                                    ? "" : " " + plan.train.optimizer().params()))
                    .initializer(optimizer.get().code("PARAMETER_COUNT")).build());
            if (plan.loss.meanOverSamples()) {
                m.addComment("$L", cite("OPT-sgd-minibatch", "the mean of the summed gradients over the batch", D1,
                        "Stochastic gradient descent"));
                m.addStatement("$T.mean(gradients, batchSize)", UpdateRules.class);
            }
            plan.train.regularizer().ifPresent(r -> {
                m.addComment("$L", r.kind() == nnspec.model.Regularizer.Kind.L1
                        ? cite("GRAD-l1", "adds lambda sign(w), sign(0) = 0", D3, "L1 and L2 Regularization")
                        : cite("GRAD-l2", "adds 2 c w for the penalty c sum w^2", D3, "L1 and L2 Regularization"));
                for (Updates.Range range : Updates.penaltyRanges(plan.layout, r)) {
                    m.addStatement(penaltyCall(r, range, true));
                }
                penalty(r);
            });
            m.addComment("$L", optimizerComment(plan.train.optimizer().kind()));
            m.addStatement("optimizer.step(parameters, gradients, learningRate)");
            method(m.build());
        }

        private static String optimizerComment(nnspec.model.Optimizer.Kind kind) {
            return switch (kind) {
                case SGD -> cite("OPT-gd", "w := w - lr (g + weight_decay w), g the batch's gradient", D0,
                        "Training a neural network");
                case MOMENTUM, NESTEROV -> cite("OPT-momentum", "a velocity of past gradients, in the form the"
                        + " optimizer names", D0, "Optimisers - SGD with momentum");
                case ADAGRAD -> cite("OPT-adagrad", "w := w - lr g / (sqrt(G) + eps), G the summed squares", D3,
                        "AdaGrad");
                case ADADELTA -> cite("OPT-adadelta", "Zeiler's step sqrt(D + eps) / sqrt(E + eps) g", D3,
                        "AdaDelta");
                case RMSPROP -> cite("OPT-rmsprop", "w := w - lr g / (sqrt(s) + eps), s the running mean of squares",
                        D0, "Optimisers - RMSProp");
                case ADAM, ADAMW -> cite("OPT-adam", "w := w - lr m_hat / (sqrt(v_hat) + eps)", D0,
                        "Optimisers - Adam");
                case PERCEPTRON -> throw new IllegalArgumentException("the perceptron rule has no optimizer object");
            };
        }

        /** The runtime call adding a penalty's gradient ({@code gradient}) or returning its value over a range. */
        private CodeBlock penaltyCall(nnspec.model.Regularizer r, Updates.Range range, boolean gradient) {
            nnspec.model.Params p = r.params();
            String offset = plan.layers.stream().filter(l -> l.layer().name().equals(range.layer())).findFirst()
                    .orElseThrow().wOffset();
            CodeBlock span = CodeBlock.of("parameters, $L, $L", offset, range.count());
            CodeBlock scale = CodeBlock.of("$T.$L", nnspec.runtime.Regularization.Scale.class,
                    r.kind() == nnspec.model.Regularizer.Kind.L1 ? "LAMBDA" : Updates.scale(r).name());
            CodeBlock atZero = CodeBlock.of("$T.ZERO", nnspec.runtime.Regularization.L1AtZero.class);
            Class<?> reg = nnspec.runtime.Regularization.class;
            return switch (r.kind()) {
                case L1 -> gradient
                        ? CodeBlock.of("$T.addL1Gradient($L, $L, $L, trainingSamples, $L, gradients, $L)", reg, span,
                                literal(p.number("lambda")), scale, atZero, offset)
                        : CodeBlock.of("$T.l1Penalty($L, $L, $L, trainingSamples)", reg, span,
                                literal(p.number("lambda")), scale);
                case L2 -> gradient
                        ? CodeBlock.of("$T.addL2Gradient($L, $L, $L, trainingSamples, gradients, $L)", reg, span,
                                literal(p.number("lambda")), scale, offset)
                        : CodeBlock.of("$T.l2Penalty($L, $L, $L, trainingSamples)", reg, span,
                                literal(p.number("lambda")), scale);
                case ELASTIC -> gradient
                        ? CodeBlock.of("$T.addElasticNetGradient($L, $L, $L, $L, trainingSamples, $L, gradients, $L)",
                                reg, span,
                                literal(p.number("l1")), literal(p.number("l2")), scale, atZero, offset)
                        : CodeBlock.of("$T.elasticNetPenalty($L, $L, $L, $L, trainingSamples)", reg, span,
                                literal(p.number("l1")),
                                literal(p.number("l2")), scale);
            };
        }

        private void penalty(nnspec.model.Regularizer r) {
            field(FieldSpec.builder(TypeName.INT, "trainingSamples", Modifier.PRIVATE)
                    .addJavadoc("m of the penalty constant lambda/(2m); 1 until the trainer says otherwise.\n")
                    .initializer("1").build());
            method(override("trainingSamples", TypeName.VOID).addParameter(TypeName.INT, "m")
                    .addStatement("trainingSamples = m").build());
            MethodSpec.Builder m = override("penalty", TypeName.DOUBLE);
            m.addComment("$L", cite("LOSS-total-with-penalty", "the penalty the trainer adds to the data loss", D0,
                    "Regularisation"));
            m.addStatement("double sum = 0.0");
            for (Updates.Range range : Updates.penaltyRanges(plan.layout, r)) {
                m.addStatement("sum += $L", penaltyCall(r, range, false));
            }
            m.addStatement("return sum");
            method(m.build());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Literals
    // ---------------------------------------------------------------------------------------------------------

    /** A Java expression for exactly {@code value}: Double.toString round-trips, and is a valid literal. */
    static String literal(double value) {
        if (Double.isNaN(value)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(value);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String logBase(double base) {
        return base == Math.E ? "Math.E" : literal(base);
    }

    private static String longLiteral(long value) {
        return value + "L";
    }
}
