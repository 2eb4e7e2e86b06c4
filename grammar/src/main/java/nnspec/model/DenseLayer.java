package nnspec.model;

/**
 * A fully connected layer: {@code units} neurons, each z_j = sum_i w[j][i] x_i + b_j, then the activation with its
 * resolved parameters.
 */
public record DenseLayer(String name, int inputs, int units, Activation activation, Params activationParams,
                         Init init, SourcePos pos) {
    /** A layer whose activation takes its default parameters. */
    public DenseLayer(String name, int inputs, int units, Activation activation, Init init, SourcePos pos) {
        this(name, inputs, units, activation, activation.defaults(), init, pos);
    }

    public int weightCount() {
        return inputs * units;
    }

    public int parameterCount() {
        return inputs * units + units;
    }
}
