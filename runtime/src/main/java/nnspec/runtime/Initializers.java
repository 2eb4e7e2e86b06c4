package nnspec.runtime;

import java.util.Random;

/**
 * Initial weights, written into a flat parameter array. Random draws use {@link java.util.Random}, whose algorithm
 * the Java specification fixes, so a seed gives the same weights on every JVM. Weights of a layer are drawn in
 * storage order: unit by unit, input by input.
 */
public final class Initializers {
    private Initializers() {
    }

    public static void constant(double[] p, int from, int count, double value) {
        for (int k = 0; k < count; k++) {
            p[from + k] = value;
        }
    }

    /** Uniform on [low, high). */
    public static void uniform(double[] p, int from, int count, double low, double high, long seed) {
        Random random = new Random(seed);
        for (int k = 0; k < count; k++) {
            p[from + k] = low + (high - low) * random.nextDouble();
        }
    }

    /**
     * INIT-glorot-uniform: uniform on [-l, l) with l = sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010;
     * Keras's GlorotUniform).
     */
    public static void glorotUniform(double[] p, int from, int fanIn, int fanOut, long seed) {
        double limit = glorotLimit(fanIn, fanOut);
        uniform(p, from, fanIn * fanOut, -limit, limit, seed);
    }

    public static double glorotLimit(int fanIn, int fanOut) {
        return StrictMath.sqrt(6.0 / (fanIn + fanOut));
    }

    /**
     * How a normal initialiser draws. The frameworks differ under the same name: PyTorch's {@code xavier_normal_}
     * and {@code kaiming_normal_} draw from a plain normal with the target standard deviation; Keras's
     * {@code GlorotNormal}, {@code HeNormal} and {@code LecunNormal} ({@code VarianceScaling} with
     * {@code distribution="truncated_normal"}) draw from a normal of standard deviation
     * {@code target / 0.87962566103423978}, truncated at two of those standard deviations by redrawing, so that
     * the truncated draws have the target standard deviation.
     */
    public enum Normal {
        /** A plain normal N(0, std^2), as PyTorch's xavier_normal_ and kaiming_normal_. */
        PLAIN,
        /**
         * Keras's truncated normal: std' = std / {@link #KERAS_TRUNCATION_FACTOR}, draws with |w| &gt; 2 std' redrawn.
         */
        TRUNCATED_2SD
    }

    /**
     * The standard deviation of a standard normal truncated to [-2, 2] (Keras's VarianceScaling constant):
     * sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)).
     */
    public static final double KERAS_TRUNCATION_FACTOR = 0.87962566103423978;

    /**
     * The variance of He (Kaiming) initialisation. The mainstream form and 002_db2ef66716d01cf4.txt's printed one
     * differ unless fan_in == fan_out.
     */
    public enum HeVariance {
        /** 2 / fan_in (He et al., 2015; Keras HeNormal and HeUniform; PyTorch kaiming_* with mode fan_in, ReLU gain). */
        STANDARD,
        /**
         * 4 / (fan_in + fan_out): 002_db2ef66716d01cf4.txt, "Normal distribution to initialize weights", doubles the
         * Glorot variance 2 / (fan_in + fan_out). Equals {@link #STANDARD} only when fan_in == fan_out.
         */
        DOUBLED_GLOROT_002
    }

    /**
     * INIT-uniform-fanin: uniform on [-1/sqrt(m), 1/sqrt(m)) with m = fan_in (001_aa0c02345369f2d3.txt,
     * "Initialization of weights", the first heuristic); variance 1 / (3 m). Biases are the caller's.
     */
    public static void uniformFanIn(double[] p, int from, int fanIn, int fanOut, long seed) {
        double limit = fanInLimit(fanIn);
        uniform(p, from, fanIn * fanOut, -limit, limit, seed);
    }

    /** 1 / sqrt(fan_in), the limit of {@link #uniformFanIn}. */
    public static double fanInLimit(int fanIn) {
        return 1.0 / StrictMath.sqrt(fanIn);
    }

    /** The variance of the Glorot forms, uniform and normal: 2 / (fan_in + fan_out). */
    public static double glorotVariance(int fanIn, int fanOut) {
        return 2.0 / (fanIn + fanOut);
    }

    /**
     * INIT-glorot-normal: zero mean, variance 2 / (fan_in + fan_out) (Glorot and Bengio, 2010;
     * 002_db2ef66716d01cf4.txt, "Normal distribution to initialize weights"), drawn as {@code normal} says.
     */
    public static void glorotNormal(double[] p, int from, int fanIn, int fanOut, long seed, Normal normal) {
        normal(p, from, fanIn * fanOut, StrictMath.sqrt(glorotVariance(fanIn, fanOut)), seed, normal);
    }

    /** The He variance under the named convention. */
    public static double heVariance(int fanIn, int fanOut, HeVariance variance) {
        return switch (variance) {
            case STANDARD -> 2.0 / fanIn;
            case DOUBLED_GLOROT_002 -> 4.0 / (fanIn + fanOut);
        };
    }

    /**
     * INIT-he-normal: zero mean, variance {@link #heVariance}, drawn as {@code normal} says (Keras HeNormal:
     * STANDARD, TRUNCATED_2SD; PyTorch kaiming_normal_(mode="fan_in", nonlinearity="relu"): STANDARD, PLAIN).
     */
    public static void heNormal(double[] p, int from, int fanIn, int fanOut, long seed, HeVariance variance,
            Normal normal) {
        normal(p, from, fanIn * fanOut, StrictMath.sqrt(heVariance(fanIn, fanOut, variance)), seed, normal);
    }

    /**
     * He uniform: uniform on [-l, l) with l = sqrt(3 var), var = {@link #heVariance} (Keras HeUniform and PyTorch
     * kaiming_uniform_ with STANDARD: l = sqrt(6 / fan_in)).
     */
    public static void heUniform(double[] p, int from, int fanIn, int fanOut, long seed, HeVariance variance) {
        double limit = StrictMath.sqrt(3.0 * heVariance(fanIn, fanOut, variance));
        uniform(p, from, fanIn * fanOut, -limit, limit, seed);
    }

    /** The LeCun variance 1 / fan_in (Keras LecunNormal and LecunUniform). */
    public static double lecunVariance(int fanIn) {
        return 1.0 / fanIn;
    }

    /** LeCun normal: zero mean, variance 1 / fan_in, drawn as {@code normal} says (Keras: TRUNCATED_2SD). */
    public static void lecunNormal(double[] p, int from, int fanIn, int fanOut, long seed, Normal normal) {
        normal(p, from, fanIn * fanOut, StrictMath.sqrt(lecunVariance(fanIn)), seed, normal);
    }

    /** LeCun uniform: uniform on [-l, l) with l = sqrt(3 / fan_in) (Keras LecunUniform). */
    public static void lecunUniform(double[] p, int from, int fanIn, int fanOut, long seed) {
        double limit = StrictMath.sqrt(3.0 * lecunVariance(fanIn));
        uniform(p, from, fanIn * fanOut, -limit, limit, seed);
    }

    /**
     * {@code count} draws of zero mean whose standard deviation is {@code std}: plain, or Keras's truncated normal
     * (scale std / {@link #KERAS_TRUNCATION_FACTOR}, draws beyond two scales redrawn, as Keras's TruncatedNormal
     * does). {@link Random#nextGaussian()} supplies the standard normals.
     */
    public static void normal(double[] p, int from, int count, double std, long seed, Normal normal) {
        normal(p, from, count, std, new Random(seed), normal);
    }

    /** {@link #normal(double[], int, int, double, long, Normal)} from a given source of standard normals. */
    static void normal(double[] p, int from, int count, double std, Random random, Normal normal) {
        switch (normal) {
            case PLAIN -> {
                for (int k = 0; k < count; k++) {
                    p[from + k] = std * random.nextGaussian();
                }
            }
            case TRUNCATED_2SD -> {
                double scale = std / KERAS_TRUNCATION_FACTOR;
                for (int k = 0; k < count; k++) {
                    double g;
                    do {
                        g = random.nextGaussian();
                    } while (g < -2.0 || g > 2.0);
                    p[from + k] = scale * g;
                }
            }
        }
    }
}
