package nnspec.runtime;

/**
 * The scaling of a model's inputs, fitted on its training part: none, min-max ({@link Preprocessing.MinMax}) or
 * standardisation ({@link Preprocessing.Standardize}); at most one is set. Saved with the model and applied
 * unchanged to every later input (PREP-same-transform-all-splits).
 */
public record InputScaling(Preprocessing.MinMax minMax, Preprocessing.Standardize standardize) {
    public static final InputScaling NONE = new InputScaling(null, null);

    public InputScaling {
        if (minMax != null && standardize != null) {
            throw new IllegalArgumentException("one scaling at most");
        }
    }

    public boolean none() {
        return minMax == null && standardize == null;
    }

    /** {@code none}, {@code minmax} or {@code standardize}, as the spec writes it. */
    public String keyword() {
        return minMax != null ? "minmax" : standardize != null ? "standardize" : "none";
    }

    /** Scales {@code row} into {@code out} (may be the same array); copies it without a scaling. */
    public void transform(double[] row, double[] out) {
        if (minMax != null) {
            minMax.transform(row, out);
        } else if (standardize != null) {
            standardize.transform(row, out);
        } else {
            System.arraycopy(row, 0, out, 0, row.length);
        }
    }

    /** The inputs of {@code data} scaled (new rows), the targets shared; {@code data} itself without a scaling. */
    public Dataset apply(Dataset data) {
        if (none()) {
            return data;
        }
        double[][] x = new double[data.size()][];
        for (int n = 0; n < x.length; n++) {
            x[n] = new double[data.x()[n].length];
            transform(data.x()[n], x[n]);
        }
        return new Dataset(x, data.y());
    }
}
