package nnspec.interpret;

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

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnspec.lower.BatchWise;
import nnspec.lower.KernelCall;
import nnspec.lower.Layout.LayerSlots;
import nnspec.lower.OutputRule;
import nnspec.lower.Plan;
import nnspec.lower.Plan.ActivationPlan;
import nnspec.lower.Plan.ConvPlan;
import nnspec.lower.Plan.DropoutPlan;
import nnspec.lower.Plan.NormPlan;
import nnspec.lower.Plan.PoolPlan;
import nnspec.lower.Plan.InitPlan;
import nnspec.lower.Plan.LayerPlan;
import nnspec.lower.Plan.LossPlan;
import nnspec.lower.Plan.PenaltyRange;
import nnspec.model.NetworkSpec;
import nnspec.model.TrainSpec;
import nnspec.runtime.BatchNorm;
import nnspec.runtime.Decision;
import nnspec.runtime.Dense;
import nnspec.runtime.FastDense;
import nnspec.runtime.FastLosses;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingPlan;
import nnspec.runtime.optim.Optimizer;

/**
 * The reference interpreter: the executable specification. Plain loops in the order the formulas are written
 * (LAYER-neuron-affine, then the activation; BP-output-delta, BP-hidden-delta, BP-param-grads), with no
 * cleverness, so that it can be read against the documents. Every kernel it calls is the one the {@link Plan}
 * names, bound once here; generated code writes calls to the same kernels and must agree with it.
 */
public final class Interpreter implements Model {
    private final Plan plan;
    private final double[] parameters;
    private final double[] gradients;
    /** activations[0] is the input; activations[l + 1] the activations f(z) of layer l, before any dropout. */
    private final double[][] activations;
    private final double[][] preActivations;
    private final double[][] deltas;
    /** Per layer, dL/da of the last backward pass (before the activation's backward step). */
    private final double[][] upstreams;
    /** Per dense layer: its kernels bound to this model's arrays. */
    private final Layer[] layers;
    /** Per stage, in order: its kernels and arrays. */
    private final Run[] runs;
    /** outputs[s]: what stage s gave in the last forward pass (a flatten shares its input's array). */
    private final double[][] outputs;
    /** gradOut[s]: dL/d(outputs[s]) of the last backward pass. */
    private final double[][] gradOut;
    private final LossPlan loss;
    private final double logBase;
    private final MethodHandle lossTerm;
    private final MethodHandle lossDerivative;
    private final MethodHandle outputDelta;
    /**
     * Where the fast mode's from-logits loss leaves its exponentials for the output delta of the same logits (the
     * kernels' rule: FastLosses.softmaxCrossEntropyWithLogits); the strict kernels ignore it.
     */
    private final double[] softmaxCache;
    /** The optimizer's state; null for the perceptron rule. */
    private final Optimizer optimizer;
    private final MethodHandle rule;
    private final MethodHandle mean;
    private final List<PenaltyRange> penaltyRanges;
    private final MethodHandle[] penaltyValues;
    private final MethodHandle[] penaltyGradients;
    private boolean training;
    /** m of the penalty constant lambda/(2m); 1 until the trainer says otherwise. */
    private int trainingSamples = 1;

    /**
     * One stage other than a dense layer, its kernels bound as handles: a dropout's factors and the generator of
     * its masks; a convolution's pre-activations, deltas and activation; a max pooling's arg-max.
     */
    private static final class Run {
        final Plan.Stage plan;
        MethodHandle factors;
        double[] dropFactors;
        nnspec.runtime.ShuffleRandom maskDraws;
        MethodHandle forward;
        MethodHandle kernelGradient;
        MethodHandle biasGradient;
        MethodHandle inputGradient;
        MethodHandle value;
        MethodHandle derivative;
        MethodHandle backward;
        double[] z;
        double[] delta;
        int[] argmax;
        /** Batch normalisation: the runtime's stage over this model's parameters. */
        BatchNorm.Stage norm;

        Run(Plan.Stage plan) {
            this.plan = plan;
            switch (plan.kind()) {
                case DENSE, FLATTEN -> {
                }
                case DROPOUT -> {
                    factors = ((DropoutPlan) plan).factors().handle(RANDOM, TRAINING, FACTORS);
                    dropFactors = new double[plan.outputs()];
                }
                case CONV -> {
                    ConvPlan c = (ConvPlan) plan;
                    forward = c.forward().handle(INPUT_VECTOR, PARAMETERS, Z_VECTOR);
                    kernelGradient = c.kernelGradient().handle(INPUT_VECTOR, DELTA, GRADIENTS);
                    biasGradient = c.biasGradient().handle(DELTA, GRADIENTS);
                    inputGradient = c.inputGradient().handle(DELTA, PARAMETERS, INPUT_GRADIENT);
                    value = c.activation().value().handle(Z);
                    derivative = c.activation().derivative().handle(Z, A);
                    z = new double[plan.outputs()];
                    delta = new double[plan.outputs()];
                }
                case POOL -> {
                    PoolPlan p = (PoolPlan) plan;
                    forward = p.forward().handle(INPUT_VECTOR, OUTPUT_VECTOR, ARGMAX);
                    backward = p.backward().handle(UPSTREAM, ARGMAX, INPUT_GRADIENT);
                    argmax = new int[plan.outputs()];
                }
                case BATCHNORM -> {
                    NormPlan n = (NormPlan) plan;
                    norm = n.create();
                    n.activation().ifPresent(f -> {
                        // placement before: the normalised values z, then the previous layer's activation f(z)
                        value = f.value().handle(Z);
                        derivative = f.derivative().handle(Z, A);
                        z = new double[plan.outputs()];
                        delta = new double[plan.outputs()];
                    });
                }
            }
        }
    }

    /**
     * One dense layer's kernels as handles; for randomised ReLU its slopes and their generator.
     */
    private static final class Layer {
        final LayerPlan plan;
        final MethodHandle affine;
        final MethodHandle gradients;
        MethodHandle value;
        MethodHandle derivative;
        MethodHandle forward;
        MethodHandle backward;
        MethodHandle draw;
        MethodHandle evaluation;
        double[] slopes;
        nnspec.runtime.ShuffleRandom slopeDraws;

        Layer(LayerPlan plan) {
            this.plan = plan;
            this.affine = plan.affine().handle(INPUT_VECTOR, PARAMETERS, WEIGHTS_FROM, BIASES_FROM, Z_VECTOR);
            this.gradients = plan.gradients().handle(INPUT_VECTOR, DELTA, BATCH_SIZE, GRADIENTS, WEIGHTS_FROM,
                    BIASES_FROM);
            switch (plan.activation().kind()) {
                case ELEMENTWISE -> {
                    ActivationPlan.Elementwise e = (ActivationPlan.Elementwise) plan.activation();
                    value = e.value().handle(Z);
                    derivative = e.derivative().handle(Z, A);
                }
                case COUPLED -> {
                    ActivationPlan.Coupled c = (ActivationPlan.Coupled) plan.activation();
                    forward = c.forward().handle(Z_VECTOR, A_VECTOR);
                    backward = c.backward().handle(Z_VECTOR, A_VECTOR, UPSTREAM, DELTA);
                }
                case RANDOMISED -> {
                    ActivationPlan.Randomised r = (ActivationPlan.Randomised) plan.activation();
                    value = r.value().handle(Z, SLOPE);
                    derivative = r.derivative().handle(Z, A, SLOPE);
                    draw = r.draw().handle(RANDOM, SLOPES);
                    evaluation = r.evaluation().handle(SLOPES);
                    slopes = new double[plan.units()];
                }
            }
        }
    }

    public Interpreter(NetworkSpec network, TrainSpec train) {
        this(Plan.of(network, train));
    }

    public Interpreter(Plan plan) {
        this.plan = plan;
        this.parameters = new double[plan.layout().parameterCount()];
        this.gradients = new double[plan.layout().parameterCount()];
        int n = plan.layers().size();
        this.layers = plan.layers().stream().map(Layer::new).toArray(Layer[]::new);
        this.activations = new double[n + 1][];
        this.preActivations = new double[n][];
        this.deltas = new double[n][];
        this.upstreams = new double[n][];
        this.batchWise = BatchWise.pays(plan);
        this.batchZ = new double[n][];
        this.batchA = new double[n][];
        this.batchD = new double[n][];
        activations[0] = new double[plan.network().inputSize()];
        for (LayerPlan layer : plan.layers()) {
            activations[layer.index() + 1] = new double[layer.outputs()];
            preActivations[layer.index()] = new double[layer.units()];
            deltas[layer.index()] = new double[layer.units()];
            upstreams[layer.index()] = new double[layer.outputs()];
        }
        List<Plan.Stage> stages = plan.stages();
        this.runs = stages.stream().map(Run::new).toArray(Run[]::new);
        this.outputs = new double[stages.size()][];
        this.gradOut = new double[stages.size()][];
        for (int s = 0; s < stages.size(); s++) {
            Plan.Stage stage = stages.get(s);
            switch (stage.kind()) {
                case DENSE -> {
                    int l = ((LayerPlan) stage).index();
                    outputs[s] = activations[l + 1];
                    gradOut[s] = upstreams[l];
                }
                case FLATTEN -> {
                    // the same values read as a vector: the same arrays
                    outputs[s] = s == 0 ? activations[0] : outputs[s - 1];
                    gradOut[s] = s == 0 ? new double[stage.outputs()] : gradOut[s - 1];
                }
                case DROPOUT, CONV, POOL, BATCHNORM -> {
                    outputs[s] = new double[stage.outputs()];
                    gradOut[s] = new double[stage.outputs()];
                }
            }
        }
        this.loss = plan.loss().orElse(null);
        this.logBase = loss == null ? Math.E : loss.logBase();
        this.lossTerm = loss == null ? null
                : loss.vector() ? loss.term().handle(A_VECTOR, Y_VECTOR, LOG_BASE, SOFTMAX_CACHE)
                : loss.term().handle(P, Y, LOG_BASE);
        this.softmaxCache = new double[FastLosses.softmaxCacheLength(plan.network().outputSize())];
        this.lossDerivative = loss == null ? null
                : loss.derivative().map(d -> d.handle(P, Y, LOG_BASE)).orElse(null);
        this.outputDelta = plan.output().delta().map(d -> plan.output().rule() == OutputRule.CCE_LOGITS
                ? d.handle(Z_VECTOR, Y_VECTOR, LOG_BASE, DELTA, SOFTMAX_CACHE)
                : d.handle(Z, P, Y, TARGET_SUM, LOG_BASE)).orElse(null);
        this.optimizer = plan.update().optimizer()
                .map(c -> (Optimizer) c.instantiate(plan.layout().parameterCount())).orElse(null);
        this.rule = plan.update().rule().map(r -> r.handle(PARAMETERS, GRADIENTS, LEARNING_RATE, BATCH_SIZE))
                .orElse(null);
        this.mean = plan.update().mean().map(m -> m.handle(GRADIENTS, BATCH_SIZE)).orElse(null);
        this.penaltyRanges = plan.penalty().map(Plan.PenaltyPlan::ranges).orElse(List.of());
        this.penaltyValues = penaltyRanges.stream()
                .map(r -> r.value().handle(PARAMETERS, WEIGHTS_FROM, TRAINING_SAMPLES)).toArray(MethodHandle[]::new);
        this.penaltyGradients = penaltyRanges.stream()
                .map(r -> r.gradient().handle(PARAMETERS, WEIGHTS_FROM, TRAINING_SAMPLES, GRADIENTS))
                .toArray(MethodHandle[]::new);
        initialize();
    }

    /** The plan both back ends were built from. */
    public Plan plan() {
        return plan;
    }

    @Override
    public String name() {
        return plan.network().name();
    }

    @Override
    public int inputSize() {
        return plan.network().inputSize();
    }

    @Override
    public int outputSize() {
        return plan.network().outputSize();
    }

    @Override
    public int parameterCount() {
        return parameters.length;
    }

    @Override
    public String parameterName(int index) {
        return plan.layout().parameterNames().get(index);
    }

    @Override
    public double[] parameters() {
        return parameters;
    }

    @Override
    public double[] gradients() {
        return gradients;
    }

    /** Dropout mask generators in stage order, then randomised ReLU slope generators in layer order. */
    private List<nnspec.runtime.ShuffleRandom> generators() {
        List<nnspec.runtime.ShuffleRandom> generators = new java.util.ArrayList<>();
        for (Run run : runs) {
            if (run.maskDraws != null) {
                generators.add(run.maskDraws);
            }
        }
        for (Layer layer : layers) {
            if (layer.slopeDraws != null) {
                generators.add(layer.slopeDraws);
            }
        }
        return generators;
    }

    @Override
    public long[] randomStates() {
        return generators().stream().mapToLong(nnspec.runtime.ShuffleRandom::state).toArray();
    }

    @Override
    public void restoreRandomStates(long[] states) {
        List<nnspec.runtime.ShuffleRandom> generators = generators();
        if (states.length != generators.size()) {
            throw new IllegalArgumentException("expected " + generators.size() + " generator states, found "
                    + states.length);
        }
        for (int k = 0; k < states.length; k++) {
            generators.get(k).restore(states[k]);
        }
    }

    @Override
    public void initialize() {
        for (Run run : runs) {
            if (run.plan instanceof DropoutPlan d) {
                run.maskDraws = new nnspec.runtime.ShuffleRandom(d.seed());
            } else if (run.plan instanceof ConvPlan c) {
                Map<KernelCall.Operand, Object> operands = Map.of(PARAMETERS, parameters,
                        WEIGHTS_FROM, c.slots().weightOffset(), BIASES_FROM, c.slots().biasOffset());
                c.init().calls().forEach(call -> call.invoke(operands));
            } else if (run.norm != null) {
                run.norm.initialize(parameters);
            }
        }
        for (Layer layer : layers) {
            LayerPlan lp = layer.plan;
            if (lp.activation() instanceof ActivationPlan.Randomised r) {
                layer.slopeDraws = new nnspec.runtime.ShuffleRandom(r.seed());
            }
            LayerSlots slots = lp.slots();
            switch (lp.init().kind()) {
                case LITERAL -> {
                    InitPlan.Literal literal = (InitPlan.Literal) lp.init();
                    for (int j = 0; j < lp.units(); j++) {
                        for (int i = 0; i < lp.inputs(); i++) {
                            parameters[slots.weight(j, i)] = literal.weight(j, i);
                        }
                        parameters[slots.bias(j)] = literal.bias(j);
                    }
                }
                case DRAWN -> {
                    InitPlan.Drawn drawn = (InitPlan.Drawn) lp.init();
                    Map<KernelCall.Operand, Object> operands = Map.of(PARAMETERS, parameters,
                            WEIGHTS_FROM, slots.weightOffset(), BIASES_FROM, slots.biasOffset());
                    drawn.calls().forEach(call -> call.invoke(operands));
                }
            }
        }
    }

    @Override
    public void forward(double[] x, double[] yhat) {
        System.arraycopy(x, 0, activations[0], 0, x.length);
        forwardStages(0, runs.length);
        double[] out = activations[activations.length - 1];
        System.arraycopy(out, 0, yhat, 0, out.length);
    }

    /** The forward steps of stages {@code from} to {@code to - 1} for the current sample. */
    private void forwardStages(int from, int to) {
        for (int s = from; s < to; s++) {
            Run run = runs[s];
            double[] in = input(s);
            switch (run.plan.kind()) {
                case DENSE -> forwardDense(layers[((LayerPlan) run.plan).index()], in);
                case DROPOUT -> {
                    // REG-dropout: this pass's factors (a fresh mask while training), then each value times its factor
                    call(run.factors, run.maskDraws, training, run.dropFactors);
                    double[] out = outputs[s];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = in[i] * run.dropFactors[i];
                    }
                }
                case CONV -> {
                    // LAYER-conv2d-forward, then the activation value by value
                    call(run.forward, in, parameters, run.z);
                    double[] a = outputs[s];
                    for (int k = 0; k < a.length; k++) {
                        a[k] = call(run.value, run.z[k]);
                    }
                }
                case POOL -> callPool(run.forward, in, outputs[s], run.argmax);
                case FLATTEN -> {
                    // the same array: nothing to compute
                }
                case BATCHNORM -> {
                    if (training) {
                        throw new IllegalStateException(name() + " normalises whole batches while training:"
                                + " use forwardBatch");
                    }
                    // LAYER-batchnorm-forward with the running statistics: one sample at a time
                    run.norm.forwardInference(in, run.z != null ? run.z : outputs[s], parameters);
                    activateNormalised(run, outputs[s]);
                }
            }
        }
    }

    /** Placement before: the previous layer's activation on the normalised values. */
    private void activateNormalised(Run run, double[] out) {
        if (run.z != null) {
            for (int k = 0; k < out.length; k++) {
                out[k] = call(run.value, run.z[k]);
            }
        }
    }

    private void forwardDense(Layer layer, double[] in) {
        LayerPlan lp = layer.plan;
        LayerSlots slots = lp.slots();
        int l = lp.index();
        double[] z = preActivations[l];
        double[] a = activations[l + 1];
        // LAYER-neuron-affine by the plan's dense kernel, the one the generated classes call for this layer
        callAffine(layer.affine, in, parameters, slots.weightOffset(), slots.biasOffset(), z);
        switch (lp.activation().kind()) {
            case ELEMENTWISE -> {
                for (int j = 0; j < z.length; j++) {
                    a[j] = call(layer.value, z[j]);
                }
            }
            case COUPLED -> call(layer.forward, z, a);
            case RANDOMISED -> {
                // ACT-leaky-relu, randomised: fresh slopes while training, the mean slope in evaluation
                if (training) {
                    call(layer.draw, layer.slopeDraws, layer.slopes);
                } else {
                    call(layer.evaluation, layer.slopes);
                }
                for (int j = 0; j < z.length; j++) {
                    a[j] = call(layer.value, z[j], layer.slopes[j]);
                }
            }
        }
    }

    /** What stage {@code s} takes: the network's input, or the outputs of the stage before it. */
    private double[] input(int s) {
        return s == 0 ? activations[0] : outputs[s - 1];
    }

    @Override
    public void training(boolean on) {
        training = on;
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
        if (loss.vector()) {
            sum = callLoss(lossTerm, p, y, logBase, softmaxCache);
        } else {
            for (int j = 0; j < p.length; j++) {
                sum += call(lossTerm, p[j], y[j], logBase);
            }
        }
        return loss.meanOverOutputs() ? sum / p.length : sum;
    }

    @Override
    public boolean followsGradient() {
        return plan.output().rule() != OutputRule.PERCEPTRON;
    }

    @Override
    public void backward(double[] y) {
        outputDelta(y, deltas[layers.length - 1]);
        backwardStages(0, runs.length);
    }

    /** The backward steps of stages {@code to - 1} down to {@code from} for the current sample. */
    private void backwardStages(int from, int to) {
        int last = layers.length - 1;
        for (int s = to - 1; s >= from; s--) {
            Run run = runs[s];
            double[] in = input(s);
            double[] gradIn = s > 0 ? gradOut[s - 1] : null;
            switch (run.plan.kind()) {
                case DENSE -> {
                    LayerPlan lp = (LayerPlan) run.plan;
                    int l = lp.index();
                    if (l != last) {
                        backThrough(l, gradOut[s], deltas[l]);
                    }
                    LayerSlots slots = lp.slots();
                    double[] delta = deltas[l];
                    // BP-param-grads: dL/dw[j][i] = delta_j * a_i of the layer below; dL/db_j = delta_j
                    callGradients(layers[l].gradients, in, delta, gradients, slots.weightOffset(),
                            slots.biasOffset());
                    if (gradIn != null) {
                        // BP-hidden-delta: dL/da_i of the stage below = sum_j w[j][i] delta_j, each sum from 0.0
                        // over j in order (the kernel walks the weights row by row, the sums keep their order)
                        Dense.backwardInput(delta, 0, 1, lp.inputs(), lp.units(), parameters, slots.weightOffset(),
                                gradIn, 0);
                    }
                }
                case DROPOUT -> {
                    if (gradIn != null) {
                        // GRAD-dropout: dL/din_i = dL/dout_i times the pass's factor
                        double[] g = gradOut[s];
                        for (int i = 0; i < g.length; i++) {
                            gradIn[i] = g[i] * run.dropFactors[i];
                        }
                    }
                }
                case CONV -> {
                    double[] g = gradOut[s];
                    double[] a = outputs[s];
                    for (int k = 0; k < g.length; k++) {
                        run.delta[k] = g[k] * call(run.derivative, run.z[k], a[k]);
                    }
                    // LAYER-conv2d-backward: the kernel's and biases' gradients, then dL/d(input)
                    call(run.kernelGradient, in, run.delta, gradients);
                    call(run.biasGradient, run.delta, gradients);
                    if (gradIn != null) {
                        call(run.inputGradient, run.delta, parameters, gradIn);
                    }
                }
                case POOL -> {
                    if (gradIn != null) {
                        callPoolBackward(run.backward, gradOut[s], run.argmax, gradIn);
                    }
                }
                case FLATTEN -> {
                    // gradOut[s] is gradOut[s - 1]: nothing to do
                }
                case BATCHNORM -> throw new IllegalStateException("a batch normalisation steps back over whole"
                        + " batches: backwardBatch");
            }
        }
    }

    /**
     * BP-activation-backward: dL/dz of layer {@code l} from dL/da ({@code upstream}): times f'(z) unit by unit, or,
     * for an activation that couples its units, the Jacobian-vector product J^T upstream.
     */
    private void backThrough(int l, double[] upstream, double[] delta) {
        Layer layer = layers[l];
        double[] z = preActivations[l];
        double[] a = activations[l + 1];
        switch (layer.plan.activation().kind()) {
            case ELEMENTWISE -> {
                for (int i = 0; i < z.length; i++) {
                    delta[i] = upstream[i] * call(layer.derivative, z[i], a[i]);
                }
            }
            case COUPLED -> call(layer.backward, z, a, upstream, delta);
            case RANDOMISED -> {
                for (int i = 0; i < z.length; i++) {
                    delta[i] = upstream[i] * call(layer.derivative, z[i], a[i], layer.slopes[i]);
                }
            }
        }
    }

    /** BP-output-delta: dL/dz of the output layer, by the plan's output rule. */
    private void outputDelta(double[] y, double[] delta) {
        int last = preActivations.length - 1;
        double[] z = preActivations[last];
        double[] p = activations[last + 1];
        int divisor = plan.output().divisor();
        switch (plan.output().rule()) {
            case PERCEPTRON, SIGMOID_BCE, BCE_LOGITS, SOFTMAX_CCE -> {
                // only the softmax rule reads the targets' sum (soft targets need not sum to 1)
                double targetSum = 0.0;
                if (plan.output().rule() == OutputRule.SOFTMAX_CCE) {
                    for (int j = 0; j < p.length; j++) {
                        targetSum += y[j];
                    }
                }
                for (int j = 0; j < p.length; j++) {
                    delta[j] = call(outputDelta, z[j], p[j], y[j], targetSum, logBase);
                    if (divisor > 1) {
                        delta[j] /= divisor;
                    }
                }
            }
            case CCE_LOGITS -> {
                callDelta(outputDelta, z, y, logBase, delta, softmaxCache);
                if (divisor > 1) {
                    for (int j = 0; j < delta.length; j++) {
                        delta[j] /= divisor;
                    }
                }
            }
            case CHAIN -> {
                double[] upstream = upstreams[last];
                for (int j = 0; j < p.length; j++) {
                    upstream[j] = call(lossDerivative, p[j], y[j], logBase) / divisor;
                }
                backThrough(last, upstream, delta);
            }
        }
    }

    @Override
    public void zeroGradients() {
        Arrays.fill(gradients, 0.0);
    }

    @Override
    public void trainingSamples(int m) {
        trainingSamples = m;
    }

    @Override
    public double penalty() {
        double sum = 0.0;
        for (int r = 0; r < penaltyValues.length; r++) {
            sum += callPenalty(penaltyValues[r], parameters, weightsFrom(penaltyRanges.get(r)), trainingSamples);
        }
        return sum;
    }

    private int weightsFrom(PenaltyRange range) {
        return range.weightsFrom();
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The perceptron rule as sgd on its pseudo-gradient; every other rule: the batch's mean (or summed) gradient,
     * plus the penalty's gradient, handed to the optimizer.
     */
    @Override
    public void update(double learningRate, int batchSize) {
        if (optimizer == null) {
            callRule(rule, parameters, gradients, learningRate, batchSize);
            return;
        }
        if (mean != null) {
            callMean(mean, gradients, batchSize);
        }
        for (int r = 0; r < penaltyGradients.length; r++) {
            callPenaltyGradient(penaltyGradients[r], parameters, weightsFrom(penaltyRanges.get(r)), trainingSamples,
                    gradients);
        }
        holdRunning(false);
        optimizer.step(parameters, gradients, learningRate);
        holdRunning(true);
    }

    /** The running statistics are state, not learnt: kept aside around the update rule's step. */
    private void holdRunning(boolean restore) {
        for (Run run : runs) {
            if (run.norm != null) {
                run.norm.holdRunning(parameters, restore);
            }
        }
    }

    // ----- whole batches, for batch normalisation ---------------------------------------------------------------

    @Override
    public boolean couplesBatch() {
        return plan.batchCoupled();
    }

    @Override
    public boolean stepsByBatch() {
        return couplesBatch() || batchWise;
    }

    // ----- whole batches of samples that do not couple, for speed (BatchWise) -----------------------------------

    /** Whether training steps run a whole batch through each layer at once ({@link BatchWise#pays}). */
    private final boolean batchWise;
    /** The samples the batch arrays hold rows for. */
    private int batchRows;
    /** The batch's inputs, one row per sample. */
    private double[] batchX = new double[0];
    /** Per dense layer, the batch's pre-activations, activations and deltas, one row per sample. */
    private final double[][] batchZ;
    private final double[][] batchA;
    private final double[][] batchD;

    /** Rows for {@code count} samples in every batch array (they grow to the largest batch, then stay). */
    private void batchRows(int count) {
        if (count <= batchRows) {
            return;
        }
        batchX = new double[count * activations[0].length];
        for (int l = 0; l < layers.length; l++) {
            int units = layers[l].plan.units();
            batchZ[l] = new double[count * units];
            batchA[l] = new double[count * units];
            batchD[l] = new double[count * units];
        }
        batchRows = count;
    }

    /**
     * LAYER-neuron-affine over the batch, Z = X W^T + b by the fast mode's batched dense kernel (each sample's sums
     * in the order of the one-sample kernel the plan names, so the same bits), then the activation value by value.
     */
    private void forwardWhole(double[][] x, double[][] yhat, int count) {
        batchRows(count);
        int width = activations[0].length;
        for (int k = 0; k < count; k++) {
            System.arraycopy(x[k], 0, batchX, k * width, width);
        }
        double[] in = batchX;
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            LayerPlan lp = layer.plan;
            double[] z = batchZ[l];
            double[] a = batchA[l];
            FastDense.forward(in, 0, count, lp.inputs(), lp.units(), parameters, lp.slots().weightOffset(),
                    lp.slots().biasOffset(), z, 0);
            if (layer.value != null) {
                for (int k = 0; k < count * lp.units(); k++) {
                    a[k] = call(layer.value, z[k]);
                }
            } else {
                // an output activation that couples its units (softmax): sample by sample, in the one-sample arrays
                int units = lp.units();
                for (int k = 0; k < count; k++) {
                    System.arraycopy(z, k * units, preActivations[l], 0, units);
                    call(layer.forward, preActivations[l], activations[l + 1]);
                    System.arraycopy(activations[l + 1], 0, a, k * units, units);
                }
            }
            in = a;
        }
        int last = layers.length - 1;
        int outputs = layers[last].plan.units();
        for (int k = 0; k < count; k++) {
            System.arraycopy(batchA[last], k * outputs, yhat[k], 0, outputs);
        }
        sampleRow(count - 1);
    }

    /** Puts row {@code k} of the output layer's batch arrays where loss() and the output accessors read. */
    private void sampleRow(int k) {
        int last = layers.length - 1;
        int outputs = layers[last].plan.units();
        System.arraycopy(batchZ[last], k * outputs, preActivations[last], 0, outputs);
        System.arraycopy(batchA[last], k * outputs, activations[last + 1], 0, outputs);
    }

    /**
     * BP-output-delta sample by sample, then layer by layer over the batch: BP-param-grads by the plan's gradient
     * kernel over all the batch's rows (each element adds its samples' terms in sample order, as sample by sample),
     * BP-hidden-delta by the batched W^T delta product (each sum from 0.0 over the units in order) times f'(z).
     */
    private void backwardWhole(double[][] y, int count) {
        int last = layers.length - 1;
        int outputs = layers[last].plan.units();
        for (int k = 0; k < count; k++) {
            sampleRow(k);
            outputDelta(y[k], deltas[last]);
            System.arraycopy(deltas[last], 0, batchD[last], k * outputs, outputs);
        }
        for (int l = last; l >= 0; l--) {
            LayerPlan lp = layers[l].plan;
            LayerSlots slots = lp.slots();
            callGradients(layers[l].gradients, l == 0 ? batchX : batchA[l - 1], batchD[l], count, gradients,
                    slots.weightOffset(), slots.biasOffset());
            if (l > 0) {
                double[] below = batchD[l - 1];
                FastDense.backwardInput(batchD[l], 0, count, lp.inputs(), lp.units(), parameters,
                        slots.weightOffset(), below, 0);
                Layer layer = layers[l - 1];
                double[] z = batchZ[l - 1];
                double[] a = batchA[l - 1];
                for (int k = 0; k < count * lp.inputs(); k++) {
                    below[k] = below[k] * call(layer.derivative, z[k], a[k]);
                }
            }
        }
    }

    /**
     * Each sample of a batch keeps its own copy of every per-sample array (its "bank"): {@link #select} points the
     * interpreter's arrays at sample k's, so the stages between normalisations run as for one sample, and the
     * normalisations see every sample's arrays at once.
     */
    private Object[][] banks = new Object[0][];
    private double[][] batchIn = new double[0][];
    private double[][] batchOut = new double[0][];
    private double[][] batchGradIn = new double[0][];

    private Object[] transfer;
    private int transferAt;
    private boolean capturing;

    private double[] slot(double[] current) {
        if (capturing) {
            transfer[transferAt++] = current;
            return current;
        }
        return (double[]) transfer[transferAt++];
    }

    private int[] slot(int[] current) {
        if (capturing) {
            transfer[transferAt++] = current;
            return current;
        }
        return (int[]) transfer[transferAt++];
    }

    /** Reads the current per-sample arrays into {@code refs} ({@code capture}) or points them at {@code refs}. */
    private void swap(Object[] refs, boolean capture) {
        transfer = refs;
        transferAt = 0;
        capturing = capture;
        for (double[][] group : new double[][][] {activations, preActivations, deltas, upstreams, outputs, gradOut}) {
            for (int i = 0; i < group.length; i++) {
                group[i] = slot(group[i]);
            }
        }
        for (Run run : runs) {
            run.dropFactors = slot(run.dropFactors);
            run.z = slot(run.z);
            run.delta = slot(run.delta);
            run.argmax = slot(run.argmax);
        }
        for (Layer layer : layers) {
            layer.slopes = slot(layer.slopes);
        }
    }

    private int slots() {
        int n = activations.length + preActivations.length + deltas.length + upstreams.length + outputs.length
                + gradOut.length;
        return n + 4 * runs.length + layers.length;
    }

    /** Banks for {@code count} samples; bank 0 holds the arrays the constructor made. */
    private void banks(int count) {
        if (banks.length >= count) {
            return;
        }
        int had = banks.length;
        if (had == 0) {
            Object[] first = new Object[slots()];
            swap(first, true);
            banks = new Object[][] {first};
            had = 1;
        }
        banks = java.util.Arrays.copyOf(banks, count);
        for (int k = had; k < count; k++) {
            // fresh arrays of the same lengths, shared where bank 0 shares one (flatten, dense outputs)
            java.util.IdentityHashMap<Object, Object> fresh = new java.util.IdentityHashMap<>();
            Object[] refs = new Object[banks[0].length];
            for (int i = 0; i < refs.length; i++) {
                Object r = banks[0][i];
                refs[i] = r == null ? null : fresh.computeIfAbsent(r, o -> o instanceof int[] ints
                        ? new int[ints.length] : new double[((double[]) o).length]);
            }
            banks[k] = refs;
        }
        batchIn = new double[count][];
        batchOut = new double[count][];
        batchGradIn = new double[count][];
    }

    private void select(int k) {
        swap(banks[k], false);
    }

    @Override
    public void sample(int k) {
        if (batchWise) {
            sampleRow(k);
            return;
        }
        select(k);
    }

    @Override
    public void forwardBatch(double[][] x, double[][] yhat, int count) {
        if (batchWise) {
            forwardWhole(x, yhat, count);
            return;
        }
        banks(count);
        int from = 0;
        for (int b = 0; b <= runs.length; b++) {
            if (b < runs.length && runs[b].norm == null) {
                continue;
            }
            for (int k = 0; k < count; k++) {
                select(k);
                if (from == 0) {
                    System.arraycopy(x[k], 0, activations[0], 0, activations[0].length);
                }
                forwardStages(from, b);
            }
            if (b < runs.length) {
                forwardNorm(b, count);
            }
            from = b + 1;
        }
        for (int k = 0; k < count; k++) {
            select(k);
            double[] out = activations[activations.length - 1];
            System.arraycopy(out, 0, yhat[k], 0, out.length);
        }
    }

    /** LAYER-batchnorm-forward over the batch while training; sample by sample with running statistics otherwise. */
    private void forwardNorm(int s, int count) {
        Run run = runs[s];
        if (!training) {
            for (int k = 0; k < count; k++) {
                select(k);
                forwardStages(s, s + 1);
            }
            return;
        }
        for (int k = 0; k < count; k++) {
            select(k);
            batchIn[k] = input(s);
            batchOut[k] = run.z != null ? run.z : outputs[s];
        }
        run.norm.forwardTraining(batchIn, batchOut, count, parameters);
        for (int k = 0; k < count; k++) {
            select(k);
            activateNormalised(run, outputs[s]);
        }
    }

    @Override
    public void backwardBatch(double[][] y, int count) {
        if (batchWise) {
            backwardWhole(y, count);
            return;
        }
        int to = runs.length;
        for (int b = runs.length - 1; b >= -1; b--) {
            if (b >= 0 && runs[b].norm == null) {
                continue;
            }
            for (int k = 0; k < count; k++) {
                select(k);
                if (to == runs.length) {
                    outputDelta(y[k], deltas[layers.length - 1]);
                }
                backwardStages(b + 1, to);
            }
            if (b >= 0) {
                backwardNorm(b, count);
            }
            to = b;
        }
    }

    /** LAYER-batchnorm-backward through the batch statistics, after the activation's step with placement before. */
    private void backwardNorm(int s, int count) {
        Run run = runs[s];
        for (int k = 0; k < count; k++) {
            select(k);
            double[] g = gradOut[s];
            if (run.z != null) {
                double[] a = outputs[s];
                for (int i = 0; i < g.length; i++) {
                    run.delta[i] = g[i] * call(run.derivative, run.z[i], a[i]);
                }
                g = run.delta;
            }
            batchIn[k] = input(s);
            batchOut[k] = g;
            batchGradIn[k] = gradOut[s - 1];
        }
        run.norm.backward(batchIn, batchOut, batchGradIn, count, parameters, gradients);
    }

    @Override
    public Decision decision() {
        return plan.decision();
    }

    @Override
    public TrainingPlan trainingPlan() {
        return Plan.trainingPlan(plan.train());
    }

    // ----- calls through the bound kernels: invokeExact needs the exact static types --------------------------

    private static double call(MethodHandle h, double z) {
        try {
            return (double) h.invokeExact(z);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static double call(MethodHandle h, double z, double a) {
        try {
            return (double) h.invokeExact(z, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static double call(MethodHandle h, double z, double a, double b) {
        try {
            return (double) h.invokeExact(z, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static double call(MethodHandle h, double z, double p, double y, double targetSum, double base) {
        try {
            return (double) h.invokeExact(z, p, y, targetSum, base);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void call(MethodHandle h, double[] z, double[] a) {
        try {
            h.invokeExact(z, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void call(MethodHandle h, double[] z, double[] a, double[] upstream, double[] delta) {
        try {
            h.invokeExact(z, a, upstream, delta);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void call(MethodHandle h, Random random, double[] slopes) {
        try {
            h.invokeExact(random, slopes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void call(MethodHandle h, double[] a, double[] b, double[] c) {
        try {
            h.invokeExact(a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callAffine(MethodHandle h, double[] in, double[] p, int weights, int biases, double[] z) {
        try {
            h.invokeExact(in, p, weights, biases, z);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The plan's BP-param-grads for this one sample. */
    private static void callGradients(MethodHandle h, double[] in, double[] delta, double[] g, int weights,
            int biases) {
        callGradients(h, in, delta, 1, g, weights, biases);
    }

    /** The plan's BP-param-grads for {@code count} samples, their inputs and deltas row by row. */
    private static void callGradients(MethodHandle h, double[] in, double[] delta, int count, double[] g,
            int weights, int biases) {
        try {
            h.invokeExact(in, delta, count, g, weights, biases);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callPool(MethodHandle h, double[] in, double[] out, int[] argmax) {
        try {
            h.invokeExact(in, out, argmax);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callPoolBackward(MethodHandle h, double[] upstream, int[] argmax, double[] gradIn) {
        try {
            h.invokeExact(upstream, argmax, gradIn);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void call(MethodHandle h, double[] slopes) {
        try {
            h.invokeExact(slopes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void call(MethodHandle h, Random random, boolean training, double[] factors) {
        try {
            h.invokeExact(random, training, factors);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static double callLoss(MethodHandle h, double[] a, double[] y, double base, double[] cache) {
        try {
            return (double) h.invokeExact(a, y, base, cache);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callDelta(MethodHandle h, double[] z, double[] y, double base, double[] delta,
            double[] cache) {
        try {
            h.invokeExact(z, y, base, delta, cache);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static double callPenalty(MethodHandle h, double[] p, int from, int samples) {
        try {
            return (double) h.invokeExact(p, from, samples);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callPenaltyGradient(MethodHandle h, double[] p, int from, int samples, double[] g) {
        try {
            h.invokeExact(p, from, samples, g);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callRule(MethodHandle h, double[] p, double[] g, double rate, int batch) {
        try {
            h.invokeExact(p, g, rate, batch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callMean(MethodHandle h, double[] g, int batch) {
        try {
            h.invokeExact(g, batch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
