package nnspec.runtime;

/**
 * The {@code fast} numeric mode's dense layer over a batch: {@link Dense}'s kernels with their names and parameters
 * (their doc comments hold the formulas and citations), written for speed on whole mini-batches.
 *
 * <p>{@link #forward}: the same affine map z = b + W x, summed with four accumulators for layers of more than
 * {@link #SEQUENTIAL_MAX_WEIGHTS} weights. {@code sum += w * x} in one variable is a chain of dependent additions,
 * one per floating-point add latency; C2 keeps the order Java prescribes, so it neither vectorises nor interleaves
 * such a sum. Four independent partial sums (inputs i = 0, 4, 8, ...; 1, 5, 9, ...; and so on, combined as
 * (s0 + s1) + (s2 + s3), then added to the bias) let the additions overlap. The result differs from the strict order
 * by rounding only: both are within (inputs + 1) u (|b| + sum |w_i x_i|) of the exact sum (u = 2^-53, the standard
 * bound for recursive summation), so within twice that of each other, which FastTwinsTest checks.
 *
 * <p>A batch of several samples is the matrix product Z = X W^T + b, cache-blocked: the batch's inputs are
 * transposed (input-major, {@link #BLOCK_SAMPLES} samples per block) so that one weight multiplies a contiguous row
 * of samples, a loop C2 vectorises; {@link #BLOCK_INPUTS} inputs of that block (a panel of the first-level cache)
 * serve every unit, so each weight is read once per block of samples instead of once per sample. Each sample still
 * gets its four partial sums in the one-sample order, so a batch gives the bits of one sample at a time.
 *
 * <p>{@link #backwardInput} and {@link #accumulateGradients} give {@link Dense}'s bits (every element adds the same
 * terms in the same order); they differ only in blocking, so that the weights, or the inputs, are reused from the
 * first-level cache across the batch.
 *
 * <p>Layers of at most {@link #SEQUENTIAL_MAX_WEIGHTS} weights keep the strict order to the bit: those are the
 * layers the generator writes as straight-line code, which the interpreter must match in both modes.
 *
 * <p>Scratch: a batch forward pass transposes its inputs into a per-thread scratch array, which grows to the largest
 * block once and is reused, so the kernels allocate nothing in the steady state.
 */
public final class FastDense {
    /**
     * The largest layer (inputs times units) summed in the strict order; at least the generator's
     * {@code STRAIGHT_LINE_MAX_WEIGHTS} (a test checks), so straight-line code and this kernel agree bit for bit.
     */
    public static final int SEQUENTIAL_MAX_WEIGHTS = 256;

    /** Samples per block of the batched forward pass: the length of the vectorised inner loop. */
    public static final int BLOCK_SAMPLES = 64;

    /** Inputs per panel of the batched forward pass (a multiple of 4, the partial sums' stride). */
    public static final int BLOCK_INPUTS = 32;

    /** Inputs per panel of the batched weight gradients: a panel of the batch's inputs stays in the first-level cache. */
    private static final int GRADIENT_PANEL = 256;

    /**
     * Per thread, the jagged scratch rows of the batched kernels. C2 (JDK 17) vectorises {@code y[k] += a * x[k]}
     * over rows of their own but not the same loop at offsets into one flat array, so the kernels copy their operands
     * into rows first (a cost linear in the batch's size, against the products' cost of batch x inputs x units).
     */
    private static final class Scratch {
        /** Transposed inputs (forward) or deltas (backward to the input): one row per input or unit. */
        double[][] columns = new double[0][];
        /** Forward: the four partial sums, rows [r * units + j] of the block's samples. Backward: dx by input. */
        double[][] sums = new double[0][];
        /** Gradients: the batch's inputs, one row per sample. */
        double[][] samples = new double[0][];
        /** Gradients: two rows of the gradient being added to. */
        double[][] gradient = new double[2][0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** {@code rows} if it has {@code count} rows of at least {@code length}, else new rows (the scratch grows once). */
    private static double[][] rows(double[][] rows, int count, int length) {
        if (rows.length >= count && (count == 0 || rows[0].length >= length)) {
            return rows;
        }
        return new double[Math.max(count, rows.length)][Math.max(length, rows.length == 0 ? 0 : rows[0].length)];
    }

    private FastDense() {
    }

    /** {@link Dense#forward}: z[s][j] = b[j] + sum_i w[j][i] x[s][i], four partial sums per unit. */
    public static void forward(double[] x, int xFrom, int batch, int in, int out, double[] p, int wFrom, int bFrom,
            double[] z, int zFrom) {
        if ((long) in * out <= SEQUENTIAL_MAX_WEIGHTS) {
            Dense.forward(x, xFrom, batch, in, out, p, wFrom, bFrom, z, zFrom);
            return;
        }
        if (batch == 1) {
            forwardOne(x, xFrom, in, out, p, wFrom, bFrom, z, zFrom);
            return;
        }
        Scratch scratch = SCRATCH.get();
        int block = Math.min(batch, BLOCK_SAMPLES);
        scratch.columns = rows(scratch.columns, in, block);
        scratch.sums = rows(scratch.sums, 4 * out, block);
        for (int s = 0; s < batch; s += BLOCK_SAMPLES) {
            int n = Math.min(BLOCK_SAMPLES, batch - s);
            forwardBlock(x, xFrom + s * in, n, in, out, p, wFrom, bFrom, z, zFrom + s * out, scratch.columns,
                    scratch.sums);
        }
    }

    /** One sample: the four partial sums in registers. */
    private static void forwardOne(double[] x, int xs, int in, int out, double[] p, int wFrom, int bFrom,
            double[] z, int zs) {
        int blocked = in & ~3;
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

    /**
     * {@code n} samples: xt[i][s] their transposed inputs; acc[r * out + j][s] the partial sum r (inputs i = r mod 4
     * below the last multiple of 4, the rest in partial sum 0) of unit j for sample s, each added to in ascending i,
     * as in {@link #forwardOne}. Two units share each row of inputs read.
     */
    private static void forwardBlock(double[] x, int xFrom, int n, int in, int out, double[] p, int wFrom, int bFrom,
            double[] z, int zFrom, double[][] xt, double[][] acc) {
        for (int s = 0; s < n; s++) {
            int xs = xFrom + s * in;
            for (int i = 0; i < in; i++) {
                xt[i][s] = x[xs + i];
            }
        }
        for (int r = 0; r < 4 * out; r++) {
            java.util.Arrays.fill(acc[r], 0, n, 0.0);
        }
        int blocked = in & ~3;
        for (int i0 = 0; i0 < in; i0 += BLOCK_INPUTS) {
            int i1 = Math.min(in, i0 + BLOCK_INPUTS);
            int b1 = Math.min(i1, blocked);
            int j = 0;
            for (; j + 2 <= out; j += 2) {
                int w0 = wFrom + j * in;
                int w1 = w0 + in;
                for (int r = 0; r < 4; r++) {
                    double[] a0 = acc[r * out + j];
                    double[] a1 = acc[r * out + j + 1];
                    for (int i = i0 + r; i < b1; i += 4) {
                        axpy2(a0, a1, p[w0 + i], p[w1 + i], xt[i], 0, n);
                    }
                }
                for (int i = Math.max(i0, blocked); i < i1; i++) {
                    axpy2(acc[j], acc[j + 1], p[w0 + i], p[w1 + i], xt[i], 0, n);
                }
            }
            if (j < out) {
                int w = wFrom + j * in;
                for (int r = 0; r < 4; r++) {
                    double[] a = acc[r * out + j];
                    for (int i = i0 + r; i < b1; i += 4) {
                        axpy(a, p[w + i], xt[i], 0, n);
                    }
                }
                for (int i = Math.max(i0, blocked); i < i1; i++) {
                    axpy(acc[j], p[w + i], xt[i], 0, n);
                }
            }
        }
        for (int j = 0; j < out; j++) {
            double b = p[bFrom + j];
            double[] s0 = acc[j];
            double[] s1 = acc[out + j];
            double[] s2 = acc[2 * out + j];
            double[] s3 = acc[3 * out + j];
            for (int s = 0; s < n; s++) {
                z[zFrom + s * out + j] = b + ((s0[s] + s1[s]) + (s2[s] + s3[s]));
            }
        }
    }

    /** y[k] += a * x[k] for from <= k < to: the multiply-add over rows of their own that C2 vectorises. */
    private static void axpy(double[] y, double a, double[] x, int from, int to) {
        for (int k = from; k < to; k++) {
            y[k] += a * x[k];
        }
    }

    /** y0[k] += a0 * x[k] and y1[k] += a1 * x[k]: two rows share each read of x. */
    private static void axpy2(double[] y0, double[] y1, double a0, double a1, double[] x, int from, int to) {
        for (int k = from; k < to; k++) {
            double xk = x[k];
            y0[k] += a0 * xk;
            y1[k] += a1 * xk;
        }
    }

    /**
     * {@link Dense#backwardInput}: dx[s][i] = sum_j w[j][i] delta[s][j], each sum from 0.0 over j in order (Dense's
     * bits). A batch runs transposed: every weight multiplies the row of its unit's deltas over the batch's samples,
     * two inputs per pass; one sample (or none) runs {@link Dense}'s loop.
     */
    public static void backwardInput(double[] delta, int deltaFrom, int batch, int in, int out, double[] p,
            int wFrom, double[] dx, int dxFrom) {
        if (batch < 2) {
            Dense.backwardInput(delta, deltaFrom, batch, in, out, p, wFrom, dx, dxFrom);
            return;
        }
        Scratch scratch = SCRATCH.get();
        int block = Math.min(batch, BLOCK_SAMPLES);
        scratch.columns = rows(scratch.columns, out, block);
        scratch.sums = rows(scratch.sums, in, block);
        double[][] dt = scratch.columns;
        double[][] dxt = scratch.sums;
        for (int s0 = 0; s0 < batch; s0 += BLOCK_SAMPLES) {
            int n = Math.min(BLOCK_SAMPLES, batch - s0);
            for (int s = 0; s < n; s++) {
                int ds = deltaFrom + (s0 + s) * out;
                for (int j = 0; j < out; j++) {
                    dt[j][s] = delta[ds + j];
                }
            }
            for (int i = 0; i < in; i++) {
                java.util.Arrays.fill(dxt[i], 0, n, 0.0);
            }
            for (int j = 0; j < out; j++) {
                int w = wFrom + j * in;
                double[] d = dt[j];
                int i = 0;
                for (; i + 2 <= in; i += 2) {
                    axpy2(dxt[i], dxt[i + 1], p[w + i], p[w + i + 1], d, 0, n);
                }
                if (i < in) {
                    axpy(dxt[i], p[w + i], d, 0, n);
                }
            }
            for (int s = 0; s < n; s++) {
                int dxs = dxFrom + (s0 + s) * in;
                for (int i = 0; i < in; i++) {
                    dx[dxs + i] = dxt[i][s];
                }
            }
        }
    }

    /**
     * {@link Dense#accumulateGradients}: g[j][i] += delta[s][j] x[s][i] and g[b_j] += delta[s][j], the samples in
     * order for every element (Dense's bits). Two gradient rows at a time, copied into rows of their own, add every
     * sample's terms panel by panel of {@link #GRADIENT_PANEL} inputs (the batch's panel of inputs stays in the
     * first-level cache for every unit); one sample (or none) runs {@link Dense}'s loop.
     */
    public static void accumulateGradients(double[] x, int xFrom, double[] delta, int deltaFrom, int batch, int in,
            int out, double[] g, int wFrom, int bFrom) {
        if (batch < 2) {
            Dense.accumulateGradients(x, xFrom, delta, deltaFrom, batch, in, out, g, wFrom, bFrom);
            return;
        }
        Scratch scratch = SCRATCH.get();
        scratch.samples = rows(scratch.samples, batch, in);
        scratch.gradient = rows(scratch.gradient, 2, in);
        double[][] xs = scratch.samples;
        for (int s = 0; s < batch; s++) {
            System.arraycopy(x, xFrom + s * in, xs[s], 0, in);
        }
        double[] g0 = scratch.gradient[0];
        double[] g1 = scratch.gradient[1];
        for (int j = 0; j < out; j += 2) {
            boolean pair = j + 1 < out;
            int w0 = wFrom + j * in;
            System.arraycopy(g, w0, g0, 0, in);
            if (pair) {
                System.arraycopy(g, w0 + in, g1, 0, in);
            }
            for (int i0 = 0; i0 < in; i0 += GRADIENT_PANEL) {
                int i1 = Math.min(in, i0 + GRADIENT_PANEL);
                for (int s = 0; s < batch; s++) {
                    int ds = deltaFrom + s * out + j;
                    if (pair) {
                        axpy2(g0, g1, delta[ds], delta[ds + 1], xs[s], i0, i1);
                    } else {
                        axpy(g0, delta[ds], xs[s], i0, i1);
                    }
                }
            }
            System.arraycopy(g0, 0, g, w0, in);
            if (pair) {
                System.arraycopy(g1, 0, g, w0 + in, in);
            }
        }
        for (int j = 0; j < out; j++) {
            double sum = g[bFrom + j];
            for (int s = 0; s < batch; s++) {
                sum += delta[deltaFrom + s * out + j];
            }
            g[bFrom + j] = sum;
        }
    }
}
