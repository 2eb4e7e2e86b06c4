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
import nnspec.lower.KernelCall;
import nnspec.lower.Layout.LayerSlots;
import nnspec.lower.OutputRule;
import nnspec.lower.Plan;
import nnspec.lower.Plan.ActivationPlan;
import nnspec.lower.Plan.ConvPlan;
import nnspec.lower.Plan.DropoutPlan;
import nnspec.lower.Plan.PoolPlan;
import nnspec.lower.Plan.InitPlan;
import nnspec.lower.Plan.LayerPlan;
import nnspec.lower.Plan.LossPlan;
import nnspec.lower.Plan.PenaltyRange;
import nnspec.model.NetworkSpec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Decision;
import nnspec.runtime.Dense;
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
        Random maskDraws;
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
        Random slopeDraws;

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
                case DROPOUT, CONV, POOL -> {
                    outputs[s] = new double[stage.outputs()];
                    gradOut[s] = new double[stage.outputs()];
                }
            }
        }
        this.loss = plan.loss().orElse(null);
        this.logBase = loss == null ? Math.E : loss.logBase();
        this.lossTerm = loss == null ? null
                : loss.vector() ? loss.term().handle(A_VECTOR, Y_VECTOR, LOG_BASE) : loss.term().handle(P, Y, LOG_BASE);
        this.lossDerivative = loss == null ? null
                : loss.derivative().map(d -> d.handle(P, Y, LOG_BASE)).orElse(null);
        this.outputDelta = plan.output().delta().map(d -> plan.output().rule() == OutputRule.CCE_LOGITS
                ? d.handle(Z_VECTOR, Y_VECTOR, LOG_BASE, DELTA)
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

    @Override
    public void initialize() {
        for (Run run : runs) {
            if (run.plan instanceof DropoutPlan d) {
                run.maskDraws = new Random(d.seed());
            } else if (run.plan instanceof ConvPlan c) {
                Map<KernelCall.Operand, Object> operands = Map.of(PARAMETERS, parameters,
                        WEIGHTS_FROM, c.slots().weightOffset(), BIASES_FROM, c.slots().biasOffset());
                c.init().calls().forEach(call -> call.invoke(operands));
            }
        }
        for (Layer layer : layers) {
            LayerPlan lp = layer.plan;
            if (lp.activation() instanceof ActivationPlan.Randomised r) {
                layer.slopeDraws = new Random(r.seed());
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
        for (int s = 0; s < runs.length; s++) {
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
            }
        }
        double[] out = activations[activations.length - 1];
        System.arraycopy(out, 0, yhat, 0, out.length);
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
            sum = callLoss(lossTerm, p, y, logBase);
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
        int last = layers.length - 1;
        outputDelta(y, deltas[last]);
        for (int s = runs.length - 1; s >= 0; s--) {
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
                callDelta(outputDelta, z, y, logBase, delta);
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
        return plan.layers().get(range.layer()).slots().weightOffset();
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
        optimizer.step(parameters, gradients, learningRate);
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
        try {
            h.invokeExact(in, delta, 1, g, weights, biases);
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

    private static double callLoss(MethodHandle h, double[] a, double[] y, double base) {
        try {
            return (double) h.invokeExact(a, y, base);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void callDelta(MethodHandle h, double[] z, double[] y, double base, double[] delta) {
        try {
            h.invokeExact(z, y, base, delta);
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
