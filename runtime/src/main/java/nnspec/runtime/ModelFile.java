package nnspec.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A trained model on disk, format {@code nnspec-model 2} (docs/model-file.md): UTF-8 text, one item per line, so a
 * diff shows what changed. Numbers are written by {@link Double#toString} and read back to the same bits. The last
 * line is the SHA-256 of every byte before it, checked on reading, so a truncated or edited file is refused rather
 * than silently predicting with wrong numbers. Written to a temporary file in the target's folder, forced to disk,
 * then renamed over the target, so a reader never sees half a file.
 *
 * <pre>
 * nnspec-model 2
 * network NAME
 * spec-sha256 HEX
 * parameters N          then N lines, one number each, in the Model layout
 * scaling none|minmax|standardize
 *   minmax: "low L", "high H", then "min" and "range" lines of one number per input column
 *   standardize: "mean" and "std" lines of one number per input column
 * inputs N              then N lines, the input column names (N may be 0)
 * classes N             then N lines, the class names in index order (N may be 0)
 * categorical N         only with categorical input columns, then per column: its name on one line, then
 *                       "categories K" and K lines, its categories in one-hot index order
 * training-state        only in a checkpoint, then:
 *   epochs-done E, steps S (steps taken), shuffler L (the 48-bit state of the sample-order generator),
 *   optimizer N then N numbers (Optimizer.state()),
 *   early-stop none, or early-stop BEST EPOCH WAITED, best-parameters N then N numbers, best-kept true|false,
 *   random N then N generator states (Model.randomStates()),
 *   history N then N lines "EPOCH LOSS ACCURACY END_LOSS END_ACCURACY VAL_LOSS VAL_ACCURACY" (- without validation)
 * sha256 HEX
 * </pre>
 */
public final class ModelFile {
    public static final String MAGIC = "nnspec-model 2";
    /** The first version: no generator states or history in a checkpoint. Its model files are still read. */
    static final String MAGIC_1 = "nnspec-model 1";

    private ModelFile() {
    }

    /**
     * What a model file holds. {@code training} is null in a trained model and set in a checkpoint: where the run
     * stood and the optimizer's state, so that it can continue.
     */
    public record Saved(String network, String specSha256, double[] parameters, InputScaling scaling,
                        List<String> inputNames, List<String> classNames, TrainingState training,
                        Categories categories) {
        public Saved {
            parameters = parameters.clone();
            inputNames = List.copyOf(inputNames);
            classNames = List.copyOf(classNames);
        }

        /** Without categorical input columns. */
        public Saved(String network, String specSha256, double[] parameters, InputScaling scaling,
                     List<String> inputNames, List<String> classNames, TrainingState training) {
            this(network, specSha256, parameters, scaling, inputNames, classNames, training, Categories.NONE);
        }

        /** A trained model, without training state. */
        public Saved(String network, String specSha256, double[] parameters, InputScaling scaling,
                     List<String> inputNames, List<String> classNames) {
            this(network, specSha256, parameters, scaling, inputNames, classNames, null);
        }

        @Override
        public double[] parameters() {
            return parameters.clone();
        }
    }

    /** A checkpoint's training state: the run's position and the optimizer's {@code state()} (empty: none). */
    public record TrainingState(Trainer.Position position, double[] optimizer) {
        public TrainingState {
            optimizer = optimizer.clone();
        }

        @Override
        public double[] optimizer() {
            return optimizer.clone();
        }
    }

    /** A model file that is not one, or is damaged; the message names the line. */
    public static final class BadModelFile extends Exception {
        private static final long serialVersionUID = 1L;

        public BadModelFile(String message) {
            super(message);
        }
    }

    public static String format(Saved saved) {
        StringBuilder s = new StringBuilder();
        line(s, MAGIC);
        line(s, "network " + saved.network());
        line(s, "spec-sha256 " + saved.specSha256());
        double[] p = saved.parameters();
        values(s, "parameters", p);
        InputScaling scaling = saved.scaling();
        line(s, "scaling " + scaling.keyword());
        if (scaling.minMax() != null) {
            line(s, "low " + scaling.minMax().low());
            line(s, "high " + scaling.minMax().high());
            numbers(s, "min", scaling.minMax().min());
            numbers(s, "range", scaling.minMax().range());
        } else if (scaling.standardize() != null) {
            numbers(s, "mean", scaling.standardize().mean());
            numbers(s, "std", scaling.standardize().std());
        }
        names(s, "inputs", saved.inputNames());
        names(s, "classes", saved.classNames());
        // only written when present, so that files without categorical columns keep their bytes
        Categories categories = saved.categories();
        if (!categories.isEmpty()) {
            line(s, "categorical " + categories.columns().size());
            for (int c = 0; c < categories.columns().size(); c++) {
                line(s, categories.columns().get(c));
                names(s, "categories", categories.categories().get(c));
            }
        }
        if (saved.training() != null) {
            Trainer.Position p0 = saved.training().position();
            line(s, "training-state");
            line(s, "epochs-done " + p0.epochsDone());
            line(s, "steps " + p0.stepsTaken());
            line(s, "shuffler " + p0.shufflerState());
            values(s, "optimizer", saved.training().optimizer());
            EarlyStopping.State stop = p0.stopping();
            if (stop == null) {
                line(s, "early-stop none");
            } else {
                line(s, "early-stop " + stop.best() + " " + stop.bestEpoch() + " " + stop.waited());
                values(s, "best-parameters", stop.bestParameters() == null ? new double[0] : stop.bestParameters());
                line(s, "best-kept " + (stop.bestParameters() != null));
            }
            long[] random = p0.randomStates();
            line(s, "random " + random.length);
            for (long state : random) {
                line(s, Long.toString(state));
            }
            line(s, "history " + p0.history().size());
            for (EpochReport report : p0.history()) {
                line(s, report.epoch() + " " + report.training().loss() + " " + report.training().accuracy() + " "
                        + report.end().loss() + " " + report.end().accuracy() + " "
                        + (report.hasValidation() ? report.validation().loss() + " " + report.validation().accuracy()
                                : "- -"));
            }
        }
        line(s, "sha256 " + sha256(s.toString()));
        return s.toString();
    }

    /** Writes atomically: a temporary file beside {@code target}, forced to disk, then renamed over it. */
    public static void write(Path target, Saved saved) throws IOException {
        writeAtomically(target, format(saved).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} through a forced temporary file and a rename ({@link AtomicFiles}). */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, bytes);
    }

    /** Writes {@code model}'s parameters, without scaling or names (what a generated class's {@code save} does). */
    public static void save(Model model, String specSha256, Path file) throws IOException {
        write(file, new Saved(model.name(), specSha256, model.parameters(), InputScaling.NONE, List.of(), List.of()));
    }

    /**
     * Puts the parameters of the model file {@code file} into {@code model} and returns it; the file must be of a
     * network of that name and parameter count. Inputs given to the model must be scaled as the file's scaling says
     * ({@link #read} gives it).
     */
    public static <M extends Model> M load(M model, Path file) throws IOException, BadModelFile {
        Saved saved = read(file);
        if (!saved.network().equals(model.name()) || saved.parameters().length != model.parameterCount()) {
            throw new BadModelFile(file + ": holds network " + saved.network() + " with " + saved.parameters().length
                    + " parameters, not " + model.name() + " with " + model.parameterCount());
        }
        System.arraycopy(saved.parameters(), 0, model.parameters(), 0, model.parameterCount());
        return model;
    }

    /**
     * The most bytes a model file may hold: room for a checkpoint of the largest network the checker admits (2^24
     * parameters, each with two optimizer moments, about 25 characters a number), and below the 2^31 bytes one Java
     * string can take, so that an oversized file is refused with a line instead of running out of memory.
     */
    public static final long MAX_BYTES = 2_000_000_000L;

    public static Saved read(Path file) throws IOException, BadModelFile {
        refuseOversized(file, Files.size(file));
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Refuses a file of more than {@link #MAX_BYTES} bytes by its size alone. Apart from {@link #read} so that the
     * cap's boundary can be tested with sizes, not with a file of two gigabytes read to the end.
     */
    static void refuseOversized(Path file, long size) throws BadModelFile {
        if (size > MAX_BYTES) {
            throw new BadModelFile(file + ": the file holds " + size + " bytes; a model file holds at most "
                    + MAX_BYTES);
        }
    }

    /** Parses a model file's text; {@code name} prefixes messages. */
    public static Saved parse(String name, String text) throws BadModelFile {
        Reader r = new Reader(name, text);
        boolean first = r.peekIs(MAGIC_1);
        if (first) {
            r.next();
        } else {
            r.expect(MAGIC);
        }
        String network = r.keyed("network");
        String sha = r.keyed("spec-sha256");
        double[] parameters = r.values("parameters");
        String kind = r.keyed("scaling");
        InputScaling scaling = switch (kind) {
            case "none" -> InputScaling.NONE;
            case "minmax" -> {
                double low = r.number(r.keyed("low"));
                double high = r.number(r.keyed("high"));
                double[] min = r.numbers("min");
                double[] range = r.numbers("range");
                if (min.length != range.length || !(low < high)) {
                    throw r.bad("min-max statistics do not fit together");
                }
                yield new InputScaling(Preprocessing.MinMax.of(min, range, low, high), null);
            }
            case "standardize" -> {
                double[] mean = r.numbers("mean");
                double[] std = r.numbers("std");
                if (mean.length != std.length) {
                    throw r.bad("mean and std differ in length");
                }
                yield new InputScaling(null, Preprocessing.Standardize.of(mean, std));
            }
            default -> throw r.bad("unknown scaling '" + kind + "'; expected none, minmax or standardize");
        };
        List<String> inputs = r.names("inputs");
        List<String> classes = r.names("classes");
        Categories categories = Categories.NONE;
        if (r.peekStarts("categorical ")) {
            int n = r.count("categorical");
            List<String> columns = new ArrayList<>();
            List<List<String>> names = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                String column = r.next();
                if (!inputs.contains(column) || columns.contains(column)) {
                    throw r.bad("categorical column '" + column + "' is not one of the inputs, or appears twice");
                }
                columns.add(column);
                List<String> of = r.names("categories");
                if (of.isEmpty()) {
                    throw r.bad("categorical column '" + column + "' has no categories");
                }
                names.add(of);
            }
            categories = new Categories(columns, names);
        }
        TrainingState training = null;
        if (r.peekIs("training-state")) {
            r.next();
            if (first) {
                throw r.bad("a checkpoint of format nnspec-model 1, which holds neither the random generators' states"
                        + " nor the history, so no run continues from it exactly; start the run again");
            }
            int epochs = r.count("epochs-done");
            long steps = r.longValue(r.keyed("steps"));
            long shuffler = r.longValue(r.keyed("shuffler"));
            double[] optimizer = r.values("optimizer");
            String stop = r.keyed("early-stop");
            EarlyStopping.State state = null;
            if (!stop.equals("none")) {
                String[] cells = stop.split(" ");
                if (cells.length != 3) {
                    throw r.bad("expected 'early-stop BEST EPOCH WAITED', found '" + stop + "'");
                }
                double[] best = r.values("best-parameters");
                boolean kept = r.keyed("best-kept").equals("true");
                state = new EarlyStopping.State(r.number(cells[0]), (int) r.longValue(cells[1]),
                        (int) r.longValue(cells[2]), kept ? best : null);
            }
            long[] random = new long[r.count("random")];
            for (int k = 0; k < random.length; k++) {
                random[k] = r.longValue(r.next());
            }
            int epochCount = r.count("history");
            int[] expected = EpochHistory.epochsKept(epochs);
            if (epochCount != expected.length) {
                throw r.bad("history holds " + epochCount + " epochs, but after " + epochs + " epochs done it keeps "
                        + expected.length);
            }
            List<EpochReport> history = new ArrayList<>();
            for (int k = 0; k < epochCount; k++) {
                String[] cells = r.next().split(" ");
                if (cells.length != 7) {
                    throw r.bad("expected 'EPOCH LOSS ACCURACY END_LOSS END_ACCURACY VAL_LOSS VAL_ACCURACY'");
                }
                int epoch = (int) r.longValue(cells[0]);
                if (epoch != expected[k]) {
                    throw r.bad("expected the figures of epoch " + expected[k] + ", found epoch " + epoch);
                }
                // the per-sample classes of past epochs are not kept: their results carry the figures only
                EpochResult validation = cells[5].equals("-") ? null
                        : new EpochResult(epoch, r.number(cells[5]), r.number(cells[6]));
                history.add(new EpochReport(epoch, new EpochResult(epoch, r.number(cells[1]), r.number(cells[2])),
                        new EpochResult(epoch, r.number(cells[3]), r.number(cells[4])), validation));
            }
            training = new TrainingState(new Trainer.Position(epochs, steps, shuffler, state, random, history),
                    optimizer);
        }
        int checked = r.offset();
        String sum = r.keyed("sha256");
        if (!sum.equals(sha256(text.substring(0, checked)))) {
            throw r.bad("checksum does not match the contents: the file is damaged or was edited");
        }
        if (r.hasMore()) {
            throw r.bad("text after the checksum");
        }
        return new Saved(network, sha, parameters, scaling, inputs, classes, training, categories);
    }

    private static void line(StringBuilder s, String text) {
        s.append(text).append('\n');
    }

    /** {@code key N}, then N lines of one number each. */
    private static void values(StringBuilder s, String key, double[] values) {
        line(s, key + " " + values.length);
        for (double v : values) {
            line(s, Double.toString(v));
        }
    }

    private static void numbers(StringBuilder s, String key, double[] values) {
        StringBuilder line = new StringBuilder(key);
        for (double v : values) {
            line.append(' ').append(v);
        }
        line(s, line.toString());
    }

    private static void names(StringBuilder s, String key, List<String> names) {
        line(s, key + " " + names.size());
        names.forEach(n -> line(s, n));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Reads lines, knowing where it is for messages. */
    private static final class Reader {
        private final String name;
        private final String text;
        private int pos;
        private int line;

        Reader(String name, String text) {
            this.name = name;
            this.text = text;
        }

        boolean hasMore() {
            return pos < text.length();
        }

        int offset() {
            return pos;
        }

        String next() throws BadModelFile {
            if (!hasMore()) {
                line++;
                throw bad("unexpected end of file (the file is truncated)");
            }
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                line++;
                throw bad("unexpected end of file (the file is truncated)");
            }
            String l = text.substring(pos, end);
            pos = end + 1;
            line++;
            return l;
        }

        void expect(String exact) throws BadModelFile {
            String l = next();
            if (!l.equals(exact)) {
                throw bad("expected '" + exact + "', found '" + l + "' (not an nnspec model file, or another version)");
            }
        }

        String keyed(String key) throws BadModelFile {
            String l = next();
            if (!l.startsWith(key + " ")) {
                throw bad("expected '" + key + " ...', found '" + l + "'");
            }
            return l.substring(key.length() + 1);
        }

        int count(String key) throws BadModelFile {
            String value = keyed(key);
            try {
                int n = Integer.parseInt(value);
                if (n < 0) {
                    throw bad(key + " must be a count >= 0, found " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw bad(key + " must be a count, found '" + value + "'");
            }
        }

        double number(String value) throws BadModelFile {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw bad("not a number: '" + value + "'");
            }
        }

        boolean peekStarts(String prefix) {
            return text.startsWith(prefix, pos);
        }

        boolean peekIs(String exact) {
            int end = text.indexOf('\n', pos);
            return end >= 0 && text.substring(pos, end).equals(exact);
        }

        long longValue(String value) throws BadModelFile {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw bad("not an integer: '" + value + "'");
            }
        }

        double[] values(String key) throws BadModelFile {
            int n = count(key);
            // The array grows with the lines actually read: a damaged count (parameters 2000000000) must end in
            // "truncated" at the line where the file ends, not exhaust the heap before a line is read.
            double[] values = new double[Math.min(n, 1024)];
            for (int k = 0; k < n; k++) {
                if (k == values.length) {
                    values = java.util.Arrays.copyOf(values, (int) Math.min(n, 2L * values.length));
                }
                values[k] = number(next());
            }
            return values;
        }

        double[] numbers(String key) throws BadModelFile {
            String[] cells = keyed(key).split(" ");
            double[] values = new double[cells.length];
            for (int k = 0; k < cells.length; k++) {
                values[k] = number(cells[k]);
            }
            return values;
        }

        List<String> names(String key) throws BadModelFile {
            int n = count(key);
            List<String> names = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                names.add(next());
            }
            return names;
        }

        BadModelFile bad(String message) {
            return new BadModelFile(name + ":" + line + ": " + message);
        }
    }
}
