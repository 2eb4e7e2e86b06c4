package nnspec.model;

import java.util.Optional;

/**
 * A fully connected layer: {@code units} neurons, each z_j = sum_i w[j][i] x_i + b_j, then the activation with its
 * resolved parameters, which gives {@link #outputs()} values. For every activation but GLU the outputs are the
 * units; {@code dense N glu} has 2N units (the value half and the gate half) and N outputs. A {@code dropout}
 * written after the layer acts on those outputs, before the next layer takes them.
 */
public record DenseLayer(String name, int inputs, int units, Activation activation, Params activationParams,
                         Init init, Optional<DropoutLayer> dropout, SourcePos pos) {
    /** A layer without dropout. */
    public DenseLayer(String name, int inputs, int units, Activation activation, Params activationParams,
                      Init init, SourcePos pos) {
        this(name, inputs, units, activation, activationParams, init, Optional.empty(), pos);
    }

    /** A layer without dropout whose activation takes its default parameters. */
    public DenseLayer(String name, int inputs, int units, Activation activation, Init init, SourcePos pos) {
        this(name, inputs, units, activation, activation.defaults(), init, pos);
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
