package nnspec.lower;

import nnspec.model.Activation;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Optimizer;
import nnspec.model.TrainSpec;
import nnspec.runtime.Decision;

/**
 * How the output layer's delta dL/dz is formed, decided once for both back ends so they apply the same formula.
 */
public enum OutputRule {
    /** OPT-perceptron-rule: delta = yhat - y, no activation derivative (the rule is not a gradient). */
    PERCEPTRON,
    /** GRAD-sigmoid-bce: delta = (p - y) / ln(base), divided by the number of outputs (mean over outputs). */
    SIGMOID_BCE,
    /** GRAD-softmax-cce: delta_j = (p_j * sum(y) - y_j) / ln(base), the gradient of the unclipped loss. */
    SOFTMAX_CCE,
    /**
     * LOSS-bce on logits of a linear output: the stable form max(z, 0) - z y + log(1 + e^-|z|), and delta_j =
     * sigmoid(z_j) - y_j, divided by the outputs for their mean.
     */
    BCE_LOGITS,
    /** LOSS-cce on logits of a linear output: log-sum-exp with the maximum subtracted; delta = softmax(z) sum(y) - y. */
    CCE_LOGITS,
    /** Chain rule: dL/dyhat_j (mean over outputs) times the activation's derivative. */
    CHAIN;

    public static OutputRule of(NetworkSpec network, TrainSpec train) {
        if (train.optimizer().kind() == Optimizer.Kind.PERCEPTRON) {
            return PERCEPTRON;
        }
        Activation out = network.outputLayer().activation();
        Loss spec = train.loss().orElseThrow(
                () -> new IllegalStateException("a gradient-following optimizer needs a loss; the checker ensures it"));
        Loss.Kind loss = spec.kind();
        if (spec.fromLogits()) {
            return loss == Loss.Kind.CCE ? CCE_LOGITS : BCE_LOGITS;
        }
        // p - y is the gradient of the unclipped loss; where Keras's clip flattens it (p outside [1e-7, 1 - 1e-7])
        // the gradient is 0, which only the chain rule through the clipped loss gives
        if (out == Activation.SIGMOID && loss == Loss.Kind.BCE && !spec.clipsProbability()) {
            return SIGMOID_BCE;
        }
        if (out == Activation.SOFTMAX && loss == Loss.Kind.CCE && !spec.clipsProbability()) {
            return SOFTMAX_CCE;
        }
        return CHAIN;
    }

    /** The decision rule accuracy uses: from logits, z > 0 or the arg-max; otherwise from the output activation. */
    public static Decision decision(NetworkSpec network, TrainSpec train) {
        if (train.loss().map(Loss::fromLogits).orElse(false)) {
            return network.outputSize() > 1 ? Decision.ARGMAX : Decision.THRESHOLD_ZERO;
        }
        return decision(network);
    }

    /** The decision rule accuracy uses, from the output activation. */
    public static Decision decision(NetworkSpec network) {
        if (network.outputSize() > 1) {
            Activation out = network.outputLayer().activation();
            // each is monotone in the scores, so the arg-max of the outputs is the predicted class
            return out == Activation.SOFTMAX || out == Activation.LOG_SOFTMAX || out == Activation.SPARSEMAX
                    ? Decision.ARGMAX : Decision.NONE;
        }
        return switch (network.outputLayer().activation()) {
            case STEP, SIGMOID, HARD_SIGMOID, PIECEWISE_LINEAR -> Decision.THRESHOLD_HALF;
            case SIGN -> Decision.THRESHOLD_ZERO;
            case LINEAR, RELU, LEAKY_RELU, RRELU, ELU, CELU, SELU, GELU, LOG_SIGMOID, TANH, HARD_TANH, TANH_SHRINK, SOFTPLUS,
                    SOFTSIGN, SPARSE_PLUS, SQUAREPLUS, SILU, HARD_SILU, MISH, RELU6, EXPONENTIAL, HARD_SHRINK,
                    SOFT_SHRINK, THRESHOLD, SOFTMAX, LOG_SOFTMAX, SPARSEMAX, GLU -> Decision.NONE;
        };
    }
}
