package nnspec.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.pipeline.Job;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import nnspec.support.GeneratedClasses;
import nnspec.support.Repo;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * What the kernel tests share: a network written by the test with literal weights, its forward pass computed here
 * from closed forms (never from the runtime), the spec text it becomes, and the three checks every entry goes through
 * in both back ends: step-by-step agreement of the back ends, each back end against finite differences of the
 * training loss, and each back end's outputs against the closed forms. Also the lists of kinds docs/language.md
 * documents, which the tests compare their coverage with.
 *
 * <p>Only the public pipeline is used ({@link SpecReader}, {@link Backend}, {@link Model}, {@link Trainer},
 * {@link GradientCheck}, {@link Job#plan}), so the checks do not depend on how either back end is built.
 */
public final class KernelHarness {
    public static final int ROWS = 6;
    public static final int BATCH = 3;
    public static final int EPOCHS = 10;
    /** ROWS / BATCH steps per epoch. */
    public static final int STEPS = 20;
    /**
     * Back ends against each other: |a - b| &lt;= 1e-12 max(|a|, |b|, 1e-6); the floor only matters for values
     * below 1e-6, which are compared to 1e-18 absolute.
     */
    static final double AGREEMENT = 1e-12;
    static final double AGREEMENT_FLOOR = 1e-6;
    /**
     * Kernels against closed forms written with java.lang.Math: 1e-12 relative, with a floor of 1e-3 because a
     * value such as z - tanh(z) near 0 is computed with an absolute error of a few ulps of z, not of the result.
     */
    static final double ORACLE = 1e-12;
    static final double ORACLE_FLOOR = 1e-3;
    /** Finite differences: GradientCheck's own measure (relative, floor 1e-6) and threshold. */
    static final double GRADIENT = GradientCheck.DEFAULT_THRESHOLD;
    /** How far (in z, or in the loss's own variable) a training sample keeps from a kink. */
    static final double MARGIN = 0.02;

    private KernelHarness() {
    }

    // ------------------------------------------------------------------------------------------------------------
    // The network as the test writes it

    /**
     * An activation's closed form on a layer's pre-activations; {@code draws} is the layer's own generator while
     * training for an activation that draws (rrelu), else null.
     */
    public interface Act {
        double[] apply(double[] z, Random draws);

        static Act elementwise(DoubleUnaryOperator f) {
            return (z, draws) -> Arrays.stream(z).map(f).toArray();
        }
    }

    /** Dropout after a layer: drop probability p, plain or inverted scaling, the seed of its masks. */
    public record Drop(String text, double p, boolean plain, long seed) {
    }

    /**
     * One dense layer: literal weights (units x inputs) and biases, the activation as the spec writes it and its
     * closed form, its kinks (points where the loss is not smooth in z), the seed of its draws, and an optional
     * dropout after it.
     */
    public record Layer(double[][] w, double[] b, String activation, Act act, double[] kinks, long drawSeed,
            Drop dropout) {
        Layer withDropout(Drop d) {
            return new Layer(w, b, activation, act, kinks, drawSeed, d);
        }
    }

    /** A forward pass of the test's own network, with generators restarted as a model's initialize() does. */
    public static final class Pass {
        private final List<Layer> layers;
        private final boolean training;
        private final Random[] actDraws;
        private final Random[] maskDraws;
        /** Per layer, z of the last forward. */
        final double[][] z;
        /** Per dropout layer, how many outputs the last passes kept and dropped. */
        final int[] kept;
        final int[] dropped;

        Pass(List<Layer> layers, boolean training) {
            this.layers = layers;
            this.training = training;
            int n = layers.size();
            actDraws = new Random[n];
            maskDraws = new Random[n];
            z = new double[n][];
            kept = new int[n];
            dropped = new int[n];
            for (int l = 0; l < n; l++) {
                actDraws[l] = new Random(layers.get(l).drawSeed());
                if (layers.get(l).dropout() != null) {
                    maskDraws[l] = new Random(layers.get(l).dropout().seed());
                }
            }
        }

        double[] forward(double[] x) {
            double[] a = x;
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                double[] zl = new double[layer.w().length];
                for (int j = 0; j < zl.length; j++) {
                    double s = layer.b()[j];
                    for (int i = 0; i < a.length; i++) {
                        s += layer.w()[j][i] * a[i];
                    }
                    zl[j] = s;
                }
                z[l] = zl;
                a = layer.act().apply(zl, training ? actDraws[l] : null);
                Drop d = layer.dropout();
                if (d != null) {
                    double[] out = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        if (training) {
                            // the documented mask: a draw per output, kept when it falls below 1 - p
                            boolean keep = maskDraws[l].nextDouble() < 1.0 - d.p();
                            if (keep) {
                                kept[l]++;
                            } else {
                                dropped[l]++;
                            }
                            out[i] = keep ? (d.plain() ? a[i] : a[i] / (1.0 - d.p())) : 0.0;
                        } else {
                            out[i] = d.plain() ? a[i] * (1.0 - d.p()) : a[i];
                        }
                    }
                    a = out;
                }
            }
            return a;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Entries: a spec, its data, the probes its outputs are checked at, and the closed form of its outputs

    /**
     * The sample loss in closed form, from the test's own outputs, or null when the entry checks only outputs.
     */
    public interface LossForm {
        double of(double[] yhat, double[] y);
    }

    public record Entry(String title, String text, Spec spec, Dataset data, List<Layer> layers, double[][] probes,
            double[][] probeTargets, LossForm loss) {
        Pass pass(boolean training) {
            return new Pass(layers, training);
        }

        @Override
        public String toString() {
            return title + "\n" + text;
        }
    }

    /** A number as the spec writes it: exactly the double the test holds. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Rounded to 1/1000, so that the spec text is short and reads back as the same double. */
    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static String row(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(number(v[i]));
        }
        return s.append(']').toString();
    }

    /** The spec text of {@code layers} with the train block's settings and the data rows. */
    static String text(String name, int inputs, List<Layer> layers, String trainSettings, double[][] x, double[][] y) {
        StringBuilder t = new StringBuilder("network " + name + " {\n  input " + inputs + "\n");
        for (Layer layer : layers) {
            // a glu layer is written with the number of its outputs, half its units
            int written = layer.activation().equals("glu") ? layer.w().length / 2 : layer.w().length;
            t.append("  dense ").append(written).append(' ').append(layer.activation()).append(" weights [");
            for (int j = 0; j < layer.w().length; j++) {
                t.append(j == 0 ? "" : ", ").append(row(layer.w()[j]));
            }
            t.append("] bias ").append(row(layer.b())).append('\n');
            if (layer.dropout() != null) {
                t.append("  ").append(layer.dropout().text()).append('\n');
            }
        }
        t.append("}\ntrain {\n").append(trainSettings).append("  epochs ").append(EPOCHS).append("  batch ")
                .append(BATCH).append("\n}\ndata {\n");
        for (int r = 0; r < x.length; r++) {
            t.append(' ');
            for (double v : x[r]) {
                t.append(' ').append(number(v));
            }
            t.append(" ->");
            for (double v : y[r]) {
                t.append(' ').append(number(v));
            }
            t.append('\n');
        }
        return t.append("}\n").toString();
    }

    static Entry entry(String title, int inputs, List<Layer> layers, String trainSettings, double[][] x, double[][] y,
            double[][] probes, double[][] probeTargets, LossForm loss) {
        String text = text("Kernel", inputs, layers, trainSettings, x, y);
        Spec spec;
        try {
            spec = SpecReader.parse(title.replace(' ', '_') + ".nn", text);
        } catch (SpecException e) {
            throw new IllegalStateException("the test wrote an invalid spec:\n" + text + "\n" + e.getMessage(), e);
        }
        return new Entry(title, text, spec, new Dataset(x, y), layers, probes, probeTargets, loss);
    }

    /** A weight matrix uniform on [-scale, scale], rounded. */
    static double[][] matrix(Random random, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int i = 0; i < cols; i++) {
                r[i] = round3(scale * (2 * random.nextDouble() - 1));
            }
        }
        return m;
    }

    static double[] vector(Random random, int n, double scale) {
        return matrix(random, 1, n, scale)[0];
    }

    // ------------------------------------------------------------------------------------------------------------
    // Models: a new one for every use; the generated class is compiled once per generated source

    static Model model(Entry e, Backend backend) {
        Model m = backend == Backend.GENERATED ? GeneratedClasses.instantiate(e.spec()) : backend.create(e.spec());
        m.initialize();
        return m;
    }

    static boolean close(double expected, double actual, double tolerance, double floor) {
        if (Double.compare(expected, actual) == 0) {
            return true;
        }
        return Math.abs(expected - actual) <= tolerance * Math.max(floor, Math.max(Math.abs(expected),
                Math.abs(actual)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Check 1: the back ends step by step

    /** One row per step: the step's loss, then every parameter after it. */
    static List<double[]> train(Entry e, Backend backend) {
        Model model = model(e, backend);
        List<double[]> rows = new ArrayList<>();
        Trainer.train(model, e.data(), Job.plan(e.spec().train()), new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batch, double[] x, double[] y, double[] yhat, double loss,
                    Model m) {
                double[] r = new double[m.parameterCount() + 1];
                r[0] = loss;
                System.arraycopy(m.parameters(), 0, r, 1, m.parameterCount());
                rows.add(r);
            }
        });
        return rows;
    }

    static void backEndsAgree(Entry e) {
        List<double[]> reference = train(e, Backend.INTERPRETER);
        List<double[]> generated = train(e, Backend.GENERATED);
        if (reference.size() != STEPS || generated.size() != STEPS) {
            throw new AssertionFailedError("steps: interpreter " + reference.size() + ", generated "
                    + generated.size() + ", expected " + STEPS + "\n" + e);
        }
        Model names = model(e, Backend.INTERPRETER);
        for (int step = 0; step < STEPS; step++) {
            double[] r = reference.get(step);
            double[] g = generated.get(step);
            for (int k = 0; k < r.length; k++) {
                if (!Double.isFinite(r[k]) || !close(r[k], g[k], AGREEMENT, AGREEMENT_FLOOR)) {
                    throw new AssertionFailedError("step " + (step + 1) + ", " + (k == 0 ? "loss"
                            : names.parameterName(k - 1)) + ": interpreter " + r[k] + ", generated " + g[k] + "\n"
                            + e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Check 2: each back end against finite differences of the training loss

    /** Check 2 for both back ends: the gradient, and the first sgd step against the batch loss. */
    static void bothBackEndsMatchFiniteDifferences(Entry e) {
        for (Backend b : Backend.values()) {
            gradientMatchesFiniteDifferences(e, b);
            stepFollowsTheBatchLoss(e, b);
        }
    }

    static void gradientMatchesFiniteDifferences(Entry e, Backend backend) {
        Model model = model(e, backend);
        for (GradientCheck.TensorError t : GradientCheck.atCurrentPoint(model, e.data(), 1)) {
            // the entries keep their kinks outside the stencils, so no coordinate may be excused as a kink here
            if (!(t.error() <= GRADIENT) || t.skipped() > 0) {
                throw new AssertionFailedError(backend.keyword() + ": " + t.parameter() + " backward " + t.analytic()
                        + ", finite differences " + t.numeric() + " (error " + t.error() + ", " + t.skipped()
                        + " coordinates skipped at kinks)\n" + e);
            }
        }
    }

    /**
     * One update of plain sgd on the first batch moves the parameters by -lr times the gradient of that batch's
     * training loss, the mean or the sum of its sample losses as the spec's {@code samples} says; that gradient by
     * central differences.
     */
    static void stepFollowsTheBatchLoss(Entry e, Backend backend) {
        Model model = model(e, backend);
        double lr = e.spec().train().optimizer().learningRate();
        boolean mean = e.spec().train().loss().orElseThrow().meanOverSamples();
        Dataset batch = new Dataset(Arrays.copyOf(e.data().x(), BATCH), Arrays.copyOf(e.data().y(), BATCH));
        double[] p = model.parameters();
        double[] start = p.clone();
        double[] numeric = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double h = GradientCheck.STEP * Math.max(1.0, Math.abs(start[k]));
            p[k] = start[k] + h;
            double up = GradientCheck.meanLoss(model, batch);
            p[k] = start[k] - h;
            double down = GradientCheck.meanLoss(model, batch);
            p[k] = start[k];
            numeric[k] = (up - down) / (2 * h) * (mean ? 1 : BATCH);
        }
        model.initialize();
        model.training(true);
        model.zeroGradients();
        double[] yhat = new double[model.outputSize()];
        for (int n = 0; n < BATCH; n++) {
            model.forward(batch.x()[n], yhat);
            model.backward(batch.y()[n]);
        }
        model.update(lr, BATCH);
        for (int k = 0; k < p.length; k++) {
            double moved = (start[k] - p[k]) / lr;
            double error = Math.abs(moved - numeric[k])
                    / Math.max(GradientCheck.FLOOR, Math.max(Math.abs(moved), Math.abs(numeric[k])));
            if (!(error <= GRADIENT)) {
                throw new AssertionFailedError(backend.keyword() + ": one sgd step on the first batch moved "
                        + model.parameterName(k) + " by -lr times " + moved + "; the batch loss's gradient is "
                        + numeric[k] + " (samples " + (mean ? "mean" : "sum") + ")\n" + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Check 3: outputs (and losses) against the closed forms

    /**
     * In evaluation and in training mode, from a fresh initialisation: every probe's outputs equal the closed form's,
     * and with a loss form, every probe's loss too; the probes run in order, so draws are compared in sequence.
     */
    static void outputsMatchClosedForm(Entry e, Backend backend) {
        for (boolean training : new boolean[] {false, true}) {
            Model model = model(e, backend);
            model.training(training);
            Pass pass = e.pass(training);
            double[] yhat = new double[model.outputSize()];
            for (int s = 0; s < e.probes().length; s++) {
                double[] x = e.probes()[s];
                double[] expected = pass.forward(x);
                model.forward(x, yhat);
                String where = backend.keyword() + (training ? ", training" : ", evaluation") + ", probe "
                        + Arrays.toString(x);
                for (int j = 0; j < expected.length; j++) {
                    if (!close(expected[j], yhat[j], ORACLE, ORACLE_FLOOR)) {
                        throw new AssertionFailedError(where + ": output " + j + " is " + yhat[j]
                                + ", the closed form gives " + expected[j] + "\n" + e);
                    }
                }
                if (e.loss() != null) {
                    double[] y = e.probeTargets()[s];
                    double want = e.loss().of(expected, y);
                    double got = model.loss(y);
                    if (!close(want, got, ORACLE, ORACLE_FLOOR)) {
                        throw new AssertionFailedError(where + ", target " + Arrays.toString(y) + ": loss " + got
                                + ", the closed form gives " + want + "\n" + e);
                    }
                }
            }
        }
    }

    /**
     * The loss the trainer reports for the first step is the batch's mean or sum, as the spec's {@code samples}
     * says, of the closed-form sample losses at the initial parameters.
     */
    static void firstStepLossMatchesClosedForm(Entry e, Backend backend) {
        Pass pass = e.pass(true);
        double sum = 0;
        for (int n = 0; n < BATCH; n++) {
            sum += e.loss().of(pass.forward(e.data().x()[n]), e.data().y()[n]);
        }
        boolean mean = e.spec().train().loss().orElseThrow().meanOverSamples();
        double want = mean ? sum / BATCH : sum;
        double got = train(e, backend).get(0)[0];
        if (!close(want, got, ORACLE, ORACLE_FLOOR)) {
            throw new AssertionFailedError(backend.keyword() + ": first step's loss " + got + ", the closed form's "
                    + (mean ? "mean" : "sum") + " over the batch " + want + "\n" + e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Kinks and coverage of the training samples

    /** Whether every z of the layer keeps {@link #MARGIN} from its kinks. */
    static boolean clearOfKinks(double[] z, double[] kinks) {
        for (double v : z) {
            for (double k : kinks) {
                if (Math.abs(v - k) < MARGIN) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The pieces between the kinks (and beyond the outer ones) that some z of {@code zs} falls in. */
    static Set<Integer> piecesHit(List<double[]> zs, double[] kinks) {
        Set<Integer> hit = new TreeSet<>();
        for (double[] z : zs) {
            for (double v : z) {
                int piece = 0;
                while (piece < kinks.length && v > kinks[piece]) {
                    piece++;
                }
                hit.add(piece);
            }
        }
        return hit;
    }

    // ------------------------------------------------------------------------------------------------------------
    // docs/language.md

    private static String document;

    static synchronized String languageDoc() {
        if (document == null) {
            try {
                document = Files.readString(Repo.root().resolve("docs").resolve("language.md"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return document;
    }

    /**
     * The rows of the table whose header row starts with the cell {@code header} (and is followed by the separator
     * row), each as its cells.
     */
    static List<List<String>> table(String header) {
        String[] lines = languageDoc().split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            List<String> cells = cells(lines[i]);
            if (!cells.isEmpty() && cells.get(0).equals(header) && lines[i + 1].startsWith("|---")) {
                List<List<String>> rows = new ArrayList<>();
                for (int r = i + 2; r < lines.length && lines[r].startsWith("|"); r++) {
                    rows.add(cells(lines[r]));
                }
                return rows;
            }
        }
        throw new IllegalStateException("docs/language.md has no table headed '" + header + "'");
    }

    private static List<String> cells(String line) {
        if (!line.startsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String c : line.substring(1).split("(?<!\\\\)\\|")) {
            cells.add(c.trim());
        }
        return cells;
    }

    private static final Pattern FIRST_NAME = Pattern.compile("^`(\\w+)");

    /**
     * The names the table headed {@code header} documents, one per row: the first word of its first cell (for
     * example the optimizers, the schedules, the activations).
     */
    public static Set<String> documentedNames(String header) {
        Set<String> names = new LinkedHashSet<>();
        for (List<String> row : table(header)) {
            Matcher m = FIRST_NAME.matcher(row.get(0));
            if (!m.find()) {
                throw new IllegalStateException("a row of the " + header + " table names nothing: " + row);
            }
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The tests of one check over every entry (titled {@code check: prefix title}), then one test comparing the
     * kinds the entries covered, as {@code kinds} reads them from their specs, with those docs/language.md lists.
     */
    static Stream<DynamicTest> everyEntry(String check, String prefix, List<Entry> entries,
            Function<Entry, Set<String>> kinds, String what, Set<String> documented,
            Consumer<Entry> test) {
        Set<String> compared = new ConcurrentSkipListSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Entry e : entries) {
            tests.add(DynamicTest.dynamicTest(check + ": " + prefix + e.title(), () -> {
                test.accept(e);
                compared.addAll(kinds.apply(e));
            }));
        }
        tests.add(DynamicTest.dynamicTest(check + ": every " + what + " of docs/language.md was checked", () ->
                Assertions.assertEquals(documented, compared,
                        what + "s checked against those docs/language.md lists")));
        return tests.stream();
    }

    /** The activations of the table, and for each word parameter "`key` a or b", the entries "name key a". */
    static Set<String> documentedActivationKinds() {
        Set<String> kinds = new TreeSet<>();
        Pattern word = Pattern.compile("`(\\w+)` (\\w+) or (\\w+)");
        for (List<String> row : table("activation")) {
            Matcher name = FIRST_NAME.matcher(row.get(0));
            if (!name.find()) {
                throw new IllegalStateException("an activation row names nothing: " + row);
            }
            kinds.add(name.group(1));
            Matcher w = word.matcher(row.size() > 2 ? row.get(2) : "");
            while (w.find()) {
                kinds.add(name.group(1) + " " + w.group(1) + " " + w.group(2));
                kinds.add(name.group(1) + " " + w.group(1) + " " + w.group(3));
            }
        }
        return kinds;
    }

    /**
     * Every loss of the settings table, and per loss each value of each option it takes: {@code outputs} and
     * {@code samples} for every loss (the paragraph "Parameters of every loss"), and the bracketed options of its
     * row whose values the text writes as {@code `option value`} (base, clip, from).
     */
    static Set<String> documentedLossKinds() {
        String doc = languageDoc();
        Map<String, Set<String>> values = new java.util.TreeMap<>();
        Matcher both = Pattern.compile("`(outputs|samples) (\\w+)\\|(\\w+)`").matcher(doc);
        List<String> everyLoss = new ArrayList<>();
        while (both.find()) {
            everyLoss.add(both.group(1) + " " + both.group(2));
            everyLoss.add(both.group(1) + " " + both.group(3));
        }
        Matcher single = Pattern.compile("`(base|clip|from) (\\w+)`").matcher(doc);
        while (single.find()) {
            values.computeIfAbsent(single.group(1), k -> new TreeSet<>()).add(single.group(2));
        }
        Set<String> kinds = new TreeSet<>();
        Pattern piece = Pattern.compile("`(?:loss )?(\\w+)([^`]*)`");
        Pattern option = Pattern.compile("\\[(\\w+) [A-Z]\\]");
        for (List<String> row : table("setting")) {
            if (!row.get(0).startsWith("`loss ")) {
                continue;
            }
            Matcher p = piece.matcher(row.get(0));
            while (p.find()) {
                String loss = p.group(1);
                kinds.add(loss);
                everyLoss.forEach(v -> kinds.add(loss + " " + v));
                Matcher o = option.matcher(p.group(2));
                while (o.find()) {
                    for (String v : values.getOrDefault(o.group(1), Set.of())) {
                        kinds.add(loss + " " + o.group(1) + " " + v);
                    }
                }
            }
        }
        return kinds;
    }

    /** Each way of writing the probability (the first parameter of a dropout row) with each documented scaling. */
    static Set<String> documentedDropoutKinds() {
        Set<String> forms = new TreeSet<>();
        for (List<String> row : table("dropout")) {
            Matcher m = Pattern.compile("`(\\w+)`").matcher(row.get(2));
            if (!m.find()) {
                throw new IllegalStateException("a dropout row names no parameter: " + row);
            }
            forms.add(m.group(1));
        }
        Set<String> scalings = new TreeSet<>();
        Matcher s = Pattern.compile("`scaling (\\w+)`").matcher(languageDoc());
        while (s.find()) {
            scalings.add(s.group(1));
        }
        Set<String> kinds = new TreeSet<>();
        for (String f : forms) {
            for (String sc : scalings) {
                kinds.add(f + " scaling " + sc);
            }
        }
        return kinds;
    }
}
