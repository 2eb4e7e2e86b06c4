package nnspec.model;

/**
 * What a layer takes or gives: a vector of {@code channels} values, or an image of {@code channels} planes of
 * {@code height x width} values, stored flat channel by channel and row by row (PyTorch's CHW order for one
 * sample).
 */
public record Shape(int channels, int height, int width, boolean image) {
    public static Shape vector(int size) {
        return new Shape(size, 1, 1, false);
    }

    public static Shape image(int channels, int height, int width) {
        return new Shape(channels, height, width, true);
    }

    /** The number of values. */
    public int size() {
        return channels * height * width;
    }

    /** {@code 64} for a vector, {@code 1x8x8} for an image, as the language writes them. */
    @Override
    public String toString() {
        return image ? channels + "x" + height + "x" + width : Integer.toString(channels);
    }
}
