package nnspec.runtime;

/**
 * The {@code fast} numeric mode's form of {@link Dense#forward}, with its name and parameters (its doc comment holds
 * the formula and its citation): the same affine map z = b + W x, summed with four accumulators for layers of more
 * than {@link #SEQUENTIAL_MAX_WEIGHTS} weights.
 *
 * <p>Why: {@code sum += w * x} in one variable is a chain of dependent additions, one per floating-point add
 * latency; C2 keeps the order Java prescribes, so it neither vectorises nor interleaves such a sum. Four independent
 * partial sums (inputs i = 0, 4, 8, ...; 1, 5, 9, ...; and so on, combined as (s0 + s1) + (s2 + s3), then added to
 * the bias) let the additions overlap. The result differs from the strict order by rounding only: both are within
 * (inputs + 1) u (|b| + sum |w_i x_i|) of the exact sum (u = 2^-53, the standard bound for recursive summation), so
 * within twice that of each other, which FastTwinsTest checks.
 *
 * <p>Layers of at most {@link #SEQUENTIAL_MAX_WEIGHTS} weights keep the strict order to the bit: those are the
 * layers the generator writes as straight-line code, which the interpreter must match in both modes.
 */
public final class FastDense {
    /**
     * The largest layer (inputs times units) summed in the strict order; at least the generator's
     * {@code STRAIGHT_LINE_MAX_WEIGHTS} (a test checks), so straight-line code and this kernel agree bit for bit.
     */
    public static final int SEQUENTIAL_MAX_WEIGHTS = 256;

    private FastDense() {
    }

    /** {@link Dense#forward}: z[s][j] = b[j] + sum_i w[j][i] x[s][i], four partial sums per unit. */
    public static void forward(double[] x, int xFrom, int batch, int in, int out, double[] p, int wFrom, int bFrom,
            double[] z, int zFrom) {
        if ((long) in * out <= SEQUENTIAL_MAX_WEIGHTS) {
            Dense.forward(x, xFrom, batch, in, out, p, wFrom, bFrom, z, zFrom);
            return;
        }
        int blocked = in & ~3;
        for (int s = 0; s < batch; s++) {
            int xs = xFrom + s * in;
            int zs = zFrom + s * out;
            for (int j = 0; j < out; j++) {
                int w = wFrom + j * in;
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                int i = 0;
                for (; i < blocked; i += 4) {
                    s0 += p[w + i] * x[xs + i];
                    s1 += p[w + i + 1] * x[xs + i + 1];
                    s2 += p[w + i + 2] * x[xs + i + 2];
                    s3 += p[w + i + 3] * x[xs + i + 3];
                }
                for (; i < in; i++) {
                    s0 += p[w + i] * x[xs + i];
                }
                z[zs + j] = p[bFrom + j] + ((s0 + s1) + (s2 + s3));
            }
        }
    }
}
