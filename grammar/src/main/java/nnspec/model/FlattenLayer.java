package nnspec.model;

/**
 * Flatten (PyTorch {@code Flatten}, Keras {@code Flatten}): an image becomes the vector of its values in storage
 * order, channel by channel and row by row, which is PyTorch's order; Keras's channels-last default flattens
 * height, width, then channel, so weights exchanged with Keras need permuting. Nothing is computed: the values
 * are already stored in that order.
 */
public record FlattenLayer(String name, Shape input, SourcePos pos) implements Layer {
    @Override
    public Kind kind() {
        return Kind.FLATTEN;
    }

    @Override
    public int inputs() {
        return input.size();
    }

    @Override
    public int outputs() {
        return input.size();
    }
}
