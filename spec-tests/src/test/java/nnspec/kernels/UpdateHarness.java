package nnspec.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.diagnostics.SpecException;
import nnspec.formula.Checks;
import nnspec.read.SpecReader;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.pipeline.Job;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import nnspec.runtime.TrainingPlan;
import nnspec.support.GeneratedClasses;
import nnspec.support.Repo;
import org.opentest4j.AssertionFailedError;

/**
 * Shared by the initialiser, optimizer, schedule and penalty tests: spec text to compiled models (one compile per
 * spec and back end, further instances of a generated class made without compiling again), step-by-step training
 * records, the comparison of two records, central finite differences of loss plus penalty, and the kinds and named
 * words docs/language.md lists, read from its tables so that a kind the tests leave out fails a count check.
 *
 * <p>Only the public pipeline: {@link SpecReader}, {@link Backend}, {@link Job}, {@link Trainer}, {@link Model}.
 */
final class UpdateHarness {
    /** What the design asks of the two back ends: every loss and parameter after every step, relative. */
    static final double AGREEMENT = 1e-12;

    private UpdateHarness() {
    }

    /** A spec read by the real parser and checker; a spec this suite writes that fails to read is a test bug. */
    static Spec read(String text) {
        try {
            return SpecReader.parse("kernels.nn", text);
        } catch (SpecException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + text, e);
        }
    }

    /** The inline data block of {@code x -> y}, numbers written so that they read back as the same doubles. */
    static String dataBlock(double[][] x, double[][] y) {
        StringBuilder text = new StringBuilder("data {\n");
        for (int n = 0; n < x.length; n++) {
            text.append(' ');
            for (double v : x[n]) {
                text.append(' ').append(Double.toString(v));
            }
            text.append(" ->");
            for (double v : y[n]) {
                text.append(' ').append(Double.toString(v));
            }
            text.append('\n');
        }
        return text.append("}\n").toString();
    }

    /** Seeded inputs on [-2, 2) and targets on [-1, 1), rounded to 1/64 so the text round trip is exact. */
    static Dataset randomData(java.util.Random random, int rows, int inputs, int outputs) {
        double[][] x = new double[rows][inputs];
        double[][] y = new double[rows][outputs];
        for (int n = 0; n < rows; n++) {
            for (int i = 0; i < inputs; i++) {
                x[n][i] = Math.rint(256 * random.nextDouble() - 128) / 64;
            }
            for (int k = 0; k < outputs; k++) {
                y[n][k] = Math.rint(128 * random.nextDouble() - 64) / 64;
            }
        }
        return new Dataset(x, y);
    }

    static String dataBlock(Dataset data) {
        return dataBlock(data.x(), data.y());
    }

    /**
     * The models of both back ends for one spec. Every {@link #fresh} model is a new instance with its optimizer
     * state at the start; the generated class is compiled once per generated source ({@link GeneratedClasses}).
     */
    record Pair(Spec spec) {
        static Pair of(Spec spec) {
            Pair pair = new Pair(spec);
            // fail here, on building, when either back end rejects the spec
            pair.fresh(Backend.INTERPRETER);
            pair.fresh(Backend.GENERATED);
            return pair;
        }

        Model fresh(Backend backend) {
            return backend == Backend.GENERATED ? GeneratedClasses.instantiate(spec) : backend.create(spec);
        }
    }

    /** One row per step: the step's reported loss, then every parameter after the step. */
    static List<double[]> record(Model model, Dataset data, TrainingPlan plan) {
        List<double[]> rows = new ArrayList<>();
        Trainer.train(model, data, plan, new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat,
                    double loss, Model m) {
                double[] row = new double[m.parameterCount() + 1];
                row[0] = loss;
                System.arraycopy(m.parameters(), 0, row, 1, m.parameterCount());
                rows.add(row);
            }
        });
        return rows;
    }

    /** Fresh models of both back ends trained with {@code train}'s plan agree on every loss and parameter. */
    static List<double[]> differential(Pair pair, Dataset data, TrainSpec train, int steps, String context) {
        // a plan per run: a recursive schedule carries state from one call to the next
        Model names = pair.fresh(Backend.INTERPRETER);
        List<double[]> reference = record(pair.fresh(Backend.INTERPRETER), data, Job.plan(train));
        List<double[]> generated = record(pair.fresh(Backend.GENERATED), data, Job.plan(train));
        if (reference.size() != steps || generated.size() != steps) {
            throw new AssertionFailedError("steps taken: interpreter " + reference.size() + ", generated "
                    + generated.size() + ", expected " + steps + "\n" + context);
        }
        for (int step = 0; step < steps; step++) {
            double[] r = reference.get(step);
            double[] g = generated.get(step);
            for (int k = 0; k < r.length; k++) {
                if (!Double.isFinite(r[k]) || !Checks.close(r[k], g[k], AGREEMENT)) {
                    throw new AssertionFailedError("step " + (step + 1) + ", " + (k == 0 ? "loss"
                            : names.parameterName(k - 1)) + ": interpreter " + r[k] + ", generated "
                            + g[k] + "\n" + context);
                }
            }
        }
        return reference;
    }

    static void assertRowsClose(double[] expected, double[] actual, double tolerance, String context) {
        if (expected.length != actual.length) {
            throw new AssertionFailedError(context + ": " + expected.length + " values expected, " + actual.length
                    + " found");
        }
        for (int k = 0; k < expected.length; k++) {
            if (!Double.isFinite(actual[k]) || !Checks.close(expected[k], actual[k], tolerance)) {
                throw new AssertionFailedError(context + ", value " + k + ": expected " + expected[k] + " but was "
                        + actual[k] + " (tolerance " + tolerance + ")", expected[k], actual[k]);
            }
        }
    }

    /**
     * Central differences of the mean data loss plus the penalty, h = 1e-5 max(1, |p|) as {@link GradientCheck}; the
     * penalty is added here because GradientCheck's loss is the data loss alone.
     */
    static double[] numericGradientWithPenalty(Model model, Dataset data) {
        double[] p = model.parameters();
        double[] numeric = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double saved = p[k];
            double h = GradientCheck.STEP * Math.max(1.0, Math.abs(saved));
            p[k] = saved + h;
            double up = GradientCheck.meanLoss(model, data) + model.penalty();
            p[k] = saved - h;
            double down = GradientCheck.meanLoss(model, data) + model.penalty();
            p[k] = saved;
            numeric[k] = (up - down) / (2.0 * h);
        }
        return numeric;
    }

    /** docs/language.md, the language reference the count checks hold the tests to. */
    static String languageDoc() {
        try {
            return Files.readString(Repo.root().resolve("docs").resolve("language.md"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read docs/language.md", e);
        }
    }

    /** The lines of {@code doc} from the first line starting with {@code from} up to one starting with {@code to}. */
    static List<String> section(String doc, String from, String to) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : doc.split("\n")) {
            if (!inside && line.startsWith(from)) {
                inside = true;
            } else if (inside && line.startsWith(to)) {
                break;
            }
            if (inside) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("docs/language.md has no section starting " + from);
        }
        return lines;
    }

    private static final Pattern ROW_KIND = Pattern.compile("^\\| `(\\w+)`");
    /** A parameter with its words listed: "`form` pytorch, ema, lr_inside_subtract or lr_inside_add". */
    private static final Pattern WORDS_OR = Pattern.compile(
            "`(\\w+)` (\\w+(?:, \\w+)*)(?: \\([^)]*\\))? or (\\w+)");
    /** A parameter with its words in one code span: "`on all|hidden|output`". */
    private static final Pattern WORDS_BAR = Pattern.compile("`(\\w+) (\\w+(?:\\|\\w+)+)`");
    /** One word written with its parameter: "`variance standard`". */
    private static final Pattern WORD_PAIR = Pattern.compile("`(\\w+) (\\w+)`");

    /** The first code span of each table row of {@code lines}: the kinds a table lists. */
    static Set<String> tableKinds(List<String> lines) {
        Set<String> kinds = new TreeSet<>();
        for (String line : lines) {
            Matcher m = ROW_KIND.matcher(line);
            if (m.find() && !line.startsWith("|---")) {
                kinds.add(m.group(1));
            }
        }
        return kinds;
    }

    /** Every "parameter=word" pair {@code lines} name, in the three ways the document writes them. */
    static Set<String> namedWords(List<String> lines) {
        Set<String> words = new TreeSet<>();
        for (String line : lines) {
            Matcher or = WORDS_OR.matcher(line);
            while (or.find()) {
                for (String w : or.group(2).split(", ")) {
                    words.add(or.group(1) + "=" + w);
                }
                words.add(or.group(1) + "=" + or.group(3));
            }
            Matcher bar = WORDS_BAR.matcher(line);
            while (bar.find()) {
                for (String w : bar.group(2).split("\\|")) {
                    words.add(bar.group(1) + "=" + w);
                }
            }
        }
        return words;
    }

    /** "key=word" for each {@code key word} pair on a spec line whose key is one of {@code keys}. */
    static Set<String> wordsOf(String line, Set<String> keys) {
        Set<String> words = new LinkedHashSet<>();
        String[] tokens = line.trim().split("\\s+");
        for (int k = 0; k + 1 < tokens.length; k++) {
            if (keys.contains(tokens[k]) && tokens[k + 1].matches("[a-z_]+")) {
                words.add(tokens[k] + "=" + tokens[k + 1]);
            }
        }
        return words;
    }

    /** The keys of "key=word" pairs. */
    static Set<String> keys(Set<String> words) {
        Set<String> keys = new TreeSet<>();
        for (String w : words) {
            keys.add(w.substring(0, w.indexOf('=')));
        }
        return keys;
    }

    /** "`variance standard`"-style pairs whose key is {@code key}. */
    static Set<String> pairs(List<String> lines, String key) {
        Set<String> words = new TreeSet<>();
        for (String line : lines) {
            Matcher m = WORD_PAIR.matcher(line);
            while (m.find()) {
                if (m.group(1).equals(key)) {
                    words.add(key + "=" + m.group(2));
                }
            }
        }
        return words;
    }
}
