package nnspec.model;

/** A fully connected layer: {@code units} neurons, each z_j = sum_i w[j][i] x_i + b_j, then the activation. */
public record DenseLayer(String name, int inputs, int units, Activation activation, Init init, SourcePos pos) {
    public int weightCount() {
        return inputs * units;
    }

    public int parameterCount() {
        return inputs * units + units;
    }
}
