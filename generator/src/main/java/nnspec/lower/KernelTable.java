package nnspec.lower;

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
import static nnspec.lower.KernelCall.Operand.TARGET_SUM;
import static nnspec.lower.KernelCall.Operand.TRAINING;
import static nnspec.lower.KernelCall.Operand.TRAINING_SAMPLES;
import static nnspec.lower.KernelCall.Operand.UPSTREAM;
import static nnspec.lower.KernelCall.Operand.WEIGHTS_FROM;
import static nnspec.lower.KernelCall.Operand.Y;
import static nnspec.lower.KernelCall.Operand.Y_VECTOR;
import static nnspec.lower.KernelCall.Operand.Z;
import static nnspec.lower.KernelCall.Operand.Z_VECTOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnspec.lower.Layout.LayerSlots;
import nnspec.lower.Plan.ActivationPlan;
import nnspec.lower.Plan.DropoutPlan;
import nnspec.lower.Plan.InitPlan;
import nnspec.lower.Plan.LayerPlan;
import nnspec.lower.Plan.LossPlan;
import nnspec.lower.Plan.OutputPlan;
import nnspec.lower.Plan.PenaltyPlan;
import nnspec.lower.Plan.PenaltyRange;
import nnspec.lower.Plan.SchedulePlan;
import nnspec.lower.Plan.UpdatePlan;
import nnspec.model.Activation;
import nnspec.model.BatchNormLayer;
import nnspec.model.ConvLayer;
import nnspec.model.DenseLayer;
import nnspec.model.DropoutLayer;
import nnspec.model.Init;
import nnspec.model.Layer;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Optimizer;
import nnspec.model.Params;
import nnspec.model.PoolLayer;
import nnspec.model.Shape;
import nnspec.model.Regularizer;
import nnspec.model.Schedule;
import nnspec.model.TrainSpec;
import nnspec.runtime.Activations;
import nnspec.runtime.Convolution;
import nnspec.runtime.Dense;
import nnspec.runtime.Pooling;
import nnspec.runtime.Dropout;
import nnspec.runtime.Initializers;
import nnspec.runtime.Losses;
import nnspec.runtime.Regularization;
import nnspec.runtime.UpdateRules;
import nnspec.runtime.VectorActivations;
import nnspec.runtime.optim.AdaDelta;
import nnspec.runtime.optim.AdaGrad;
import nnspec.runtime.optim.Adam;
import nnspec.runtime.optim.Cosine;
import nnspec.runtime.optim.Cyclical;
import nnspec.runtime.optim.EpsilonPlacement;
import nnspec.runtime.optim.Exponential;
import nnspec.runtime.optim.InverseTime;
import nnspec.runtime.optim.LinearThenConstant;
import nnspec.runtime.optim.Momentum;
import nnspec.runtime.optim.RecursiveCosine;
import nnspec.runtime.optim.RmsProp;
import nnspec.runtime.optim.Sgd;
import nnspec.runtime.optim.StepDecay;

/**
 * The kernel table: for every activation, loss form, output rule, initialiser, dropout scaling, penalty,
 * optimizer variant and schedule of the language, the one runtime kernel that computes it, its arguments, and the
 * formula it implements with its citation. This is the only place a kind of the model meets a runtime method; the
 * switches are exhaustive, so a new kind does not compile until it has its entry here.
 */
public final class KernelTable {
    private KernelTable() {
    }

    /** Lowers a checked network and training plan. */
    public static Plan plan(NetworkSpec network, TrainSpec train) {
        Layout layout = new Layout(network);
        List<Plan.Stage> stages = new ArrayList<>();
        int dense = 0;
        int conv = 0;
        int norm = 0;
        List<Layer> layers = network.layers();
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            // with placement before, the layer below a batch normalisation gives z, and the normalisation applies f
            boolean normalisedBefore = k + 1 < layers.size() && layers.get(k + 1) instanceof BatchNormLayer b
                    && b.placement() == BatchNormLayer.Placement.BEFORE;
            switch (layer.kind()) {
                case DENSE -> {
                    LayerSlots slots = layout.layers().get(dense++);
                    DenseLayer d = slots.layer();
                    stages.add(new LayerPlan(slots, normalisedBefore ? identity(d.units()) : activation(d), init(d),
                            affine(d), parameterGradients(d)));
                }
                case DROPOUT -> stages.add(dropout((DropoutLayer) layer));
                case CONV -> {
                    Plan.ConvPlan c = convolution(layout.convolutions().get(conv++));
                    stages.add(normalisedBefore ? new Plan.ConvPlan(c.slots(), identity(c.outputs()), c.init(),
                            c.formula(), c.backwardFormula(), c.forward(), c.kernelGradient(), c.biasGradient(),
                            c.inputGradient()) : c);
                }
                case POOL -> stages.add(pool((PoolLayer) layer));
                case FLATTEN -> stages.add(new Plan.FlattenPlan(layer.name(), layer.outputs()));
                case BATCHNORM -> stages.add(batchNorm(layout.norms().get(norm++), layers.get(k - 1)));
            }
        }
        OutputRule rule = OutputRule.of(network, train);
        Optional<LossPlan> loss = train.loss().map(l -> loss(l, network.outputLayer()));
        return new Plan(network, train, layout, stages, loss, output(rule, train.loss(), network.outputLayer()),
                OutputRule.decision(network, train), update(train), train.regularizer().map(r -> penalty(layout, r)),
                schedule(train));
    }

    // ----- activations ---------------------------------------------------------------------------------------

    /** The activation of a dense layer, with its parameters resolved. */
    public static ActivationPlan activation(DenseLayer layer) {
        return activation(layer.activation(), layer.activationParams(), layer.units(), layer.outputs());
    }

    /** An activation of {@code units} values ({@code outputs} after it: half the units for glu). */
    static ActivationPlan activation(Activation act, Params p, int units, int outputs) {
        FormulaRef formula = activationFormula(act, p);
        return switch (act) {
            case STEP -> unit(formula, "step", p.number("at_zero"));
            case SIGN -> unit(formula, "sign", p.number("at_zero"));
            case LINEAR -> unit(formula, "linear");
            case PIECEWISE_LINEAR -> unit(formula, "piecewiseLinear");
            case RELU -> new ActivationPlan.Elementwise(formula, Citations.RELU_DERIVATIVE,
                    KernelCall.of(Activations.class, "relu", Z),
                    KernelCall.of(Activations.class, "reluDerivative", Z, A));
            case LEAKY_RELU -> unit(formula, "leakyRelu", p.number("alpha"));
            case RRELU -> {
                double lower = p.number("lower");
                double upper = p.number("upper");
                int n = units;
                yield new ActivationPlan.Randomised(formula, derivative(formula),
                        (long) p.number("seed"),
                        KernelCall.of(Activations.class, "rreluSlopes", RANDOM, lower, upper, SLOPES, 0, n),
                        KernelCall.of(Initializers.class, "constant", SLOPES, 0, n, (lower + upper) / 2.0),
                        KernelCall.of(Activations.class, "leakyRelu", Z, SLOPE),
                        KernelCall.of(Activations.class, "leakyReluDerivative", Z, A, SLOPE));
            }
            case ELU -> unit(formula, "elu", p.number("alpha"));
            case CELU -> unit(formula, "celu", p.number("alpha"));
            case SELU -> unit(formula, "selu");
            case GELU -> unit(formula, p.word("approximate").equals("tanh") ? "geluTanh" : "gelu");
            case SIGMOID -> new ActivationPlan.Elementwise(formula, Citations.SIGMOID_DERIVATIVE,
                    KernelCall.of(Activations.class, "sigmoid", Z),
                    KernelCall.of(Activations.class, "sigmoidDerivative", Z, A));
            case HARD_SIGMOID -> unit(formula, p.word("form").equals("keras2") ? "hardSigmoidKeras2" : "hardSigmoid");
            case LOG_SIGMOID -> unit(formula, "logSigmoid");
            case TANH -> unit(formula, "tanh");
            case HARD_TANH -> unit(formula, "hardTanh");
            case TANH_SHRINK -> unit(formula, "tanhShrink");
            case SOFTPLUS -> unit(formula, "softplus");
            case SOFTSIGN -> unit(formula, "softsign");
            case SPARSE_PLUS -> unit(formula, "sparsePlus");
            case SQUAREPLUS -> unit(formula, "squareplus", p.number("b"));
            case SILU -> unit(formula, "silu");
            case HARD_SILU -> unit(formula, "hardSilu");
            case MISH -> unit(formula, "mish");
            case RELU6 -> unit(formula, "relu6");
            case EXPONENTIAL -> unit(formula, "exponential");
            case HARD_SHRINK -> unit(formula, "hardShrink", p.number("threshold"));
            case SOFT_SHRINK -> unit(formula, "softShrink", p.number("threshold"));
            case THRESHOLD -> unit(formula, "threshold", p.number("threshold"), p.number("value"));
            case SOFTMAX -> coupled(formula, Activations.class, "softmax", units);
            case LOG_SOFTMAX -> coupled(formula, VectorActivations.class, "logSoftmax", units);
            case SPARSEMAX -> coupled(formula, VectorActivations.class, "sparsemax", units);
            case GLU -> coupled(formula, VectorActivations.class, "glu", outputs);
        };
    }

    /** An elementwise kernel {@code method(z, constants...)} with its derivative {@code methodDerivative(z, a, ...)}. */
    private static ActivationPlan unit(FormulaRef formula, String method, Object... constants) {
        Object[] value = new Object[constants.length + 1];
        Object[] derivative = new Object[constants.length + 2];
        value[0] = Z;
        derivative[0] = Z;
        derivative[1] = A;
        System.arraycopy(constants, 0, value, 1, constants.length);
        System.arraycopy(constants, 0, derivative, 2, constants.length);
        return new ActivationPlan.Elementwise(formula, derivative(formula),
                KernelCall.of(Activations.class, method, value),
                KernelCall.of(Activations.class, method + "Derivative", derivative));
    }

    /** A kernel coupling n values, and its Jacobian-vector product {@code methodBackward}. */
    private static ActivationPlan coupled(FormulaRef formula, Class<?> owner, String method, int n) {
        return new ActivationPlan.Coupled(formula, Citations.ACTIVATION_BACKWARD,
                KernelCall.of(owner, method, Z_VECTOR, 0, A_VECTOR, 0, n),
                KernelCall.of(owner, method + "Backward", Z_VECTOR, 0, A_VECTOR, 0, UPSTREAM, 0, DELTA, 0, n));
    }

    private static FormulaRef derivative(FormulaRef value) {
        return new FormulaRef(value.id(), "the derivative f'(z) of " + value.text() + ", computed from z and a = f(z)",
                value.citation(), value.variant());
    }

    /** What an activation computes, in the variant its parameters select. */
    static FormulaRef activationFormula(Activation act, Params p) {
        return switch (act) {
            case STEP -> Citations.STEP.variant("at_zero " + p.number("at_zero"));
            case SIGN -> Citations.SIGN.variant("at_zero " + p.number("at_zero"));
            case LINEAR -> Citations.LINEAR;
            case PIECEWISE_LINEAR -> Citations.PIECEWISE_LINEAR;
            case RELU -> Citations.RELU;
            case LEAKY_RELU -> Citations.LEAKY_RELU.variant("alpha " + p.number("alpha"));
            case RRELU -> Citations.RRELU.variant("lower " + p.number("lower") + ", upper " + p.number("upper"));
            case ELU -> Citations.ELU.variant("alpha " + p.number("alpha"));
            case SIGMOID -> Citations.SIGMOID;
            case TANH -> Citations.TANH;
            case SOFTPLUS -> Citations.SOFTPLUS;
            case SOFTMAX -> Citations.SOFTMAX;
            case CELU -> Citations.keras("celu", "a = max(0, z) + min(0, alpha (e^(z / alpha) - 1))")
                    .variant("alpha " + p.number("alpha"));
            case SELU -> Citations.keras("selu", "a = scale z if z > 0, else scale alpha (e^z - 1), Klambauer's"
                    + " constants");
            case GELU -> p.word("approximate").equals("tanh")
                    ? Citations.keras("gelu", "a = z / 2 (1 + tanh(sqrt(2 / pi) (z + 0.044715 z^3)))")
                            .variant("tanh approximation")
                    : Citations.keras("gelu", "a = z Phi(z) = z / 2 (1 + erf(z / sqrt 2))").variant("exact");
            case HARD_SIGMOID -> p.word("form").equals("keras2")
                    ? Citations.keras("hard_sigmoid", "a = clip(0.2 z + 0.5, 0, 1)").variant("Keras 2 form")
                    : Citations.keras("hard_sigmoid", "a = relu6(z + 3) / 6");
            case LOG_SIGMOID -> Citations.keras("log_sigmoid", "a = log(1 / (1 + e^-z))");
            case HARD_TANH -> Citations.keras("hard_tanh", "a = clip(z, -1, 1)");
            case TANH_SHRINK -> Citations.keras("tanh_shrink", "a = z - tanh(z)");
            case SOFTSIGN -> Citations.keras("softsign", "a = z / (1 + |z|)");
            case SPARSE_PLUS -> Citations.keras("sparse_plus", "a = 0 if z <= -1, (z + 1)^2 / 4 if |z| < 1, z if"
                    + " z >= 1");
            case SQUAREPLUS -> Citations.keras("squareplus", "a = (z + sqrt(z^2 + b)) / 2").variant("b "
                    + p.number("b"));
            case SILU -> Citations.keras("silu", "a = z / (1 + e^-z)");
            case HARD_SILU -> Citations.keras("hard_silu", "a = z relu6(z + 3) / 6");
            case MISH -> Citations.keras("mish", "a = z tanh(ln(1 + e^z))");
            case RELU6 -> Citations.keras("relu6", "a = min(max(0, z), 6)");
            case EXPONENTIAL -> Citations.keras("exponential", "a = e^z");
            case HARD_SHRINK -> Citations.keras("hard_shrink", "a = z if |z| > threshold, else 0")
                    .variant("threshold " + p.number("threshold"));
            case SOFT_SHRINK -> Citations.keras("soft_shrink", "a = z - threshold if z > threshold, z + threshold if"
                    + " z < -threshold, else 0").variant("threshold " + p.number("threshold"));
            case THRESHOLD -> Citations.keras("threshold", "a = z if z > threshold, else value")
                    .variant("threshold " + p.number("threshold") + ", value " + p.number("value"));
            case LOG_SOFTMAX -> Citations.keras("log_softmax", "a_j = z_j - max z - ln sum_k e^(z_k - max z)");
            case SPARSEMAX -> Citations.keras("sparsemax", "a_j = max(z_j - tau, 0), tau such that sum_j a_j = 1");
            case GLU -> Citations.keras("glu", "a_j = z_j sigmoid(z_(n + j)), the first half gated by the second");
        };
    }

    // ----- initialisation ------------------------------------------------------------------------------------

    /** How a dense layer's weights and biases start. */
    public static InitPlan init(DenseLayer layer) {
        Init init = layer.init();
        int fanIn = layer.inputs();
        int fanOut = layer.units();
        KernelCall zeroBiases = KernelCall.of(Initializers.class, "constant", PARAMETERS, BIASES_FROM, layer.units(),
                0.0);
        return switch (init.kind()) {
            case ZEROS -> new InitPlan.Drawn(Citations.INIT_CONSTANT.variant("0"), List.of(
                    KernelCall.of(Initializers.class, "constant", PARAMETERS, WEIGHTS_FROM, layer.parameterCount(),
                            0.0)));
            case CONSTANT -> {
                double value = ((Init.Constant) init).value();
                yield new InitPlan.Drawn(Citations.INIT_CONSTANT.variant(Double.toString(value)), List.of(
                        KernelCall.of(Initializers.class, "constant", PARAMETERS, WEIGHTS_FROM,
                                layer.parameterCount(), value)));
            }
            case LITERAL -> new InitPlan.Literal(Citations.INIT_LITERAL, (Init.Literal) init);
            case FILE -> new InitPlan.Literal(Citations.INIT_FILE, ((Init.FromFile) init).literal());
            case UNIFORM -> {
                Init.Uniform u = (Init.Uniform) init;
                yield new InitPlan.Drawn(Citations.INIT_UNIFORM.variant("low " + u.low() + ", high " + u.high()
                        + ", " + draws(u.seed())), List.of(KernelCall.of(Initializers.class, "uniform", PARAMETERS, WEIGHTS_FROM,
                        layer.weightCount(), u.low(), u.high(), u.seed()), zeroBiases));
            }
            case GLOROT_UNIFORM -> {
                long seed = ((Init.GlorotUniform) init).seed();
                yield drawn(Citations.GLOROT_UNIFORM.variant(draws(seed)), zeroBiases, "glorotUniform", fanIn,
                        fanOut, seed);
            }
            case UNIFORM_FANIN -> {
                long seed = ((Init.UniformFanIn) init).seed();
                yield drawn(Citations.UNIFORM_FANIN.variant(draws(seed)), zeroBiases, "uniformFanIn", fanIn, fanOut,
                        seed);
            }
            case GLOROT_NORMAL -> {
                Init.GlorotNormal g = (Init.GlorotNormal) init;
                yield drawn(Citations.GLOROT_NORMAL.variant(normalWords(g.normal()) + ", " + draws(g.seed())),
                        zeroBiases, "glorotNormal", fanIn, fanOut, g.seed(), normal(g.normal()));
            }
            case HE_NORMAL -> {
                Init.HeNormal h = (Init.HeNormal) init;
                yield drawn(heFormula(h.variance()).variant(normalWords(h.normal()) + ", " + draws(h.seed())),
                        zeroBiases, "heNormal", fanIn, fanOut, h.seed(), variance(h.variance()), normal(h.normal()));
            }
            case HE_UNIFORM -> {
                Init.HeUniform h = (Init.HeUniform) init;
                FormulaRef he = heFormula(h.variance());
                yield drawn(new FormulaRef(he.id(), "uniform on [-sqrt(3 var), sqrt(3 var)), " + he.text(),
                        he.citation(), draws(h.seed())), zeroBiases, "heUniform", fanIn, fanOut, h.seed(),
                        variance(h.variance()));
            }
            case LECUN_NORMAL -> {
                Init.LecunNormal l = (Init.LecunNormal) init;
                yield drawn(Citations.LECUN_NORMAL.variant(normalWords(l.normal()) + ", " + draws(l.seed())),
                        zeroBiases, "lecunNormal", fanIn, fanOut, l.seed(), normal(l.normal()));
            }
            case LECUN_UNIFORM -> {
                long seed = ((Init.LecunUniform) init).seed();
                yield drawn(Citations.LECUN_UNIFORM.variant(draws(seed)), zeroBiases, "lecunUniform", fanIn, fanOut,
                        seed);
            }
        };
    }

    /** A fan-based draw {@code method(p, weightsFrom, fanIn, fanOut, seed, conventions...)}, then zero biases. */
    private static InitPlan drawn(FormulaRef formula, KernelCall biases, String method, Object... fans) {
        Object[] arguments = new Object[fans.length + 2];
        arguments[0] = PARAMETERS;
        arguments[1] = WEIGHTS_FROM;
        System.arraycopy(fans, 0, arguments, 2, fans.length);
        return new InitPlan.Drawn(formula, List.of(KernelCall.of(Initializers.class, method, arguments), biases));
    }

    /** Where a drawn initialiser's numbers come from, in the order the weights are stored. */
    private static String draws(long seed) {
        return "drawn from java.util.Random(" + seed + ") in storage order";
    }

    private static FormulaRef heFormula(Init.HeVariance variance) {
        return switch (variance) {
            case STANDARD -> Citations.HE_STANDARD;
            case DOUBLED_GLOROT_002 -> Citations.HE_002;
        };
    }

    private static String normalWords(Init.Normal normal) {
        return switch (normal) {
            case PLAIN -> "a plain normal";
            case TRUNCATED -> "a normal truncated at two standard deviations (Keras)";
        };
    }

    static Initializers.Normal normal(Init.Normal normal) {
        return switch (normal) {
            case PLAIN -> Initializers.Normal.PLAIN;
            case TRUNCATED -> Initializers.Normal.TRUNCATED_2SD;
        };
    }

    static Initializers.HeVariance variance(Init.HeVariance variance) {
        return switch (variance) {
            case STANDARD -> Initializers.HeVariance.STANDARD;
            case DOUBLED_GLOROT_002 -> Initializers.HeVariance.DOUBLED_GLOROT_002;
        };
    }

    // ----- dropout -------------------------------------------------------------------------------------------

    /** Dropout on the outputs of the layer before it, element by element. */
    public static DropoutPlan dropout(DropoutLayer dropout) {
        double p = dropout.dropProbability();
        Dropout.Scaling scaling = switch (dropout.scaling()) {
            case INVERTED -> Dropout.Scaling.INVERTED;
            case PLAIN -> Dropout.Scaling.PLAIN;
        };
        FormulaRef formula = switch (dropout.scaling()) {
            case INVERTED -> Citations.DROPOUT_INVERTED;
            case PLAIN -> Citations.DROPOUT_PLAIN;
        };
        String written = dropout.written() == DropoutLayer.Rate.KEEP
                ? "p = 1 - keep " + dropout.value() : "p = " + p;
        return new DropoutPlan(dropout.name(), dropout.width(),
                formula.variant(written + ", masks from java.util.Random(" + dropout.seed() + ")"),
                Citations.DROPOUT_BACKWARD, dropout.seed(), p,
                KernelCall.of(Dropout.class, "multipliers", RANDOM, p, scaling, TRAINING, FACTORS, 0,
                        dropout.width()));
    }

    /** LAYER-neuron-affine of one sample through the runtime's dense kernel (a batch of one). */
    static KernelCall affine(DenseLayer d) {
        return KernelCall.of(Dense.class, "forward", INPUT_VECTOR, 0, 1, d.inputs(), d.units(), PARAMETERS,
                WEIGHTS_FROM, BIASES_FROM, Z_VECTOR, 0);
    }

    /** BP-param-grads of BATCH_SIZE samples, their inputs and deltas row-major, added to the gradients. */
    static KernelCall parameterGradients(DenseLayer d) {
        return KernelCall.of(Dense.class, "accumulateGradients", INPUT_VECTOR, 0, DELTA, 0, BATCH_SIZE, d.inputs(),
                d.units(), GRADIENTS, WEIGHTS_FROM, BIASES_FROM);
    }

    // ----- batch normalisation -------------------------------------------------------------------------------

    /** ACT-linear on {@code units} values: what the layer below a placement-before normalisation applies. */
    private static ActivationPlan.Elementwise identity(int units) {
        return (ActivationPlan.Elementwise) activation(Activation.LINEAR, Activation.LINEAR.defaults(), units,
                units);
    }

    /** A batch normalisation after {@code below} (a dense or conv layer), with below's activation when before. */
    static Plan.NormPlan batchNorm(Layout.NormSlots slots, Layer below) {
        BatchNormLayer b = slots.layer();
        Optional<ActivationPlan.Elementwise> activation = Optional.empty();
        if (b.placement() == BatchNormLayer.Placement.BEFORE) {
            activation = Optional.of((ActivationPlan.Elementwise) (below instanceof DenseLayer d ? activation(d)
                    : activation(((ConvLayer) below).activation(), ((ConvLayer) below).activationParams(),
                            b.outputs(), b.outputs())));
        }
        String variant = (b.input().image() ? "per channel (BatchNorm2d), " + b.pixels() + " positions each"
                : "per feature (BatchNorm1d)") + ", eps " + b.epsilon() + ", " + b.convention().keyword()
                + " running statistics, momentum " + b.momentum() + ", placement " + b.placement().keyword();
        return new Plan.NormPlan(slots, Citations.BATCHNORM_FORWARD.variant(variant), Citations.BATCHNORM_BACKWARD,
                Citations.BATCHNORM_PLACEMENT, activation);
    }

    // ----- convolution and pooling ---------------------------------------------------------------------------

    /** A convolution: its kernels over the layer's geometry, its elementwise activation and its drawn start. */
    public static Plan.ConvPlan convolution(Layout.ConvSlots slots) {
        ConvLayer c = slots.layer();
        Shape in = c.input();
        Shape out = c.output();
        ConvLayer.Padding pad = c.padding();
        int w = slots.weightOffset();
        int b = slots.biasOffset();
        String geometry = "input " + in + ", " + c.filters() + " filters " + c.kernelH() + "x" + c.kernelW()
                + ", stride " + c.strideText() + ", dilation " + c.dilationText() + ", padding " + pad
                + " (top, bottom, left, right), output " + out;
        ActivationPlan.Elementwise activation = (ActivationPlan.Elementwise) activation(c.activation(),
                c.activationParams(), out.size(), out.size());
        // one stride and dilation for both axes calls the runtime's shorter overloads, the calls generated before
        // pairs existed; a pair calls the per-axis ones
        boolean square = c.strideH() == c.strideW() && c.dilationH() == c.dilationW();
        List<?> geometryArgs = square ? List.of(c.strideH(), c.dilationH())
                : List.of(c.strideH(), c.strideW(), c.dilationH(), c.dilationW());
        return new Plan.ConvPlan(slots, activation, convInit(c),
                Citations.CONV_FORWARD.variant(geometry), Citations.CONV_BACKWARD,
                call(Convolution.class, "forward", List.of(INPUT_VECTOR, 0, in.channels(), in.height(), in.width(),
                        PARAMETERS, w, PARAMETERS, b, c.filters(), c.kernelH(), c.kernelW()), geometryArgs,
                        List.of(pad.top(), pad.left(), out.height(), out.width(), Z_VECTOR, 0)),
                call(Convolution.class, "kernelGradient", List.of(INPUT_VECTOR, 0, in.channels(), in.height(),
                        in.width(), DELTA, 0, c.filters(), c.kernelH(), c.kernelW()), geometryArgs,
                        List.of(pad.top(), pad.left(), out.height(), out.width(), GRADIENTS, w)),
                KernelCall.of(Convolution.class, "biasGradient", DELTA, 0, c.filters(), out.height(), out.width(),
                        GRADIENTS, b),
                call(Convolution.class, "inputGradient", List.of(DELTA, 0, PARAMETERS, w, in.channels(),
                        in.height(), in.width(), c.filters(), c.kernelH(), c.kernelW()), geometryArgs,
                        List.of(pad.top(), pad.left(), out.height(), out.width(), INPUT_GRADIENT, 0)));
    }

    /** A kernel call whose arguments are the concatenation of {@code parts}. */
    @SafeVarargs
    private static KernelCall call(Class<?> owner, String method, List<?>... parts) {
        List<Object> arguments = new ArrayList<>();
        for (List<?> part : parts) {
            arguments.addAll(part);
        }
        return KernelCall.of(owner, method, arguments.toArray());
    }

    /**
     * A convolution's drawn start, with PyTorch's and Keras's fans for a kernel: fan_in = input channels x kernel
     * taps, fan_out = filters x kernel taps; biases 0 (Keras's default; PyTorch draws them).
     */
    static InitPlan.Drawn convInit(ConvLayer c) {
        Init init = c.init();
        int fanIn = c.fanIn();
        int fanOut = c.fanOut();
        int count = c.weightCount();
        KernelCall zeroBiases = KernelCall.of(Initializers.class, "constant", PARAMETERS, BIASES_FROM, c.filters(),
                0.0);
        String fans = "fan_in " + fanIn + ", fan_out " + fanOut;
        return switch (init.kind()) {
            case ZEROS -> new InitPlan.Drawn(Citations.INIT_CONSTANT.variant("0"), List.of(
                    KernelCall.of(Initializers.class, "constant", PARAMETERS, WEIGHTS_FROM, c.parameterCount(), 0.0)));
            case CONSTANT -> {
                double value = ((Init.Constant) init).value();
                yield new InitPlan.Drawn(Citations.INIT_CONSTANT.variant(Double.toString(value)), List.of(
                        KernelCall.of(Initializers.class, "constant", PARAMETERS, WEIGHTS_FROM, c.parameterCount(),
                                value)));
            }
            case LITERAL, FILE -> throw new IllegalStateException("the checker allows only drawn inits on "
                    + c.name());
            case UNIFORM -> {
                Init.Uniform u = (Init.Uniform) init;
                yield uniformKernel(Citations.INIT_UNIFORM.variant("low " + u.low() + ", high " + u.high() + ", "
                        + draws(u.seed())), count, u.low(), u.high(), u.seed(), zeroBiases);
            }
            case GLOROT_UNIFORM -> {
                long seed = ((Init.GlorotUniform) init).seed();
                double l = Initializers.glorotLimit(fanIn, fanOut);
                yield uniformKernel(Citations.GLOROT_UNIFORM.variant(fans + ", " + draws(seed)), count, -l, l, seed,
                        zeroBiases);
            }
            case UNIFORM_FANIN -> {
                long seed = ((Init.UniformFanIn) init).seed();
                double l = Initializers.fanInLimit(fanIn);
                yield uniformKernel(Citations.UNIFORM_FANIN.variant(fans + ", " + draws(seed)), count, -l, l, seed,
                        zeroBiases);
            }
            case GLOROT_NORMAL -> {
                Init.GlorotNormal g = (Init.GlorotNormal) init;
                yield normalKernel(Citations.GLOROT_NORMAL.variant(fans + ", " + normalWords(g.normal()) + ", "
                        + draws(g.seed())), count, Initializers.glorotVariance(fanIn, fanOut), g.seed(),
                        normal(g.normal()), zeroBiases);
            }
            case HE_NORMAL -> {
                Init.HeNormal h = (Init.HeNormal) init;
                yield normalKernel(heFormula(h.variance()).variant(fans + ", " + normalWords(h.normal()) + ", "
                        + draws(h.seed())), count, Initializers.heVariance(fanIn, fanOut, variance(h.variance())),
                        h.seed(), normal(h.normal()), zeroBiases);
            }
            case HE_UNIFORM -> {
                Init.HeUniform h = (Init.HeUniform) init;
                double l = StrictMath.sqrt(3.0 * Initializers.heVariance(fanIn, fanOut, variance(h.variance())));
                FormulaRef he = heFormula(h.variance());
                yield uniformKernel(new FormulaRef(he.id(), "uniform on [-sqrt(3 var), sqrt(3 var)), " + he.text(),
                        he.citation(), fans + ", " + draws(h.seed())), count, -l, l, h.seed(), zeroBiases);
            }
            case LECUN_NORMAL -> {
                Init.LecunNormal l = (Init.LecunNormal) init;
                yield normalKernel(Citations.LECUN_NORMAL.variant(fans + ", " + normalWords(l.normal()) + ", "
                        + draws(l.seed())), count, Initializers.lecunVariance(fanIn), l.seed(), normal(l.normal()),
                        zeroBiases);
            }
            case LECUN_UNIFORM -> {
                long seed = ((Init.LecunUniform) init).seed();
                double l = StrictMath.sqrt(3.0 * Initializers.lecunVariance(fanIn));
                yield uniformKernel(Citations.LECUN_UNIFORM.variant(fans + ", " + draws(seed)), count, -l, l, seed,
                        zeroBiases);
            }
        };
    }

    private static InitPlan.Drawn uniformKernel(FormulaRef formula, int count, double low, double high, long seed,
            KernelCall biases) {
        return new InitPlan.Drawn(formula, List.of(KernelCall.of(Initializers.class, "uniform", PARAMETERS,
                WEIGHTS_FROM, count, low, high, seed), biases));
    }

    private static InitPlan.Drawn normalKernel(FormulaRef formula, int count, double variance, long seed,
            Initializers.Normal normal, KernelCall biases) {
        return new InitPlan.Drawn(formula, List.of(KernelCall.of(Initializers.class, "normal", PARAMETERS,
                WEIGHTS_FROM, count, StrictMath.sqrt(variance), seed, normal), biases));
    }

    /** Max or average pooling over the layer's geometry. */
    public static Plan.PoolPlan pool(PoolLayer p) {
        Shape in = p.input();
        Shape out = p.output();
        ConvLayer.Padding pad = p.padding();
        String geometry = "input " + in + ", window " + p.windowH() + "x" + p.windowW() + ", stride "
                + p.strideText() + ", padding " + pad + " (top, bottom, left, right), " + (p.ceil() ? "ceil" : "floor")
                + " mode, output " + out;
        // as for convolutions: a square stride calls the overloads generated before pairs existed
        List<?> stride = p.strideH() == p.strideW() ? List.of(p.strideH()) : List.of(p.strideH(), p.strideW());
        return switch (p.mode()) {
            case MAX -> new Plan.PoolPlan(p, Citations.MAX_POOL.variant(geometry), Citations.POOL_BACKWARD,
                    call(Pooling.class, "maxForward", List.of(INPUT_VECTOR, 0, in.channels(), in.height(),
                            in.width(), p.windowH(), p.windowW()), stride, List.of(pad.top(), pad.left(),
                            out.height(), out.width(), OUTPUT_VECTOR, 0, ARGMAX, 0)),
                    KernelCall.of(Pooling.class, "maxBackward", UPSTREAM, 0, ARGMAX, 0, out.size(), INPUT_GRADIENT,
                            0, in.size()));
            case AVERAGE -> new Plan.PoolPlan(p, Citations.AVG_POOL.variant(geometry + (p.countPadding()
                    ? ", padded cells counted (PyTorch count_include_pad=True)"
                    : ", padded cells not counted (PyTorch count_include_pad=False, Keras, ONNX)")),
                    Citations.POOL_BACKWARD,
                    call(Pooling.class, "averageForward", List.of(INPUT_VECTOR, 0, in.channels(), in.height(),
                            in.width(), p.windowH(), p.windowW()), stride, List.of(pad.top(), pad.bottom(),
                            pad.left(), pad.right(), out.height(), out.width(), p.countPadding(), OUTPUT_VECTOR, 0)),
                    call(Pooling.class, "averageBackward", List.of(UPSTREAM, 0, in.channels(), in.height(),
                            in.width(), p.windowH(), p.windowW()), stride, List.of(pad.top(), pad.bottom(),
                            pad.left(), pad.right(), out.height(), out.width(), p.countPadding(), INPUT_GRADIENT,
                            0)));
        };
    }

    // ----- loss and output delta -----------------------------------------------------------------------------

    /** A sample's data loss, term by term (or whole, for cross-entropy on softmax logits). */
    public static LossPlan loss(Loss loss, DenseLayer output) {
        boolean mean = loss.meanOverOutputs();
        boolean samples = loss.meanOverSamples();
        double base = loss.logBase();
        String reduction = (mean ? "mean" : "sum") + " over outputs, " + (loss.meanOverSamples() ? "mean" : "sum")
                + " over the batch";
        String log = loss.naturalLog() ? "natural log" : "log base " + base;
        return switch (loss.kind()) {
            case MSE -> new LossPlan(Citations.MSE.variant(reduction), Citations.MSE_GRADIENT,
                    KernelCall.of(Losses.class, "squaredError", P, Y),
                    Optional.of(KernelCall.of(Losses.class, "squaredErrorDerivative", P, Y)), false, mean, samples,
                    base);
            case MAE -> new LossPlan(Citations.MAE.variant(reduction), Citations.MAE_GRADIENT,
                    KernelCall.of(Losses.class, "absoluteError", P, Y),
                    Optional.of(KernelCall.of(Losses.class, "absoluteErrorDerivative", P, Y)), false, mean, samples,
                    base);
            case HUBER -> {
                double delta = loss.params().number("delta");
                yield new LossPlan(Citations.HUBER.variant("delta " + delta + ", " + reduction),
                        Citations.HUBER_GRADIENT, KernelCall.of(Losses.class, "huber", P, Y, delta),
                        Optional.of(KernelCall.of(Losses.class, "huberDerivative", P, Y, delta)), false, mean,
                        samples, base);
            }
            case BCE -> loss.fromLogits()
                    ? new LossPlan(Citations.BCE_LOGITS.variant(log + ", " + reduction), Citations.SIGMOID_BCE,
                            KernelCall.of(Losses.class, "binaryCrossEntropyWithLogits", P, Y, LOG_BASE),
                            Optional.of(KernelCall.of(Losses.class, "binaryCrossEntropyWithLogitsDerivative", P, Y,
                                    LOG_BASE)), false, mean, samples, base)
                    : loss.clipsProbability()
                    ? new LossPlan(Citations.BCE.variant("p clipped to [1e-7, 1 - 1e-7] (Keras), " + log + ", "
                            + reduction), Citations.BCE_GRADIENT.variant("0 where p is clipped"),
                            KernelCall.of(Losses.class, "binaryCrossEntropy", P, Y, LOG_BASE,
                                    Losses.Clipping.EPSILON),
                            Optional.of(KernelCall.of(Losses.class, "binaryCrossEntropyDerivative", P, Y, LOG_BASE,
                                    Losses.Clipping.EPSILON)), false, mean, samples, base)
                    : new LossPlan(Citations.BCE.variant("log clamped at -100 (PyTorch), " + log + ", " + reduction),
                            Citations.BCE_GRADIENT,
                            KernelCall.of(Losses.class, "binaryCrossEntropy", P, Y, LOG_BASE),
                            Optional.of(KernelCall.of(Losses.class, "binaryCrossEntropyDerivative", P, Y, LOG_BASE)),
                            false, mean, samples, base);
            case CCE -> loss.fromLogits()
                    ? new LossPlan(Citations.CCE_LOGITS.variant(log + ", " + reduction), Citations.SOFTMAX_CCE_LOGITS,
                            KernelCall.of(Losses.class, "softmaxCrossEntropyWithLogits", A_VECTOR, 0, Y_VECTOR, 0,
                                    output.outputs(), LOG_BASE),
                            Optional.empty(), true, mean, samples, base)
                    : loss.clipsProbability()
                    ? new LossPlan(Citations.CCE.variant("p clipped to [1e-7, 1 - 1e-7] (Keras), " + log + ", "
                            + reduction), Citations.CCE_GRADIENT.variant("0 where p is clipped"),
                            KernelCall.of(Losses.class, "categoricalCrossEntropy", P, Y, LOG_BASE,
                                    Losses.Clipping.EPSILON),
                            Optional.of(KernelCall.of(Losses.class, "categoricalCrossEntropyDerivative", P, Y,
                                    LOG_BASE, Losses.Clipping.EPSILON)), false, mean, samples, base)
                    : new LossPlan(Citations.CCE.variant("log clamped at -100 (PyTorch), " + log + ", " + reduction),
                            Citations.CCE_GRADIENT,
                            KernelCall.of(Losses.class, "categoricalCrossEntropy", P, Y, LOG_BASE),
                            Optional.of(KernelCall.of(Losses.class, "categoricalCrossEntropyDerivative", P, Y,
                                    LOG_BASE)), false, mean, samples, base);
        };
    }

    /** The output layer's delta dL/dz under the rule the spec implies. */
    public static OutputPlan output(OutputRule rule, Optional<Loss> loss, DenseLayer output) {
        int n = output.outputs();
        int divisor = loss.map(Loss::meanOverOutputs).orElse(false) ? n : 1;
        String mean = "divided by the " + n + " outputs, whose mean the sample's loss is";
        OutputPlan plan = switch (rule) {
            case PERCEPTRON -> new OutputPlan(rule, Citations.PERCEPTRON_DELTA,
                    Optional.of(KernelCall.of(UpdateRules.class, "perceptronDelta", P, Y)), 1);
            case SIGMOID_BCE -> new OutputPlan(rule, Citations.SIGMOID_BCE,
                    Optional.of(KernelCall.of(Losses.class, "sigmoidBinaryCrossEntropyDelta", P, Y, LOG_BASE)),
                    divisor);
            case SOFTMAX_CCE -> new OutputPlan(rule, Citations.SOFTMAX_CCE,
                    Optional.of(KernelCall.of(Losses.class, "softmaxCategoricalCrossEntropyDelta", P, Y, TARGET_SUM,
                            LOG_BASE)), divisor);
            case BCE_LOGITS -> new OutputPlan(rule, Citations.SIGMOID_BCE_LOGITS,
                    Optional.of(KernelCall.of(Losses.class, "binaryCrossEntropyWithLogitsDerivative", Z, Y,
                            LOG_BASE)), divisor);
            case CCE_LOGITS -> new OutputPlan(rule, Citations.SOFTMAX_CCE_LOGITS,
                    Optional.of(KernelCall.of(Losses.class, "softmaxCrossEntropyWithLogitsGradient", Z_VECTOR, 0,
                            Y_VECTOR, 0, n, LOG_BASE, DELTA, 0)), divisor);
            case CHAIN -> new OutputPlan(rule, Citations.OUTPUT_DELTA_CHAIN, Optional.empty(), divisor);
        };
        return divisor > 1 ? new OutputPlan(rule, plan.formula().variant(mean), plan.delta(), divisor) : plan;
    }

    // ----- update, penalty, schedule -------------------------------------------------------------------------

    /** The update rule: the optimizer object of a gradient-following spec, or the perceptron rule. */
    public static UpdatePlan update(TrainSpec train) {
        Optimizer o = train.optimizer();
        Params p = o.params();
        boolean meanOverSamples = train.loss().map(Loss::meanOverSamples).orElse(true);
        Optional<KernelCall> mean = meanOverSamples && o.followsGradient()
                ? Optional.of(KernelCall.of(UpdateRules.class, "mean", GRADIENTS, BATCH_SIZE)) : Optional.empty();
        FormulaRef formula;
        Construction c = switch (o.kind()) {
            case SGD -> {
                double decay = p.number("weight_decay");
                formula = decay == 0.0 ? Citations.SGD : Citations.SGD.variant("coupled weight decay " + decay
                        + ": g := g + weight_decay w (PyTorch SGD)");
                yield Construction.constructor(Sgd.class, Construction.SIZE, decay);
            }
            case MOMENTUM -> {
                double beta = p.number("momentum");
                yield switch (p.word("form")) {
                    case "pytorch" -> {
                        formula = Citations.MOMENTUM_PYTORCH.variant("mu " + beta + ", dampening "
                                + p.number("dampening") + ", weight_decay " + p.number("weight_decay"));
                        yield Construction.factory(Momentum.class, "pytorch", Construction.SIZE, beta,
                                p.number("dampening"), false, p.number("weight_decay"));
                    }
                    case "ema" -> {
                        formula = Citations.MOMENTUM_EMA.variant("beta " + beta);
                        yield momentum(Momentum.Form.EMA, beta);
                    }
                    case "lr_inside_subtract" -> {
                        formula = Citations.MOMENTUM_LR_INSIDE_SUBTRACT.variant("beta " + beta);
                        yield momentum(Momentum.Form.LR_INSIDE_SUBTRACT, beta);
                    }
                    case "lr_inside_add" -> {
                        formula = Citations.MOMENTUM_LR_INSIDE_ADD.variant("beta " + beta);
                        yield momentum(Momentum.Form.LR_INSIDE_ADD, beta);
                    }
                    default -> throw new IllegalStateException("momentum form " + p.word("form")
                            + ": the checker allows only the four forms");
                };
            }
            case NESTEROV -> {
                formula = Citations.NESTEROV.variant("mu " + p.number("momentum") + ", weight_decay "
                        + p.number("weight_decay"));
                yield Construction.factory(Momentum.class, "pytorch", Construction.SIZE, p.number("momentum"), 0.0,
                        true, p.number("weight_decay"));
            }
            case ADAGRAD -> {
                boolean inside = inside(p);
                formula = (inside ? Citations.ADAGRAD_INSIDE : Citations.ADAGRAD_OUTSIDE).variant("eps "
                        + p.number("epsilon") + ", G starts at " + p.number("initial_accumulator"));
                yield Construction.constructor(AdaGrad.class, Construction.SIZE, p.number("epsilon"),
                        inside ? EpsilonPlacement.INSIDE_ROOT : EpsilonPlacement.OUTSIDE_ROOT,
                        p.number("initial_accumulator"));
            }
            case ADADELTA -> {
                formula = Citations.ADADELTA.variant("rho " + p.number("rho") + ", eps " + p.number("epsilon"));
                yield Construction.constructor(AdaDelta.class, Construction.SIZE, p.number("rho"),
                        p.number("epsilon"));
            }
            case RMSPROP -> {
                boolean inside = inside(p);
                boolean centered = p.word("centered").equals("yes");
                FormulaRef form = inside ? Citations.RMSPROP_INSIDE : Citations.RMSPROP_OUTSIDE;
                formula = form.variant("rho " + p.number("rho") + ", eps " + p.number("epsilon")
                        + (centered ? "; centered: s - (running mean of g)^2 in place of s" : "")
                        + (p.number("momentum") == 0.0 ? "" : "; momentum " + p.number("momentum")
                                + ": b := momentum b + (the scaled gradient), w := w - lr b"));
                yield Construction.constructor(RmsProp.class, Construction.SIZE, p.number("rho"), p.number("epsilon"),
                        inside ? EpsilonPlacement.INSIDE_ROOT : EpsilonPlacement.OUTSIDE_ROOT, centered,
                        p.number("momentum"));
            }
            case ADAM, ADAMW -> {
                boolean hat = p.word("epsilon_form").equals("hat");
                double decay = p.number("weight_decay");
                Adam.WeightDecay mode = o.kind() == Optimizer.Kind.ADAMW ? Adam.WeightDecay.DECOUPLED
                        : decay == 0.0 ? Adam.WeightDecay.NONE : Adam.WeightDecay.COUPLED;
                String decayWords = switch (mode) {
                    case NONE -> "";
                    case COUPLED -> "; coupled weight decay: g := g + " + decay + " w first (PyTorch Adam)";
                    case DECOUPLED -> "; decoupled weight decay: w := w - lr " + decay + " w first (AdamW)";
                };
                formula = (hat ? Citations.ADAM_HAT : Citations.ADAM_PAPER).variant("beta1 " + p.number("beta1")
                        + ", beta2 " + p.number("beta2") + ", eps " + p.number("epsilon") + decayWords);
                yield Construction.constructor(Adam.class, Construction.SIZE, p.number("beta1"), p.number("beta2"),
                        p.number("epsilon"), hat ? Adam.EpsilonForm.EPSILON_HAT : Adam.EpsilonForm.PAPER, mode, decay);
            }
            case PERCEPTRON -> {
                formula = Citations.PERCEPTRON_UPDATE;
                yield null;
            }
        };
        Optional<KernelCall> rule = o.followsGradient() ? Optional.empty()
                : Optional.of(KernelCall.of(UpdateRules.class, "sgd", PARAMETERS, GRADIENTS, LEARNING_RATE,
                        BATCH_SIZE));
        return new UpdatePlan(formula, Optional.ofNullable(c), rule, Citations.MINIBATCH_MEAN, mean);
    }

    private static Construction momentum(Momentum.Form form, double beta) {
        return Construction.constructor(Momentum.class, Construction.SIZE, form, beta);
    }

    private static boolean inside(Params p) {
        return p.word("epsilon_placement").equals("inside");
    }

    /** A norm penalty over the layers and parameters it covers. */
    public static PenaltyPlan penalty(Layout layout, Regularizer regularizer) {
        Params p = regularizer.params();
        String on = p.word("on");
        boolean biases = p.word("biases").equals("yes");
        Regularization.Scale scale = switch (p.words().getOrDefault("constant", "lambda")) {
            case "half" -> Regularization.Scale.HALF_LAMBDA;
            case "half_m" -> Regularization.Scale.LAMBDA_OVER_2M;
            default -> Regularization.Scale.LAMBDA;
        };
        String constant = switch (scale) {
            case LAMBDA -> "c = lambda";
            case HALF_LAMBDA -> "c = lambda / 2";
            case LAMBDA_OVER_2M -> "c = lambda / (2 m), m the training samples";
        };
        String covers = "on " + on + " layers, " + (biases ? "weights and biases" : "weights only");
        // every layer with parameters in storage order, which is the order of this loop: the convolutions (always
        // hidden, since the output layer is dense; none follows a flatten) and then the dense layers, the last of
        // which is the output layer
        List<int[]> chosen = new ArrayList<>();
        for (Layout.ConvSlots c : layout.convolutions()) {
            if (!on.equals("output")) {
                chosen.add(new int[] {c.weightOffset(), c.layer().weightCount(), c.layer().parameterCount()});
            }
        }
        List<LayerSlots> dense = layout.layers();
        for (LayerSlots s : dense) {
            boolean output = s.index() == dense.size() - 1;
            boolean take = switch (on) {
                case "hidden" -> !output;
                case "output" -> output;
                default -> true;
            };
            if (take) {
                chosen.add(new int[] {s.weightOffset(), s.layer().weightCount(), s.layer().parameterCount()});
            }
        }
        List<PenaltyRange> ranges = new ArrayList<>();
        for (int[] layer : chosen) {
            int from = layer[0];
            int count = biases ? layer[2] : layer[1];
            ranges.add(switch (regularizer.kind()) {
                case L1 -> new PenaltyRange(from, count, biases,
                        KernelCall.of(Regularization.class, "l1Penalty", PARAMETERS, WEIGHTS_FROM, count,
                                p.number("lambda"), Regularization.Scale.LAMBDA, TRAINING_SAMPLES),
                        KernelCall.of(Regularization.class, "addL1Gradient", PARAMETERS, WEIGHTS_FROM, count,
                                p.number("lambda"), Regularization.Scale.LAMBDA, TRAINING_SAMPLES,
                                Regularization.L1AtZero.ZERO, GRADIENTS, WEIGHTS_FROM));
                case L2 -> new PenaltyRange(from, count, biases,
                        KernelCall.of(Regularization.class, "l2Penalty", PARAMETERS, WEIGHTS_FROM, count,
                                p.number("lambda"), scale, TRAINING_SAMPLES),
                        KernelCall.of(Regularization.class, "addL2Gradient", PARAMETERS, WEIGHTS_FROM, count,
                                p.number("lambda"), scale, TRAINING_SAMPLES, GRADIENTS, WEIGHTS_FROM));
                case ELASTIC -> new PenaltyRange(from, count, biases,
                        KernelCall.of(Regularization.class, "elasticNetPenalty", PARAMETERS, WEIGHTS_FROM, count,
                                p.number("l1"), p.number("l2"), scale, TRAINING_SAMPLES),
                        KernelCall.of(Regularization.class, "addElasticNetGradient", PARAMETERS, WEIGHTS_FROM, count,
                                p.number("l1"), p.number("l2"), scale, TRAINING_SAMPLES, Regularization.L1AtZero.ZERO,
                                GRADIENTS, WEIGHTS_FROM));
            });
        }
        return switch (regularizer.kind()) {
            case L1 -> new PenaltyPlan(Citations.L1.variant("lambda " + p.number("lambda") + ", " + covers),
                    Citations.L1_GRADIENT, ranges);
            case L2 -> new PenaltyPlan(Citations.L2.variant(constant + ", lambda " + p.number("lambda") + ", "
                    + covers), Citations.L2_GRADIENT.variant(constant), ranges);
            case ELASTIC -> new PenaltyPlan(Citations.ELASTIC.variant("c1 = l1 " + p.number("l1") + ", c2 from l2 "
                    + p.number("l2") + " with " + constant + ", " + covers),
                    Citations.ELASTIC_GRADIENT.variant(constant), ranges);
        };
    }

    /** The learning-rate schedule of the spec; a constant rate when it has none. */
    public static SchedulePlan schedule(TrainSpec train) {
        double lr = train.optimizer().learningRate();
        if (train.schedule().isEmpty()) {
            return new SchedulePlan(Citations.CONSTANT_RATE, constantRate(lr), false);
        }
        Schedule s = train.schedule().get();
        Params p = s.params();
        String per = s.perStep() ? "t counts steps" : "t counts epochs";
        return switch (s.kind()) {
            case CONSTANT -> new SchedulePlan(Citations.CONSTANT_RATE.variant(per), constantRate(lr), s.perStep());
            case STEP -> new SchedulePlan(Citations.STEP_DECAY.variant("every " + (long) p.number("every")
                    + ", gamma " + p.number("gamma") + ", " + per), Construction.constructor(StepDecay.class, lr,
                    p.number("gamma"), (long) p.number("every")), s.perStep());
            case EXPONENTIAL -> new SchedulePlan(Citations.EXPONENTIAL_DECAY.variant("gamma " + p.number("gamma")
                    + ", " + per), Construction.factory(Exponential.class, "discrete", lr, p.number("gamma")),
                    s.perStep());
            case INVERSE_TIME -> new SchedulePlan(Citations.INVERSE_TIME.variant("decay " + p.number("decay") + ", "
                    + per), Construction.constructor(InverseTime.class, lr, p.number("decay")), s.perStep());
            case COSINE -> {
                long period = (long) p.number("period");
                String words = "min " + p.number("min") + ", period " + period + ", " + per;
                if (p.word("form").equals("recursive")) {
                    yield new SchedulePlan(Citations.COSINE_RECURSIVE.variant(words), Construction.constructor(
                            RecursiveCosine.class, lr, p.number("min"), period), s.perStep());
                }
                Cosine.AfterPeriod after = switch (p.word("after")) {
                    case "hold" -> Cosine.AfterPeriod.HOLD;
                    case "restart" -> Cosine.AfterPeriod.RESTART;
                    default -> Cosine.AfterPeriod.CONTINUE;
                };
                String afterWords = switch (after) {
                    case CONTINUE -> "after the period the cosine continues back up (PyTorch CosineAnnealingLR)";
                    case HOLD -> "after the period the rate holds min (Keras CosineDecay)";
                    case RESTART -> "after the period the rate restarts at lr (SGDR)";
                };
                yield new SchedulePlan(Citations.COSINE.variant(words + "; " + afterWords), Construction.constructor(
                        Cosine.class, lr, p.number("min"), period, after), s.perStep());
            }
            case CYCLICAL -> new SchedulePlan(Citations.CYCLICAL.variant("max " + p.number("max") + ", half period "
                    + (long) p.number("half_period") + ", " + per), Construction.constructor(Cyclical.class, lr,
                    p.number("max"), (long) p.number("half_period")), s.perStep());
            case LINEAR -> new SchedulePlan(Citations.LINEAR_DECAY.variant("final " + p.number("final") + ", steps "
                    + (long) p.number("steps") + ", " + per), Construction.constructor(LinearThenConstant.class, lr,
                    p.number("final"), (long) p.number("steps")), s.perStep());
        };
    }

    private static Construction constantRate(double lr) {
        return Construction.factory(nnspec.runtime.optim.Schedule.class, "constant", lr);
    }
}
