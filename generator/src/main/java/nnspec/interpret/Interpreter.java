package nnspec.interpret;

import java.util.List;
import nnspec.lower.Layout;
import nnspec.lower.Layout.LayerSlots;
import nnspec.lower.OutputRule;
import nnspec.lower.Inits;
import nnspec.lower.Updates;
import nnspec.model.Params;
import nnspec.model.Regularizer;
import nnspec.runtime.Regularization;
import nnspec.runtime.optim.Optimizer;
import nnspec.model.Activation;
import nnspec.model.DenseLayer;
import nnspec.model.DropoutLayer;
import nnspec.model.Init;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Activations;
import nnspec.runtime.Decision;
import nnspec.runtime.Dropout;
import nnspec.runtime.Initializers;
import nnspec.runtime.Losses;
import nnspec.runtime.Model;
import nnspec.runtime.UpdateRules;
import nnspec.runtime.VectorActivations;

/**
 * The reference interpreter: the executable specification. Plain loops over the runtime's kernels, in the order
 * the formulas are written (LAYER-neuron-affine, then the activation; BP-output-delta, BP-hidden-delta,
 * BP-param-grads), with no cleverness, so that it can be read against the documents. Generated code must agree
 * with it.
 */
public final class Interpreter implements Model {
    private final NetworkSpec network;
    private final Layout layout;
    private final OutputRule outputRule;
    private final Loss loss;
    private final Decision decision;
    private final double[] parameters;
    private final double[] gradients;
    /** activations[0] is the input; activations[l + 1] the activations f(z) of layer l, before any dropout. */
    private final double[][] activations;
    private final double[][] preActivations;
    private final double[][] deltas;
    /** Per randomised-ReLU layer, the slopes of the last forward pass and the generator they are drawn from. */
    private final double[][] slopes;
    private final java.util.Random[] slopeDraws;
    /**
     * Per layer followed by dropout: the factors its outputs were multiplied by in the last forward pass (mask
     * times scale), those outputs after dropout, and the generator the masks are drawn from; null elsewhere.
     */
    private final double[][] dropFactors;
    private final double[][] dropped;
    private final java.util.Random[] maskDraws;
    private boolean training;
    /** Per layer, dL/da of the last backward pass (before the activation's backward step). */
    private final double[][] upstreams;
    /** Per layer, the activation's number parameters in the order its kernels take them. */
    private final double[][] activationArguments;
    /** The optimizer's state; null for the perceptron rule. */
    private final Optimizer optimizer;
    private final Regularizer regularizer;
    private final List<Updates.Range> penaltyRanges;
    /** m of the penalty constant lambda/(2m); 1 until the trainer says otherwise. */
    private int trainingSamples = 1;

    public Interpreter(NetworkSpec network, TrainSpec train) {
        this.network = network;
        this.layout = new Layout(network);
        this.outputRule = OutputRule.of(network, train);
        this.loss = train.loss().orElse(null);
        this.decision = OutputRule.decision(network, train);
        this.parameters = new double[layout.parameterCount()];
        this.gradients = new double[layout.parameterCount()];
        List<DenseLayer> layers = network.layers();
        this.activations = new double[layers.size() + 1][];
        this.preActivations = new double[layers.size()][];
        this.deltas = new double[layers.size()][];
        this.upstreams = layers.stream().map(layer -> new double[layer.outputs()]).toArray(double[][]::new);
        this.slopes = layers.stream().map(layer -> layer.activation().random() ? new double[layer.units()] : null)
                .toArray(double[][]::new);
        this.slopeDraws = new java.util.Random[layers.size()];
        this.dropFactors = layers.stream().map(layer -> layer.dropout().isPresent() ? new double[layer.outputs()]
                : null).toArray(double[][]::new);
        this.dropped = layers.stream().map(layer -> layer.dropout().isPresent() ? new double[layer.outputs()]
                : null).toArray(double[][]::new);
        this.maskDraws = new java.util.Random[layers.size()];
        this.activationArguments = layers.stream().map(Interpreter::arguments).toArray(double[][]::new);
        this.optimizer = Updates.optimizer(train).map(c -> (Optimizer) c.instantiate(layout.parameterCount()))
                .orElse(null);
        this.regularizer = train.regularizer().orElse(null);
        this.penaltyRanges = regularizer == null ? List.of() : Updates.penaltyRanges(layout, regularizer);
        activations[0] = new double[network.inputSize()];
        for (int l = 0; l < layers.size(); l++) {
            activations[l + 1] = new double[layers.get(l).outputs()];
            preActivations[l] = new double[layers.get(l).units()];
            deltas[l] = new double[layers.get(l).units()];
        }
        initialize();
    }

    @Override
    public String name() {
        return network.name();
    }

    @Override
    public int inputSize() {
        return network.inputSize();
    }

    @Override
    public int outputSize() {
        return network.outputSize();
    }

    @Override
    public int parameterCount() {
        return parameters.length;
    }

    @Override
    public String parameterName(int index) {
        return layout.parameterNames().get(index);
    }

    @Override
    public double[] parameters() {
        return parameters;
    }

    @Override
    public double[] gradients() {
        return gradients;
    }

    @Override
    public void initialize() {
        for (LayerSlots slots : layout.layers()) {
            if (slots.layer().activation().random()) {
                slopeDraws[slots.index()] = new java.util.Random((long) slots.layer().activationParams().number("seed"));
            }
            slots.layer().dropout().ifPresent(dropout ->
                    maskDraws[slots.index()] = new java.util.Random(dropout.seed()));
            DenseLayer layer = slots.layer();
            Init init = layer.init();
            switch (init.kind()) {
                case ZEROS -> Initializers.constant(parameters, slots.weightOffset(), layer.parameterCount(), 0.0);
                case CONSTANT -> Initializers.constant(parameters, slots.weightOffset(), layer.parameterCount(),
                        ((Init.Constant) init).value());
                case LITERAL, FILE -> {
                    Init.Literal literal = init instanceof Init.FromFile file ? file.literal() : (Init.Literal) init;
                    for (int j = 0; j < layer.units(); j++) {
                        for (int i = 0; i < layer.inputs(); i++) {
                            parameters[slots.weight(j, i)] = literal.weights().get(j).get(i);
                        }
                        parameters[slots.bias(j)] = literal.bias().isEmpty() ? 0.0 : literal.bias().get(j);
                    }
                }
                case UNIFORM -> {
                    Init.Uniform u = (Init.Uniform) init;
                    Initializers.uniform(parameters, slots.weightOffset(), layer.weightCount(), u.low(), u.high(),
                            u.seed());
                    Initializers.constant(parameters, slots.biasOffset(), layer.units(), 0.0);
                }
                case GLOROT_UNIFORM -> {
                    Initializers.glorotUniform(parameters, slots.weightOffset(), layer.inputs(), layer.units(),
                            ((Init.GlorotUniform) init).seed());
                    Initializers.constant(parameters, slots.biasOffset(), layer.units(), 0.0);
                }
                case UNIFORM_FANIN, GLOROT_NORMAL, HE_NORMAL, HE_UNIFORM, LECUN_NORMAL, LECUN_UNIFORM -> {
                    randomWeights(init, slots.weightOffset(), layer.inputs(), layer.units());
                    Initializers.constant(parameters, slots.biasOffset(), layer.units(), 0.0);
                }
            }
        }
    }

    /** The fan-in and fan-out initialisers: weights drawn from java.util.Random(seed) in storage order. */
    private void randomWeights(Init init, int from, int fanIn, int fanOut) {
        if (init instanceof Init.UniformFanIn u) {
            Initializers.uniformFanIn(parameters, from, fanIn, fanOut, u.seed());
        } else if (init instanceof Init.GlorotNormal g) {
            Initializers.glorotNormal(parameters, from, fanIn, fanOut, g.seed(), Inits.normal(g.normal()));
        } else if (init instanceof Init.HeNormal h) {
            Initializers.heNormal(parameters, from, fanIn, fanOut, h.seed(), Inits.variance(h.variance()),
                    Inits.normal(h.normal()));
        } else if (init instanceof Init.HeUniform h) {
            Initializers.heUniform(parameters, from, fanIn, fanOut, h.seed(), Inits.variance(h.variance()));
        } else if (init instanceof Init.LecunNormal l) {
            Initializers.lecunNormal(parameters, from, fanIn, fanOut, l.seed(), Inits.normal(l.normal()));
        } else if (init instanceof Init.LecunUniform l) {
            Initializers.lecunUniform(parameters, from, fanIn, fanOut, l.seed());
        } else {
            throw new IllegalArgumentException("not a fan-based initialiser: " + init);
        }
    }

    @Override
    public void forward(double[] x, double[] yhat) {
        System.arraycopy(x, 0, activations[0], 0, x.length);
        for (LayerSlots slots : layout.layers()) {
            DenseLayer layer = slots.layer();
            double[] in = input(slots.index());
            double[] z = preActivations[slots.index()];
            double[] a = activations[slots.index() + 1];
            for (int j = 0; j < layer.units(); j++) {
                double sum = parameters[slots.bias(j)];
                for (int i = 0; i < layer.inputs(); i++) {
                    sum += parameters[slots.weight(j, i)] * in[i];
                }
                z[j] = sum;
            }
            if (layer.activation().random()) {
                randomisedRelu(slots.index(), layer, z, a);
            } else {
                activate(layer, activationArguments[slots.index()], z, a);
            }
            if (layer.dropout().isPresent()) {
                drop(slots.index(), layer.dropout().get(), a);
            }
        }
        double[] out = activations[activations.length - 1];
        System.arraycopy(out, 0, yhat, 0, out.length);
    }

    private static void activate(DenseLayer layer, double[] k, double[] z, double[] a) {
        switch (layer.activation()) {
            case SOFTMAX -> {
                Activations.softmax(z, 0, a, 0, z.length);
                return;
            }
            case LOG_SOFTMAX -> {
                VectorActivations.logSoftmax(z, 0, a, 0, z.length);
                return;
            }
            case SPARSEMAX -> {
                VectorActivations.sparsemax(z, 0, a, 0, z.length);
                return;
            }
            case GLU -> {
                VectorActivations.glu(z, 0, a, 0, a.length);
                return;
            }
            default -> {
                // elementwise, below
            }
        }
        for (int j = 0; j < z.length; j++) {
            a[j] = apply(layer.activation(), layer.activationParams(), k, z[j]);
        }
    }

    /**
     * ACT-leaky-relu, randomised (PyTorch RReLU): while training, a slope per unit from U(lower, upper), drawn in
     * unit order from the layer's java.util.Random(seed); in evaluation the mean slope (lower + upper) / 2.
     */
    private void randomisedRelu(int l, DenseLayer layer, double[] z, double[] a) {
        Params p = layer.activationParams();
        if (training) {
            Activations.rreluSlopes(slopeDraws[l], p.number("lower"), p.number("upper"), slopes[l], 0, z.length);
        } else {
            Initializers.constant(slopes[l], 0, z.length, (p.number("lower") + p.number("upper")) / 2.0);
        }
        for (int j = 0; j < z.length; j++) {
            a[j] = Activations.leakyRelu(z[j], slopes[l][j]);
        }
    }

    /** What layer {@code l} takes: the network's input, or the outputs of the layer below after its dropout. */
    private double[] input(int l) {
        return l > 0 && dropped[l - 1] != null ? dropped[l - 1] : activations[l];
    }

    /**
     * REG-dropout on layer {@code l}'s outputs a: the factors of this pass (a fresh mask while training, the
     * evaluation scale otherwise), then a_i times its factor.
     */
    private void drop(int l, DropoutLayer dropout, double[] a) {
        Dropout.multipliers(maskDraws[l], dropout.dropProbability(), scaling(dropout), training, dropFactors[l], 0,
                a.length);
        for (int i = 0; i < a.length; i++) {
            dropped[l][i] = a[i] * dropFactors[l][i];
        }
    }

    /** The runtime's name for the spec's dropout scaling. */
    public static Dropout.Scaling scaling(DropoutLayer dropout) {
        return switch (dropout.scaling()) {
            case INVERTED -> Dropout.Scaling.INVERTED;
            case PLAIN -> Dropout.Scaling.PLAIN;
        };
    }

    @Override
    public void training(boolean on) {
        training = on;
    }

    /** The activation's kernel, with its number parameters {@code k} in {@link Activation#arguments()} order. */
    static double apply(Activation activation, Params p, double[] k, double z) {
        return switch (activation) {
            case STEP -> Activations.step(z, k[0]);
            case SIGN -> Activations.sign(z, k[0]);
            case LINEAR -> Activations.linear(z);
            case PIECEWISE_LINEAR -> Activations.piecewiseLinear(z);
            case RELU -> Activations.relu(z);
            case LEAKY_RELU -> Activations.leakyRelu(z, k[0]);
            case RRELU -> Activations.rrelu(z, k[0], k[1]);
            case ELU -> Activations.elu(z, k[0]);
            case CELU -> Activations.celu(z, k[0]);
            case SELU -> Activations.selu(z);
            case GELU -> p.word("approximate").equals("tanh") ? Activations.geluTanh(z) : Activations.gelu(z);
            case SIGMOID -> Activations.sigmoid(z);
            case HARD_SIGMOID -> p.word("form").equals("keras2") ? Activations.hardSigmoidKeras2(z)
                    : Activations.hardSigmoid(z);
            case LOG_SIGMOID -> Activations.logSigmoid(z);
            case TANH -> Activations.tanh(z);
            case HARD_TANH -> Activations.hardTanh(z);
            case TANH_SHRINK -> Activations.tanhShrink(z);
            case SOFTPLUS -> Activations.softplus(z);
            case SOFTSIGN -> Activations.softsign(z);
            case SPARSE_PLUS -> Activations.sparsePlus(z);
            case SQUAREPLUS -> Activations.squareplus(z, k[0]);
            case SILU -> Activations.silu(z);
            case HARD_SILU -> Activations.hardSilu(z);
            case MISH -> Activations.mish(z);
            case RELU6 -> Activations.relu6(z);
            case EXPONENTIAL -> Activations.exponential(z);
            case HARD_SHRINK -> Activations.hardShrink(z, k[0]);
            case SOFT_SHRINK -> Activations.softShrink(z, k[0]);
            case THRESHOLD -> Activations.threshold(z, k[0], k[1]);
            case SOFTMAX, LOG_SOFTMAX, SPARSEMAX, GLU -> throw new IllegalArgumentException(activation.keyword()
                    + " is not elementwise");
        };
    }

    /** The activation's derivative at z, given a = f(z). */
    static double derivative(Activation activation, Params p, double[] k, double z, double a) {
        return switch (activation) {
            case STEP -> Activations.stepDerivative(z, a, k[0]);
            case SIGN -> Activations.signDerivative(z, a, k[0]);
            case LINEAR -> Activations.linearDerivative(z, a);
            case PIECEWISE_LINEAR -> Activations.piecewiseLinearDerivative(z, a);
            case RELU -> Activations.reluDerivative(z, a);
            case LEAKY_RELU -> Activations.leakyReluDerivative(z, a, k[0]);
            case RRELU -> Activations.rreluDerivative(z, a, k[0], k[1]);
            case ELU -> Activations.eluDerivative(z, a, k[0]);
            case CELU -> Activations.celuDerivative(z, a, k[0]);
            case SELU -> Activations.seluDerivative(z, a);
            case GELU -> p.word("approximate").equals("tanh") ? Activations.geluTanhDerivative(z, a)
                    : Activations.geluDerivative(z, a);
            case SIGMOID -> Activations.sigmoidDerivative(z, a);
            case HARD_SIGMOID -> p.word("form").equals("keras2") ? Activations.hardSigmoidKeras2Derivative(z, a)
                    : Activations.hardSigmoidDerivative(z, a);
            case LOG_SIGMOID -> Activations.logSigmoidDerivative(z, a);
            case TANH -> Activations.tanhDerivative(z, a);
            case HARD_TANH -> Activations.hardTanhDerivative(z, a);
            case TANH_SHRINK -> Activations.tanhShrinkDerivative(z, a);
            case SOFTPLUS -> Activations.softplusDerivative(z, a);
            case SOFTSIGN -> Activations.softsignDerivative(z, a);
            case SPARSE_PLUS -> Activations.sparsePlusDerivative(z, a);
            case SQUAREPLUS -> Activations.squareplusDerivative(z, a, k[0]);
            case SILU -> Activations.siluDerivative(z, a);
            case HARD_SILU -> Activations.hardSiluDerivative(z, a);
            case MISH -> Activations.mishDerivative(z, a);
            case RELU6 -> Activations.relu6Derivative(z, a);
            case EXPONENTIAL -> Activations.exponentialDerivative(z, a);
            case HARD_SHRINK -> Activations.hardShrinkDerivative(z, a, k[0]);
            case SOFT_SHRINK -> Activations.softShrinkDerivative(z, a, k[0]);
            case THRESHOLD -> Activations.thresholdDerivative(z, a, k[0], k[1]);
            case SOFTMAX, LOG_SOFTMAX, SPARSEMAX, GLU -> throw new IllegalArgumentException(activation.keyword()
                    + " couples its units: its backward step is a Jacobian-vector product (see backThrough)");
        };
    }

    /** A layer's activation parameters as the kernels take them. */
    static double[] arguments(DenseLayer layer) {
        return layer.activation().arguments().stream().mapToDouble(layer.activationParams()::number).toArray();
    }

    /** A copy of layer {@code layer}'s pre-activations z from the last {@link #forward}. */
    public double[] preActivations(int layer) {
        return preActivations[layer].clone();
    }

    @Override
    public double outputPreActivation(int unit) {
        return preActivations[preActivations.length - 1][unit];
    }

    @Override
    public boolean hasLoss() {
        return loss != null;
    }

    @Override
    public double loss(double[] y) {
        if (loss == null) {
            return Double.NaN;
        }
        double[] p = activations[activations.length - 1];
        double sum = 0.0;
        if (outputRule == OutputRule.CCE_LOGITS) {
            // the output layer is linear: p holds the logits z
            sum = Losses.softmaxCrossEntropyWithLogits(p, 0, y, 0, p.length, loss.logBase());
        } else {
            for (int j = 0; j < p.length; j++) {
                sum += lossTerm(p[j], y[j]);
            }
        }
        return loss.meanOverOutputs() ? sum / p.length : sum;
    }

    private double lossTerm(double p, double y) {
        return switch (loss.kind()) {
            case MSE -> Losses.squaredError(p, y);
            case MAE -> Losses.absoluteError(p, y);
            case HUBER -> Losses.huber(p, y, loss.params().number("delta"));
            case BCE -> loss.fromLogits() ? Losses.binaryCrossEntropyWithLogits(p, y, loss.logBase())
                    : Losses.binaryCrossEntropy(p, y, loss.logBase(), clipping(loss));
            case CCE -> Losses.categoricalCrossEntropy(p, y, loss.logBase(), clipping(loss));
        };
    }

    private double lossDerivative(double p, double y) {
        return switch (loss.kind()) {
            case MSE -> Losses.squaredErrorDerivative(p, y);
            case MAE -> Losses.absoluteErrorDerivative(p, y);
            case HUBER -> Losses.huberDerivative(p, y, loss.params().number("delta"));
            case BCE -> Losses.binaryCrossEntropyDerivative(p, y, loss.logBase(), clipping(loss));
            case CCE -> Losses.categoricalCrossEntropyDerivative(p, y, loss.logBase(), clipping(loss));
        };
    }

    /** The clipping convention of a cross-entropy: PyTorch's clamped log, or Keras's clipped probability. */
    public static Losses.Clipping clipping(Loss loss) {
        return loss.clipsProbability() ? Losses.Clipping.EPSILON : Losses.Clipping.LOG_FLOOR;
    }

    @Override
    public boolean followsGradient() {
        return outputRule != OutputRule.PERCEPTRON;
    }

    @Override
    public void backward(double[] y) {
        int last = layout.layers().size() - 1;
        outputDelta(layout.layers().get(last).layer(), y, deltas[last]);
        for (int l = last; l >= 0; l--) {
            LayerSlots slots = layout.layers().get(l);
            DenseLayer layer = slots.layer();
            double[] in = input(l);
            double[] delta = deltas[l];
            // BP-param-grads: dL/dw[j][i] = delta_j * a_i of the layer below; dL/db_j = delta_j
            for (int j = 0; j < layer.units(); j++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    gradients[slots.weight(j, i)] += delta[j] * in[i];
                }
                gradients[slots.bias(j)] += delta[j];
            }
            if (l > 0) {
                // BP-hidden-delta: delta_i = f'(z_i) * sum_j w[j][i] delta_j
                DenseLayer below = layout.layers().get(l - 1).layer();
                double[] belowDelta = deltas[l - 1];
                double[] upstream = upstreams[l - 1];
                for (int i = 0; i < layer.inputs(); i++) {
                    double sum = 0.0;
                    for (int j = 0; j < layer.units(); j++) {
                        sum += parameters[slots.weight(j, i)] * delta[j];
                    }
                    // GRAD-dropout: through the dropout below, dL/da_i = dL/dout_i times the pass's factor
                    upstream[i] = dropFactors[l - 1] == null ? sum : sum * dropFactors[l - 1][i];
                }
                backThrough(below, l - 1, upstream, belowDelta);
            }
        }
    }

    /**
     * BP-activation-backward: dL/dz of layer {@code l} from dL/da ({@code upstream}): times f'(z) unit by unit, or,
     * for an activation that couples its units, the Jacobian-vector product J^T upstream (ACT-softmax-jacobian).
     */
    private void backThrough(DenseLayer layer, int l, double[] upstream, double[] delta) {
        double[] z = preActivations[l];
        double[] a = activations[l + 1];
        switch (layer.activation()) {
            case SOFTMAX -> Activations.softmaxBackward(z, 0, a, 0, upstream, 0, delta, 0, z.length);
            case LOG_SOFTMAX -> VectorActivations.logSoftmaxBackward(z, 0, a, 0, upstream, 0, delta, 0, z.length);
            case SPARSEMAX -> VectorActivations.sparsemaxBackward(z, 0, a, 0, upstream, 0, delta, 0, z.length);
            case GLU -> VectorActivations.gluBackward(z, 0, a, 0, upstream, 0, delta, 0, a.length);
            case RRELU -> {
                for (int i = 0; i < z.length; i++) {
                    delta[i] = upstream[i] * Activations.leakyReluDerivative(z[i], a[i], slopes[l][i]);
                }
            }
            default -> {
                for (int i = 0; i < z.length; i++) {
                    delta[i] = upstream[i] * derivative(layer.activation(), layer.activationParams(),
                            activationArguments[l], z[i], a[i]);
                }
            }
        }
    }

    /** BP-output-delta: dL/dz of the output layer, by the {@link OutputRule}. */
    private void outputDelta(DenseLayer output, double[] y, double[] delta) {
        int last = preActivations.length - 1;
        double[] z = preActivations[last];
        double[] p = activations[last + 1];
        int n = p.length;
        switch (outputRule) {
            case PERCEPTRON -> {
                for (int j = 0; j < n; j++) {
                    delta[j] = UpdateRules.perceptronDelta(p[j], y[j]);
                }
            }
            case SIGMOID_BCE -> {
                double outputs = loss.meanOverOutputs() ? n : 1.0;
                for (int j = 0; j < n; j++) {
                    delta[j] = Losses.sigmoidBinaryCrossEntropyDelta(p[j], y[j], loss.logBase()) / outputs;
                }
            }
            case SOFTMAX_CCE -> {
                double outputs = loss.meanOverOutputs() ? n : 1.0;
                double targetSum = 0.0;
                for (int j = 0; j < n; j++) {
                    targetSum += y[j];
                }
                for (int j = 0; j < n; j++) {
                    delta[j] = Losses.softmaxCategoricalCrossEntropyDelta(p[j], y[j], targetSum, loss.logBase())
                            / outputs;
                }
            }
            case BCE_LOGITS -> {
                double outputs = loss.meanOverOutputs() ? n : 1.0;
                for (int j = 0; j < n; j++) {
                    delta[j] = Losses.binaryCrossEntropyWithLogitsDerivative(z[j], y[j], loss.logBase()) / outputs;
                }
            }
            case CCE_LOGITS -> {
                Losses.softmaxCrossEntropyWithLogitsGradient(z, 0, y, 0, n, loss.logBase(), delta, 0);
                if (loss.meanOverOutputs()) {
                    for (int j = 0; j < n; j++) {
                        delta[j] /= n;
                    }
                }
            }
            case CHAIN -> {
                double outputs = loss.meanOverOutputs() ? n : 1.0;
                double[] upstream = upstreams[last];
                for (int j = 0; j < n; j++) {
                    upstream[j] = lossDerivative(p[j], y[j]) / outputs;
                }
                backThrough(output, last, upstream, delta);
            }
        }
    }

    @Override
    public void zeroGradients() {
        java.util.Arrays.fill(gradients, 0.0);
    }

    @Override
    public void trainingSamples(int m) {
        trainingSamples = m;
    }

    @Override
    public double penalty() {
        if (regularizer == null) {
            return 0.0;
        }
        double sum = 0.0;
        Params r = regularizer.params();
        for (Updates.Range range : penaltyRanges) {
            sum += switch (regularizer.kind()) {
                case L1 -> Regularization.l1Penalty(parameters, range.from(), range.count(), r.number("lambda"),
                        Regularization.Scale.LAMBDA, trainingSamples);
                case L2 -> Regularization.l2Penalty(parameters, range.from(), range.count(), r.number("lambda"),
                        Updates.scale(regularizer), trainingSamples);
                case ELASTIC -> Regularization.elasticNetPenalty(parameters, range.from(), range.count(),
                        r.number("l1"), r.number("l2"), Updates.scale(regularizer), trainingSamples);
            };
        }
        return sum;
    }

    /**
     * The perceptron rule as sgd on its pseudo-gradient; every other rule: the batch's mean (or summed) gradient,
     * plus the penalty's gradient, handed to the optimizer.
     */
    @Override
    public void update(double learningRate, int batchSize) {
        if (optimizer == null) {
            UpdateRules.sgd(parameters, gradients, learningRate, batchSize);
            return;
        }
        if (loss.meanOverSamples()) {
            UpdateRules.mean(gradients, batchSize);
        }
        if (regularizer != null) {
            Params r = regularizer.params();
            for (Updates.Range range : penaltyRanges) {
                switch (regularizer.kind()) {
                    case L1 -> Regularization.addL1Gradient(parameters, range.from(), range.count(),
                            r.number("lambda"), Regularization.Scale.LAMBDA, trainingSamples,
                            Regularization.L1AtZero.ZERO, gradients, range.from());
                    case L2 -> Regularization.addL2Gradient(parameters, range.from(), range.count(),
                            r.number("lambda"), Updates.scale(regularizer), trainingSamples, gradients, range.from());
                    case ELASTIC -> Regularization.addElasticNetGradient(parameters, range.from(), range.count(),
                            r.number("l1"), r.number("l2"), Updates.scale(regularizer), trainingSamples,
                            Regularization.L1AtZero.ZERO, gradients, range.from());
                }
            }
        }
        optimizer.step(parameters, gradients, learningRate);
    }

    @Override
    public Decision decision() {
        return decision;
    }
}
