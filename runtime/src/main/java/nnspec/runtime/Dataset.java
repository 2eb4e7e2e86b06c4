package nnspec.runtime;

/**
 * Training samples as rows: {@code x[n]} the inputs of sample n, {@code y[n]} its targets (one-hot for
 * several classes). The arrays are owned by the data set; the training loop only reads them.
 */
public record Dataset(double[][] x, double[][] y) {
    public Dataset {
        if (x.length != y.length) {
            throw new IllegalArgumentException("inputs have " + x.length + " rows but targets " + y.length);
        }
    }

    public int size() {
        return x.length;
    }

    public int inputWidth() {
        return x.length == 0 ? 0 : x[0].length;
    }

    public int targetWidth() {
        return y.length == 0 ? 0 : y[0].length;
    }
}
