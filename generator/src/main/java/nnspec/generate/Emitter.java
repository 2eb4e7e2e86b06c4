package nnspec.generate;

import static nnspec.generate.MethodBudget.CALL_COST;
import static nnspec.generate.MethodBudget.CALL_TERM_COST;
import static nnspec.generate.MethodBudget.COPY_COST;
import static nnspec.generate.MethodBudget.GRADIENT_COST;
import static nnspec.generate.MethodBudget.LOOP_COST;
import static nnspec.generate.MethodBudget.METHOD_BUDGET;
import static nnspec.generate.MethodBudget.OUTPUT_DELTA_COST;
import static nnspec.generate.MethodBudget.TERM_COST;
import static nnspec.generate.MethodBudget.UNIT_COST;
import static nnspec.generate.Names.safe;
import static nnspec.lower.KernelCall.Operand.A;
import static nnspec.lower.KernelCall.Operand.ARGMAX;
import static nnspec.lower.KernelCall.Operand.A_VECTOR;
import static nnspec.lower.KernelCall.Operand.BATCH_SIZE;
import static nnspec.lower.KernelCall.Operand.BIASES_FROM;
import static nnspec.lower.KernelCall.Operand.DELTA;
import static nnspec.lower.KernelCall.Operand.FACTORS;
import static nnspec.lower.KernelCall.Operand.GRADIENTS;
import static nnspec.lower.KernelCall.Operand.INPUT_GRADIENT;
import static nnspec.lower.KernelCall.Operand.INPUT_VECTOR;
import static nnspec.lower.KernelCall.Operand.LEARNING_RATE;
import static nnspec.lower.KernelCall.Operand.LOG_BASE;
import static nnspec.lower.KernelCall.Operand.OUTPUT_VECTOR;
import static nnspec.lower.KernelCall.Operand.P;
import static nnspec.lower.KernelCall.Operand.PARAMETERS;
import static nnspec.lower.KernelCall.Operand.RANDOM;
import static nnspec.lower.KernelCall.Operand.SLOPE;
import static nnspec.lower.KernelCall.Operand.SLOPES;
import static nnspec.lower.KernelCall.Operand.SOFTMAX_CACHE;
import static nnspec.lower.KernelCall.Operand.TARGET_SUM;
import static nnspec.lower.KernelCall.Operand.TRAINING;
import static nnspec.lower.KernelCall.Operand.TRAINING_SAMPLES;
import static nnspec.lower.KernelCall.Operand.UPSTREAM;
import static nnspec.lower.KernelCall.Operand.WEIGHTS_FROM;
import static nnspec.lower.KernelCall.Operand.Y;
import static nnspec.lower.KernelCall.Operand.Y_VECTOR;
import static nnspec.lower.KernelCall.Operand.Z;
import static nnspec.lower.KernelCall.Operand.Z_VECTOR;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Modifier;
import nnspec.generate.CodeShape.LayerCode;
import nnspec.generate.CodeShape.StageCode;
import nnspec.generate.CodeShape.Vec;
import nnspec.generate.MethodBudget.Body;
import nnspec.lower.BatchWise;
import nnspec.lower.Citations;
import nnspec.lower.FormulaRef;
import nnspec.lower.KernelCall;
import nnspec.lower.KernelCall.Operand;
import nnspec.lower.OutputRule;
import nnspec.lower.Plan;
import nnspec.lower.Plan.ActivationPlan;
import nnspec.lower.Plan.ConvPlan;
import nnspec.lower.Plan.PoolPlan;
import nnspec.lower.Plan.DropoutPlan;
import nnspec.lower.Plan.InitPlan;
import nnspec.lower.Plan.LossPlan;
import nnspec.lower.Plan.OutputPlan;
import nnspec.lower.Plan.PenaltyPlan;
import nnspec.lower.Plan.PenaltyRange;
import nnspec.model.ConvLayer;
import nnspec.model.Init;
import nnspec.model.Shape;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Convolution;
import nnspec.runtime.Decision;
import nnspec.runtime.FastLosses;
import nnspec.runtime.Initializers;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingPlan;

/**
 * Writes the Java source of one plan, in the {@link CodeShape} decided for it. Every kernel call is the plan's
 * {@link KernelCall} with its operands replaced by this class's fields and constants, and every formula comment is
 * the plan's {@link FormulaRef}: the emitter chooses no kernel and states no formula of its own.
 */
final class Emitter {
    private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);

    private final Spec spec;
    private final Plan plan;
    private final CodeShape shape;
    private final String packageName;
    private final TypeSpec.Builder type;
    private final Set<String> fieldNames = new HashSet<>();
    private final Set<String> methodNames = new HashSet<>();
    private boolean needsFill;
    /** With batch normalisation: each per-sample array field (name, element type, length), banked per sample. */
    private final List<String[]> banked = new ArrayList<>();
    /** Per stage, the calls of its backward step for one sample, in order (backward() runs them top down). */
    private final List<List<CodeBlock>> backwardSteps = new ArrayList<>();

    Emitter(Spec spec, CodeShape shape, String packageName) {
        this.spec = spec;
        this.plan = shape.plan;
        this.shape = shape;
        this.packageName = packageName;
        this.type = TypeSpec.classBuilder(shape.className)
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
        stageStorage();
        accessors();
        initialize();
        forward();
        outputPreActivation();
        loss();
        backward();
        update();
        saveAndLoad();
        if (plan.batchCoupled()) {
            batches();
        }
        if (BatchWise.pays(plan)) {
            BatchEmission batchWise = new BatchEmission(shape);
            batchWise.fields().forEach(this::field);
            batchWise.methods().forEach(this::method);
        }
        if (needsFill) {
            fill();
        }
        return JavaFile.builder(packageName, type.build())
                .addFileComment("$L", header())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    // ----- operands: what each kernel call takes in this class --------------------------------------------------

    /** Binds operands to Java expressions, given as alternating {@link Operand} and text. */
    static Function<Operand, CodeBlock> bind(Object... pairs) {
        Map<Operand, CodeBlock> map = new EnumMap<>(Operand.class);
        for (int k = 0; k < pairs.length; k += 2) {
            map.put((Operand) pairs[k], CodeBlock.of("$L", pairs[k + 1]));
        }
        return o -> {
            CodeBlock code = map.get(o);
            if (code == null) {
                throw new IllegalStateException("no expression for operand " + o + ": generator bug");
            }
            return code;
        };
    }

    /** {@code save(Path)} and {@code load(Path)} of the model file format nnspec train writes (docs/model-file.md). */
    private void saveAndLoad() {
        field(FieldSpec.builder(String.class, "SPEC_SHA256", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The SHA-256 of the spec this class was generated from, recorded in model files.\n")
                .initializer("$S", safe(spec.sha256())).build());
        // these JDK types are named in full, so the imports stay those of the runtime
        type.alwaysQualify("Path", "IOException");
        ClassName path = ClassName.get("java.nio.file", "Path");
        ClassName modelFile = ClassName.get(nnspec.runtime.ModelFile.class);
        type.addMethod(MethodSpec.methodBuilder("save")
                .addJavadoc("Writes the parameters as a model file (format $S, written atomically).\n",
                        nnspec.runtime.ModelFile.MAGIC)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(path, "file")
                .addException(java.io.IOException.class)
                .addStatement("$T.save(this, SPEC_SHA256, file)", modelFile)
                .build());
        ClassName self = ClassName.get(packageName, shape.className);
        type.addMethod(MethodSpec.methodBuilder("load")
                .addJavadoc("A model with the parameters of a model file that {@code nnspec train} or {@link #save}"
                        + " wrote for this network.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(path, "file")
                .addException(java.io.IOException.class)
                .addException(modelFile.nestedClass("BadModelFile"))
                .addStatement("return $T.load(new $T(), file)", modelFile, self)
                .build());
    }

    static String comment(FormulaRef formula) {
        return safe(formula.comment());
    }

    private String header() {
        return "generated by nnspec, do not edit.\n"
                + "\n"
                + "spec:      " + safe(baseName(spec.fileName())) + "\n"
                + "sha-256:   " + safe(spec.sha256()) + "\n"
                + initFiles()
                + "generator: " + JavaGenerator.VERSION;
    }

    /** One header line per init file the spec reads: its name as written and its SHA-256. */
    private String initFiles() {
        StringBuilder lines = new StringBuilder();
        for (LayerCode layer : shape.layers) {
            if (layer.plan().slots().layer().init() instanceof Init.FromFile file) {
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

    private CodeBlock classJavadoc() {
        CodeBlock.Builder doc = CodeBlock.builder();
        doc.add("Network $L: input $L", safe(plan.network().name()), plan.network().input().toString());
        for (StageCode stage : shape.stages) {
            switch (stage.plan().kind()) {
                case DENSE -> doc.add(", dense $L $L", ((Plan.LayerPlan) stage.plan()).units(),
                        ((Plan.LayerPlan) stage.plan()).slots().layer().activation().keyword());
                case DROPOUT -> doc.add(", dropout $L", ((DropoutPlan) stage.plan()).dropProbability());
                case CONV -> {
                    ConvLayer c = ((ConvPlan) stage.plan()).slots().layer();
                    doc.add(", conv $L $Lx$L $L", c.filters(), c.kernelH(), c.kernelW(), c.activation().keyword());
                }
                case POOL -> doc.add(", $L $Lx$L", ((PoolPlan) stage.plan()).layer().mode().keyword(),
                        ((PoolPlan) stage.plan()).layer().windowH(), ((PoolPlan) stage.plan()).layer().windowW());
                case FLATTEN -> doc.add(", flatten");
                case BATCHNORM -> doc.add(", batchnorm");
            }
        }
        doc.add(".\n<p>Trained with $L", plan.train().optimizer().kind().keyword());
        plan.train().loss().ifPresent(loss -> {
            doc.add(" on $L", loss.kind().keyword());
            if (!loss.naturalLog()) {
                doc.add(" (log base $L)", JavaGenerator.literal(loss.logBase()));
            }
        });
        doc.add("; the output layer's delta is $L. Computes what the reference interpreter computes for this spec,"
                + " with the same runtime kernels.\n", safe(plan.output().formula().text()));
        doc.add("<p>Parameters, layer by layer: weights w[j][i] (unit j, input i) row by row, then biases b[j].\n");
        for (ConvPlan conv : convolutions()) {
            doc.add("<br>$L: kernels K[o][c][m][n] at $L, biases at $L; initialised by $L.\n", safe(conv.name()),
                    conv.slots().weightOffset(), conv.slots().biasOffset(), safe(conv.init().formula().text()));
        }
        for (LayerCode layer : shape.layers) {
            doc.add("<br>$L: $L x $L at $L, biases at $L, $L; initialised by $L.\n", safe(layer.name()),
                    layer.plan().units(), layer.plan().inputs(), layer.plan().slots().weightOffset(),
                    layer.plan().slots().biasOffset(), layer.straight() ? "straight-line" : "loops",
                    safe(layer.plan().init().formula().text()));
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

    private void write(MethodSpec.Builder method, String name, Body body, List<String> prelude,
            List<ParameterSpec> parameters, String arguments) {
        MethodBudget.write(method, name, body, prelude, parameters, arguments, this::method);
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
        intConstant("INPUT_SIZE", plan.network().inputSize(), null);
        intConstant("OUTPUT_SIZE", plan.network().outputSize(), null);
        intConstant("PARAMETER_COUNT", plan.layout().parameterCount(), null);
        plan.loss().ifPresent(loss -> field(FieldSpec.builder(TypeName.DOUBLE, "LOG_BASE", Modifier.PRIVATE,
                Modifier.STATIC, Modifier.FINAL).initializer("$L", loss.logBase() == Math.E ? "Math.E"
                : JavaGenerator.literal(loss.logBase())).build()));
        for (LayerCode layer : shape.layers) {
            Plan.LayerPlan p = layer.plan();
            intConstant(layer.wOffset(), p.slots().weightOffset(), "Layer " + safe(p.name()) + ": "
                    + count(p.units(), "unit") + " of " + count(p.inputs(), "input") + ", "
                    + p.slots().layer().activation().keyword() + "; w[j][i] at " + layer.wOffset() + " + j * "
                    + p.inputs() + " + i.");
            intConstant(layer.bOffset(), p.slots().biasOffset(), "Layer " + safe(p.name()) + ": b[j] at "
                    + layer.bOffset() + " + j.");
            if (layer.straight()) {
                for (int j = 0; j < p.units(); j++) {
                    for (int i = 0; i < p.inputs(); i++) {
                        intConstant(layer.w(j, i), p.slots().weight(j, i), null);
                    }
                }
                for (int j = 0; j < p.units(); j++) {
                    intConstant(layer.b(j), p.slots().bias(j), null);
                }
            } else {
                intConstant(layer.inputs(), p.inputs(), null);
                intConstant(layer.units(), p.units(), null);
            }
        }
        for (StageCode stage : shape.stages) {
            if (stage.plan() instanceof ConvPlan conv) {
                intConstant(stage.wOffset(), conv.slots().weightOffset(), "Layer " + safe(conv.name())
                        + ": kernel K[o][c][m][n] row-major from here.");
                intConstant(stage.bOffset(), conv.slots().biasOffset(), "Layer " + safe(conv.name())
                        + ": b[o] at " + stage.bOffset() + " + o.");
            } else if (stage.plan() instanceof Plan.NormPlan) {
                new NormEmission(stage).constants().forEach(this::field);
            }
        }
    }

    /** The convolutions' plans, in order. */
    private List<ConvPlan> convolutions() {
        return plan.stages().stream().filter(ConvPlan.class::isInstance).map(ConvPlan.class::cast).toList();
    }

    private void storage() {
        field(FieldSpec.builder(DOUBLES, "parameters", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new double[PARAMETER_COUNT]").build());
        field(FieldSpec.builder(DOUBLES, "gradients", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Sums over the samples since the last zeroGradients().\n")
                .initializer("new double[PARAMETER_COUNT]").build());
        vector(shape.input, "The input of the last forward pass (a copy).");
        if (plan.random() || plan.batchCoupled()) {
            boolean slopes = shape.layers.stream().anyMatch(LayerCode::randomised);
            boolean masks = plan.stages().stream().anyMatch(st -> st.kind() == Plan.Stage.Kind.DROPOUT);
            String draws = slopes && masks ? "randomised ReLU slopes and dropout masks"
                    : slopes ? "randomised ReLU slopes" : "dropout masks";
            FieldSpec.Builder training = FieldSpec.builder(TypeName.BOOLEAN, "training", Modifier.PRIVATE);
            if (plan.random()) {
                training.addJavadoc("Whether forward passes draw $L (training) or take their expected values"
                        + " (evaluation).\n", draws);
            }
            if (plan.batchCoupled()) {
                training.addJavadoc("Whether batch normalisations use the batch's statistics (training) or their"
                        + " running statistics (evaluation).\n");
            }
            field(training.build());
            method(override("training", TypeName.VOID).addParameter(TypeName.BOOLEAN, "on")
                    .addStatement("training = on").build());
            randomStates();
        }
        for (LayerCode layer : shape.layers) {
            String name = safe(layer.name());
            vector(layer.z(), "Layer " + name + ": pre-activations z of the last forward pass.");
            vector(layer.a(), "Layer " + name + ": activations a = f(z) of the last forward pass.");
            vector(layer.d(), "Layer " + name + ": deltas dL/dz of the last backward pass.");
            if (layer.randomised()) {
                field(sampleArray(DOUBLES, layer.slopes(), "double", layer.plan().units())
                        .addJavadoc("Layer $L: the randomised ReLU slopes of the last forward pass.\n", name)
                        .initializer("new double[$L]", layer.plan().units()).build());
                field(FieldSpec.builder(nnspec.runtime.ShuffleRandom.class, layer.slopeDraws(), Modifier.PRIVATE)
                        .addJavadoc("Layer $L: the generator of its slopes, reset by initialize().\n", name)
                        .build());
            }
            if (layer.coupled() && needsUpstream(layer)) {
                vector(layer.u(), "Layer " + name + ": dL/da of the last backward pass, which the activation's"
                        + " Jacobian-vector product turns into dL/dz.");
            }
        }
    }

    /**
     * {@code randomStates()} and {@code restoreRandomStates(long[])} over the dropout mask generators in stage order,
     * then the randomised ReLU slope generators in layer order (the order {@link nnspec.runtime.Model#randomStates}
     * documents, which the interpreter keeps too).
     */
    private void randomStates() {
        List<String> generators = new ArrayList<>();
        for (StageCode stage : shape.stages) {
            if (stage.plan().kind() == Plan.Stage.Kind.DROPOUT) {
                generators.add(stage.maskDraws());
            }
        }
        for (LayerCode layer : shape.layers) {
            if (layer.randomised()) {
                generators.add(layer.slopeDraws());
            }
        }
        MethodSpec.Builder states = override("randomStates", TypeName.get(long[].class));
        states.addStatement("return new long[] {$L}", String.join(", ", generators.stream()
                .map(g -> g + ".state()").toList()));
        method(states.build());
        MethodSpec.Builder restore = override("restoreRandomStates", TypeName.VOID)
                .addParameter(long[].class, "states")
                .beginControlFlow("if (states.length != $L)", generators.size())
                .addStatement("throw new $T($S + states.length)", IllegalArgumentException.class,
                        "expected " + generators.size() + " generator states, found ")
                .endControlFlow();
        for (int k = 0; k < generators.size(); k++) {
            restore.addStatement("$L.restore(states[$L])", generators.get(k), k);
        }
        method(restore.build());
    }

    /** The fields of the stages other than dense layers, and the dL/d(output) vectors of every stage. */
    private void stageStorage() {
        for (StageCode stage : shape.stages) {
            String name = safe(stage.plan().name());
            switch (stage.plan().kind()) {
                case DENSE, FLATTEN -> {
                }
                case DROPOUT -> {
                    vector(stage.out(), "Layer " + name + ": its inputs times this pass's factors.");
                    field(sampleArray(DOUBLES, stage.dropFactors(), "double", stage.plan().outputs())
                            .addJavadoc("Layer $L: the dropout factors of the last forward pass, mask times scale.\n",
                                    name)
                            .initializer("new double[$L]", stage.plan().outputs()).build());
                    field(FieldSpec.builder(nnspec.runtime.ShuffleRandom.class, stage.maskDraws(), Modifier.PRIVATE)
                            .addJavadoc("Layer $L: the generator of its dropout masks, reset by initialize().\n",
                                    name)
                            .build());
                }
                case CONV -> {
                    vector(stage.z(), "Layer " + name + ": pre-activations z of the last forward pass.");
                    vector(stage.out(), "Layer " + name + ": activations a = f(z) of the last forward pass.");
                    vector(stage.d(), "Layer " + name + ": deltas dL/dz of the last backward pass.");
                }
                case POOL -> {
                    vector(stage.out(), "Layer " + name + ": its outputs of the last forward pass.");
                    if (((PoolPlan) stage.plan()).max()) {
                        field(sampleArray(TypeName.get(int[].class), stage.argmax(), "int", stage.plan().outputs())
                                .addJavadoc("Layer $L: per output, the input element its window chose.\n", name)
                                .initializer("new int[$L]", stage.plan().outputs()).build());
                    }
                }
            }
            if (stage.plan() instanceof Plan.NormPlan norm) {
                vector(stage.out(), "Layer " + name + ": its outputs of the last forward pass.");
                if (norm.activation().isPresent()) {
                    vector(stage.z(), "Layer " + name + ": the normalised values, before the activation.");
                    vector(stage.d(), "Layer " + name + ": dL/d(the normalised values) of the last backward pass.");
                }
                new NormEmission(stage).fields().forEach(this::field);
            }
            Plan.Stage p = stage.plan();
            boolean ownG = stage.g() != null && p.kind() != Plan.Stage.Kind.FLATTEN
                    && !(p.kind() == Plan.Stage.Kind.DENSE && shape.layerOf(p).coupled());
            if (ownG) {
                vector(stage.g(), "Layer " + name + ": dL/d(its outputs) of the last backward pass.");
            }
        }
    }

    /** Whether the backward pass goes through this coupled layer's Jacobian-vector product (not a fused delta). */
    private boolean needsUpstream(LayerCode layer) {
        return layer != shape.output() || plan.output().rule() == OutputRule.CHAIN;
    }

    /**
     * A per-sample array field: final, except with batch normalisation, where {@link #batches()} points it at the
     * current sample's own array.
     */
    private FieldSpec.Builder sampleArray(TypeName type, String name, String element, int size) {
        FieldSpec.Builder field = FieldSpec.builder(type, name, Modifier.PRIVATE);
        if (plan.batchCoupled()) {
            banked.add(new String[] {name, element, Integer.toString(size)});
        } else {
            field.addModifiers(Modifier.FINAL);
        }
        return field;
    }

    private void vector(Vec vec, String javadoc) {
        if (vec.array()) {
            field(sampleArray(DOUBLES, vec.name(), "double", vec.size())
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
                .addStatement("return $S", plan.network().name()).build());
        method(override("inputSize", TypeName.INT).addStatement("return INPUT_SIZE").build());
        method(override("outputSize", TypeName.INT).addStatement("return OUTPUT_SIZE").build());
        method(override("parameterCount", TypeName.INT).addStatement("return PARAMETER_COUNT").build());
        List<String> names = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        List<String> fanIns = new ArrayList<>();
        List<String> fanOuts = new ArrayList<>();
        for (LayerCode layer : shape.layers) {
            names.add(CodeBlock.of("$S", layer.name()).toString());
            offsets.add(layer.wOffset());
            fanIns.add(Integer.toString(layer.plan().inputs()));
            fanOuts.add(Integer.toString(layer.plan().units()));
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
        MethodSpec.Builder parameterName = override("parameterName", TypeName.get(String.class))
                .addParameter(TypeName.INT, "index");
        for (StageCode stage : shape.stages) {
            if (stage.plan() instanceof ConvPlan conv) {
                ConvLayer c = conv.slots().layer();
                parameterName.beginControlFlow("if (index >= $L && index < $L + $L)", stage.wOffset(), stage.wOffset(),
                                c.parameterCount())
                        .addStatement("return $T.parameterName(index - $L, $S, $L, $L, $L, $L)", Convolution.class,
                                stage.wOffset(), c.name(), c.input().channels(), c.kernelH(), c.kernelW(),
                                c.filters())
                        .endControlFlow();
            } else if (stage.plan() instanceof Plan.NormPlan norm) {
                int count = norm.slots().layer().parameterCount();
                // gamma is the first of the layer's four blocks, so its offset is where the layer's parameters start
                String from = new NormEmission(stage).gamma();
                parameterName.beginControlFlow("if (index >= $L && index < $L + $L)", from, from, count)
                        .addStatement("return $T.parameterName(index - $L, $S, $L)", nnspec.runtime.BatchNorm.class,
                                from, norm.name(), norm.slots().layer().features())
                        .endControlFlow();
            }
        }
        method(parameterName
                .addStatement("return $T.parameterName(index, LAYER_NAMES, LAYER_OFFSETS, LAYER_WIDTHS_IN,"
                        + " LAYER_WIDTHS_OUT)", Model.class)
                .build());
        method(override("parameters", DOUBLES).addStatement("return parameters").build());
        MethodSpec.Builder gradients = override("gradients", DOUBLES);
        if (!bufferedLayers().isEmpty()) {
            gradients.addStatement("flushGradients()");
        }
        method(gradients.addStatement("return gradients").build());
        method(override("hasLoss", TypeName.BOOLEAN).addStatement("return $L", plan.loss().isPresent()).build());
        method(override("followsGradient", TypeName.BOOLEAN)
                .addStatement("return $L", plan.output().rule() != OutputRule.PERCEPTRON).build());
        method(override("decision", TypeName.get(Decision.class))
                .addStatement("return $T.$L", Decision.class, plan.decision().name()).build());
        TrainSpec train = plan.train();
        method(override("trainingPlan", TypeName.get(TrainingPlan.class))
                .addJavadoc("The spec's train block: $L epochs, batches of $L, $L.\n", train.epochs(), train.batchSize(),
                        train.order() == TrainSpec.Order.SHUFFLED
                                ? "samples shuffled by java.util.Random(" + train.shuffleSeed() + ")" : "samples in order")
                .addComment("$L", comment(plan.schedule().formula()))
                .addStatement("return new $T($L, $L, $L, $LL, $L, $L, $L)", TrainingPlan.class, train.epochs(),
                        train.batchSize(), train.order() == TrainSpec.Order.SHUFFLED, train.shuffleSeed(),
                        plan.schedule().schedule().code("PARAMETER_COUNT"), plan.schedule().perStep(),
                        Plan.meanOverSamples(train))
                .build());
    }

    // ----- initialisation -----------------------------------------------------------------------------------

    private void initialize() {
        MethodSpec.Builder init = override("initialize", TypeName.VOID);
        for (StageCode stage : shape.stages) {
            if (stage.plan() instanceof DropoutPlan d) {
                init.addComment("$L: the generator of its dropout masks, from its seed", safe(d.name()));
                init.addStatement("$L = new $T($LL)", stage.maskDraws(), nnspec.runtime.ShuffleRandom.class, d.seed());
            } else if (stage.plan() instanceof ConvPlan c) {
                init.addComment("$L: $L", safe(c.name()), comment(c.init().formula()));
                Function<Operand, CodeBlock> operands = bind(PARAMETERS, "parameters", WEIGHTS_FROM,
                        stage.wOffset(), BIASES_FROM, stage.bOffset());
                for (KernelCall call : c.init().calls()) {
                    init.addStatement(call.code(operands));
                }
            } else if (stage.plan() instanceof Plan.NormPlan) {
                init.addCode(new NormEmission(stage).initialization());
            }
        }
        for (LayerCode layer : shape.layers) {
            Plan.LayerPlan p = layer.plan();
            String name = safe(p.name());
            if (p.activation() instanceof ActivationPlan.Randomised r) {
                init.addComment("$L: the generator of its randomised ReLU slopes, from its seed", name);
                init.addStatement("$L = new $T($LL)", layer.slopeDraws(), nnspec.runtime.ShuffleRandom.class,
                        r.seed());
            }
            init.addComment("$L: $L", name, comment(p.init().formula()));
            switch (p.init().kind()) {
                case LITERAL -> {
                    init.addStatement("initialize$L()", layer.method());
                    literalInitializer(layer, (InitPlan.Literal) p.init());
                }
                case DRAWN -> {
                    Function<Operand, CodeBlock> operands = bind(PARAMETERS, "parameters", WEIGHTS_FROM,
                            layer.wOffset(), BIASES_FROM, layer.bOffset());
                    for (KernelCall call : ((InitPlan.Drawn) p.init()).calls()) {
                        init.addStatement(call.code(operands));
                    }
                }
            }
        }
        method(init.build());
    }

    private void literalInitializer(LayerCode layer, InitPlan.Literal literal) {
        Plan.LayerPlan p = layer.plan();
        MethodSpec.Builder init = MethodSpec.methodBuilder("initialize" + layer.method())
                .addModifiers(Modifier.PRIVATE);
        if (layer.straight()) {
            for (int j = 0; j < p.units(); j++) {
                for (int i = 0; i < p.inputs(); i++) {
                    init.addStatement("parameters[$L] = $L", layer.w(j, i), JavaGenerator.literal(literal.weight(j, i)));
                }
                init.addStatement("parameters[$L] = $L", layer.b(j), JavaGenerator.literal(literal.bias(j)));
            }
        } else {
            needsFill = true;
            List<String> values = new ArrayList<>();
            for (int j = 0; j < p.units(); j++) {
                for (int i = 0; i < p.inputs(); i++) {
                    values.add(Double.toString(literal.weight(j, i)));
                }
            }
            for (int j = 0; j < p.units(); j++) {
                values.add(Double.toString(literal.bias(j)));
            }
            init.addComment("the layer's weights row by row, then its biases, as Double.toString values");
            int chunk = JavaGenerator.LITERAL_CHUNK;
            for (int c = 0; c * chunk < values.size(); c++) {
                List<String> part = values.subList(c * chunk, Math.min(values.size(), (c + 1) * chunk));
                field(FieldSpec.builder(String.class, layer.literal(c), Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("$S", String.join(" ", part)).build());
                init.addStatement("fill(parameters, $L + $L, $L)", layer.wOffset(), c * chunk, layer.literal(c));
            }
        }
        method(init.build());
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

    private static ParameterSpec doubles(String name) {
        return ParameterSpec.builder(DOUBLES, name).build();
    }

    // ----- forward ------------------------------------------------------------------------------------------

    private void forward() {
        MethodSpec.Builder forward = override("forward", TypeName.VOID)
                .addParameter(DOUBLES, "x")
                .addParameter(DOUBLES, "yhat");
        Body body = new Body();
        body.comment("keep a copy of the input for the backward pass");
        copy(body, "x", shape.input, true);
        for (StageCode stage : shape.stages) {
            if (stage.plan().kind() != Plan.Stage.Kind.FLATTEN) {
                body.statement(CALL_COST, "forward$L()", stage.method());
            }
        }
        copy(body, "yhat", shape.output().a(), false);
        write(forward, "forward", body, List.of(), List.of(doubles("x"), doubles("yhat")), "x, yhat");
        method(forward.build());
        for (StageCode stage : shape.stages) {
            switch (stage.plan().kind()) {
                case DENSE -> forwardLayer(shape.layerOf(stage.plan()));
                case DROPOUT -> forwardDropout(stage);
                case CONV -> forwardConv(stage);
                case POOL -> forwardPool(stage);
                case FLATTEN -> {
                    // the same values read as a vector: the next layer reads the same array
                }
                case BATCHNORM -> forwardNorm(stage);
            }
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

    /** The activation of one unit ({@code unit} an index or a loop variable) at z, as a kernel call. */
    private static CodeBlock activationCall(LayerCode layer, Object unit, String z) {
        return switch (layer.plan().activation().kind()) {
            case ELEMENTWISE -> ((ActivationPlan.Elementwise) layer.plan().activation()).value().code(bind(Z, z));
            case RANDOMISED -> ((ActivationPlan.Randomised) layer.plan().activation()).value()
                    .code(bind(Z, z, SLOPE, layer.slopes() + "[" + unit + "]"));
            case COUPLED -> throw new IllegalStateException("a coupled activation has no per-unit call");
        };
    }

    /** The activation's derivative for one unit at z, given a = f(z), as a kernel call. */
    private static CodeBlock derivativeCall(LayerCode layer, Object unit, String z, String a) {
        return switch (layer.plan().activation().kind()) {
            case ELEMENTWISE -> ((ActivationPlan.Elementwise) layer.plan().activation()).derivative()
                    .code(bind(Z, z, A, a));
            case RANDOMISED -> ((ActivationPlan.Randomised) layer.plan().activation()).derivative()
                    .code(bind(Z, z, A, a, SLOPE, layer.slopes() + "[" + unit + "]"));
            case COUPLED -> throw new IllegalStateException("a coupled activation has no per-unit derivative");
        };
    }

    private static FormulaRef derivativeFormula(LayerCode layer) {
        return switch (layer.plan().activation().kind()) {
            case ELEMENTWISE -> ((ActivationPlan.Elementwise) layer.plan().activation()).derivativeFormula();
            case RANDOMISED -> ((ActivationPlan.Randomised) layer.plan().activation()).derivativeFormula();
            case COUPLED -> ((ActivationPlan.Coupled) layer.plan().activation()).backwardFormula();
        };
    }

    private void forwardLayer(LayerCode layer) {
        Plan.LayerPlan p = layer.plan();
        ActivationPlan act = p.activation();
        String name = "forward" + layer.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: $L of $L, $L.\n", safe(p.name()), count(p.units(), "unit"),
                        count(p.inputs(), "input"), p.slots().layer().activation().keyword())
                .addModifiers(Modifier.PRIVATE);
        Vec in = layer.in();
        Vec z = layer.z();
        Vec a = layer.a();
        Body body = new Body();
        if (act instanceof ActivationPlan.Randomised r) {
            body.comment(comment(r.formula()));
            body.block(LOOP_COST, CodeBlock.builder()
                    .beginControlFlow("if (training)")
                    .addStatement(r.draw().code(bind(RANDOM, layer.slopeDraws(), SLOPES, layer.slopes())))
                    .nextControlFlow("else")
                    .addStatement(r.evaluation().code(bind(SLOPES, layer.slopes())))
                    .endControlFlow()
                    .build());
        }
        body.comment(comment(Citations.AFFINE));
        boolean perUnit = !layer.coupled();
        if (layer.straight()) {
            if (perUnit) {
                body.comment(comment(act.formula()));
            }
            for (int j = 0; j < p.units(); j++) {
                CodeBlock.Builder sum = CodeBlock.builder().add("p[$L]", layer.b(j));
                for (int i = 0; i < p.inputs(); i++) {
                    sum.add(" +$Wp[$L] * $L", layer.w(j, i), in.at(i));
                }
                body.statement(UNIT_COST + TERM_COST * p.inputs(), "$L = $L", z.at(j), sum.build());
                if (perUnit) {
                    body.statement(CALL_COST, "$L = $L", a.at(j), activationCall(layer, j, z.at(j)));
                }
            }
        } else {
            // the plan's dense kernel, as the interpreter calls it: in fast mode its twin sums large layers with
            // several accumulators, which a loop written here would have to copy to agree with the interpreter
            body.statement(CALL_COST, "$L", p.affine().code(bind(INPUT_VECTOR, in.name(), PARAMETERS, "p",
                    WEIGHTS_FROM, layer.wOffset(), BIASES_FROM, layer.bOffset(), Z_VECTOR, z.name())));
            if (perUnit) {
                body.comment(comment(act.formula()));
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", layer.units())
                        .addStatement("$L = $L", a.at("j"), activationCall(layer, "j", z.at("j")))
                        .endControlFlow()
                        .build());
            }
        }
        if (act instanceof ActivationPlan.Coupled c) {
            body.comment(comment(c.formula()));
            body.statement(CALL_COST, "$L", c.forward().code(bind(Z_VECTOR, z.name(), A_VECTOR, a.name())));
        }
        write(m, name, body, List.of("double[] p = parameters"), List.of(), "");
        method(m.build());
    }

    /** REG-dropout on the stage's inputs: this pass's factors from the runtime, then each value times its factor. */
    private void forwardDropout(StageCode stage) {
        DropoutPlan dropout = (DropoutPlan) stage.plan();
        String name = "forward" + stage.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: dropout on $L values.\n", safe(dropout.name()), dropout.width())
                .addModifiers(Modifier.PRIVATE);
        Body body = new Body();
        body.comment(comment(dropout.formula()));
        body.statement(CALL_COST, "$L", dropout.factors().code(bind(RANDOM, stage.maskDraws(), TRAINING, "training",
                FACTORS, stage.dropFactors())));
        elementwise(body, stage.out(), stage.in(), stage.dropFactors(), dropout.width());
        write(m, name, body, List.of(), List.of(), "");
        method(m.build());
    }

    /** {@code to[k] = from[k] * factors[k]} for every k: one loop over arrays, else one statement per element. */
    private static void elementwise(Body body, Vec to, Vec from, String factors, int n) {
        if (to.array() && from.array()) {
            body.block(LOOP_COST, CodeBlock.builder()
                    .beginControlFlow("for (int k = 0; k < $L; k++)", n)
                    .addStatement("$L = $L * $L[k]", to.at("k"), from.at("k"), factors)
                    .endControlFlow()
                    .build());
        } else {
            for (int k = 0; k < n; k++) {
                body.statement(COPY_COST, "$L = $L * $L[$L]", to.at(k), from.at(k), factors, k);
            }
        }
    }

    /**
     * LAYER-conv2d-forward as loops with constant bounds ({@link ImageEmission}), then the activation.
     */
    private void forwardConv(StageCode stage) {
        ConvPlan conv = (ConvPlan) stage.plan();
        String name = "forward" + stage.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: $L.\n", safe(conv.name()), safe(conv.formula().variant()))
                .addModifiers(Modifier.PRIVATE);
        m.addComment("$L", comment(conv.formula()));
        ConvLayer c = conv.slots().layer();
        ImageEmission.Target target = new ImageEmission.Target(m, name, this::method);
        if (ImageEmission.unpaddedAndSmall(c, c.fanIn())) {
            ImageEmission.unrolledConvolution(target, stage, c);
        } else {
            ImageEmission.convolution(target, stage, c);
        }
        m.addComment("$L", comment(conv.activation().formula()));
        m.beginControlFlow("for (int k = 0; k < $L; k++)", conv.outputs())
                .addStatement("$L = $L", stage.out().at("k"), conv.activation().value().code(bind(Z,
                        stage.z().at("k"))))
                .endControlFlow();
        method(m.build());
    }

    /**
     * LAYER-batchnorm-forward of one sample with the running statistics (evaluation); while training, whole batches
     * go through {@code forwardBatch}, which calls the layer's batch methods ({@link NormEmission}). With placement
     * before, also {@code activate...}: the previous layer's activation on the normalised values.
     */
    private void forwardNorm(StageCode stage) {
        Plan.NormPlan norm = (Plan.NormPlan) stage.plan();
        NormEmission emission = new NormEmission(stage);
        method(emission.inference(plan.network().name()));
        method(emission.training());
        method(emission.backward(shape.stages.get(shape.stages.indexOf(stage) - 1).g().name()));
        norm.activation().ifPresent(f -> {
            MethodSpec.Builder a = MethodSpec.methodBuilder("activate" + stage.method())
                    .addJavadoc("Layer $L: $L.\n", safe(norm.name()), comment(norm.placementFormula()))
                    .addModifiers(Modifier.PRIVATE);
            a.addComment("$L", comment(f.formula()));
            a.beginControlFlow("for (int k = 0; k < $L; k++)", norm.outputs())
                    .addStatement("$L = $L", stage.out().at("k"), f.value().code(bind(Z, stage.z().at("k"))))
                    .endControlFlow();
            method(a.build());
            MethodSpec.Builder d = MethodSpec.methodBuilder("delta" + stage.method())
                    .addJavadoc("Layer $L: dL/d(the normalised values), through the activation.\n",
                            safe(norm.name()))
                    .addModifiers(Modifier.PRIVATE);
            d.addComment("$L", comment(f.derivativeFormula()));
            d.beginControlFlow("for (int k = 0; k < $L; k++)", norm.outputs())
                    .addStatement("$L = $L * $L", stage.d().at("k"), stage.g().at("k"), f.derivative().code(
                            bind(Z, stage.z().at("k"), A, stage.out().at("k"))))
                    .endControlFlow();
            method(d.build());
        });
    }

    /** LAYER-maxpool-forward or LAYER-avgpool-forward as loops with constant bounds ({@link ImageEmission}). */
    private void forwardPool(StageCode stage) {
        PoolPlan pool = (PoolPlan) stage.plan();
        String name = "forward" + stage.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: $L.\n", safe(pool.name()), safe(pool.formula().variant()))
                .addModifiers(Modifier.PRIVATE);
        m.addComment("$L", comment(pool.formula()));
        ImageEmission.poolForward(new ImageEmission.Target(m, name, this::method), stage, pool.layer());
        method(m.build());
    }

    /** The backward step of a coupled activation: dL/dz = J^T dL/da, from the layer's upstream array. */
    private static void jacobianVectorProduct(Body body, LayerCode layer) {
        ActivationPlan.Coupled c = (ActivationPlan.Coupled) layer.plan().activation();
        body.comment(comment(c.backwardFormula()));
        body.statement(CALL_COST, "$L", c.backward().code(bind(Z_VECTOR, layer.z().name(), A_VECTOR,
                layer.a().name(), UPSTREAM, layer.u().name(), DELTA, layer.d().name())));
    }

    private void outputPreActivation() {
        Vec z = shape.output().z();
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

    // ----- loss ---------------------------------------------------------------------------------------------

    /** The fast mode's softmax cache of the output layer, where loss() leaves what the output delta reuses. */
    private static final String SOFTMAX_CACHE_FIELD = "softmaxCache";

    private void loss() {
        MethodSpec.Builder m = override("loss", TypeName.DOUBLE).addParameter(DOUBLES, "y");
        if (plan.loss().isEmpty()) {
            m.addComment("the perceptron rule is a heuristic with no loss behind it");
            m.addStatement("return Double.NaN");
            method(m.build());
            return;
        }
        LossPlan loss = plan.loss().get();
        LayerCode out = shape.output();
        Vec a = out.a();
        int n = a.size();
        m.addComment("$L", comment(loss.formula()));
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
        if (loss.vector()) {
            body.comment("the output layer is linear: its activations are the logits z");
            if (loss.term().arguments().contains(SOFTMAX_CACHE)) {
                field(FieldSpec.builder(DOUBLES, SOFTMAX_CACHE_FIELD, Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The logits loss() took the exponentials of, those exponentials, and a mark that"
                                + " it wrote them:\nthe output delta of the same logits reuses them"
                                + " (FastLosses.softmaxCrossEntropyWithLogits).\n")
                        .initializer("new double[$L]", FastLosses.softmaxCacheLength(n)).build());
                body.comment("the exponentials stay in " + SOFTMAX_CACHE_FIELD
                        + " for the output delta of these logits");
            }
            body.statement(CALL_TERM_COST, "$L = $L", sum, loss.term().code(bind(A_VECTOR, a.name(), Y_VECTOR, "y",
                    LOG_BASE, "LOG_BASE", SOFTMAX_CACHE, SOFTMAX_CACHE_FIELD)));
        } else if (out.straight()) {
            for (int j = 0; j < n; j++) {
                body.statement(CALL_TERM_COST, "$L += $L", sum, loss.term().code(bind(P, a.at(j), Y, y(j), LOG_BASE,
                        "LOG_BASE")));
            }
        } else {
            body.block(LOOP_COST, CodeBlock.builder()
                    .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                    .addStatement("sum += $L", loss.term().code(bind(P, a.at("j"), Y, "y[j]", LOG_BASE, "LOG_BASE")))
                    .endControlFlow()
                    .build());
        }
        write(m, "loss", body, List.of(), List.of(doubles("y")), "y");
        if (!loss.meanOverOutputs()) {
            m.addComment("the sum over the outputs");
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

    // ----- backward -----------------------------------------------------------------------------------------

    private void backward() {
        MethodSpec.Builder m = override("backward", TypeName.VOID).addParameter(DOUBLES, "y");
        List<StageCode> stages = shape.stages;
        stages.forEach(st -> backwardSteps.add(List.of()));
        LayerCode out = shape.output();
        List<LayerCode> buffered = bufferedLayers();
        if (!buffered.isEmpty()) {
            m.beginControlFlow("if (bufferedSamples == GRADIENT_BUFFER)")
                    .addStatement("flushGradients()")
                    .endControlFlow();
        }
        if (!plan.batchCoupled()) {
            m.addStatement("delta$L(y)", out.method());
        }
        // the helpers after backward() itself, in the order it calls them
        List<Runnable> helpers = new ArrayList<>();
        helpers.add(() -> outputDelta(out));
        for (int s = stages.size() - 1; s >= 0; s--) {
            StageCode stage = stages.get(s);
            List<CodeBlock> step = new ArrayList<>();
            backwardSteps.set(s, step);
            StageCode below = s > 0 ? stages.get(s - 1) : null;
            // where dL/d(this stage's inputs) goes: nowhere for the network's input
            Vec gradIn = below == null ? null : below.g();
            LayerCode denseBelow = below != null && below.plan().kind() == Plan.Stage.Kind.DENSE
                    ? shape.layerOf(below.plan()) : null;
            switch (stage.plan().kind()) {
                case DENSE -> {
                    LayerCode layer = shape.layerOf(stage.plan());
                    if (stage.g() != null) {
                        step.add(CodeBlock.of("delta$L()", layer.method()));
                        helpers.add(() -> deltaFromUpstream(layer, stage.g()));
                    }
                    step.add(CodeBlock.of("gradients$L()", layer.method()));
                    helpers.add(() -> parameterGradients(layer));
                    if (denseBelow != null) {
                        step.add(CodeBlock.of("delta$L()", denseBelow.method()));
                        helpers.add(() -> hiddenDelta(layer, denseBelow));
                    } else if (gradIn != null) {
                        step.add(CodeBlock.of("upstream$L()", layer.method()));
                        helpers.add(() -> upstream(layer, gradIn));
                    }
                }
                case DROPOUT -> {
                    if (gradIn != null) {
                        step.add(CodeBlock.of("backward$L()", stage.method()));
                        helpers.add(() -> backwardDropout(stage, gradIn));
                    }
                }
                case CONV -> {
                    step.add(CodeBlock.of("backward$L()", stage.method()));
                    helpers.add(() -> backwardConv(stage, gradIn));
                }
                case POOL -> {
                    if (gradIn != null) {
                        step.add(CodeBlock.of("backward$L()", stage.method()));
                        helpers.add(() -> backwardPool(stage, gradIn));
                    }
                }
                case FLATTEN -> {
                    // its dL/d(outputs) is its input's: nothing to do
                }
                case BATCHNORM -> {
                    // over the whole batch, in backwardBatch
                }
            }
        }
        if (plan.batchCoupled()) {
            m.addStatement("throw new $T($S)", IllegalStateException.class, plan.network().name()
                    + " steps back over whole batches: use backwardBatch");
        } else {
            for (int s = stages.size() - 1; s >= 0; s--) {
                backwardSteps.get(s).forEach(m::addStatement);
            }
        }
        if (!buffered.isEmpty()) {
            m.addStatement("bufferedSamples++");
        }
        method(m.build());
        helpers.forEach(Runnable::run);
        MethodSpec.Builder zero = override("zeroGradients", TypeName.VOID);
        if (!buffered.isEmpty()) {
            zero.addStatement("bufferedSamples = 0");
            gradientBuffers(buffered);
        }
        method(zero.addStatement("$T.constant(gradients, 0, PARAMETER_COUNT, 0.0)", Initializers.class).build());
    }

    /**
     * The loop-form layers whose weight gradients are added a batch at a time: every one, when the spec trains in
     * batches of more than one. Adding sample after sample walks the whole gradient matrix once per sample; a buffer
     * of the samples' inputs and deltas lets the plan's gradient kernel add them row by row instead, each element
     * receiving the same terms in the same order (so the same bits). Straight-line layers are too small to gain.
     */
    private List<LayerCode> bufferedLayers() {
        if (plan.train().batchSize() <= 1 || plan.batchCoupled()) {
            // a batch normalisation's backwardBatch walks the batch itself, sample by sample through the banks
            return List.of();
        }
        return shape.layers.stream().filter(layer -> !layer.straight()).toList();
    }

    /** The most samples buffered before their gradients are added: the spec's batch size, at most 64. */
    private int gradientBuffer() {
        return Math.min(plan.train().batchSize(), 64);
    }

    /** The buffers of {@link #bufferedLayers()}, their count, and flushGradients(), which empties them. */
    private void gradientBuffers(List<LayerCode> buffered) {
        intConstant("GRADIENT_BUFFER", gradientBuffer(), "Samples whose gradients wait in the buffers at most.");
        field(FieldSpec.builder(TypeName.INT, "bufferedSamples", Modifier.PRIVATE)
                .addJavadoc("Samples whose inputs and deltas are in the buffers, their gradients not yet added.\n")
                .build());
        MethodSpec.Builder flush = MethodSpec.methodBuilder("flushGradients")
                .addJavadoc("Adds the buffered samples' weight and bias gradients, in sample order.\n")
                .addModifiers(Modifier.PRIVATE);
        flush.addComment("$L", comment(Citations.PARAMETER_GRADIENTS));
        for (LayerCode layer : buffered) {
            String name = safe(layer.name());
            field(FieldSpec.builder(DOUBLES, layer.camel() + "Inputs", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Layer $L: the buffered samples' inputs, one row each.\n", name)
                    .initializer("new double[GRADIENT_BUFFER * $L]", layer.inputs()).build());
            field(FieldSpec.builder(DOUBLES, layer.camel() + "Deltas", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Layer $L: the buffered samples' deltas, one row each.\n", name)
                    .initializer("new double[GRADIENT_BUFFER * $L]", layer.units()).build());
            flush.addStatement(layer.plan().gradients().code(bind(INPUT_VECTOR, layer.camel() + "Inputs", DELTA,
                    layer.camel() + "Deltas", BATCH_SIZE, "bufferedSamples", GRADIENTS, "gradients", WEIGHTS_FROM,
                    layer.wOffset(), BIASES_FROM, layer.bOffset())));
        }
        method(flush.addStatement("bufferedSamples = 0").build());
    }

    private void outputDelta(LayerCode out) {
        String name = "delta" + out.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("BP-output-delta: dL/dz of the output layer $L.\n", safe(out.name()))
                .addModifiers(Modifier.PRIVATE)
                .addParameter(DOUBLES, "y");
        OutputPlan rule = plan.output();
        Vec z = out.z();
        Vec a = out.a();
        Vec d = out.d();
        int n = d.size();
        Body body = new Body();
        List<ParameterSpec> parameters = List.of(doubles("y"));
        String arguments = "y";
        int divisor = rule.divisor();
        String mean = divisor > 1 ? " / " + divisor + ".0" : "";
        body.comment(comment(rule.formula()));
        switch (rule.rule()) {
            case PERCEPTRON, SIGMOID_BCE, BCE_LOGITS, SOFTMAX_CCE -> {
                if (rule.rule() == OutputRule.SOFTMAX_CCE) {
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
                }
                KernelCall delta = rule.delta().orElseThrow();
                perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L$L", d.at(j), delta.code(bind(Z, z.at(j),
                        P, a.at(j), Y, y(j), TARGET_SUM, "targetSum", LOG_BASE, "LOG_BASE")), mean));
            }
            case CCE_LOGITS -> {
                body.statement(CALL_COST, "$L", rule.delta().orElseThrow().code(bind(Z_VECTOR, z.name(), Y_VECTOR,
                        "y", LOG_BASE, "LOG_BASE", DELTA, d.name(), SOFTMAX_CACHE, SOFTMAX_CACHE_FIELD)));
                if (divisor > 1) {
                    perUnit(body, out.straight(), n, j -> CodeBlock.of("$L /= $L", d.at(j), divisor));
                }
            }
            case CHAIN -> {
                LossPlan loss = plan.loss().orElseThrow();
                KernelCall derivative = loss.derivative().orElseThrow();
                body.comment(comment(loss.derivativeFormula()));
                if (out.coupled()) {
                    // dL/da has one entry per output, which for glu is half the units
                    perUnit(body, out.straight(), a.size(), j -> CodeBlock.of("$L = $L$L", out.u().at(j),
                            derivative.code(bind(P, a.at(j), Y, y(j), LOG_BASE, "LOG_BASE")), mean));
                    jacobianVectorProduct(body, out);
                } else {
                    body.comment(comment(derivativeFormula(out)));
                    perUnit(body, out.straight(), n, j -> CodeBlock.of("$L = $L$L * $L", d.at(j),
                            derivative.code(bind(P, a.at(j), Y, y(j), LOG_BASE, "LOG_BASE")), mean,
                            derivativeCall(out, j, z.at(j), a.at(j))));
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

    private void parameterGradients(LayerCode layer) {
        if (bufferedLayers().contains(layer)) {
            bufferSample(layer);
            return;
        }
        Plan.LayerPlan p = layer.plan();
        String name = "gradients" + layer.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: adds this sample's gradients of its weights and biases.\n", safe(p.name()))
                .addModifiers(Modifier.PRIVATE);
        Body body = new Body();
        body.comment(comment(Citations.PARAMETER_GRADIENTS));
        Vec in = layer.in();
        Vec d = layer.d();
        if (layer.straight()) {
            for (int j = 0; j < p.units(); j++) {
                for (int i = 0; i < p.inputs(); i++) {
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

    /** A buffered layer's part of backward: this sample's input and delta into the buffers' next row. */
    private void bufferSample(LayerCode layer) {
        String name = "gradients" + layer.method();
        Vec in = layer.in();
        Vec d = layer.d();
        if (!in.array() || !d.array()) {
            throw new IllegalStateException("a loop-form layer with scalar vectors: generator bug");
        }
        method(MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: keeps this sample's input and delta until flushGradients() adds their"
                        + " gradients.\n", safe(layer.name()))
                .addModifiers(Modifier.PRIVATE)
                .addStatement("$T.arraycopy($L, 0, $L, bufferedSamples * $L, $L)", System.class, in.name(),
                        layer.camel() + "Inputs", layer.inputs(), layer.inputs())
                .addStatement("$T.arraycopy($L, 0, $L, bufferedSamples * $L, $L)", System.class, d.name(),
                        layer.camel() + "Deltas", layer.units(), layer.units())
                .build());
    }

    /** BP-activation-backward of a dense layer whose dL/da the stage above wrote into {@code g}. */
    private void deltaFromUpstream(LayerCode layer, Vec g) {
        String name = "delta" + layer.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: dL/dz from dL/da, which the layer above wrote.\n", safe(layer.name()))
                .addModifiers(Modifier.PRIVATE);
        Body body = new Body();
        if (layer.coupled()) {
            // g is the layer's upstream array: the Jacobian-vector product reads it
            jacobianVectorProduct(body, layer);
        } else {
            body.comment(comment(derivativeFormula(layer)));
            perUnit(body, layer.straight(), layer.plan().units(), j -> CodeBlock.of("$L = $L * $L",
                    layer.d().at(j), g.at(j), derivativeCall(layer, j, layer.z().at(j), layer.a().at(j))));
        }
        write(m, name, body, List.of(), List.of(), "");
        method(m.build());
    }

    /** BP-hidden-delta's sum for a stage below that is not dense: dL/d(input_i) = sum_j w[j][i] delta_j. */
    private void upstream(LayerCode layer, Vec gradIn) {
        Plan.LayerPlan p = layer.plan();
        String name = "upstream" + layer.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: dL/d(its inputs), through its weights.\n", safe(p.name()))
                .addModifiers(Modifier.PRIVATE);
        Body body = new Body();
        body.comment(comment(Citations.DENSE_INPUT_GRADIENT));
        Vec d = layer.d();
        if (layer.straight()) {
            for (int i = 0; i < p.inputs(); i++) {
                CodeBlock.Builder sum = CodeBlock.builder();
                for (int j = 0; j < p.units(); j++) {
                    sum.add(j == 0 ? "p[$L] * $L" : " +$Wp[$L] * $L", layer.w(j, i), d.at(j));
                }
                body.statement(UNIT_COST + CALL_COST + TERM_COST * p.units(), "$L = $L", gradIn.at(i), sum.build());
            }
        } else {
            rowWiseSums(body, layer, gradIn);
        }
        write(m, name, body, List.of("double[] p = parameters"), List.of(), "");
        method(m.build());
    }

    /**
     * {@code to[i] = sum_j w[j][i] delta_j} of a loop-form layer, walking the weights row by row: each weight is read
     * once, in memory order, and the inner loop is a contiguous multiply-add that C2 vectorises. Every {@code to[i]}
     * still starts at 0.0 and adds its terms in the order j = 0, 1, ..., so the sums are those of a column-wise walk
     * (and of the interpreter) to the last bit.
     */
    private static void rowWiseSums(Body body, LayerCode layer, Vec to) {
        body.block(LOOP_COST, CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputs())
                .addStatement("$L = 0.0", to.at("i"))
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", layer.units())
                .addStatement("double delta = $L", layer.d().at("j"))
                .addStatement("int row = $L + j * $L", layer.wOffset(), layer.inputs())
                .beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputs())
                .addStatement("$L += p[row + i] * delta", to.at("i"))
                .endControlFlow()
                .endControlFlow()
                .build());
    }

    /** GRAD-dropout: dL/d(input_k) = dL/d(output_k) times the pass's factor. */
    private void backwardDropout(StageCode stage, Vec gradIn) {
        DropoutPlan dropout = (DropoutPlan) stage.plan();
        String name = "backward" + stage.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: dL/d(its inputs).\n", safe(dropout.name()))
                .addModifiers(Modifier.PRIVATE);
        Body body = new Body();
        body.comment(comment(dropout.backwardFormula()));
        elementwise(body, gradIn, stage.g(), stage.dropFactors(), dropout.width());
        write(m, name, body, List.of(), List.of(), "");
        method(m.build());
    }

    /**
     * The activation's backward step, then LAYER-conv2d-backward: the kernel, bias and input gradients as loops with
     * constant bounds ({@link ImageEmission}).
     */
    private void backwardConv(StageCode stage, Vec gradIn) {
        ConvPlan conv = (ConvPlan) stage.plan();
        String name = "backward" + stage.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: adds its gradients$L.\n", safe(conv.name()),
                        gradIn == null ? "" : " and writes dL/d(its inputs)")
                .addModifiers(Modifier.PRIVATE);
        Vec d = stage.d();
        m.addComment("$L", comment(conv.activation().derivativeFormula()));
        m.beginControlFlow("for (int k = 0; k < $L; k++)", conv.outputs())
                .addStatement("$L = $L * $L", d.at("k"), stage.g().at("k"), conv.activation().derivative().code(
                        bind(Z, stage.z().at("k"), A, stage.out().at("k"))))
                .endControlFlow();
        m.addComment("$L", comment(conv.backwardFormula()));
        ConvLayer c = conv.slots().layer();
        ImageEmission.Target target = new ImageEmission.Target(m, name, this::method);
        int taps = c.kernelH() * c.kernelW();
        if (taps <= ImageEmission.UNROLLED_TAPS) {
            ImageEmission.unrolledKernelGradient(target, stage, c);
        } else {
            ImageEmission.kernelGradient(target, stage, c);
        }
        ImageEmission.specialisedBiasGradient(m, stage, c);
        if (gradIn != null) {
            if (ImageEmission.unpaddedAndSmall(c, taps)) {
                ImageEmission.unrolledInputGradient(target, stage, c, gradIn);
            } else {
                ImageEmission.inputGradient(target, stage, c, gradIn);
            }
        }
        method(m.build());
    }

    /** LAYER-pool-backward as loops with constant bounds ({@link ImageEmission}). */
    private void backwardPool(StageCode stage, Vec gradIn) {
        PoolPlan pool = (PoolPlan) stage.plan();
        String name = "backward" + stage.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("Layer $L: dL/d(its inputs).\n", safe(pool.name()))
                .addModifiers(Modifier.PRIVATE);
        m.addComment("$L", comment(pool.backwardFormula()));
        ImageEmission.poolBackward(new ImageEmission.Target(m, name, this::method), stage, pool.layer(), gradIn);
        method(m.build());
    }

    /** The delta of {@code below} from the deltas and weights of {@code layer}, the layer above it. */
    private void hiddenDelta(LayerCode layer, LayerCode below) {
        Plan.LayerPlan p = layer.plan();
        String name = "delta" + below.method();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc("BP-hidden-delta: dL/dz of layer $L, through the weights of layer $L.\n",
                        safe(below.name()), safe(p.name()))
                .addModifiers(Modifier.PRIVATE);
        Body body = new Body();
        body.comment(comment(Citations.HIDDEN_DELTA));
        Vec d = layer.d();
        Vec bz = below.z();
        Vec ba = below.a();
        Vec bd = below.d();
        boolean coupled = below.coupled();
        // a coupled activation first collects dL/da in its upstream array, then takes its Jacobian-vector product
        Vec target = coupled ? below.u() : bd;
        if (!coupled) {
            body.comment(comment(derivativeFormula(below)));
        }
        if (layer.straight()) {
            for (int i = 0; i < p.inputs(); i++) {
                CodeBlock.Builder sum = CodeBlock.builder();
                for (int j = 0; j < p.units(); j++) {
                    sum.add(j == 0 ? "p[$L] * $L" : " +$Wp[$L] * $L", layer.w(j, i), d.at(j));
                }
                int cost = UNIT_COST + CALL_COST + TERM_COST * p.units();
                if (coupled) {
                    body.statement(cost, "$L = $L", target.at(i), sum.build());
                } else {
                    body.statement(cost, p.units() == 1 ? "$L = $L * $L" : "$L = ($L) * $L",
                            bd.at(i), sum.build(), derivativeCall(below, i, bz.at(i), ba.at(i)));
                }
            }
        } else {
            rowWiseSums(body, layer, target);
            if (!coupled) {
                body.block(LOOP_COST, CodeBlock.builder()
                        .beginControlFlow("for (int i = 0; i < $L; i++)", layer.inputs())
                        .addStatement("$L *= $L", bd.at("i"), derivativeCall(below, "i", bz.at("i"), ba.at("i")))
                        .endControlFlow()
                        .build());
            }
        }
        if (coupled) {
            jacobianVectorProduct(body, below);
        }
        write(m, name, body, List.of("double[] p = parameters"), List.of(), "");
        method(m.build());
    }

    // ----- update -------------------------------------------------------------------------------------------

    private void update() {
        MethodSpec.Builder m = override("update", TypeName.VOID)
                .addParameter(ParameterSpec.builder(TypeName.DOUBLE, "learningRate").build())
                .addParameter(ParameterSpec.builder(TypeName.INT, "batchSize").build());
        Plan.UpdatePlan update = plan.update();
        if (!bufferedLayers().isEmpty()) {
            m.addStatement("flushGradients()");
        }
        if (update.optimizer().isEmpty()) {
            m.addComment("$L", comment(update.formula()));
            m.addStatement(update.rule().orElseThrow().code(bind(PARAMETERS, "parameters", GRADIENTS, "gradients",
                    LEARNING_RATE, "learningRate", BATCH_SIZE, "batchSize")));
            method(m.build());
            return;
        }
        field(FieldSpec.builder(nnspec.runtime.optim.Optimizer.class, "optimizer", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The update rule and its state: $L.\n", comment(update.formula()))
                .initializer(update.optimizer().get().code("PARAMETER_COUNT")).build());
        update.mean().ifPresent(mean -> {
            m.addComment("$L", comment(update.meanFormula()));
            m.addStatement(mean.code(bind(GRADIENTS, "gradients", BATCH_SIZE, "batchSize")));
        });
        plan.penalty().ifPresent(penalty -> {
            m.addComment("$L", comment(penalty.gradientFormula()));
            for (PenaltyRange range : penalty.ranges()) {
                m.addStatement(range.gradient().code(penaltyOperands(range)));
            }
            penalty(penalty);
        });
        m.addComment("$L", comment(update.formula()));
        List<StageCode> norms = shape.stages.stream().filter(st -> st.plan().kind() == Plan.Stage.Kind.BATCHNORM)
                .toList();
        if (!norms.isEmpty()) {
            m.addComment("the running statistics are state, not learnt: kept aside around the step");
            norms.forEach(st -> m.addStatement(new NormEmission(st).holdRunning(false)));
        }
        m.addStatement("optimizer.step(parameters, gradients, learningRate)");
        norms.forEach(st -> m.addStatement(new NormEmission(st).holdRunning(true)));
        method(m.build());
        method(override("optimizer", TypeName.get(nnspec.runtime.optim.Optimizer.class))
                .addStatement("return optimizer").build());
    }

    // ----- whole batches, for batch normalisation -----------------------------------------------------------

    /**
     * Model's batch methods: every per-sample array has one array per sample of the batch (its bank, field
     * {@code <name>Bank}); {@code select(k)} points the fields at sample k's, so that the stages between
     * normalisations run as for one sample and each normalisation sees the whole batch's arrays.
     */
    private void batches() {
        field(FieldSpec.builder(TypeName.INT, "banked", Modifier.PRIVATE)
                .addJavadoc("The number of samples with arrays of their own.\n").build());
        MethodSpec.Builder grow = MethodSpec.methodBuilder("banks")
                .addJavadoc("Arrays for $L samples; sample 0 keeps the ones the fields started with.\n", "count")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "count");
        grow.beginControlFlow("if (count <= banked)").addStatement("return").endControlFlow();
        MethodSpec.Builder select = MethodSpec.methodBuilder("select")
                .addJavadoc("Points the per-sample fields at sample k's arrays.\n")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "k");
        for (String[] b : banked) {
            TypeName element = b[1].equals("int") ? TypeName.INT : TypeName.DOUBLE;
            TypeName bank = ArrayTypeName.of(ArrayTypeName.of(element));
            field(FieldSpec.builder(bank, b[0] + "Bank", Modifier.PRIVATE)
                    .initializer("new $L[0][]", b[1]).build());
            grow.addStatement("$LBank = $T.copyOf($LBank, count)", b[0], java.util.Arrays.class, b[0]);
            grow.beginControlFlow("for (int k = banked; k < count; k++)")
                    .addStatement("$LBank[k] = k == 0 ? $L : new $L[$L]", b[0], b[0], b[1], b[2])
                    .endControlFlow();
            select.addStatement("$L = $LBank[k]", b[0], b[0]);
        }
        grow.addStatement("banked = count");
        method(grow.build());
        method(select.build());
        method(override("couplesBatch", TypeName.BOOLEAN).addStatement("return true").build());
        method(override("sample", TypeName.VOID).addParameter(TypeName.INT, "k").addStatement("select(k)").build());

        MethodSpec.Builder forward = override("forwardBatch", TypeName.VOID)
                .addParameter(ArrayTypeName.of(DOUBLES), "x")
                .addParameter(ArrayTypeName.of(DOUBLES), "yhat")
                .addParameter(TypeName.INT, "count");
        forward.addStatement("banks(count)");
        List<StageCode> stages = shape.stages;
        int from = 0;
        for (int b = 0; b <= stages.size(); b++) {
            if (b < stages.size() && stages.get(b).plan().kind() != Plan.Stage.Kind.BATCHNORM) {
                continue;
            }
            forward.beginControlFlow("for (int k = 0; k < count; k++)").addStatement("select(k)");
            if (from == 0) {
                forward.addStatement("$T.arraycopy(x[k], 0, $L, 0, INPUT_SIZE)", System.class, shape.input.name());
            }
            for (int s = from; s < b; s++) {
                if (stages.get(s).plan().kind() != Plan.Stage.Kind.FLATTEN) {
                    forward.addStatement("forward$L()", stages.get(s).method());
                }
            }
            forward.endControlFlow();
            if (b < stages.size()) {
                StageCode norm = stages.get(b);
                boolean before = ((Plan.NormPlan) norm.plan()).activation().isPresent();
                forward.addComment("$L", comment(((Plan.NormPlan) norm.plan()).formula()));
                forward.beginControlFlow("if (training)")
                        .addStatement("$L(count)", new NormEmission(norm).trainingMethod());
                if (before) {
                    forward.beginControlFlow("for (int k = 0; k < count; k++)")
                            .addStatement("select(k)")
                            .addStatement("activate$L()", norm.method())
                            .endControlFlow();
                }
                forward.nextControlFlow("else")
                        .beginControlFlow("for (int k = 0; k < count; k++)")
                        .addStatement("select(k)")
                        .addStatement("forward$L()", norm.method())
                        .endControlFlow()
                        .endControlFlow();
            }
            from = b + 1;
        }
        forward.beginControlFlow("for (int k = 0; k < count; k++)")
                .addStatement("select(k)")
                .addStatement("$T.arraycopy($L, 0, yhat[k], 0, OUTPUT_SIZE)", System.class,
                        shape.output().a().name())
                .endControlFlow();
        method(forward.build());

        MethodSpec.Builder backward = override("backwardBatch", TypeName.VOID)
                .addParameter(ArrayTypeName.of(DOUBLES), "y")
                .addParameter(TypeName.INT, "count");
        int to = stages.size();
        for (int b = stages.size() - 1; b >= -1; b--) {
            if (b >= 0 && stages.get(b).plan().kind() != Plan.Stage.Kind.BATCHNORM) {
                continue;
            }
            backward.beginControlFlow("for (int k = 0; k < count; k++)").addStatement("select(k)");
            if (to == stages.size()) {
                backward.addStatement("delta$L(y[k])", shape.output().method());
            }
            for (int s = to - 1; s > b; s--) {
                backwardSteps.get(s).forEach(backward::addStatement);
            }
            if (b >= 0 && ((Plan.NormPlan) stages.get(b).plan()).activation().isPresent()) {
                backward.addStatement("delta$L()", stages.get(b).method());
            }
            backward.endControlFlow();
            if (b >= 0) {
                StageCode norm = stages.get(b);
                backward.addComment("$L", comment(((Plan.NormPlan) norm.plan()).backwardFormula()));
                backward.addStatement("$L(count)", new NormEmission(norm).backwardMethod());
            }
            to = b;
        }
        method(backward.build());
    }

    private Function<Operand, CodeBlock> penaltyOperands(PenaltyRange range) {
        return bind(PARAMETERS, "parameters", WEIGHTS_FROM, range.weightsFrom(), TRAINING_SAMPLES,
                "trainingSamples", GRADIENTS, "gradients");
    }

    private void penalty(PenaltyPlan penalty) {
        field(FieldSpec.builder(TypeName.INT, "trainingSamples", Modifier.PRIVATE)
                .addJavadoc("m, the number of training samples, which only the penalty constant lambda / (2m) uses;"
                        + " 1 until the trainer says otherwise.\n")
                .initializer("1").build());
        method(override("trainingSamples", TypeName.VOID).addParameter(TypeName.INT, "m")
                .addStatement("trainingSamples = m").build());
        MethodSpec.Builder m = override("penalty", TypeName.DOUBLE);
        m.addComment("$L", comment(penalty.formula()));
        m.addStatement("double sum = 0.0");
        for (PenaltyRange range : penalty.ranges()) {
            m.addStatement("sum += $L", range.value().code(penaltyOperands(range)));
        }
        m.addStatement("return sum");
        method(m.build());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
