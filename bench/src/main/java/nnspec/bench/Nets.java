package nnspec.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;

/**
 * The benchmark nets T, S, M, L, C ({@code t.nn} ... {@code c.nn} beside this class) and their synthetic training
 * samples: inputs uniform on [-1, 1), one-hot targets of a uniform class (a 0/1 target for a single output), drawn
 * from a fixed seed so every run trains on the same numbers. What is timed does not depend on the values beyond
 * ReLU's sparsity, which uniform inputs keep near one half, as in bench/pytorch_bench.py.
 */
public final class Nets {
    /** Samples per synthetic data set; the benchmark cycles through them. */
    public static final int SAMPLES = 512;

    private Nets() {
    }

    public static Spec spec(String net) {
        String file = net.toLowerCase(Locale.ROOT) + ".nn";
        try (InputStream in = Nets.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalArgumentException("no benchmark net " + net + " (expected T, S, M, L or C)");
            }
            return SpecReader.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SpecException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static Dataset data(int inputs, int outputs, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[SAMPLES][inputs];
        double[][] y = new double[SAMPLES][outputs];
        for (int s = 0; s < SAMPLES; s++) {
            for (int i = 0; i < inputs; i++) {
                x[s][i] = 2 * random.nextDouble() - 1;
            }
            if (outputs == 1) {
                y[s][0] = random.nextInt(2);
            } else {
                y[s][random.nextInt(outputs)] = 1.0;
            }
        }
        return new Dataset(x, y);
    }
}
