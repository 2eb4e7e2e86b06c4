package nnspec.model;

/**
 * A fully connected layer: {@code units} neurons, each z_j = sum_i w[j][i] x_i + b_j, then the activation with its
 * resolved parameters, which gives {@link #outputs()} values. For every activation but GLU the outputs are the
 * units; {@code dense N glu} has 2N units (the value half and the gate half) and N outputs.
 */
public record DenseLayer(String name, int inputs, int units, Activation activation, Params activationParams,
                         Init init, SourcePos pos) implements Layer {
    /** A layer whose activation takes its default parameters. */
    public DenseLayer(String name, int inputs, int units, Activation activation, Init init, SourcePos pos) {
        this(name, inputs, units, activation, activation.defaults(), init, pos);
    }

    @Override
    public Kind kind() {
        return Kind.DENSE;
    }

    /** The width of the layer's activation, which the next layer takes as its inputs. */
    public int outputs() {
        return activation == Activation.GLU ? units / 2 : units;
    }

    public int weightCount() {
        return inputs * units;
    }

    public int parameterCount() {
        return inputs * units + units;
    }
}
