package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import nnspec.runtime.ShuffleRandom;
import nnspec.runtime.optim.AdaDelta;
import nnspec.runtime.optim.AdaGrad;
import nnspec.runtime.optim.Adam;
import nnspec.runtime.optim.EpsilonPlacement;
import nnspec.runtime.optim.Momentum;
import nnspec.runtime.optim.Optimizer;
import nnspec.runtime.optim.RmsProp;
import nnspec.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * What a checkpoint saves continues exactly: each optimizer restored from {@code state()} into a fresh instance takes
 * the same next steps, to the bit, as the one never stopped; ShuffleRandom draws java.util.Random's numbers and
 * continues from its state.
 */
class TrainingStateTest {

    private static double[] gradient(Random random, int n) {
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            g[k] = random.nextGaussian();
        }
        return g;
    }

    @Test
    void everyOptimizerContinuesFromItsStateToTheBit() {
        int n = 6;
        List<Supplier<Optimizer>> optimizers = List.of(
                () -> new Sgd(n, 0.01),
                () -> new Momentum(n, Momentum.Form.values()[0], 0.9),
                () -> Momentum.pytorch(n, 0.9, 0.0, true, 0.01),
                () -> Momentum.pytorch(n, 0.9, 0.1, false, 0.0),
                () -> new AdaGrad(n, 1e-8, EpsilonPlacement.values()[0], 0.1),
                () -> new RmsProp(n, 0.9, 1e-7, EpsilonPlacement.values()[0], true, 0.5),
                () -> new AdaDelta(n, 0.95, 1e-6),
                () -> new Adam(n, 0.9, 0.999, 1e-8),
                () -> Adam.adamW(n, 0.9, 0.999, 1e-8, 0.01));
        for (Supplier<Optimizer> make : optimizers) {
            Optimizer whole = make.get();
            double[] w = new double[n];
            Random draws = new Random(3);
            for (int k = 0; k < n; k++) {
                w[k] = draws.nextGaussian();
            }
            double[] v = w.clone();
            Random gradients = new Random(4);
            for (int step = 0; step < 5; step++) {
                whole.step(w, gradient(gradients, n), 0.05);
            }
            Optimizer resumed = make.get();
            resumed.restore(whole.state());
            System.arraycopy(w, 0, v, 0, n);
            for (int step = 0; step < 5; step++) {
                double[] g = gradient(gradients, n);
                whole.step(w, g, 0.05);
                resumed.step(v, g.clone(), 0.05);
            }
            assertArrayEquals(w, v, 0.0, whole.getClass().getSimpleName());
            assertArrayEquals(whole.state(), resumed.state(), 0.0, whole.getClass().getSimpleName());
        }
    }

    @Test
    void shuffleRandomDrawsJavaUtilRandomsNumbersAndContinuesFromItsState() {
        Random reference = new Random(-12345);
        ShuffleRandom random = new ShuffleRandom(-12345);
        for (int k = 0; k < 1000; k++) {
            assertEquals(reference.nextInt(k + 1), random.nextInt(k + 1));
        }
        assertEquals(reference.nextLong(), random.nextLong());
        ShuffleRandom continued = new ShuffleRandom(0);
        continued.restore(random.state());
        for (int k = 0; k < 100; k++) {
            assertEquals(random.nextInt(1000), continued.nextInt(1000));
        }
    }
}
