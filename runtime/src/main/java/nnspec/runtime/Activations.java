package nnspec.runtime;

/**
 * Activation kernels and their derivatives, each written once. Interpreter and generated code both call these,
 * so the two back ends agree on every activation value bit for bit. {@link StrictMath} keeps the golden tables
 * the same bytes on every processor.
 *
 * <p>Derivatives take both the pre-activation {@code z} and the activation {@code a = f(z)}, because the cheap
 * closed forms are in terms of {@code a} (sigmoid, tanh) or of {@code z} (ReLU).
 */
public final class Activations {
    private Activations() {
    }

    /**
     * ACT-step: 1 if z &gt; 0, else 0; the value at 0 is 0, the perceptron convention of 000_a379626a3ad4bd0a.txt,
     * "Example: perceptron training" (001_aa0c02345369f2d3.txt prints a Heaviside variant with 0.5 at 0).
     */
    public static double step(double z) {
        return z > 0 ? 1.0 : 0.0;
    }

    /** The step function is flat wherever it is differentiable; 0 is also taken at the jump. */
    public static double stepDerivative(double z, double a) {
        return 0.0;
    }

    /**
     * ACT-sign: -1, 0 or 1, with sign(0) = 0 as in 001_aa0c02345369f2d3.txt, "Many possible activation functions"
     * (its XOR slide uses -1 at 0 instead).
     */
    public static double sign(double z) {
        return z > 0 ? 1.0 : (z < 0 ? -1.0 : 0.0);
    }

    public static double signDerivative(double z, double a) {
        return 0.0;
    }

    /** ACT-linear: the identity. */
    public static double linear(double z) {
        return z;
    }

    public static double linearDerivative(double z, double a) {
        return 1.0;
    }

    /** ACT-relu: max(0, z), 000_a379626a3ad4bd0a.txt, "Most common activation functions". */
    public static double relu(double z) {
        return z > 0 ? z : 0.0;
    }

    /**
     * ACT-relu-derivative: 1 for z &gt; 0, else 0. At the kink z = 0 the subgradient 0 is taken, as PyTorch does
     * and as the zero-initialised MLP example of 000_a379626a3ad4bd0a.txt requires ("ReLU' = 0").
     */
    public static double reluDerivative(double z, double a) {
        return z > 0 ? 1.0 : 0.0;
    }

    /**
     * ACT-sigmoid: 1 / (1 + e^-z). For negative z the equal form e^z / (1 + e^z) is used so that e^-z cannot
     * overflow.
     */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }

    /** ACT-sigmoid-derivative: s(z)(1 - s(z)), from the output a = s(z). */
    public static double sigmoidDerivative(double z, double a) {
        return a * (1.0 - a);
    }

    /** ACT-tanh. */
    public static double tanh(double z) {
        return StrictMath.tanh(z);
    }

    /** tanh' = 1 - tanh^2, from the output a = tanh(z). */
    public static double tanhDerivative(double z, double a) {
        return 1.0 - a * a;
    }

    /**
     * ACT-softmax over {@code n} values of {@code z} from {@code zFrom}, written to {@code a} from {@code aFrom}:
     * e^(z_j - m) / sum_k e^(z_k - m) with m = max z. Subtracting m changes nothing mathematically (softmax is
     * shift-invariant) and keeps every exponent at most 0, so large inputs cannot overflow.
     */
    public static void softmax(double[] z, int zFrom, double[] a, int aFrom, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, z[zFrom + k]);
        }
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double e = StrictMath.exp(z[zFrom + k] - max);
            a[aFrom + k] = e;
            sum += e;
        }
        for (int k = 0; k < n; k++) {
            a[aFrom + k] /= sum;
        }
    }
}
