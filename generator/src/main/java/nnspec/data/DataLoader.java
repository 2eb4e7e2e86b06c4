package nnspec.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.diagnostics.UserFiles;
import nnspec.model.DataSpec;
import nnspec.model.NetworkSpec;
import nnspec.model.SourcePos;
import nnspec.model.Spec;
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

    /** Loads the data of {@code spec}; a CSV path is resolved against the folder of {@code specFile}. */
    public static Dataset load(Spec spec, Path specFile) throws SpecException {
        DataSpec data = spec.data();
        return switch (data.kind()) {
            case INLINE -> inline((DataSpec.Inline) data);
            case CSV -> csv(spec.network(), (DataSpec.Csv) data, specFile);
        };
    }

    private static Dataset csv(NetworkSpec network, DataSpec.Csv csv, Path specFile) throws SpecException {
        Path folder = specFile.getParent() == null ? Path.of("") : specFile.getParent();
        Path file = UserFiles.resolve(folder, csv.path(), cannotRead(csv, ""));
        return new CsvReader(network, csv, file).read();
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

        CsvReader(NetworkSpec network, DataSpec.Csv csv, Path file) {
            this.network = network;
            this.csv = csv;
            this.file = file;
            this.fileName = file.toString();
        }

        Dataset read() throws SpecException {
            List<String> lines = lines(text());
            if (lines.isEmpty()) {
                throw new SpecException(Diagnostic.of(at(1, 1), DiagnosticCode.CSV_HEADER,
                        "data file is empty; expected a header row naming the columns"));
            }
            List<String> header = cells(lines.get(0));
            checkHeaderNames(header);
            int target = header.indexOf(csv.target());
            if (target < 0) {
                diagnostics.add(Diagnostic.of(csv.pos(), DiagnosticCode.CSV_TARGET, "target column '" + csv.target()
                        + "' is not in data file \"" + csv.path() + "\"; its columns are: " + String.join(", ", header)));
            } else if (header.size() - 1 != network.inputSize()) {
                List<String> inputs = new ArrayList<>(header);
                inputs.remove(target);
                diagnostics.add(Diagnostic.of(at(1, 1), DiagnosticCode.CSV_INPUTS, "data file has "
                        + inputs.size() + " input columns (" + String.join(", ", inputs) + ") besides target "
                        + csv.target() + ", but network " + network.name() + " has input " + network.inputSize()));
            }
            throwIfAny();

            int classes = network.outputSize();
            List<double[]> xs = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
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
                double[] x = new double[header.size() - 1];
                double[] y = new double[classes];
                for (int col = 0, input = 0; col < cells.size(); col++) {
                    String cell = cells.get(col);
                    if (col != target) {
                        x[input++] = number(cell, line, col + 1, header.get(col));
                    } else if (classes == 1) {
                        y[0] = number(cell, line, col + 1, header.get(col));
                    } else {
                        int k = classIndex(cell, line, col + 1, header.get(col), classes);
                        if (k >= 0) {
                            y[k] = 1;
                        }
                    }
                }
                xs.add(x);
                ys.add(y);
            }
            if (xs.isEmpty() && diagnostics.isEmpty()) {
                report(at(1, 1), DiagnosticCode.NO_DATA, "data file has a header but no rows");
            }
            throwIfAny();
            return new Dataset(xs.toArray(double[][]::new), ys.toArray(double[][]::new));
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
                    report(at(1, col + 1), DiagnosticCode.CSV_HEADER, "column name '" + header.get(col)
                            + "' appears twice in the header (columns " + (first + 1) + " and " + (col + 1) + ")");
                }
            }
        }

        private double number(String cell, int line, int col, String column) {
            if (!DECIMAL.matcher(cell).matches()) {
                report(at(line, col), DiagnosticCode.CSV_NUMBER, "not a number: '" + cell + "' in column " + column);
                return Double.NaN;
            }
            double value = Double.parseDouble(cell);
            if (Double.isInfinite(value)) {
                report(at(line, col), DiagnosticCode.CSV_NUMBER, "number too large: '" + cell + "' in column " + column);
            }
            return value;
        }

        /** The class index in {@code cell}, or -1 after reporting. Accepts 2 and 2.0, not 2.5. */
        private int classIndex(String cell, int line, int col, String column, int classes) {
            String expected = "expected an integer 0.." + (classes - 1) + " (the network has " + classes
                    + " output units)";
            double value = DECIMAL.matcher(cell).matches() ? Double.parseDouble(cell) : Double.NaN;
            if (Double.isNaN(value) || value != Math.rint(value)) {
                report(at(line, col), DiagnosticCode.CSV_CLASS, "not a class index: '" + cell + "' in column " + column
                        + "; " + expected);
                return -1;
            }
            if (value < 0 || value >= classes) {
                report(at(line, col), DiagnosticCode.CSV_CLASS, "class index out of range: " + cell + " in column "
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
