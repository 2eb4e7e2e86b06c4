package nnspec.runtime;

/**
 * Norm penalties (REG-l1, REG-l2, REG-elastic-net) and their gradients (GRAD-l1, GRAD-l2), over a range of a flat
 * parameter array. The caller picks the range: weights only or weights and biases, and which layers; the usual
 * choice is the hidden layers' weights (003_be7c2a3ed43414a9.txt, "Backward pass" of section 1.6, says penalties
 * are usually added to the hidden layers only; 002_db2ef66716d01cf4.txt, "Norm penalties in Keras", regularises
 * kernel and bias separately). The total objective is data loss + penalty ({@link Losses#totalLoss}).
 *
 * <p>The constant in front of the sum is a named {@link Scale}, because the documents print three:
 * lambda (000 "Regularisation", 003 "L1 and L2 Regularization" and section 3.5; Keras' L1, L2 and L1L2),
 * lambda/2 (001 "Regularization: L2 or L1": "to make the derivative computation easier") and lambda/(2m) with m the
 * number of training samples (002 "Lasso and Ridge regularization", for both L1 and L2).
 */
public final class Regularization {
    private Regularization() {
    }

    /** The constant c(lambda, m) that multiplies sum |w| or sum w^2. */
    public enum Scale {
        /** c = lambda: 000, 003, Keras regularizers. */
        LAMBDA,
        /** c = lambda / 2: 001 (L2); its gradient is lambda w. */
        HALF_LAMBDA,
        /** c = lambda / (2m), m the number of training samples: 002 (L1 and L2); the L2 gradient is (lambda/m) w. */
        LAMBDA_OVER_2M;

        public double coefficient(double lambda, int samples) {
            return switch (this) {
                case LAMBDA -> lambda;
                case HALF_LAMBDA -> lambda / 2.0;
                case LAMBDA_OVER_2M -> lambda / (2.0 * samples);
            };
        }
    }

    /** The subgradient of |w| taken at w = 0 (GRAD-l1). */
    public enum L1AtZero {
        /** 0, as sign(0) = 0: PyTorch's torch.sign and abs backward, and sign() of 003 section 3.5.1. */
        ZERO,
        /**
         * +1: 003_be7c2a3ed43414a9.txt, "Backward pass" of section 1.6, multiplies by -1 below 0 "and by 1
         * otherwise" (the book's code fills ones and sets -1 where w &lt; 0).
         */
        PLUS_ONE
    }

    /** REG-l1 per parameter: |w|. */
    public static double l1(double w) {
        return Math.abs(w);
    }

    /** GRAD-l1 per parameter: sign(w), with the named value at w = 0. */
    public static double l1Derivative(double w, L1AtZero atZero) {
        if (w > 0) {
            return 1.0;
        }
        if (w < 0) {
            return -1.0;
        }
        return atZero == L1AtZero.PLUS_ONE ? 1.0 : 0.0;
    }

    /** REG-l2 per parameter: w^2. */
    public static double l2(double w) {
        return w * w;
    }

    /** GRAD-l2 per parameter: 2w (times the scale's coefficient: 2 lambda w, lambda w, or lambda w / m). */
    public static double l2Derivative(double w) {
        return 2.0 * w;
    }

    /** REG-l1: c sum |w_k| over {@code count} parameters from {@code from}. */
    public static double l1Penalty(double[] w, int from, int count, double lambda, Scale scale, int samples) {
        double sum = 0.0;
        for (int k = 0; k < count; k++) {
            sum += l1(w[from + k]);
        }
        return scale.coefficient(lambda, samples) * sum;
    }

    /** GRAD-l1: adds c sign(w_k) to {@code gradient} from {@code gradientFrom}. Allocates nothing. */
    public static void addL1Gradient(double[] w, int from, int count, double lambda, Scale scale, int samples,
            L1AtZero atZero, double[] gradient, int gradientFrom) {
        double c = scale.coefficient(lambda, samples);
        for (int k = 0; k < count; k++) {
            gradient[gradientFrom + k] += c * l1Derivative(w[from + k], atZero);
        }
    }

    /** REG-l2: c sum w_k^2 over {@code count} parameters from {@code from}. */
    public static double l2Penalty(double[] w, int from, int count, double lambda, Scale scale, int samples) {
        double sum = 0.0;
        for (int k = 0; k < count; k++) {
            sum += l2(w[from + k]);
        }
        return scale.coefficient(lambda, samples) * sum;
    }

    /** GRAD-l2: adds 2 c w_k to {@code gradient} from {@code gradientFrom}. Allocates nothing. */
    public static void addL2Gradient(double[] w, int from, int count, double lambda, Scale scale, int samples,
            double[] gradient, int gradientFrom) {
        double c = scale.coefficient(lambda, samples);
        for (int k = 0; k < count; k++) {
            gradient[gradientFrom + k] += c * l2Derivative(w[from + k]);
        }
    }

    /**
     * REG-elastic-net: the sum of an L1 and an L2 penalty with their own lambdas, c1 sum |w| + c2 sum w^2
     * (003_be7c2a3ed43414a9.txt, "Regularization", the glossary entry Elastic Net Regularization: a linear
     * combination of both; Keras' L1L2(l1, l2) with the LAMBDA scale). scikit-learn's (alpha, l1_ratio) form is
     * lambda1 = alpha l1_ratio, lambda2 = alpha (1 - l1_ratio) with HALF_LAMBDA on the L2 part; callers convert.
     */
    public static double elasticNetPenalty(double[] w, int from, int count, double lambda1, double lambda2,
            Scale scale, int samples) {
        return l1Penalty(w, from, count, lambda1, scale, samples) + l2Penalty(w, from, count, lambda2, scale, samples);
    }

    /** The gradient of {@link #elasticNetPenalty}, added into {@code gradient}. Allocates nothing. */
    public static void addElasticNetGradient(double[] w, int from, int count, double lambda1, double lambda2,
            Scale scale, int samples, L1AtZero atZero, double[] gradient, int gradientFrom) {
        addL1Gradient(w, from, count, lambda1, scale, samples, atZero, gradient, gradientFrom);
        addL2Gradient(w, from, count, lambda2, scale, samples, gradient, gradientFrom);
    }
}
