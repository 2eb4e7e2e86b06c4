package nnspec.runtime;

/**
 * Vector-valued activations of Keras's list (002_db2ef66716d01cf4.txt, "Activation functions in Keras";
 * definitions from keras.io/api/layers/activations, Keras 3) beside {@link Activations#softmax}: each forward
 * reads {@code n} inputs of {@code z} from {@code zFrom} and writes to {@code a} from {@code aFrom}; each backward
 * is a Jacobian-vector product dz = J^T upstream, computed without forming J. Nothing allocates.
 */
public final class VectorActivations {
    private VectorActivations() {
    }

    /**
     * keras.activations.log_softmax: z_j - m - ln sum_k e^(z_k - m), m = max z. Equal to ln(softmax(z)), but
     * finite where softmax underflows to 0 (log of 0 would be minus infinity).
     */
    public static void logSoftmax(double[] z, int zFrom, double[] a, int aFrom, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, z[zFrom + k]);
        }
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            sum += StrictMath.exp(z[zFrom + k] - max);
        }
        double logSum = max + StrictMath.log(sum);
        for (int k = 0; k < n; k++) {
            a[aFrom + k] = z[zFrom + k] - logSum;
        }
    }

    /**
     * J = I - 1 s^T with s = e^a (the softmax), so dz_i = u_i - s_i sum_j u_j. Reads {@code a} (the forward
     * output) and {@code upstream}; {@code z} is not read.
     */
    public static void logSoftmaxBackward(double[] z, int zFrom, double[] a, int aFrom, double[] upstream, int uFrom,
            double[] dz, int dzFrom, int n) {
        double total = 0.0;
        for (int k = 0; k < n; k++) {
            total += upstream[uFrom + k];
        }
        for (int k = 0; k < n; k++) {
            dz[dzFrom + k] = upstream[uFrom + k] - StrictMath.exp(a[aFrom + k]) * total;
        }
    }

    /**
     * keras.activations.sparsemax (Martins and Astudillo 2016): the Euclidean projection of z onto the
     * probability simplex, max(z_j - tau, 0) with tau chosen so the outputs sum to 1. tau is found by Michelot's
     * iteration: tau = (sum of the z_j above the previous tau - 1) / their count, starting from all n, until the
     * count stops changing (at most n rounds, no sorting, no allocation).
     */
    public static void sparsemax(double[] z, int zFrom, double[] a, int aFrom, int n) {
        double tau = Double.NEGATIVE_INFINITY;
        int count = -1;
        for (int round = 0; round <= n; round++) {
            double sum = 0.0;
            int c = 0;
            for (int k = 0; k < n; k++) {
                double v = z[zFrom + k];
                if (v > tau) {
                    sum += v;
                    c++;
                }
            }
            if (c == count) {
                break;
            }
            count = c;
            tau = (sum - 1.0) / c;
        }
        for (int k = 0; k < n; k++) {
            a[aFrom + k] = Math.max(z[zFrom + k] - tau, 0.0);
        }
    }

    /**
     * With S the support (a_j &gt; 0), J = diag(1_S) - 1_S 1_S^T / |S|, symmetric, so dz_i = u_i - mean_S(u) on S
     * and 0 off it. Reads {@code a} and {@code upstream}; {@code z} is not read.
     */
    public static void sparsemaxBackward(double[] z, int zFrom, double[] a, int aFrom, double[] upstream, int uFrom,
            double[] dz, int dzFrom, int n) {
        double sum = 0.0;
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (a[aFrom + k] > 0) {
                sum += upstream[uFrom + k];
                count++;
            }
        }
        double mean = count == 0 ? 0.0 : sum / count;
        for (int k = 0; k < n; k++) {
            dz[dzFrom + k] = a[aFrom + k] > 0 ? upstream[uFrom + k] - mean : 0.0;
        }
    }

    /**
     * keras.activations.glu (Dauphin et al. 2017; also PyTorch torch.nn.GLU): n outputs from 2n inputs,
     * a_j = z_j sigmoid(z_(n+j)): the FIRST half is the value, the SECOND half gates it.
     */
    public static void glu(double[] z, int zFrom, double[] a, int aFrom, int n) {
        for (int k = 0; k < n; k++) {
            a[aFrom + k] = z[zFrom + k] * Activations.sigmoid(z[zFrom + n + k]);
        }
    }

    /**
     * dz_j = u_j s_j and dz_(n+j) = u_j z_j s_j (1 - s_j), s_j = sigmoid(z_(n+j)); {@code dz} has 2n entries.
     * Reads {@code z} and {@code upstream}; {@code a} is not read.
     */
    public static void gluBackward(double[] z, int zFrom, double[] a, int aFrom, double[] upstream, int uFrom,
            double[] dz, int dzFrom, int n) {
        for (int k = 0; k < n; k++) {
            double s = Activations.sigmoid(z[zFrom + n + k]);
            double u = upstream[uFrom + k];
            dz[dzFrom + k] = u * s;
            dz[dzFrom + n + k] = u * z[zFrom + k] * s * (1.0 - s);
        }
    }
}
