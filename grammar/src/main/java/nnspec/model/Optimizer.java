package nnspec.model;

import static nnspec.model.ParamSpec.fraction;
import static nnspec.model.ParamSpec.nonNegative;
import static nnspec.model.ParamSpec.number;
import static nnspec.model.ParamSpec.positive;

import java.util.List;

/**
 * How parameters are updated after each batch: an optimizer following the gradient of the loss, or the
 * perceptron rule of 000_a379626a3ad4bd0a.txt ("Example: perceptron training"), a heuristic with no loss behind
 * it. {@code params} holds the kind's {@link Kind#params()}, resolved; the learning rate is kept apart because
 * every kind has one and schedules scale it.
 */
public record Optimizer(Kind kind, double learningRate, Params params) {
    private static final ParamSpec WEIGHT_DECAY = nonNegative("weight_decay", 0.0, 0.0,
            "L2 weight decay added to the gradient (coupled), as PyTorch's weight_decay; default 0");
    private static final ParamSpec EPSILON_ADAM = positive("epsilon", 1e-8, 1e-7,
            "added to the root in the denominator; PyTorch 1e-8, Keras 1e-7");
    private static final ParamSpec PLACEMENT = ParamSpec.word("epsilon_placement", List.of("outside", "inside"),
            "outside", "inside", "epsilon added outside the square root (PyTorch) or inside it (Keras 3)");
    private static final ParamSpec EPSILON_FORM = ParamSpec.word("epsilon_form", List.of("paper", "hat"), "paper",
            "hat", "paper: eps added to sqrt(v_hat) (Kingma and Ba, PyTorch); hat: eps added to sqrt(v) with the bias"
                    + " correction folded into the rate (Keras, TensorFlow)");

    public enum Kind {
        SGD("sgd", List.of(WEIGHT_DECAY)),
        MOMENTUM("momentum", List.of(
                fraction("momentum", 0.9, 0.9, "the velocity's decay; 0.9, the typical value of"
                        + " " + Document.D000 + " (PyTorch and Keras default to 0, plain SGD)"),
                ParamSpec.word("form", List.of("pytorch", "ema", "lr_inside_subtract", "lr_inside_add"), "pytorch",
                        "lr_inside_subtract", "pytorch: v = mu v + (1 - dampening) g, w -= lr v (torch.optim.SGD);"
                                + " ema: v = beta v + (1 - beta) g, w -= lr v (003); lr_inside_subtract: v = beta v"
                                + " - lr g, w += v (001, Keras SGD); lr_inside_add: v = beta v + lr g, w -= v (003)"),
                number("dampening", 0, false, 1, false, 0.0, 0.0,
                        "PyTorch's dampening of the new gradient (form pytorch only)"),
                ParamSpec.nonNegative("weight_decay", 0.0, 0.0,
                        "L2 weight decay added to the gradient (form pytorch only); default 0"))),
        NESTEROV("nesterov", List.of(
                number("momentum", 0, true, 1, true, 0.9, 0.9, "the velocity's decay (0.9 as for momentum;"
                        + " Nesterov needs it above 0)"),
                WEIGHT_DECAY)),
        ADAGRAD("adagrad", List.of(
                positive("epsilon", 1e-10, 1e-7, "added to the accumulated squares' root; PyTorch 1e-10,"
                        + " Keras 1e-7"),
                PLACEMENT,
                nonNegative("initial_accumulator", 0.0, 0.1, "the start of the accumulated squares; PyTorch 0,"
                        + " Keras 0.1"))),
        ADADELTA("adadelta", List.of(
                fraction("rho", 0.9, 0.95, "decay of both running averages; PyTorch 0.9, Keras 0.95"),
                positive("epsilon", 1e-6, 1e-7, "inside both roots; PyTorch 1e-6, Keras 1e-7"))),
        RMSPROP("rmsprop", List.of(
                fraction("rho", 0.99, 0.9, "decay of the running average of squares (PyTorch's alpha 0.99,"
                        + " Keras's rho 0.9)"),
                EPSILON_ADAM,
                PLACEMENT,
                ParamSpec.word("centered", List.of("no", "yes"), "no", "no",
                        "divide by the running variance instead of the running mean square (PyTorch's centered)"),
                fraction("momentum", 0.0, 0.0, "PyTorch's momentum buffer over the scaled gradient; default 0"))),
        ADAM("adam", List.of(
                fraction("beta1", 0.9, 0.9, "decay of the first moment; 0.9 in both"),
                fraction("beta2", 0.999, 0.999, "decay of the second moment; 0.999 in both"),
                EPSILON_ADAM,
                EPSILON_FORM,
                WEIGHT_DECAY)),
        ADAMW("adamw", List.of(
                fraction("beta1", 0.9, 0.9, "decay of the first moment; 0.9 in both"),
                fraction("beta2", 0.999, 0.999, "decay of the second moment; 0.999 in both"),
                EPSILON_ADAM,
                EPSILON_FORM,
                nonNegative("weight_decay", 0.01, 0.004, "decoupled: w -= lr * weight_decay * w before the"
                        + " Adam step; PyTorch 0.01, Keras 0.004"))),
        PERCEPTRON("perceptron", List.of());

        private final String keyword;
        private final List<ParamSpec> params;

        Kind(String keyword, List<ParamSpec> params) {
            this.keyword = keyword;
            this.params = List.copyOf(params);
        }

        public String keyword() {
            return keyword;
        }

        public List<ParamSpec> params() {
            return params;
        }
    }

    /** Plain SGD or the perceptron rule, with no other parameter. */
    public Optimizer(Kind kind, double learningRate) {
        this(kind, learningRate, kind == Kind.SGD
                ? new Params(java.util.Map.of("weight_decay", 0.0), java.util.Map.of()) : Params.NONE);
    }

    public boolean followsGradient() {
        return switch (kind) {
            case SGD, MOMENTUM, NESTEROV, ADAGRAD, ADADELTA, RMSPROP, ADAM, ADAMW -> true;
            case PERCEPTRON -> false;
        };
    }
}
