package nnspec.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nnspec.check.TargetRule;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.diagnostics.UserFiles;
import nnspec.model.DataSpec;
import nnspec.model.NetworkSpec;
import nnspec.model.SourcePos;
import nnspec.model.Spec;
import nnspec.runtime.Categories;
import nnspec.runtime.Dataset;

/**
 * Loads a validated spec's training data into a {@link Dataset}. Inline rows are already checked against the
 * network by the checker. A CSV file is read here: comma separated, a header row naming the columns (names and
 * cells may be wrapped in double quotes; cells hold no commas), every column but the target an input in file
 * order. With one output unit the target is the number itself; with k > 1 output units it is a class index
 * 0..k-1, one-hot encoded. Every error of the file is collected (up to {@link #MAX_ERRORS}) before throwing.
 */
public final class DataLoader {
    /** Errors reported per data file before giving up on the rest of it. */
    public static final int MAX_ERRORS = 50;

    /**
     * The file is held in memory several times over while it is read (bytes, text, lines, cells); this leaves
     * room for data sets of MNIST's size (its training set as CSV is about 110 MB) and turns a mistake, such as a
     * binary file named as data, into a diagnostic rather than an exhausted heap.
     */
    public static final int MAX_BYTES = 256 << 20;

    /** A Java decimal literal with optional sign, as in the .nn language. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private DataLoader() {
    }

    /**
     * Samples with the names of their input columns and, for a one-hot target, of its classes in index order (both
     * empty for inline rows and for regression targets).
     */
    public record Loaded(Dataset data, List<String> inputNames, List<String> classNames, Cells cells) {
        public Loaded {
            inputNames = List.copyOf(inputNames);
            classNames = List.copyOf(classNames);
        }

        public Loaded(Dataset data, List<String> inputNames, List<String> classNames) {
            this(data, inputNames, classNames, Cells.NONE);
        }

        /**
         * The rows one-hot encoded by {@code categories} (a categorical column's raw value is a placeholder 0, so
         * that a scaling fitted before encoding leaves it constant); an unknown category or an encoded width other
         * than the network's input is one positioned diagnostic.
         */
        public Dataset encoded(Dataset rows, int[] which, Categories categories, NetworkSpec network)
                throws SpecException {
            if (cells.columns().isEmpty()) {
                return rows;
            }
            int width = categories.width(inputNames);
            if (width != network.inputSize()) {
                StringBuilder parts = new StringBuilder();
                for (int c = 0; c < categories.columns().size(); c++) {
                    parts.append(", ").append(categories.columns().get(c)).append(" ")
                            .append(categories.categories().get(c).size());
                }
                throw new SpecException(Diagnostic.of(new SourcePos(cells.file(), 1, 1), DiagnosticCode.CSV_INPUTS,
                        "the " + inputNames.size() + " input columns encode to " + width + " inputs ("
                                + (inputNames.size() - categories.columns().size()) + " numeric, categories per"
                                + " column:" + parts.substring(1) + "), but network " + network.name()
                                + " has input " + network.inputSize()));
            }
            String[][] picked = new String[which.length][];
            for (int n = 0; n < which.length; n++) {
                picked[n] = cells.cells()[which[n]];
            }
            try {
                return new Dataset(categories.encode(inputNames, rows.x(), picked), rows.y());
            } catch (Categories.Unknown e) {
                int row = which[e.row()];
                String column = categories.columns().get(e.column());
                throw new SpecException(Diagnostic.of(new SourcePos(cells.file(), cells.lines()[row],
                        cells.fileColumns()[e.column()]), DiagnosticCode.CSV_CATEGORY, "unknown category "
                        + CsvReader.shown(e.value()) + " in column " + column + "; the training part has "
                        + String.join(", ", categories.categories().get(e.column()))));
            }
        }

        /** Every row's index, in file order. */
        public int[] all() {
            return java.util.stream.IntStream.range(0, data.size()).toArray();
        }
    }

    /**
     * The cells of the categorical input columns ({@code cells[row][column]}, columns in the spec's order), with
     * each row's line and each column's position in {@code file}, for diagnostics.
     */
    public record Cells(List<String> columns, String[][] cells, int[] lines, int[] fileColumns, String file) {
        public static final Cells NONE = new Cells(List.of(), new String[0][], new int[0], new int[0], "");

        public Cells {
            columns = List.copyOf(columns);
        }
    }

    /**
     * Loads the data of {@code spec}; a CSV path is resolved against the folder of {@code specFile}. Categorical
     * columns are encoded with the categories of every row (the split is the pipeline's: {@code Prepared}).
     */
    public static Dataset load(Spec spec, Path specFile) throws SpecException {
        Loaded loaded = loadNamed(spec, specFile);
        int[] all = loaded.all();
        return loaded.encoded(loaded.data(), all,
                Categories.fit(loaded.cells().columns(), loaded.cells().cells(), all), spec.network());
    }

    /** {@link #load} with the column and class names. */
    public static Loaded loadNamed(Spec spec, Path specFile) throws SpecException {
        DataSpec data = spec.data();
        return switch (data.kind()) {
            case INLINE -> new Loaded(inline((DataSpec.Inline) data), List.of(), List.of());
            case CSV -> csv(spec, (DataSpec.Csv) data, specFile);
        };
    }

    /**
     * Loads another CSV file with the targets of {@code spec}'s data file and the input columns {@code inputNames}
     * (those the model was trained on; empty: every column but the targets), for evaluation. Classes given by name
     * must be among {@code classNames}, the model's classes in index order. {@code file} as given on the command
     * line; diagnostics name it.
     */
    public static Loaded loadOther(Spec spec, Path file, List<String> inputNames, List<String> classNames,
            List<String> categorical) throws SpecException {
        if (spec.data().kind() != DataSpec.Kind.CSV) {
            throw new SpecException(Diagnostic.of(spec.data().pos(), DiagnosticCode.CSV_TARGET, "the spec's data is"
                    + " inline, so no column of \"" + file + "\" is known to be a target; evaluate needs a spec that"
                    + " reads a data csv file"));
        }
        DataSpec.Csv csv = (DataSpec.Csv) spec.data();
        boolean named = !classNames.isEmpty() && !classNames.equals(indices(classNames.size()));
        DataSpec.Csv other = new DataSpec.Csv(file.toString(), csv.targets(), inputNames,
                named ? classNames : List.of(), categorical, new SourcePos(file.toString(), 1, 1));
        return new CsvReader(spec.network(), other, file, TargetRule.of(spec.train(), spec.network())).read();
    }

    /**
     * Loads the input columns {@code inputNames} of a CSV file for prediction (empty: every column, which must be as
     * many as the network's inputs); other columns are ignored.
     */
    public static Loaded loadInputs(Spec spec, Path file, List<String> inputNames, List<String> categorical)
            throws SpecException {
        DataSpec.Csv other = new DataSpec.Csv(file.toString(), List.of(), inputNames, List.of(), categorical,
                new SourcePos(file.toString(), 1, 1));
        return new CsvReader(spec.network(), other, file, null).read();
    }

    private static List<String> indices(int n) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }

    private static Loaded csv(Spec spec, DataSpec.Csv csv, Path specFile) throws SpecException {
        Path folder = specFile.getParent() == null ? Path.of("") : specFile.getParent();
        Path file = UserFiles.resolve(folder, csv.path(), cannotRead(csv, ""));
        return new CsvReader(spec.network(), csv, file, TargetRule.of(spec.train(), spec.network())).read();
    }

    /** The data file's one diagnostic when it cannot be read; {@code where} says where it was looked for. */
    private static UserFiles.Report cannotRead(DataSpec.Csv csv, String where) {
        return failure -> Diagnostic.of(csv.pos(), DiagnosticCode.DATA_FILE, "cannot read data file \"" + csv.path()
                + "\": " + failure.reason() + where);
    }

    private static Dataset inline(DataSpec.Inline data) {
        double[][] x = new double[data.rows().size()][];
        double[][] y = new double[data.rows().size()][];
        for (int n = 0; n < x.length; n++) {
            DataSpec.Row row = data.rows().get(n);
            x[n] = row.x().stream().mapToDouble(Double::doubleValue).toArray();
            y[n] = row.y().stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Dataset(x, y);
    }

    /** One CSV file being read; collects its diagnostics. */
    private static final class CsvReader {
        private final NetworkSpec network;
        private final DataSpec.Csv csv;
        private final Path file;
        private final String fileName;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        /** What the targets must be for the spec's loss; null: no targets are read. */
        private final TargetRule targetRule;

        CsvReader(NetworkSpec network, DataSpec.Csv csv, Path file, TargetRule targetRule) {
            this.targetRule = targetRule;
            this.network = network;
            this.csv = csv;
            this.file = file;
            this.fileName = file.toString();
        }

        Loaded read() throws SpecException {
            List<String> lines = lines(text());
            if (lines.isEmpty()) {
                throw new SpecException(Diagnostic.of(at(1, 1), DiagnosticCode.CSV_HEADER,
                        "data file is empty; expected a header row naming the columns"));
            }
            List<String> header = cells(lines.get(0));
            checkHeaderNames(header);
            int[] targets = new int[csv.targets().size()];
            for (int t = 0; t < targets.length; t++) {
                targets[t] = header.indexOf(csv.targets().get(t));
                if (targets[t] < 0) {
                    diagnostics.add(Diagnostic.of(csv.pos(), DiagnosticCode.CSV_TARGET,
                            notInHeader("target", csv.targets().get(t), header)));
                }
            }
            int[] inputs = inputColumns(header, targets);
            int[] categoricalColumns = new int[csv.categorical().size()];
            for (int c = 0; c < categoricalColumns.length; c++) {
                categoricalColumns[c] = header.indexOf(csv.categorical().get(c));
                final int col = categoricalColumns[c];
                if (col < 0 || Arrays.stream(inputs).noneMatch(k -> k == col)) {
                    diagnostics.add(Diagnostic.of(csv.pos(), DiagnosticCode.CSV_TARGET,
                            col < 0 ? notInHeader("categorical", csv.categorical().get(c), header)
                                    : "categorical column '" + csv.categorical().get(c) + "' is not an input column"));
                }
            }
            throwIfAny();
            List<String[]> categoryCells = new ArrayList<>();
            List<Integer> rowLines = new ArrayList<>();

            boolean oneHot = targets.length == 1 && network.outputSize() > 1;
            int classes = network.outputSize();
            List<double[]> xs = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            List<String> cellsOfClasses = new ArrayList<>();
            List<SourcePos> classPositions = new ArrayList<>();
            for (int i = 1; i < lines.size() && diagnostics.size() <= MAX_ERRORS; i++) {
                int line = i + 1;
                String text = lines.get(i);
                if (text.isBlank()) {
                    report(at(line, 1), DiagnosticCode.CSV_COLUMNS, "empty line; expected a row of " + header.size()
                            + " cells (only the end of the file may have empty lines)");
                    continue;
                }
                List<String> cells = cells(text);
                if (cells.size() != header.size()) {
                    report(at(line, 1), DiagnosticCode.CSV_COLUMNS, "row has " + cells.size() + " cells; the header has "
                            + header.size());
                    continue;
                }
                double[] x = new double[inputs.length];
                for (int k = 0; k < inputs.length; k++) {
                    final int col = inputs[k];
                    if (Arrays.stream(categoricalColumns).noneMatch(c -> c == col)) {
                        x[k] = number(cells.get(col), line, col + 1, header.get(col));
                    }
                }
                String[] categorical = new String[categoricalColumns.length];
                for (int c = 0; c < categorical.length; c++) {
                    categorical[c] = cells.get(categoricalColumns[c]);
                }
                categoryCells.add(categorical);
                rowLines.add(line);
                double[] y = new double[oneHot ? classes : targets.length];
                if (oneHot) {
                    cellsOfClasses.add(cells.get(targets[0]));
                    classPositions.add(at(line, targets[0] + 1));
                } else {
                    for (int t = 0; t < targets.length; t++) {
                        y[t] = number(cells.get(targets[t]), line, targets[t] + 1, header.get(targets[t]));
                    }
                }
                xs.add(x);
                ys.add(y);
            }
            if (xs.isEmpty() && diagnostics.isEmpty()) {
                report(at(1, 1), DiagnosticCode.NO_DATA, "data file has a header but no rows");
            }
            List<String> names = List.of();
            if (oneHot && diagnostics.isEmpty()) {
                names = classes(cellsOfClasses, classPositions, header.get(targets[0]), classes, ys);
            }
            TargetRule.Finding bad = targetRule == null || !diagnostics.isEmpty() ? null : targetRule.first(ys);
            if (bad != null) {
                // data row n is line n + 2: the header is line 1, and a blank line before the end is an error
                int column = targets[oneHot ? 0 : Math.max(0, bad.problem().output())];
                report(at(bad.row() + 2, column + 1), DiagnosticCode.TARGET_RANGE, "row " + (bad.row() + 1)
                        + ", column " + header.get(column) + ": " + bad.message());
            }
            throwIfAny();
            Cells categorical = categoricalColumns.length == 0 ? Cells.NONE
                    : new Cells(csv.categorical(), categoryCells.toArray(String[][]::new),
                            rowLines.stream().mapToInt(Integer::intValue).toArray(),
                            Arrays.stream(categoricalColumns).map(c -> c + 1).toArray(), fileName);
            return new Loaded(new Dataset(xs.toArray(double[][]::new), ys.toArray(double[][]::new)),
                    Arrays.stream(inputs).mapToObj(header::get).toList(), names, categorical);
        }

        /**
         * A column the spec names that the header lacks. The header is not listed: it is the file's first line, and
         * an error must not show what a file holds (a spec could name any file it may read as its data). A header
         * name that differs only in case is suggested, being the spec's own word.
         */
        private String notInHeader(String what, String column, List<String> header) {
            String near = header.stream().filter(h -> h.equalsIgnoreCase(column)).findFirst()
                    .map(h -> "; did you mean '" + h + "'?").orElse("");
            return what + " column '" + column + "' is not in the header of data file \"" + csv.path() + "\" ("
                    + header.size() + (header.size() == 1 ? " column" : " columns") + ")" + near;
        }

        /** The input columns: those the spec lists, or every column but the targets, in file order. */
        private int[] inputColumns(List<String> header, int[] targets) {
            if (!csv.inputs().isEmpty()) {
                int[] columns = new int[csv.inputs().size()];
                for (int k = 0; k < columns.length; k++) {
                    columns[k] = header.indexOf(csv.inputs().get(k));
                    if (columns[k] < 0) {
                        diagnostics.add(Diagnostic.of(csv.pos(), DiagnosticCode.CSV_TARGET,
                                notInHeader("input", csv.inputs().get(k), header)));
                    }
                }
                return columns;
            }
            List<Integer> rest = new ArrayList<>();
            for (int col = 0; col < header.size(); col++) {
                final int c = col;
                if (Arrays.stream(targets).noneMatch(t -> t == c)) {
                    rest.add(col);
                }
            }
            // with categorical columns the width is known once their categories are fitted (Loaded.encoded)
            if (diagnostics.isEmpty() && csv.categorical().isEmpty() && rest.size() != network.inputSize()) {
                diagnostics.add(Diagnostic.of(at(1, 1), DiagnosticCode.CSV_INPUTS, "data file has "
                        + rest.size() + " input columns"
                        + (csv.targets().isEmpty() ? "" : " besides target " + String.join(", ", csv.targets()))
                        + ", but network " + network.name() + " has input " + network.inputSize()));
            }
            return rest.stream().mapToInt(Integer::intValue).toArray();
        }

        /**
         * Sets each one-hot row of {@code ys} from its class cell and returns the class names in index order: the
         * spec's {@code classes} when listed; else indices 0..k-1 when any cell is a decimal number; else the names
         * in order of first appearance.
         */
        private List<String> classes(List<String> cells, List<SourcePos> positions, String column, int classes,
                                     List<double[]> ys) {
            // one number among the cells makes them indices, so a stray name is reported as a bad index
            boolean numeric = csv.classes().isEmpty() && cells.stream().anyMatch(c -> DECIMAL.matcher(c).matches());
            List<String> names = new ArrayList<>(csv.classes());
            for (int n = 0; n < cells.size(); n++) {
                String cell = cells.get(n);
                SourcePos pos = positions.get(n);
                int k;
                if (numeric) {
                    k = classIndex(cell, pos.line(), pos.column(), column, classes);
                } else {
                    k = names.indexOf(cell);
                    if (k < 0 && !csv.classes().isEmpty() && DECIMAL.matcher(cell).matches()) {
                        // listed classes name the indices: the cell may be the index itself
                        k = classIndex(cell, pos.line(), pos.column(), column, classes);
                        if (k < 0) {
                            continue;
                        }
                    }
                    if (k < 0 && csv.classes().isEmpty() && names.size() < classes) {
                        names.add(cell);
                        k = names.size() - 1;
                    } else if (k < 0) {
                        report(pos, DiagnosticCode.CSV_CLASS, "unknown class " + shown(cell) + " in column " + column
                                + (csv.classes().isEmpty()
                                        ? "; the network has " + classes + " output units, and the classes seen before"
                                                + " it are " + String.join(", ", names)
                                        : "; the spec lists " + String.join(", ", names)));
                    }
                }
                if (k >= 0) {
                    ys.get(n)[k] = 1;
                }
            }
            if (numeric) {
                names.clear();
                for (int k = 0; k < classes; k++) {
                    names.add(Integer.toString(k));
                }
            }
            return names;
        }

        private String text() throws SpecException {
            String where = fileName.equals(csv.path()) ? "" : " (looked for " + fileName + ")";
            return UserFiles.read(file, MAX_BYTES, cannotRead(csv, where)).textWithoutBom();
        }

        /** The file's lines without the empty ones at its end. */
        private static List<String> lines(String text) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\n|\r", -1)));
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }

        /**
         * A cell as an error quotes it: at most 40 characters, so that one enormous cell (a binary file named as data)
         * does not become an enormous line.
         */
        static String shown(String cell) {
            return "'" + trimmed(cell) + "'";
        }

        private static String trimmed(String cell) {
            return cell.length() <= 40 ? cell : cell.substring(0, 40) + "...";
        }

        private static List<String> cells(String line) {
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",", -1)) {
                String c = cell.strip();
                if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                    c = c.substring(1, c.length() - 1);
                }
                cells.add(c);
            }
            return cells;
        }

        private void checkHeaderNames(List<String> header) {
            Map<String, Integer> seen = new HashMap<>();
            for (int col = 0; col < header.size(); col++) {
                Integer first = seen.putIfAbsent(header.get(col), col);
                if (first != null) {
                    report(at(1, col + 1), DiagnosticCode.CSV_HEADER, "column name " + shown(header.get(col))
                            + " appears twice in the header (columns " + (first + 1) + " and " + (col + 1) + ")");
                }
            }
        }

        private double number(String cell, int line, int col, String column) {
            if (!DECIMAL.matcher(cell).matches()) {
                report(at(line, col), DiagnosticCode.CSV_NUMBER,
                        "not a number: " + shown(cell) + " in column " + column);
                return Double.NaN;
            }
            double value = Double.parseDouble(cell);
            String problem = nnspec.check.Literals.problem(cell);
            if (problem != null) {
                report(at(line, col), DiagnosticCode.CSV_NUMBER, problem + " (column " + column + ")");
            }
            return value;
        }

        /** The class index in {@code cell}, or -1 after reporting. Accepts 2 and 2.0, not 2.5. */
        private int classIndex(String cell, int line, int col, String column, int classes) {
            String expected = "expected an integer 0.." + (classes - 1) + " (the network has " + classes
                    + " output units)";
            double value = DECIMAL.matcher(cell).matches() ? Double.parseDouble(cell) : Double.NaN;
            if (Double.isNaN(value) || value != Math.rint(value)) {
                report(at(line, col), DiagnosticCode.CSV_CLASS, "not a class index: " + shown(cell) + " in column "
                        + column
                        + "; " + expected);
                return -1;
            }
            if (value < 0 || value >= classes) {
                report(at(line, col), DiagnosticCode.CSV_CLASS, "class index out of range: " + trimmed(cell)
                        + " in column "
                        + column + "; " + expected);
                return -1;
            }
            return (int) value;
        }

        private void report(SourcePos pos, DiagnosticCode code, String message) {
            if (diagnostics.size() == MAX_ERRORS) {
                diagnostics.add(Diagnostic.of(pos, DiagnosticCode.TOO_MANY_ERRORS, "too many errors in data file \""
                        + csv.path() + "\"; stopping after " + MAX_ERRORS));
            } else if (diagnostics.size() < MAX_ERRORS) {
                diagnostics.add(Diagnostic.of(pos, code, message));
            }
        }

        private void throwIfAny() throws SpecException {
            if (!diagnostics.isEmpty()) {
                throw new SpecException(diagnostics);
            }
        }

        private SourcePos at(int line, int column) {
            return new SourcePos(fileName, line, column);
        }
    }
}
