package nnspec.runtime;

/**
 * The {@code fast} numeric mode's forms of the {@link Activations} kernels that call elementary functions on the
 * training hot path. Each has the name and parameters of its strict kernel, whose doc comment holds the formula and
 * its citation; the only difference is {@link FastMath} for {@link StrictMath}. Kernels without a form here run
 * strict in both modes. FastTwinsTest pairs every method with its strict kernel and checks the two agree.
 */
public final class FastActivations {
    private FastActivations() {
    }

    /** {@link Activations#sigmoid}. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + FastMath.exp(-z));
        }
        double e = FastMath.exp(z);
        return e / (1.0 + e);
    }

    /** {@link Activations#tanh}. */
    public static double tanh(double z) {
        return FastMath.tanh(z);
    }

    /** {@link Activations#softmax}. */
    public static void softmax(double[] z, int zFrom, double[] a, int aFrom, int n) {
        double max = Losses.maxOf(z, zFrom, n);
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double e = FastMath.exp(z[zFrom + k] - max);
            a[aFrom + k] = e;
            sum += e;
        }
        double inverse = 1.0 / sum;
        for (int k = 0; k < n; k++) {
            a[aFrom + k] *= inverse;
        }
    }
}
