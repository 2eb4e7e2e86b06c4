package nnspec.interpret;

import java.util.List;
import nnspec.lower.Layout;
import nnspec.lower.Layout.LayerSlots;
import nnspec.lower.OutputRule;
import nnspec.model.Activation;
import nnspec.model.DenseLayer;
import nnspec.model.Init;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Activations;
import nnspec.runtime.Decision;
import nnspec.runtime.Initializers;
import nnspec.runtime.Losses;
import nnspec.runtime.Model;
import nnspec.runtime.UpdateRules;

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
    /** activations[0] is the input; activations[l + 1] the output of layer l. */
    private final double[][] activations;
    private final double[][] preActivations;
    private final double[][] deltas;

    public Interpreter(NetworkSpec network, TrainSpec train) {
        this.network = network;
        this.layout = new Layout(network);
        this.outputRule = OutputRule.of(network, train);
        this.loss = train.loss().orElse(null);
        this.decision = OutputRule.decision(network);
        this.parameters = new double[layout.parameterCount()];
        this.gradients = new double[layout.parameterCount()];
        List<DenseLayer> layers = network.layers();
        this.activations = new double[layers.size() + 1][];
        this.preActivations = new double[layers.size()][];
        this.deltas = new double[layers.size()][];
        activations[0] = new double[network.inputSize()];
        for (int l = 0; l < layers.size(); l++) {
            activations[l + 1] = new double[layers.get(l).units()];
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
            DenseLayer layer = slots.layer();
            Init init = layer.init();
            switch (init.kind()) {
                case ZEROS -> Initializers.constant(parameters, slots.weightOffset(), layer.parameterCount(), 0.0);
                case CONSTANT -> Initializers.constant(parameters, slots.weightOffset(), layer.parameterCount(),
                        ((Init.Constant) init).value());
                case LITERAL -> {
                    Init.Literal literal = (Init.Literal) init;
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
            }
        }
    }

    @Override
    public void forward(double[] x, double[] yhat) {
        System.arraycopy(x, 0, activations[0], 0, x.length);
        for (LayerSlots slots : layout.layers()) {
            DenseLayer layer = slots.layer();
            double[] in = activations[slots.index()];
            double[] z = preActivations[slots.index()];
            double[] a = activations[slots.index() + 1];
            for (int j = 0; j < layer.units(); j++) {
                double sum = parameters[slots.bias(j)];
                for (int i = 0; i < layer.inputs(); i++) {
                    sum += parameters[slots.weight(j, i)] * in[i];
                }
                z[j] = sum;
            }
            activate(layer.activation(), z, a);
        }
        double[] out = activations[activations.length - 1];
        System.arraycopy(out, 0, yhat, 0, out.length);
    }

    private static void activate(Activation activation, double[] z, double[] a) {
        if (activation == Activation.SOFTMAX) {
            Activations.softmax(z, 0, a, 0, z.length);
            return;
        }
        for (int j = 0; j < z.length; j++) {
            a[j] = apply(activation, z[j]);
        }
    }

    static double apply(Activation activation, double z) {
        return switch (activation) {
            case STEP -> Activations.step(z);
            case SIGN -> Activations.sign(z);
            case LINEAR -> Activations.linear(z);
            case RELU -> Activations.relu(z);
            case SIGMOID -> Activations.sigmoid(z);
            case TANH -> Activations.tanh(z);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not elementwise");
        };
    }

    static double derivative(Activation activation, double z, double a) {
        return switch (activation) {
            case STEP -> Activations.stepDerivative(z, a);
            case SIGN -> Activations.signDerivative(z, a);
            case LINEAR -> Activations.linearDerivative(z, a);
            case RELU -> Activations.reluDerivative(z, a);
            case SIGMOID -> Activations.sigmoidDerivative(z, a);
            case TANH -> Activations.tanhDerivative(z, a);
            case SOFTMAX -> throw new IllegalArgumentException(
                    "softmax is only allowed on the output layer with cce, where its delta is fused");
        };
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
        for (int j = 0; j < p.length; j++) {
            sum += lossTerm(p[j], y[j]);
        }
        return loss.kind() == Loss.Kind.CCE ? sum : sum / p.length;
    }

    private double lossTerm(double p, double y) {
        return switch (loss.kind()) {
            case MSE -> Losses.squaredError(p, y);
            case MAE -> Losses.absoluteError(p, y);
            case BCE -> Losses.binaryCrossEntropy(p, y, loss.logBase());
            case CCE -> Losses.categoricalCrossEntropy(p, y, loss.logBase());
        };
    }

    private double lossDerivative(double p, double y) {
        return switch (loss.kind()) {
            case MSE -> Losses.squaredErrorDerivative(p, y);
            case MAE -> Losses.absoluteErrorDerivative(p, y);
            case BCE -> Losses.binaryCrossEntropyDerivative(p, y, loss.logBase());
            case CCE -> Losses.categoricalCrossEntropyDerivative(p, y, loss.logBase());
        };
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
            double[] in = activations[l];
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
                for (int i = 0; i < layer.inputs(); i++) {
                    double sum = 0.0;
                    for (int j = 0; j < layer.units(); j++) {
                        sum += parameters[slots.weight(j, i)] * delta[j];
                    }
                    belowDelta[i] = sum * derivative(below.activation(), preActivations[l - 1][i], in[i]);
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
                for (int j = 0; j < n; j++) {
                    delta[j] = Losses.sigmoidBinaryCrossEntropyDelta(p[j], y[j], loss.logBase()) / n;
                }
            }
            case SOFTMAX_CCE -> {
                double targetSum = 0.0;
                for (int j = 0; j < n; j++) {
                    targetSum += y[j];
                }
                for (int j = 0; j < n; j++) {
                    delta[j] = Losses.softmaxCategoricalCrossEntropyDelta(p[j], y[j], targetSum, loss.logBase());
                }
            }
            case CHAIN -> {
                double outputs = loss.kind() == Loss.Kind.CCE ? 1.0 : n;
                for (int j = 0; j < n; j++) {
                    delta[j] = lossDerivative(p[j], y[j]) / outputs * derivative(output.activation(), z[j], p[j]);
                }
            }
        }
    }

    @Override
    public void zeroGradients() {
        java.util.Arrays.fill(gradients, 0.0);
    }

    @Override
    public void update(double learningRate, int batchSize) {
        UpdateRules.sgd(parameters, gradients, learningRate, batchSize);
    }

    @Override
    public Decision decision() {
        return decision;
    }
}
