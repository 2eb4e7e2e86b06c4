package nnspec.runtime;

/**
 * A dense (fully connected) layer over a batch, on its own: LAYER-neuron-affine forward, the W^T delta product of
 * BP-hidden-delta back to the input (003_be7c2a3ed43414a9.txt, 3.3.1 "Error"), BP-param-grads to the weights and
 * biases summed over the batch's samples (3.3.2 "Layers"). Parameters are laid out as in every nnspec model: weight
 * w[j][i] (unit j, input i) at {@code wFrom + j * in + i}, bias b[j] at {@code bFrom + j}. A batch is row-major,
 * sample s's value k at {@code from + s * width + k}. Callers own every buffer; nothing is allocated.
 *
 * <p>Every sum runs in the order the reference interpreter uses for one sample (the bias first, then the inputs in
 * order; the units in order; the samples in order), so a batch through these kernels gives the interpreter's bits.
 * The speed comes from the loop order instead: four samples share each weight read in {@link #forward},
 * {@link #backwardInput} walks the weights row by row (contiguous updates, which C2 can vectorise) rather than column
 * by column, and {@link #accumulateGradients} adds the whole batch to two rows of gradients before the next two.
 */
public final class Dense {
    private Dense() {
    }

    /** z[s][j] = b[j] + sum_i w[j][i] x[s][i] for the {@code batch} samples. */
    public static void forward(double[] x, int xFrom, int batch, int in, int out, double[] p, int wFrom, int bFrom,
            double[] z, int zFrom) {
        int s = 0;
        for (; s + 4 <= batch; s += 4) {
            int x0 = xFrom + s * in;
            int x1 = x0 + in;
            int x2 = x1 + in;
            int x3 = x2 + in;
            for (int j = 0; j < out; j++) {
                double b = p[bFrom + j];
                double z0 = b;
                double z1 = b;
                double z2 = b;
                double z3 = b;
                int w = wFrom + j * in;
                for (int i = 0; i < in; i++) {
                    double wji = p[w + i];
                    z0 += wji * x[x0 + i];
                    z1 += wji * x[x1 + i];
                    z2 += wji * x[x2 + i];
                    z3 += wji * x[x3 + i];
                }
                int zs = zFrom + s * out + j;
                z[zs] = z0;
                z[zs + out] = z1;
                z[zs + 2 * out] = z2;
                z[zs + 3 * out] = z3;
            }
        }
        for (; s < batch; s++) {
            int xs = xFrom + s * in;
            for (int j = 0; j < out; j++) {
                double sum = p[bFrom + j];
                int w = wFrom + j * in;
                for (int i = 0; i < in; i++) {
                    sum += p[w + i] * x[xs + i];
                }
                z[zFrom + s * out + j] = sum;
            }
        }
    }

    /** dx[s][i] = sum_j w[j][i] delta[s][j]: dL/dx from dL/dz = delta; {@code dx} is overwritten. */
    public static void backwardInput(double[] delta, int deltaFrom, int batch, int in, int out, double[] p,
            int wFrom, double[] dx, int dxFrom) {
        for (int s = 0; s < batch; s++) {
            int dxs = dxFrom + s * in;
            for (int i = 0; i < in; i++) {
                dx[dxs + i] = 0.0;
            }
            for (int j = 0; j < out; j++) {
                double d = delta[deltaFrom + s * out + j];
                int w = wFrom + j * in;
                for (int i = 0; i < in; i++) {
                    dx[dxs + i] += p[w + i] * d;
                }
            }
        }
    }

    /**
     * Adds the batch's gradients to {@code g}: dL/dw[j][i] += delta[s][j] x[s][i] and dL/db[j] += delta[s][j] for
     * every sample s, at the parameters' own offsets (a model sums its samples' gradients until the update).
     *
     * <p>Two units at a time: their two rows of {@code g} stay in the first-level cache while every sample's terms
     * are added to them (each input read once for both), where a sample-by-sample walk streams the whole gradient
     * matrix once per sample. Each element still receives its samples' terms in sample order, so the sums are those
     * of adding one sample at a time, to the bit.
     */
    public static void accumulateGradients(double[] x, int xFrom, double[] delta, int deltaFrom, int batch, int in,
            int out, double[] g, int wFrom, int bFrom) {
        int j = 0;
        for (; j + 2 <= out; j += 2) {
            int w0 = wFrom + j * in;
            int w1 = w0 + in;
            for (int s = 0; s < batch; s++) {
                int ds = deltaFrom + s * out + j;
                double d0 = delta[ds];
                double d1 = delta[ds + 1];
                int xs = xFrom + s * in;
                for (int i = 0; i < in; i++) {
                    double xi = x[xs + i];
                    g[w0 + i] += d0 * xi;
                    g[w1 + i] += d1 * xi;
                }
                g[bFrom + j] += d0;
                g[bFrom + j + 1] += d1;
            }
        }
        if (j < out) {
            int w = wFrom + j * in;
            for (int s = 0; s < batch; s++) {
                double d = delta[deltaFrom + s * out + j];
                int xs = xFrom + s * in;
                for (int i = 0; i < in; i++) {
                    g[w + i] += d * x[xs + i];
                }
                g[bFrom + j] += d;
            }
        }
    }
}
