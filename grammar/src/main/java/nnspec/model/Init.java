package nnspec.model;

import java.util.List;

/**
 * How a dense layer's weights and biases start. Consumers dispatch on {@link #kind()} with an exhaustive
 * switch, so a new variant fails to compile every place that must learn it.
 */
public sealed interface Init {
    enum Kind { ZEROS, CONSTANT, LITERAL, UNIFORM, GLOROT_UNIFORM }

    Kind kind();

    /** All weights and biases 0. */
    record Zeros() implements Init {
        public Kind kind() { return Kind.ZEROS; }
    }

    /** All weights and biases equal to {@code value}. */
    record Constant(double value) implements Init {
        public Kind kind() { return Kind.CONSTANT; }
    }

    /** An explicit weight matrix, {@code weights.get(j).get(i)} from input i to unit j, and a bias per unit. */
    record Literal(List<List<Double>> weights, List<Double> bias) implements Init {
        public Literal {
            weights = weights.stream().map(List::copyOf).toList();
            bias = List.copyOf(bias);
        }
        public Kind kind() { return Kind.LITERAL; }
    }

    /** Weights uniform on [low, high) from java.util.Random(seed); biases 0. */
    record Uniform(double low, double high, long seed) implements Init {
        public Kind kind() { return Kind.UNIFORM; }
    }

    /** Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out)); biases 0 (Keras's default). */
    record GlorotUniform(long seed) implements Init {
        public Kind kind() { return Kind.GLOROT_UNIFORM; }
    }
}
