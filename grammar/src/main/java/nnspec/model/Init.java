package nnspec.model;

import java.util.List;

/**
 * How a dense layer's weights and biases start. Consumers dispatch on {@link #kind()} with an exhaustive
 * switch, so a new variant fails to compile every place that must learn it.
 */
public sealed interface Init {
    enum Kind {
        ZEROS, CONSTANT, LITERAL, FILE, UNIFORM, GLOROT_UNIFORM, UNIFORM_FANIN, GLOROT_NORMAL, HE_NORMAL, HE_UNIFORM,
        LECUN_NORMAL, LECUN_UNIFORM
    }

    /** How a normal draws: a plain normal (PyTorch), or Keras's normal truncated at two standard deviations. */
    enum Normal { PLAIN, TRUNCATED }

    /** He's variance: 2 / fan_in (He et al., the frameworks), or 4 / (fan_in + fan_out) as 002_db2ef66716d01cf4.txt prints. */
    enum HeVariance { STANDARD, DOUBLED_GLOROT_002 }

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

    /**
     * Weights and biases read from a file: {@code weights.get(j).get(i)} from input i to unit j, a bias per unit;
     * {@code path} as written in the spec and the SHA-256 of the file's bytes, for provenance.
     */
    record FromFile(String path, String sha256, List<List<Double>> weights, List<Double> bias) implements Init {
        public FromFile {
            weights = weights.stream().map(List::copyOf).toList();
            bias = List.copyOf(bias);
        }
        public Kind kind() { return Kind.FILE; }

        /** The same numbers as a literal, which is how both back ends treat them. */
        public Literal literal() {
            return new Literal(weights, bias);
        }
    }

    /** Weights uniform on [low, high) from java.util.Random(seed); biases 0. */
    record Uniform(double low, double high, long seed) implements Init {
        public Kind kind() { return Kind.UNIFORM; }
    }

    /** Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out)); biases 0 (Keras's default). */
    record GlorotUniform(long seed) implements Init {
        public Kind kind() { return Kind.GLOROT_UNIFORM; }
    }

    /** INIT-uniform-fanin: uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)) (001_aa0c02345369f2d3.txt); biases 0. */
    record UniformFanIn(long seed) implements Init {
        public Kind kind() { return Kind.UNIFORM_FANIN; }
    }

    /** INIT-glorot-normal: variance 2 / (fan_in + fan_out); biases 0. */
    record GlorotNormal(long seed, Normal normal) implements Init {
        public Kind kind() { return Kind.GLOROT_NORMAL; }
    }

    /** INIT-he-normal; biases 0. */
    record HeNormal(long seed, HeVariance variance, Normal normal) implements Init {
        public Kind kind() { return Kind.HE_NORMAL; }
    }

    /** He uniform: limit sqrt(3 var); biases 0. */
    record HeUniform(long seed, HeVariance variance) implements Init {
        public Kind kind() { return Kind.HE_UNIFORM; }
    }

    /** LeCun normal: variance 1 / fan_in; biases 0. */
    record LecunNormal(long seed, Normal normal) implements Init {
        public Kind kind() { return Kind.LECUN_NORMAL; }
    }

    /** LeCun uniform: limit sqrt(3 / fan_in); biases 0. */
    record LecunUniform(long seed) implements Init {
        public Kind kind() { return Kind.LECUN_UNIFORM; }
    }
}
