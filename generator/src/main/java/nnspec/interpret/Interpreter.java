package nnspec.interpret;

import static nnspec.lower.KernelCall.Operand.A;
import static nnspec.lower.KernelCall.Operand.A_VECTOR;
import static nnspec.lower.KernelCall.Operand.BATCH_SIZE;
import static nnspec.lower.KernelCall.Operand.BIASES_FROM;
import static nnspec.lower.KernelCall.Operand.DELTA;
import static nnspec.lower.KernelCall.Operand.FACTORS;
import static nnspec.lower.KernelCall.Operand.GRADIENTS;
import static nnspec.lower.KernelCall.Operand.LEARNING_RATE;
import static nnspec.lower.KernelCall.Operand.LOG_BASE;
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
import nnspec.lower.Plan.InitPlan;
import nnspec.lower.Plan.LayerPlan;
import nnspec.lower.Plan.LossPlan;
import nnspec.lower.Plan.PenaltyRange;
import nnspec.model.NetworkSpec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Decision;
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
    /** Per layer: its kernels bound to this model's arrays. */
    private final Layer[] layers;
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
     * One layer's kernels as handles; for randomised ReLU its slopes and their generator; for dropout its factors,
     * its outputs after dropout and the generator of its masks.
     */
    private static final class Layer {
        final LayerPlan plan;
        MethodHandle value;
        MethodHandle derivative;
        MethodHandle forward;
        MethodHandle backward;
        MethodHandle draw;
        MethodHandle evaluation;
        double[] slopes;
        Random slopeDraws;
        MethodHandle factors;
        double[] dropFactors;
        double[] dropped;
        Random maskDraws;

        Layer(LayerPlan plan) {
            this.plan = plan;
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
            plan.dropout().ifPresent(d -> {
                factors = d.factors().handle(RANDOM, TRAINING, FACTORS);
                dropFactors = new double[plan.outputs()];
                dropped = new double[plan.outputs()];
            });
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
        for (Layer layer : layers) {
            LayerPlan lp = layer.plan;
            if (lp.activation() instanceof ActivationPlan.Randomised r) {
                layer.slopeDraws = new Random(r.seed());
            }
            lp.dropout().ifPresent(d -> layer.maskDraws = new Random(d.seed()));
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
        for (Layer layer : layers) {
            LayerPlan lp = layer.plan;
            LayerSlots slots = lp.slots();
            int l = lp.index();
            double[] in = input(l);
            double[] z = preActivations[l];
            double[] a = activations[l + 1];
            for (int j = 0; j < lp.units(); j++) {
                double sum = parameters[slots.bias(j)];
                for (int i = 0; i < lp.inputs(); i++) {
                    sum += parameters[slots.weight(j, i)] * in[i];
                }
                z[j] = sum;
            }
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
            if (layer.factors != null) {
                // REG-dropout: this pass's factors (a fresh mask while training), then each output times its factor
                call(layer.factors, layer.maskDraws, training, layer.dropFactors);
                for (int i = 0; i < a.length; i++) {
                    layer.dropped[i] = a[i] * layer.dropFactors[i];
                }
            }
        }
        double[] out = activations[activations.length - 1];
        System.arraycopy(out, 0, yhat, 0, out.length);
    }

    /** What layer {@code l} takes: the network's input, or the outputs of the layer below after its dropout. */
    private double[] input(int l) {
        return l > 0 && layers[l - 1].dropped != null ? layers[l - 1].dropped : activations[l];
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
        for (int l = last; l >= 0; l--) {
            LayerPlan lp = layers[l].plan;
            LayerSlots slots = lp.slots();
            double[] in = input(l);
            double[] delta = deltas[l];
            // BP-param-grads: dL/dw[j][i] = delta_j * a_i of the layer below; dL/db_j = delta_j
            for (int j = 0; j < lp.units(); j++) {
                for (int i = 0; i < lp.inputs(); i++) {
                    gradients[slots.weight(j, i)] += delta[j] * in[i];
                }
                gradients[slots.bias(j)] += delta[j];
            }
            if (l > 0) {
                // BP-hidden-delta: dL/da_i of the layer below = sum_j w[j][i] delta_j
                double[] upstream = upstreams[l - 1];
                double[] factors = layers[l - 1].dropFactors;
                for (int i = 0; i < lp.inputs(); i++) {
                    double sum = 0.0;
                    for (int j = 0; j < lp.units(); j++) {
                        sum += parameters[slots.weight(j, i)] * delta[j];
                    }
                    // GRAD-dropout: through the dropout below, dL/da_i = dL/dout_i times the pass's factor
                    upstream[i] = factors == null ? sum : sum * factors[i];
                }
                backThrough(l - 1, upstream, deltas[l - 1]);
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
