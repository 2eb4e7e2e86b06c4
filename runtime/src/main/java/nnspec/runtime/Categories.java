package nnspec.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One-hot encoding of categorical input columns ({@code PREP-one-hot}): each named column of a raw input row is
 * replaced, in place, by K inputs, 1 at its category's index and 0 elsewhere. The categories are fitted on the
 * training part only, in order of first appearance; a category not seen there is refused rather than mapped to
 * an out-of-vocabulary slot (as Keras's StringLookup does with {@code num_oov_indices=0}), because a network
 * trained without that input has no weights that learned from it.
 */
public record Categories(List<String> columns, List<List<String>> categories) {
    public static final Categories NONE = new Categories(List.of(), List.of());

    public Categories {
        columns = List.copyOf(columns);
        categories = categories.stream().map(List::copyOf).toList();
        if (columns.size() != categories.size()) {
            throw new IllegalArgumentException("each categorical column needs its categories");
        }
    }

    /** A cell whose category the fitted encoding does not know: the row (0-based) and the column's index. */
    public static final class Unknown extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int row;
        private final int column;

        Unknown(int row, int column, String value) {
            super(value);
            this.row = row;
            this.column = column;
        }

        public int row() {
            return row;
        }

        /** The index into {@link Categories#columns()}. */
        public int column() {
            return column;
        }

        public String value() {
            return getMessage();
        }
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** The categories of each column in order of first appearance among {@code rows} (cells[row][column]). */
    public static Categories fit(List<String> columns, String[][] cells, int[] rows) {
        List<List<String>> seen = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            List<String> names = new ArrayList<>();
            for (int row : rows) {
                if (!names.contains(cells[row][c])) {
                    names.add(cells[row][c]);
                }
            }
            seen.add(names);
        }
        return new Categories(columns, seen);
    }

    /** The width of an encoded row whose raw input columns are {@code inputNames}. */
    public int width(List<String> inputNames) {
        int width = inputNames.size();
        for (List<String> names : categories) {
            width += names.size() - 1;
        }
        return width;
    }

    /**
     * Encodes raw rows {@code x} (input columns {@code inputNames}; a categorical column's value there is ignored)
     * with the categorical cells {@code cells[row][column]}; throws {@link Unknown} at the first unknown category.
     */
    public double[][] encode(List<String> inputNames, double[][] x, String[][] cells) {
        if (isEmpty()) {
            return x;
        }
        int[] which = new int[inputNames.size()];
        for (int k = 0; k < which.length; k++) {
            which[k] = columns.indexOf(inputNames.get(k));
        }
        int width = width(inputNames);
        double[][] out = new double[x.length][];
        for (int n = 0; n < x.length; n++) {
            double[] row = new double[width];
            int at = 0;
            for (int k = 0; k < which.length; k++) {
                int c = which[k];
                if (c < 0) {
                    row[at++] = x[n][k];
                    continue;
                }
                int index = categories.get(c).indexOf(cells[n][c]);
                if (index < 0) {
                    throw new Unknown(n, c, cells[n][c]);
                }
                row[at + index] = 1;
                at += categories.get(c).size();
            }
            out[n] = row;
        }
        return out;
    }
}
