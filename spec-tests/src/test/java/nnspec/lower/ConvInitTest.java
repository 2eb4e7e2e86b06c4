package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.Test;

/**
 * A convolution's uniform initialisers draw on the whole interval their limit gives, with the fans PyTorch and Keras
 * use for a kernel: fan_in = input channels x kernel taps, fan_out = filters x kernel taps. Here 2 input channels,
 * 4 filters of 3x3: fan_in 18, fan_out 36. Limits (closed forms of the Keras and PyTorch documentation):
 * glorot_uniform sqrt(6 / (18 + 36)) = 1/3, uniform_fanin 1 / sqrt(18), lecun_uniform sqrt(3 / 18). Of 72 independent
 * uniform draws on [-l, l), the chance that none falls below -l/2 (or none above l/2) is 0.75^72, about 1e-9: so the
 * smallest weight is below -l/2, the largest above l/2, and none outside [-l, l]. The biases start at 0.
 */
class ConvInitTest {

    @Test
    void uniformKernelInitsSpanTheirWholeInterval() throws SpecException {
        String[] inits = {"glorot_uniform", "uniform_fanin", "lecun_uniform"};
        double[] limits = {1.0 / 3, 1 / Math.sqrt(18), Math.sqrt(3.0 / 18)};
        StringBuilder data = new StringBuilder();
        for (int k = 0; k < 50; k++) {
            data.append(' ').append(k % 3);
        }
        for (int n = 0; n < inits.length; n++) {
            Spec spec = SpecReader.parse("init.nn", "network Init {\n  input 2x5x5\n  conv 4 3x3 tanh init " + inits[n]
                    + " seed 7\n  flatten\n  dense 1 linear init glorot_uniform seed 2\n}\n"
                    + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n" + data + " -> 1\n}\n");
            double l = limits[n];
            for (Backend backend : Backend.values()) {
                double[] p = backend.create(spec).parameters();
                double[] w = Arrays.copyOfRange(p, 0, 72);
                double min = Arrays.stream(w).min().orElseThrow();
                double max = Arrays.stream(w).max().orElseThrow();
                String what = inits[n] + " " + backend.keyword() + ": weights in [" + min + ", " + max + "], limit " + l;
                assertTrue(min >= -l && max <= l, what);
                assertTrue(min < -l / 2 && max > l / 2, what);
                assertEquals(0.0, Arrays.stream(p, 72, 76).map(Math::abs).sum(), 0.0, inits[n] + " biases");
            }
        }
    }
}
