package nnspec.kernels;

import static nnspec.kernels.KernelHarness.Act.elementwise;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import nnspec.kernels.KernelHarness.Act;
import nnspec.kernels.KernelHarness.Entry;
import nnspec.kernels.KernelHarness.Layer;
import nnspec.kernels.KernelHarness.Pass;
import nnspec.model.Loss;
import nnspec.pipeline.Backend;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss of docs/language.md in each of its forms (outputs mean and sum, samples mean and sum; for the
 * cross-entropies clip log and probability, from probabilities and logits, base e and 2), on a network of a linear
 * hidden layer and the output layer the loss needs, with literal weights. As for the activations: both back ends
 * agree step by step over 20 steps; each matches central finite differences of the training loss, and one sgd step
 * moves it by the gradient of the batch's mean or summed loss; and each one's {@code loss(y)} equals a closed form
 * written here from PyTorch's and Keras's documented definitions (MSELoss, L1Loss, HuberLoss, BCELoss with its log
 * clamped at -100, BCEWithLogitsLoss, CrossEntropyLoss; Keras's probability clip to [1e-7, 1 - 1e-7]), including
 * where the clamp and the clip act and at logits of 1000. The last test per check compares the forms checked with
 * the docs.
 *
 * <p>For the probability forms one training sample puts the target's probability below 1e-7, where Keras's clip
 * makes the loss flat (gradient 0) and PyTorch's clamp does not yet act (gradient p - y), so the two clips differ
 * in training too; every other sample keeps away from the clip's ends, and the regression targets keep
 * {@link KernelHarness#MARGIN} from the kinks of mae (e = 0) and huber (|e| = delta).
 */
class LossKernelsTest {
    /** A loss as written (options left out take the documented defaults), and what the closed form needs to know. */
    record Case(String kind, String written, double delta, boolean logits, boolean clipProbability, boolean base2,
            boolean outputsSum, boolean samplesSum) {
        boolean crossEntropy() {
            return kind.equals("bce") || kind.equals("cce");
        }

        String output() {
            return logits || !crossEntropy() ? "linear" : kind.equals("bce") ? "sigmoid" : "softmax";
        }
    }

    static Case regression(String kind, double delta, boolean sums) {
        String written = kind + (kind.equals("huber") ? " delta " + delta : "") + (sums ? " outputs sum samples sum"
                : "");
        return new Case(kind, written, delta, false, false, false, sums, sums);
    }

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (String kind : List.of("mse", "mae", "huber")) {
            all.add(regression(kind, 0.5, false));
            all.add(regression(kind, 0.5, true));
        }
        // bce: outputs mean by default; cce: sum. Base 2 on each of the three paths (clamped log, clipped
        // probability, logits), so that no path can leave the base out.
        all.add(new Case("bce", "bce", 0, false, false, false, false, false));
        all.add(new Case("bce", "bce from probabilities clip probability base 2", 0, false, true, true, false,
                false));
        all.add(new Case("bce", "bce clip log base 2 outputs sum samples sum", 0, false, false, true, true, true));
        all.add(new Case("bce", "bce from logits base 2 outputs sum samples sum", 0, true, false, true, true, true));
        all.add(new Case("cce", "cce", 0, false, false, false, true, false));
        all.add(new Case("cce", "cce from probabilities clip probability base 2 outputs mean", 0, false, true, true,
                false, false));
        all.add(new Case("cce", "cce clip log base 2 outputs mean samples sum", 0, false, false, true, false, true));
        all.add(new Case("cce", "cce from logits base 2 outputs mean samples sum", 0, true, false, true, false,
                true));
        return all;
    }

    // Closed forms, from the frameworks' documentation.

    static final double CLIP = 1e-7;

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** log p as the case's clip takes it: PyTorch's BCELoss clamps the log at -100; Keras clips p first. */
    static double log(Case c, double p) {
        return c.clipProbability() ? Math.log(Math.min(Math.max(p, CLIP), 1 - CLIP)) : Math.max(Math.log(p), -100);
    }

    /** The sample loss of the case from the outputs (probabilities, logits or values) and the targets. */
    static double sampleLoss(Case c, double[] out, double[] y) {
        int n = out.length;
        double sum = 0;
        switch (c.kind()) {
            case "mse" -> {
                for (int j = 0; j < n; j++) {
                    sum += (out[j] - y[j]) * (out[j] - y[j]);
                }
            }
            case "mae" -> {
                for (int j = 0; j < n; j++) {
                    sum += Math.abs(out[j] - y[j]);
                }
            }
            case "huber" -> {
                double d = c.delta();
                for (int j = 0; j < n; j++) {
                    double e = Math.abs(out[j] - y[j]);
                    sum += e <= d ? 0.5 * e * e : d * (e - 0.5 * d);
                }
            }
            case "bce" -> {
                for (int j = 0; j < n; j++) {
                    double z = out[j];
                    if (c.logits()) {
                        // BCEWithLogitsLoss's stable form, as docs/language.md writes it
                        sum += Math.max(z, 0) - z * y[j] + Math.log1p(Math.exp(-Math.abs(z)));
                    } else if (c.clipProbability()) {
                        // Keras clips p, and so 1 - p is taken of the clipped p
                        double q = Math.min(Math.max(out[j], CLIP), 1 - CLIP);
                        sum += -(y[j] * Math.log(q) + (1 - y[j]) * Math.log(1 - q));
                    } else {
                        sum += -(y[j] * log(c, out[j]) + (1 - y[j]) * log(c, 1 - out[j]));
                    }
                }
            }
            case "cce" -> {
                if (c.logits()) {
                    double max = Arrays.stream(out).max().orElseThrow();
                    double lse = Math.log(Arrays.stream(out).map(v -> Math.exp(v - max)).sum());
                    for (int j = 0; j < n; j++) {
                        sum += y[j] * ((max - out[j]) + lse);
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        sum += y[j] == 0 ? 0 : -y[j] * log(c, out[j]);
                    }
                }
            }
            default -> throw new IllegalArgumentException(c.kind());
        }
        if (c.base2()) {
            sum /= Math.log(2);
        }
        return c.outputsSum() ? sum : sum / n;
    }

    static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double[] e = Arrays.stream(z).map(v -> Math.exp(v - max)).toArray();
        double s = Arrays.stream(e).sum();
        return Arrays.stream(e).map(v -> v / s).toArray();
    }

    private static final int INPUTS = 3;

    /**
     * The log of the probability the output gives the target's outcome on unit or class {@code k}: what the clip
     * and the clamp act on.
     */
    static double logOfTarget(Case c, double[] out, double[] y, int k) {
        return c.kind().equals("cce") ? Math.log(out[k]) : y[k] == 1 ? Math.log(out[k]) : Math.log(1 - out[k]);
    }

    static Entry entry(Case c, long seed) {
        boolean cce = c.kind().equals("cce");
        int outputs = cce ? 3 : 2;
        Act outputAct = switch (c.output()) {
            case "sigmoid" -> elementwise(LossKernelsTest::sigmoid);
            case "softmax" -> (z, draws) -> softmax(z);
            default -> elementwise(z -> z);
        };
        boolean probabilities = c.crossEntropy() && !c.logits();
        for (int attempt = 0; attempt < 20000; attempt++) {
            Random r = new Random(seed * 100003 + attempt);
            List<Layer> layers = List.of(
                    new Layer(KernelHarness.matrix(r, 4, INPUTS, 1), KernelHarness.vector(r, 4, 0.5), "linear",
                            elementwise(z -> z), new double[0], 0, null),
                    new Layer(KernelHarness.matrix(r, outputs, 4, 1), KernelHarness.vector(r, outputs, 0.5),
                            c.output(), outputAct, new double[0], 0, null));
            Pass pass = new Pass(layers, false);
            double[][] x = KernelHarness.matrix(r, KernelHarness.ROWS, INPUTS, 2);
            double[][] y = new double[KernelHarness.ROWS][];
            boolean ok = true;
            for (int n = 0; n < x.length && ok; n++) {
                if (probabilities && n == KernelHarness.ROWS - 1) {
                    x[n] = KernelHarness.vector(r, INPUTS, 12);
                }
                double[] out = pass.forward(x[n]);
                double bound = probabilities && n == x.length - 1 ? 30 : 5;
                ok = Arrays.stream(pass.z[1]).allMatch(v -> Math.abs(v) <= bound);
                y[n] = targets(c, r, out, n);
                if (probabilities) {
                    double extreme = Math.log(CLIP) - 3;
                    for (int k = 0; k < outputs; k++) {
                        if (cce && y[n][k] == 0) {
                            continue;
                        }
                        double lp = logOfTarget(c, out, y[n], k);
                        // clear of the clip's ends, and on the last sample, the target's probability clipped
                        ok &= Math.abs(lp - Math.log(CLIP)) >= 1 && Math.abs(Math.log(1 - Math.exp(lp))
                                - Math.log(CLIP)) >= 1;
                        if (n == x.length - 1 && k == 0 && !cce) {
                            ok &= y[n][0] == 1 && lp < extreme && lp > -60;
                        }
                        if (n == x.length - 1 && cce) {
                            ok &= lp < extreme && lp > -60;
                        }
                    }
                }
            }
            if (!ok) {
                continue;
            }
            List<double[]> probes = new ArrayList<>(Arrays.asList(x));
            List<double[]> probeTargets = new ArrayList<>(Arrays.asList(y));
            extremeProbes(c, r, layers, probes, probeTargets);
            String train = "  loss " + c.written() + "\n  optimizer sgd lr 0.05\n";
            return KernelHarness.entry(c.written(), INPUTS, layers, train, x, y, probes.toArray(double[][]::new),
                    probeTargets.toArray(double[][]::new), (out, t) -> sampleLoss(c, out, t));
        }
        throw new IllegalStateException("no weights in 20000 draws suit " + c.written());
    }

    /**
     * Regression targets at distances from the output that keep clear of mae's and huber's kinks and reach both of
     * huber's pieces, on both sides; 0/1 (and one soft 0.25) for bce; one-hot for cce.
     */
    static double[] targets(Case c, Random r, double[] out, int n) {
        double[] y = new double[out.length];
        int hot = r.nextInt(out.length);
        for (int j = 0; j < y.length; j++) {
            y[j] = switch (c.kind()) {
                case "bce" -> n == 1 && j == 1 ? 0.25 : r.nextBoolean() ? 1 : 0;
                case "cce" -> j == hot ? 1 : 0;
                default -> {
                    double distance = (n + j) % 2 == 0 ? 0.1 + 0.3 * r.nextDouble() : 0.6 + 0.6 * r.nextDouble();
                    // two targets of six below the output: mae's gradient sum of signs is then never exactly 0,
                    // where finite differences would see only their rounding
                    yield KernelHarness.round3(out[j] + ((n + j) % 3 == 0 ? distance : -distance));
                }
            };
        }
        if (c.kind().equals("bce") && n == KernelHarness.ROWS - 1) {
            y[0] = 1;
        }
        return y;
    }

    /**
     * Probes along a line through the origin, far enough out that the output reaches what the case must be seen at.
     * Probability forms: the target's probability near e^-25 (Keras's clip acts, PyTorch's clamp not) and, where the
     * clamp's meaning is documented (base e, or the other clip), below e^-110; for bce also a probability of exactly
     * 1 against a target of 0. Logits forms: logits of about 1000 and -1000. The other targets are chosen so that
     * their terms are small and well conditioned.
     */
    static void extremeProbes(Case c, Random r, List<Layer> layers, List<double[]> probes, List<double[]> targets) {
        Pass pass = new Pass(layers, false);
        boolean cce = c.kind().equals("cce");
        if (!c.crossEntropy()) {
            return;
        }
        double[] direction = KernelHarness.vector(r, INPUTS, 1);
        if (c.logits()) {
            double slope = pass.forward(along(direction, 1))[0] - pass.forward(new double[INPUTS])[0];
            for (double sign : new double[] {1, -1}) {
                double[] x = along(direction, sign * 1000 / slope);
                double[] out = pass.forward(x);
                double[] y = new double[out.length];
                if (cce) {
                    y[argmin(out)] = 1;
                } else {
                    y[0] = sign > 0 ? 0 : 1;
                    y[1] = 1;
                }
                probes.add(x);
                targets.add(y);
            }
            return;
        }
        boolean clampDocumented = c.clipProbability() || !c.base2();
        List<String> wanted = new ArrayList<>(List.of("clip"));
        if (clampDocumented) {
            wanted.add("clamp");
            if (!cce) {
                wanted.add("one");
            }
        }
        for (String want : wanted) {
            search:
            for (double sign : new double[] {1, -1}) {
                for (double t = 0.25; t < 5000; t *= 1.02) {
                    double[] x = along(direction, sign * t);
                    double[] out = pass.forward(x);
                    double[] y = new double[out.length];
                    boolean found;
                    if (cce) {
                        y[argmin(out)] = 1;
                        double lp = Math.log(out[argmin(out)]);
                        found = want.equals("clip") ? lp > -27 && lp < -23 : lp < -110;
                    } else {
                        double z0 = pass.z[1][0];
                        y[0] = want.equals("one") ? 0 : 1;
                        y[1] = out[1] > 0.5 ? 1 : 0;
                        found = switch (want) {
                            case "clip" -> z0 > -27 && z0 < -23;
                            case "clamp" -> z0 < -110;
                            default -> z0 > 40 && out[0] == 1.0;
                        };
                    }
                    if (found) {
                        probes.add(x);
                        targets.add(y);
                        break search;
                    }
                }
            }
        }
    }

    static int argmin(double[] v) {
        int k = 0;
        for (int j = 1; j < v.length; j++) {
            k = v[j] < v[k] ? j : k;
        }
        return k;
    }

    static double[] along(double[] direction, double t) {
        return Arrays.stream(direction).map(v -> KernelHarness.round3(v * t)).toArray();
    }

    private static List<Entry> entries;

    static synchronized List<Entry> entries() {
        if (entries == null) {
            List<Entry> all = new ArrayList<>();
            long seed = 101;
            for (Case c : cases()) {
                all.add(entry(c, seed++));
            }
            entries = all;
        }
        return entries;
    }

    /** The loss forms of an entry's spec, read from the model records. */
    static Set<String> kinds(Entry e) {
        Loss loss = e.spec().train().loss().orElseThrow();
        String k = loss.kind().keyword();
        Set<String> kinds = new TreeSet<>(List.of(k, k + " outputs " + loss.params().word("outputs"),
                k + " samples " + loss.params().word("samples")));
        if (loss.kind().logarithmic()) {
            kinds.add(k + " from " + loss.params().word("from"));
            kinds.add(k + " base " + (loss.naturalLog() ? "e" : KernelHarness.number(loss.logBase())));
            if (!loss.fromLogits()) {
                // the clip means nothing to logits
                kinds.add(k + " clip " + loss.params().word("clip"));
            }
        }
        return kinds;
    }

    private static Stream<DynamicTest> everyEntry(String check, Consumer<Entry> test) {
        return KernelHarness.everyEntry(check, "loss ", entries(), LossKernelsTest::kinds, "loss form",
                KernelHarness.documentedLossKinds(), test);
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
    Stream<DynamicTest> eachBackEndMatchesTheClosedForms() {
        return everyEntry("closed form", e -> {
            for (Backend b : Backend.values()) {
                KernelHarness.outputsMatchClosedForm(e, b);
                KernelHarness.firstStepLossMatchesClosedForm(e, b);
            }
        });
    }

    /** The extreme probes exist: without them the clip and the clamp would go unchecked. */
    @TestFactory
    Stream<DynamicTest> theClipsAreProbedWhereTheyAct() {
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.title(), () -> {
            Loss loss = e.spec().train().loss().orElseThrow();
            int extra = e.probes().length - KernelHarness.ROWS;
            boolean clampDocumented = loss.clipsProbability() || loss.naturalLog();
            int expected = !loss.kind().logarithmic() ? 0 : loss.fromLogits() ? 2
                    : 1 + (clampDocumented ? (loss.kind() == Loss.Kind.BCE ? 2 : 1) : 0);
            assertEquals(expected, extra, "probes beyond the training samples\n" + e);
        }));
    }
}
