package nnspec.kernels;

import static nnspec.kernels.KernelHarness.Act.elementwise;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import nnspec.kernels.KernelHarness.Drop;
import nnspec.kernels.KernelHarness.Entry;
import nnspec.kernels.KernelHarness.Layer;
import nnspec.kernels.KernelHarness.Pass;
import nnspec.model.DenseLayer;
import nnspec.model.DropoutLayer;
import nnspec.pipeline.Backend;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Dropout written each way docs/language.md documents (a drop probability, bare or as {@code rate}, or a keep
 * probability) with each scaling (inverted, plain), two of the four pairs in each network (after a tanh and after a sigmoid layer, so
 * that the masks of two generators and both layers' backward steps are involved). Both back ends agree over 20
 * steps; each matches central finite differences of the training loss with the masks replayed; and each one's
 * outputs equal the closed form with masks drawn here as the docs describe them: java.util.Random(seed) per dropout,
 * one draw per output and sample in unit order, kept exactly when the draw is below 1 - p, kept outputs times
 * 1 / (1 - p) while training (inverted) or unscaled (plain), and in evaluation unchanged (inverted) or times 1 - p
 * (plain).
 */
class DropoutKernelsTest {
    /** The two dropouts of an entry: as written, and as the closed form takes them. */
    static List<List<Drop>> cases() {
        return List.of(
                List.of(new Drop("dropout 0.4 seed 7", 0.4, false, 7),
                        new Drop("dropout keep 0.7 scaling plain seed 9", 1 - 0.7, true, 9)),
                // no seed: the default 0
                List.of(new Drop("dropout rate 0.3 scaling plain seed 3", 0.3, true, 3),
                        new Drop("dropout keep 0.6 scaling inverted", 1 - 0.6, false, 0)));
    }

    private static final int INPUTS = 3;

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static Entry entry(List<Drop> drops, long seed) {
        Random r = new Random(seed);
        List<Layer> layers = List.of(
                new Layer(KernelHarness.matrix(r, 4, INPUTS, 1), KernelHarness.vector(r, 4, 0.5), "tanh",
                        elementwise(Math::tanh), new double[0], 0, drops.get(0)),
                new Layer(KernelHarness.matrix(r, 3, 4, 1.5), KernelHarness.vector(r, 3, 0.5), "sigmoid",
                        elementwise(DropoutKernelsTest::sigmoid), new double[0], 0, drops.get(1)),
                new Layer(KernelHarness.matrix(r, 2, 3, 1.5), KernelHarness.vector(r, 2, 0.5), "linear",
                        elementwise(z -> z), new double[0], 0, null));
        double[][] x = KernelHarness.matrix(r, KernelHarness.ROWS, INPUTS, 2);
        double[][] y = new double[x.length][];
        Pass eval = new Pass(layers, false);
        for (int n = 0; n < x.length; n++) {
            y[n] = Arrays.stream(eval.forward(x[n])).map(v -> KernelHarness.round3(v + r.nextDouble() - 0.5))
                    .toArray();
        }
        List<double[]> probes = new ArrayList<>(Arrays.asList(x));
        probes.addAll(Arrays.asList(KernelHarness.matrix(r, 4, INPUTS, 2)));
        String title = drops.get(0).text() + "; " + drops.get(1).text();
        return KernelHarness.entry(title, INPUTS, layers, "  loss mse\n  optimizer sgd lr 0.1\n", x, y,
                probes.toArray(double[][]::new), null, null);
    }

    private static List<Entry> entries;

    static synchronized List<Entry> entries() {
        if (entries == null) {
            List<Entry> all = new ArrayList<>();
            long seed = 201;
            for (List<Drop> c : cases()) {
                all.add(entry(c, seed++));
            }
            entries = all;
        }
        return entries;
    }

    /** How each dropout of the entry's spec was written and scaled, read from the model records. */
    static Set<String> kinds(Entry e) {
        Set<String> kinds = new TreeSet<>();
        for (nnspec.model.Layer layer : e.spec().network().layers()) {
            if (layer instanceof DropoutLayer d) {
                kinds.add((d.written() == DropoutLayer.Rate.DROP ? "rate" : "keep") + " scaling "
                        + d.scaling().name().toLowerCase(Locale.ROOT));
            }
        }
        return kinds;
    }

    private static Stream<DynamicTest> everyEntry(String check, Consumer<Entry> test) {
        return KernelHarness.everyEntry(check, "", entries(), DropoutKernelsTest::kinds, "dropout form",
                KernelHarness.documentedDropoutKinds(), test);
    }

    @TestFactory
    Stream<DynamicTest> backEndsAgreeStepByStep() {
        return everyEntry("back ends agree", KernelHarness::backEndsAgree);
    }

    @TestFactory
    Stream<DynamicTest> eachBackEndMatchesFiniteDifferences() {
        return everyEntry("finite differences", KernelHarness::bothBackEndsMatchFiniteDifferences);
    }

    @TestFactory
    Stream<DynamicTest> eachBackEndMatchesTheHandDrawnMasks() {
        return everyEntry("closed form", e -> {
            for (Backend b : Backend.values()) {
                KernelHarness.outputsMatchClosedForm(e, b);
            }
        });
    }

    /** Masks that kept everything (or nothing) would not tell the scalings or the draws apart. */
    @TestFactory
    Stream<DynamicTest> theProbesMeetKeptAndDroppedOutputs() {
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.title(), () -> {
            Pass pass = e.pass(true);
            for (double[] x : e.probes()) {
                pass.forward(x);
            }
            for (int l = 0; l < 2; l++) {
                assertTrue(pass.kept[l] > 0 && pass.dropped[l] > 0, "dropout " + (l + 1) + " kept " + pass.kept[l]
                        + " and dropped " + pass.dropped[l] + " outputs\n" + e);
            }
        }));
    }
}
