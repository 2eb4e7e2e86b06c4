package nnspec.model;

/**
 * The activations of language version 1, each named by its keyword in the .nn language.
 * The kernels and their derivatives live in {@code nnspec.runtime.Activations}.
 */
public enum Activation {
    STEP("step"),
    SIGN("sign"),
    LINEAR("linear"),
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    SOFTMAX("softmax");

    private final String keyword;

    Activation(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** Softmax couples its units; every other activation acts on each unit alone. */
    public boolean elementwise() {
        return this != SOFTMAX;
    }
}
