package nnspec.runtime;

/** How an output vector becomes a class, for accuracy; NONE where the output is not a classification. */
public enum Decision {
    NONE,
    /** One output in [0, 1] (sigmoid, step): class 1 when yhat &gt; 0.5, the target likewise. */
    THRESHOLD_HALF,
    /** One output in [-1, 1] (sign): class 1 when yhat &gt; 0, the target likewise. */
    THRESHOLD_ZERO,
    /** Several outputs: the index of the largest, the first on ties; the target's likewise. */
    ARGMAX;

    public boolean correct(double[] yhat, double[] y) {
        return switch (this) {
            case NONE -> throw new IllegalStateException("no decision rule for this output");
            case THRESHOLD_HALF -> (yhat[0] > 0.5) == (y[0] > 0.5);
            case THRESHOLD_ZERO -> (yhat[0] > 0.0) == (y[0] > 0.0);
            case ARGMAX -> argmax(yhat) == argmax(y);
        };
    }

    /**
     * The class {@code v} (an output vector or a target) stands for: for the thresholds 1 above the threshold and 0
     * otherwise (class 1 is the positive class of the binary metrics), for ARGMAX the index of the largest entry,
     * the first on ties. {@code correct(yhat, y)} holds exactly when {@code classOf(yhat) == classOf(y)}.
     */
    public int classOf(double[] v) {
        return switch (this) {
            case NONE -> throw new IllegalStateException("no decision rule for this output");
            case THRESHOLD_HALF -> v[0] > 0.5 ? 1 : 0;
            case THRESHOLD_ZERO -> v[0] > 0.0 ? 1 : 0;
            case ARGMAX -> argmax(v);
        };
    }

    /** How many classes {@link #classOf} can return for outputs of {@code outputSize} values; 0 for NONE. */
    public int classes(int outputSize) {
        return switch (this) {
            case NONE -> 0;
            case THRESHOLD_HALF, THRESHOLD_ZERO -> 2;
            case ARGMAX -> outputSize;
        };
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
