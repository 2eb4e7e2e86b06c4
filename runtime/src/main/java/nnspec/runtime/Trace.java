package nnspec.runtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-step training table, like the documents' tables: one row per step with the sample, the prediction and
 * loss before the update, and every parameter after it.
 *
 * <p>Columns: {@code epoch}, {@code step}, {@code x[i]}, {@code y[j]}, {@code yhat[j]}, {@code z} (single-output
 * networks), {@code loss} (where a loss is defined), then the parameters by {@link Model#parameterName}. With
 * batches of more than one sample the per-sample columns are left empty and {@code loss} is the batch mean.
 */
public final class Trace implements TrainingListener {
    /** Takes each row as it is recorded, so that a long run's table need not be held in memory. */
    @FunctionalInterface
    public interface RowSink {
        void accept(double[] row);
    }

    private final List<String> columns = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private final boolean hasZ;
    private final boolean hasLoss;
    private final RowSink sink;

    /** A trace that keeps every row ({@link #rows}). */
    public Trace(Model model) {
        this(model, null);
    }

    /**
     * A trace that hands each row to {@code sink} and keeps none; {@link #csvRow} and {@link #markdownRow} format them
     * as {@link #toCsv} and {@link #toMarkdown} would.
     */
    public Trace(Model model, RowSink sink) {
        this.sink = sink;
        columns.add("epoch");
        columns.add("step");
        for (int i = 0; i < model.inputSize(); i++) {
            columns.add("x[" + i + "]");
        }
        for (int j = 0; j < model.outputSize(); j++) {
            columns.add("y[" + j + "]");
        }
        for (int j = 0; j < model.outputSize(); j++) {
            columns.add("yhat[" + j + "]");
        }
        hasZ = model.outputSize() == 1;
        if (hasZ) {
            columns.add("z");
        }
        hasLoss = model.hasLoss();
        if (hasLoss) {
            columns.add("loss");
        }
        for (int k = 0; k < model.parameterCount(); k++) {
            columns.add(model.parameterName(k));
        }
    }

    @Override
    public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat, double loss,
            Model model) {
        double[] row = new double[columns.size()];
        int c = 0;
        row[c++] = epoch;
        row[c++] = step;
        boolean single = batchSize == 1;
        for (double v : x) {
            row[c++] = single ? v : Double.NaN;
        }
        for (double v : y) {
            row[c++] = single ? v : Double.NaN;
        }
        for (double v : yhat) {
            row[c++] = single ? v : Double.NaN;
        }
        if (hasZ) {
            row[c++] = single ? model.outputPreActivation(0) : Double.NaN;
        }
        if (hasLoss) {
            row[c++] = loss;
        }
        System.arraycopy(model.parameters(), 0, row, c, model.parameterCount());
        if (sink != null) {
            sink.accept(row);
        } else {
            rows.add(row);
        }
    }

    public List<String> columns() {
        return Collections.unmodifiableList(columns);
    }

    /** The rows; cell values as recorded, NaN for an empty cell. */
    public List<double[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int column(String name) {
        int c = columns.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no trace column " + name + "; columns are " + columns);
        }
        return c;
    }

    /** Header row, then one row per step; numbers in full precision ({@link Double#toString}). */
    public String toCsv() {
        StringBuilder out = new StringBuilder(csvHeader());
        for (double[] row : rows) {
            out.append(csvRow(row));
        }
        return out.toString();
    }

    /** The CSV header line, with its line feed. */
    public String csvHeader() {
        return String.join(",", columns) + "\n";
    }

    /** One CSV line of the table, with its line feed. */
    public String csvRow(double[] row) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            if (c > 0) {
                out.append(',');
            }
            out.append(c < 2 ? Integer.toString((int) row[c]) : csvNumber(row[c]));
        }
        return out.append('\n').toString();
    }

    /**
     * A Markdown table with every number rounded to {@code digits} decimals (half-even on the exact binary value),
     * preceded by {@code provenance} lines.
     */
    public String toMarkdown(List<String> provenance, int digits) {
        StringBuilder out = new StringBuilder(markdownHeader(provenance));
        for (double[] row : rows) {
            out.append(markdownRow(row, digits));
        }
        return out.toString();
    }

    /** The provenance lines, a blank line after them, the table's header and its alignment row. */
    public String markdownHeader(List<String> provenance) {
        StringBuilder out = new StringBuilder();
        for (String line : provenance) {
            out.append(line).append('\n');
        }
        if (!provenance.isEmpty()) {
            out.append('\n');
        }
        out.append("| ").append(String.join(" | ", columns)).append(" |\n");
        out.append('|');
        for (int c = 0; c < columns.size(); c++) {
            out.append(c < 2 ? " --: |" : " ---: |");
        }
        return out.append('\n').toString();
    }

    /** One row of the Markdown table, with its line feed. */
    public String markdownRow(double[] row, int digits) {
        StringBuilder out = new StringBuilder("|");
        for (int c = 0; c < row.length; c++) {
            out.append(' ').append(c < 2 ? Integer.toString((int) row[c]) : rounded(row[c], digits)).append(" |");
        }
        return out.append('\n').toString();
    }

    private static String csvNumber(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * {@code v} rounded to {@code digits} decimals, without a minus sign on a value that rounds to zero; an infinity
     * is {@code Infinity} or {@code -Infinity}, NaN the empty string.
     */
    public static String rounded(double v, int digits) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            // spelled as in the CSV (Double.toString), which Java, Python, pandas, R and JavaScript read back
            return v > 0 ? "Infinity" : "-Infinity";
        }
        BigDecimal r = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN);
        if (r.signum() == 0) {
            r = r.abs();
        }
        return r.toPlainString();
    }
}
