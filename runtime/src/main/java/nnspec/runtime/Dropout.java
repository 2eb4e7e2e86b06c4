package nnspec.runtime;

import java.util.Random;

/**
 * Dropout: during training each unit is kept with probability 1 - p and zeroed with probability p, by a mask
 * r_i ~ Bernoulli(1 - p) drawn from a seeded {@link Random}; the backward pass multiplies by the same mask and
 * scale.
 *
 * <p>Two named conventions, because the documents and the frameworks use both:
 * <ul>
 * <li>{@link Rate}: whether the number given is the probability of dropping (PyTorch {@code Dropout(p)}, Keras
 * {@code Dropout(rate)}, 000_a379626a3ad4bd0a.txt, 003_be7c2a3ed43414a9.txt "3.5.3 Dropout") or of keeping
 * (Srivastava et al. 2014, whom 002_db2ef66716d01cf4.txt's "Inverted dropout" slide follows). Every kernel below
 * takes the drop probability; {@link #dropProbability} converts.</li>
 * <li>{@link Scaling}: inverted dropout scales the kept units by 1 / (1 - p) during training and is the identity
 * at test (PyTorch, Keras); plain dropout leaves training unscaled and multiplies by 1 - p at test. Both keep
 * the expected training output equal to the test output.</li>
 * </ul>
 */
public final class Dropout {
    private Dropout() {
    }

    /** What the number a spec gives for dropout means. */
    public enum Rate {
        /** p is the probability that a unit is dropped (PyTorch, Keras). */
        DROP,
        /** p is the probability that a unit is kept (Srivastava et al. 2014). */
        KEEP
    }

    /** Where the compensating factor is applied. */
    public enum Scaling {
        /** Training: x r / (1 - p); test: x. */
        INVERTED,
        /** Training: x r; test: x (1 - p). */
        PLAIN
    }

    /** The drop probability p that {@code value} means under {@code rate}. */
    public static double dropProbability(double value, Rate rate) {
        check(value);
        return rate == Rate.DROP ? value : 1.0 - value;
    }

    /**
     * REG-dropout / PROB-bernoulli: fills {@code n} mask entries with r_i = 1 (kept) with probability 1 - p and
     * 0 (dropped) with probability p, one {@link Random#nextDouble()} per entry in order: r_i = 1 exactly when
     * the draw is below 1 - p.
     */
    public static void mask(Random random, double dropProbability, double[] mask, int maskFrom, int n) {
        double keep = 1.0 - check(dropProbability);
        for (int k = 0; k < n; k++) {
            mask[maskFrom + k] = random.nextDouble() < keep ? 1.0 : 0.0;
        }
    }

    /** The factor on kept units during training: 1 / (1 - p) inverted, 1 plain; 0 when p = 1 (nothing is kept). */
    public static double trainingScale(double dropProbability, Scaling scaling) {
        check(dropProbability);
        if (scaling == Scaling.PLAIN) {
            return 1.0;
        }
        return dropProbability == 1.0 ? 0.0 : 1.0 / (1.0 - dropProbability);
    }

    /** The factor at test: 1 inverted, 1 - p plain. */
    public static double inferenceScale(double dropProbability, Scaling scaling) {
        check(dropProbability);
        return scaling == Scaling.PLAIN ? 1.0 - dropProbability : 1.0;
    }

    /**
     * The factors m_i of one pass, for a network that applies dropout as out_i = x_i m_i and backpropagates
     * dL/dx_i = dL/dout_i m_i: while training a fresh mask times the training scale (m_i = r_i / (1 - p) inverted,
     * r_i plain; the same draws as {@link #mask}); in evaluation the inference scale (1 inverted, 1 - p plain) and
     * no draw. With these factors the forward pass equals {@link #forwardTraining} or {@link #forwardInference} and
     * the backward pass {@link #backward}, bit for bit.
     */
    public static void multipliers(Random random, double dropProbability, Scaling scaling, boolean training,
            double[] into, int from, int n) {
        if (training) {
            mask(random, dropProbability, into, from, n);
            double scale = trainingScale(dropProbability, scaling);
            for (int k = 0; k < n; k++) {
                into[from + k] *= scale;
            }
        } else {
            double scale = inferenceScale(dropProbability, scaling);
            for (int k = 0; k < n; k++) {
                into[from + k] = scale;
            }
        }
    }

    /** REG-dropout in training: out_i = x_i r_i scale. */
    public static void forwardTraining(double[] x, int xFrom, double[] mask, int maskFrom, double dropProbability,
            Scaling scaling, double[] out, int outFrom, int n) {
        double scale = trainingScale(dropProbability, scaling);
        for (int k = 0; k < n; k++) {
            out[outFrom + k] = x[xFrom + k] * mask[maskFrom + k] * scale;
        }
    }

    /** REG-dropout at test: out_i = x_i times {@link #inferenceScale}; no mask. */
    public static void forwardInference(double[] x, int xFrom, double dropProbability, Scaling scaling,
            double[] out, int outFrom, int n) {
        double scale = inferenceScale(dropProbability, scaling);
        for (int k = 0; k < n; k++) {
            out[outFrom + k] = x[xFrom + k] * scale;
        }
    }

    /** GRAD-dropout: dL/dx_i = dL/dout_i r_i scale, with the forward pass's mask. */
    public static void backward(double[] upstream, int upstreamFrom, double[] mask, int maskFrom,
            double dropProbability, Scaling scaling, double[] gradIn, int gradInFrom, int n) {
        double scale = trainingScale(dropProbability, scaling);
        for (int k = 0; k < n; k++) {
            gradIn[gradInFrom + k] = upstream[upstreamFrom + k] * mask[maskFrom + k] * scale;
        }
    }

    /**
     * PROB-bernoulli: P(r = k) = q^k (1 - q)^(1 - k) for k in {0, 1}, q the probability of a 1 (for the dropout
     * mask q = 1 - p, the keep probability).
     */
    public static double bernoulliProbability(int k, double q) {
        check(q);
        if (k == 1) {
            return q;
        }
        if (k == 0) {
            return 1.0 - q;
        }
        return 0.0;
    }

    /**
     * PROB-binomial: P(K = k) = C(n, k) q^k (1 - q)^(n - k), the probability that exactly k of n independent
     * Bernoulli(q) trials succeed (for a dropout mask of n units: that k are kept, q = 1 - p). The binomial
     * coefficient is built by the exact multiplicative recurrence, exact in double up to n = 62 or so.
     */
    public static double binomialProbability(int n, int k, double q) {
        check(q);
        if (n < 0 || k < 0 || k > n) {
            return 0.0;
        }
        double coefficient = 1.0;
        int small = Math.min(k, n - k);
        for (int j = 1; j <= small; j++) {
            coefficient = coefficient * (n - small + j) / j;
        }
        return coefficient * StrictMath.pow(q, k) * StrictMath.pow(1.0 - q, n - k);
    }

    private static double check(double probability) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("a probability must lie in [0, 1], got " + probability);
        }
        return probability;
    }
}
