package nnspec.runtime;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Feature preprocessing over rows ({@code rows[n]} the features of sample n). Every transform is fitted once, on
 * the training rows only, and then applied unchanged to any rows: training, validation, test and prediction
 * (PREP-same-transform-all-splits; 002_db2ef66716d01cf4.txt, "Standardization": the same mu and sigma for all
 * sets; 003_be7c2a3ed43414a9.txt, "Preprocessing" and "1.9 Data sets": statistics from the training data only).
 * Fitted objects are immutable; per-row methods allocate nothing.
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /**
     * PREP-min-max: x' = low + (high - low) (x - min) / (max - min) per column, min and max of the training rows
     * (002_db2ef66716d01cf4.txt, "Min-max scaling", prints the [0, 1] case; sklearn MinMaxScaler's
     * feature_range gives [a, b]). Training rows land in [low, high]; other rows may fall outside. A constant
     * column (max == min) maps to {@code low}, as sklearn (which takes the range as 1 there); it is listed by
     * {@link #constantColumns()}.
     */
    public static final class MinMax {
        private final double[] min;
        private final double[] range;
        private final double low;
        private final double high;
        private final int[] constantColumns;

        private MinMax(double[] min, double[] range, double low, double high, int[] constantColumns) {
            this.min = min;
            this.range = range;
            this.low = low;
            this.high = high;
            this.constantColumns = constantColumns;
        }

        /** The scaling with these statistics, as {@link #min()}, {@link #range()}, {@link #low()}, {@link #high()} gave. */
        public static MinMax of(double[] min, double[] range, double low, double high) {
            if (min.length != range.length || !(low < high)) {
                throw new IllegalArgumentException("min and range differ in length, or low >= high");
            }
            int[] constant = java.util.stream.IntStream.range(0, range.length).filter(c -> range[c] == 0.0).toArray();
            return new MinMax(min.clone(), range.clone(), low, high, constant);
        }

        /** Fits to [0, 1]. */
        public static MinMax fit(double[][] trainingRows) {
            return fit(trainingRows, 0.0, 1.0);
        }

        /** Fits to [low, high], low &lt; high. */
        public static MinMax fit(double[][] trainingRows, double low, double high) {
            if (!(low < high)) {
                throw new IllegalArgumentException("min-max range must have low < high: [" + low + ", " + high + "]");
            }
            int width = width(trainingRows);
            double[] min = new double[width];
            double[] max = new double[width];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (double[] row : trainingRows) {
                for (int c = 0; c < width; c++) {
                    min[c] = Math.min(min[c], row[c]);
                    max[c] = Math.max(max[c], row[c]);
                }
            }
            double[] range = new double[width];
            int[] constant = new int[width];
            int constants = 0;
            for (int c = 0; c < width; c++) {
                range[c] = max[c] - min[c];
                if (range[c] == 0.0) {
                    constant[constants++] = c;
                }
            }
            return new MinMax(min, range, low, high, Arrays.copyOf(constant, constants));
        }

        /** Writes the scaled {@code row} into {@code out} (may be the same array). */
        public void transform(double[] row, double[] out) {
            for (int c = 0; c < min.length; c++) {
                out[c] = range[c] == 0.0 ? low : low + (high - low) * ((row[c] - min[c]) / range[c]);
            }
        }

        /** Writes the original values of a scaled {@code row} into {@code out}; a constant column gives its value. */
        public void inverseTransform(double[] row, double[] out) {
            for (int c = 0; c < min.length; c++) {
                out[c] = range[c] == 0.0 ? min[c] : min[c] + range[c] * ((row[c] - low) / (high - low));
            }
        }

        public double[][] transform(double[][] rows) {
            return map(rows, this::transform);
        }

        public double[][] inverseTransform(double[][] rows) {
            return map(rows, this::inverseTransform);
        }

        /** The training minimum of each column. */
        public double[] min() {
            return min.clone();
        }

        /** max - min of each column over the training rows. */
        public double[] range() {
            return range.clone();
        }

        public double low() {
            return low;
        }

        public double high() {
            return high;
        }

        /** Columns whose training values were all equal: they map to {@code low}. */
        public int[] constantColumns() {
            return constantColumns.clone();
        }
    }

    /**
     * PREP-standardize: x' = (x - mu) / sigma per column, mu the training mean and sigma the population standard
     * deviation sqrt(sum (x - mu)^2 / m) of the m training rows (sklearn StandardScaler; 002_db2ef66716d01cf4.txt,
     * "Standardization", computes the same mu and sigma^2 but prints the division by sigma^2, which gives unit
     * variance only when sigma = 1). A zero-variance column is divided by 1, as sklearn does: its training rows map
     * to 0, other rows to x - mu; it is listed by {@link #zeroVarianceColumns()}.
     */
    public static final class Standardize {
        private final double[] mean;
        private final double[] std;
        private final int[] zeroVarianceColumns;

        private Standardize(double[] mean, double[] std, int[] zeroVarianceColumns) {
            this.mean = mean;
            this.std = std;
            this.zeroVarianceColumns = zeroVarianceColumns;
        }

        /** The standardisation with these statistics, as {@link #mean()} and {@link #std()} gave. */
        public static Standardize of(double[] mean, double[] std) {
            if (mean.length != std.length) {
                throw new IllegalArgumentException("mean and std differ in length");
            }
            int[] zero = java.util.stream.IntStream.range(0, std.length).filter(c -> std[c] == 0.0).toArray();
            return new Standardize(mean.clone(), std.clone(), zero);
        }

        public static Standardize fit(double[][] trainingRows) {
            int width = width(trainingRows);
            int m = trainingRows.length;
            double[] mean = new double[width];
            for (double[] row : trainingRows) {
                for (int c = 0; c < width; c++) {
                    mean[c] += row[c];
                }
            }
            for (int c = 0; c < width; c++) {
                mean[c] /= m;
            }
            // two passes: the centred sum of squares, not E[x^2] - mu^2, which cancels badly
            double[] std = new double[width];
            for (double[] row : trainingRows) {
                for (int c = 0; c < width; c++) {
                    double d = row[c] - mean[c];
                    std[c] += d * d;
                }
            }
            int[] zero = new int[width];
            int zeros = 0;
            for (int c = 0; c < width; c++) {
                std[c] = StrictMath.sqrt(std[c] / m);
                if (std[c] == 0.0) {
                    zero[zeros++] = c;
                }
            }
            return new Standardize(mean, std, Arrays.copyOf(zero, zeros));
        }

        public void transform(double[] row, double[] out) {
            for (int c = 0; c < mean.length; c++) {
                out[c] = (row[c] - mean[c]) / scale(c);
            }
        }

        public void inverseTransform(double[] row, double[] out) {
            for (int c = 0; c < mean.length; c++) {
                out[c] = row[c] * scale(c) + mean[c];
            }
        }

        public double[][] transform(double[][] rows) {
            return map(rows, this::transform);
        }

        public double[][] inverseTransform(double[][] rows) {
            return map(rows, this::inverseTransform);
        }

        private double scale(int c) {
            return std[c] == 0.0 ? 1.0 : std[c];
        }

        /** The training mean of each column. */
        public double[] mean() {
            return mean.clone();
        }

        /** The population standard deviation of each column over the training rows (0 for a constant column). */
        public double[] std() {
            return std.clone();
        }

        /** Columns whose training variance was 0: divided by 1 instead. */
        public int[] zeroVarianceColumns() {
            return zeroVarianceColumns.clone();
        }
    }

    /**
     * PREP-one-hot: a class label becomes a vector with 1 at the label's position among the classes seen in the
     * training labels (sorted ascending, as sklearn OneHotEncoder's categories) and 0 elsewhere
     * (003_be7c2a3ed43414a9.txt, "Categorical Cross-Entropy"; 002_db2ef66716d01cf4.txt, "Loss functions").
     * A label not seen in training is an error (sklearn's handle_unknown="error").
     */
    public static final class OneHot {
        private final double[] categories;

        private OneHot(double[] categories) {
            this.categories = categories;
        }

        public static OneHot fit(double[] trainingLabels) {
            TreeSet<Double> seen = new TreeSet<>();
            for (double label : trainingLabels) {
                if (Double.isNaN(label)) {
                    throw new IllegalArgumentException("a label is NaN");
                }
                seen.add(label == 0.0 ? 0.0 : label);
            }
            return new OneHot(seen.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** The classes in encoding order. */
        public double[] categories() {
            return categories.clone();
        }

        public int classes() {
            return categories.length;
        }

        /** The class index of {@code label}. */
        public int indexOf(double label) {
            int k = Arrays.binarySearch(categories, label == 0.0 ? 0.0 : label);
            if (k < 0) {
                throw new IllegalArgumentException("label " + label + " was not among the training labels "
                        + Arrays.toString(categories));
            }
            return k;
        }

        /** Writes the one-hot vector of {@code label} into {@code out[offset .. offset + classes())}. */
        public void transform(double label, double[] out, int offset) {
            encode(indexOf(label), categories.length, out, offset);
        }

        public double[][] transform(double[] labels) {
            double[][] out = new double[labels.length][categories.length];
            for (int n = 0; n < labels.length; n++) {
                transform(labels[n], out[n], 0);
            }
            return out;
        }

        /** The label of the largest entry of {@code vector} (the first on ties): inverse of the encoding. */
        public double inverseTransform(double[] vector, int offset) {
            int best = 0;
            for (int k = 1; k < categories.length; k++) {
                if (vector[offset + k] > vector[offset + best]) {
                    best = k;
                }
            }
            return categories[best];
        }

        /** The one-hot vector of class {@code index} out of {@code classes}, into {@code out} at {@code offset}. */
        public static void encode(int index, int classes, double[] out, int offset) {
            if (index < 0 || index >= classes) {
                throw new IndexOutOfBoundsException("class " + index + " of " + classes);
            }
            Arrays.fill(out, offset, offset + classes, 0.0);
            out[offset + index] = 1.0;
        }
    }

    @FunctionalInterface
    private interface RowMap {
        void apply(double[] row, double[] out);
    }

    private static double[][] map(double[][] rows, RowMap f) {
        double[][] out = new double[rows.length][];
        for (int n = 0; n < rows.length; n++) {
            out[n] = new double[rows[n].length];
            f.apply(rows[n], out[n]);
        }
        return out;
    }

    private static int width(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no training rows to fit on");
        }
        int width = rows[0].length;
        for (double[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("rows of different widths: " + width + " and " + row.length);
            }
        }
        return width;
    }
}
