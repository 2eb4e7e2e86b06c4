package nnspec.model;

import static nnspec.model.ParamSpec.number;
import static nnspec.model.ParamSpec.positive;

import java.util.List;

/**
 * The activations of the language, each named by its keyword (Keras's name where Keras has the function), with the
 * parameters it takes. Which runtime kernel computes each, with which arguments, is the kernel table's business
 * ({@code nnspec.lower.KernelTable}); the model names no runtime method.
 */
public enum Activation {
    STEP("step", List.of(number("at_zero", 0, false, 1, false, 0.0, 0.0,
            "the value at 0: 0 as the perceptron example of " + Document.D000 + ", 1/2 for Heaviside's convention"))),
    SIGN("sign", List.of(number("at_zero", -1, false, 1, false, 0.0, 0.0,
            "the value at 0: 0 as numpy's sign and " + Document.D001 + "'s table; -1 or 1 for other printed forms"))),
    LINEAR("linear", List.of()),
    PIECEWISE_LINEAR("piecewise_linear", List.of()),
    RELU("relu", List.of()),
    LEAKY_RELU("leaky_relu", List.of(number("alpha", 0, false, 1, true, 0.01, 0.2,
            "the slope for z < 0: PyTorch LeakyReLU 0.01, keras.activations.leaky_relu 0.2"))),
    RRELU("rrelu", List.of(
            number("lower", 0, false, 1, true, 1.0 / 8, 1.0 / 8, "the smallest slope for z < 0; PyTorch RReLU 1/8"),
            number("upper", 0, false, 1, true, 1.0 / 3, 1.0 / 3, "the largest slope for z < 0; PyTorch RReLU 1/3"),
            ParamSpec.integer("seed", 0, 0.0, 0.0, "the seed of the slopes drawn while training"))),
    ELU("elu", List.of(positive("alpha", 1.0, 1.0, "the negative saturation; 1 in PyTorch and Keras"))),
    CELU("celu", List.of(positive("alpha", 1.0, 1.0, "1 in PyTorch and Keras"))),
    SELU("selu", List.of()),
    GELU("gelu", List.of(ParamSpec.word("approximate", List.of("none", "tanh"), "none", "none",
            "the exact form with erf (none), or the tanh approximation"))),
    SIGMOID("sigmoid", List.of()),
    HARD_SIGMOID("hard_sigmoid", List.of(ParamSpec.word("form", List.of("relu6", "keras2"), "relu6", "relu6",
            "relu6(z + 3) / 6 (PyTorch Hardsigmoid, Keras 3), or Keras 2's 0.2 z + 0.5 clipped to [0, 1]"))),
    LOG_SIGMOID("log_sigmoid", List.of()),
    TANH("tanh", List.of()),
    HARD_TANH("hard_tanh", List.of()),
    TANH_SHRINK("tanh_shrink", List.of()),
    SOFTPLUS("softplus", List.of()),
    SOFTSIGN("softsign", List.of()),
    SPARSE_PLUS("sparse_plus", List.of()),
    SQUAREPLUS("squareplus", List.of(ParamSpec.positive("b", 4.0, 4.0,
            "the smoothing; Keras default 4; at b = 0 the derivative at z = 0 is 0/0"))),
    SILU("silu", List.of()),
    HARD_SILU("hard_silu", List.of()),
    MISH("mish", List.of()),
    RELU6("relu6", List.of()),
    EXPONENTIAL("exponential", List.of()),
    HARD_SHRINK("hard_shrink", List.of(ParamSpec.nonNegative("threshold", 0.5, 0.5, "0.5 in PyTorch and Keras"))),
    SOFT_SHRINK("soft_shrink", List.of(ParamSpec.nonNegative("threshold", 0.5, 0.5, "0.5 in PyTorch and Keras"))),
    THRESHOLD("threshold", List.of(
            number("threshold", Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true, null, null,
                    "z above it passes unchanged"),
            number("value", Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true, null, null,
                    "the output at or below the threshold"))),
    SOFTMAX("softmax", List.of()),
    LOG_SOFTMAX("log_softmax", List.of()),
    SPARSEMAX("sparsemax", List.of()),
    GLU("glu", List.of());

    private final String keyword;
    private final List<ParamSpec> params;

    Activation(String keyword, List<ParamSpec> params) {
        this.keyword = keyword;
        this.params = List.copyOf(params);
    }

    public String keyword() {
        return keyword;
    }

    public List<ParamSpec> params() {
        return params;
    }

    /**
     * Softmax, log-softmax, sparsemax and GLU couple the units of their layer (their kernels are in
     * {@code nnspec.runtime.Activations} and {@code nnspec.runtime.VectorActivations}, backpropagated by
     * Jacobian-vector products); every other activation acts on each unit alone.
     */
    public boolean elementwise() {
        return this != SOFTMAX && this != LOG_SOFTMAX && this != SPARSEMAX && this != GLU;
    }

    /**
     * Whether the activation draws from a random generator while training (randomised ReLU: a slope per unit and
     * sample from U(lower, upper)), and so behaves differently in training and evaluation passes.
     */
    public boolean random() {
        return this == RRELU;
    }

    /** Every parameter at its PyTorch default (none may be required). */
    public Params defaults() {
        return Params.defaults(params, Convention.PYTORCH, "activation " + keyword);
    }
}
