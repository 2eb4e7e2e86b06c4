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
}
