package nnspec.model;

import java.util.List;

/**
 * A validated network: its input shape and its layers, in the order written, with their input shapes inferred.
 * The last layer is a dense layer, the output layer.
 */
public record NetworkSpec(String name, Shape input, List<Layer> layers, SourcePos pos) {
    public NetworkSpec {
        layers = List.copyOf(layers);
    }

    /** A network on a vector of {@code inputSize} values. */
    public NetworkSpec(String name, int inputSize, List<Layer> layers, SourcePos pos) {
        this(name, Shape.vector(inputSize), layers, pos);
    }

    /** The number of input values (channels x height x width for an image). */
    public int inputSize() {
        return input.size();
    }

    /** The dense layers, in order: the ones with parameters. */
    public List<DenseLayer> denseLayers() {
        return layers.stream().filter(DenseLayer.class::isInstance).map(DenseLayer.class::cast).toList();
    }

    public int outputSize() {
        return outputLayer().outputs();
    }

    public DenseLayer outputLayer() {
        return (DenseLayer) layers.get(layers.size() - 1);
    }

    /** The convolution layers, in order. */
    public List<ConvLayer> convLayers() {
        return layers.stream().filter(ConvLayer.class::isInstance).map(ConvLayer.class::cast).toList();
    }

    public int parameterCount() {
        return denseLayers().stream().mapToInt(DenseLayer::parameterCount).sum()
                + convLayers().stream().mapToInt(ConvLayer::parameterCount).sum()
                + layers.stream().filter(BatchNormLayer.class::isInstance)
                        .mapToInt(l -> ((BatchNormLayer) l).parameterCount()).sum();
    }
}
