package nnspec.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import nnspec.runtime.Dense;
import nnspec.runtime.FastDense;
import org.junit.jupiter.api.Test;

/**
 * FastDense's batched kernels keep per-thread scratch rows that grow when a call needs more rows or longer ones, and
 * never shrink. A thread that has already run a large layer hides a scratch that grows wrongly, so each case runs
 * in a thread of its own, from an empty scratch, through a sequence of shapes that grows the rows' count alone, their
 * length alone, both, and neither. Oracle: the kernels' Javadoc: the batched input gradient and gradient sums give
 * {@link Dense}'s bits (the strict kernels, one sample after another), and the batched forward pass gives each sample
 * the bits of the one-sample fast forward pass.
 */
class FastDenseScratchTest {
    /** (batch, inputs, units): every layer over 256 weights, so the batched paths run; inputs odd and even. */
    private static final int[][] SHAPES = {{3, 20, 14}, {3, 40, 14}, {9, 20, 14}, {70, 21, 13}, {2, 20, 14},
        {1, 20, 14}, {70, 40, 30}};

    @Test
    void everyShapeGivesTheStrictBitsFromAFreshScratch() throws InterruptedException {
        for (int first = 0; first < SHAPES.length; first++) {
            List<int[]> sequence = new ArrayList<>();
            for (int k = 0; k < SHAPES.length; k++) {
                sequence.add(SHAPES[(first + k) % SHAPES.length]);
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    for (int[] shape : sequence) {
                        check(shape[0], shape[1], shape[2]);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            thread.start();
            thread.join();
            if (failure.get() != null) {
                throw new AssertionError("sequence from shape " + first, failure.get());
            }
        }
    }

    private static void check(int batch, int in, int out) {
        String where = "batch " + batch + ", " + in + " inputs, " + out + " units";
        SplittableRandom random = new SplittableRandom(31L * batch + 7L * in + out);
        int weights = in * out;
        double[] p = random.doubles(3 + weights + out, -1, 1).toArray();
        double[] x = random.doubles(batch * in, -2, 2).toArray();
        double[] delta = random.doubles(batch * out, -1, 1).toArray();

        // the input gradient first: its scratch rows are then exactly as many as the inputs (the forward pass's
        // would outnumber them), so a kernel reading one row too many fails
        double[] dx = new double[batch * in];
        FastDense.backwardInput(delta, 0, batch, in, out, p, 3, dx, 0);
        double[] dxStrict = new double[batch * in];
        for (int s = 0; s < batch; s++) {
            Dense.backwardInput(delta, s * out, 1, in, out, p, 3, dxStrict, s * in);
        }
        assertArrayEquals(dxStrict, dx, 0.0, where + ": input gradient");

        double[] z = new double[batch * out];
        FastDense.forward(x, 0, batch, in, out, p, 3, 3 + weights, z, 0);
        double[] zOne = new double[batch * out];
        for (int s = 0; s < batch; s++) {
            FastDense.forward(x, s * in, 1, in, out, p, 3, 3 + weights, zOne, s * out);
        }
        assertArrayEquals(zOne, z, 0.0, where + ": forward");

        double[] g = random.doubles(2 + weights + out, -1, 1).toArray();
        double[] gStrict = g.clone();
        FastDense.accumulateGradients(x, 0, delta, 0, batch, in, out, g, 2, 2 + weights);
        for (int s = 0; s < batch; s++) {
            Dense.accumulateGradients(x, s * in, delta, s * out, 1, in, out, gStrict, 2, 2 + weights);
        }
        assertArrayEquals(gStrict, g, 0.0, where + ": gradients");
    }
}
