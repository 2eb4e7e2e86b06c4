package nnspec.model;

import java.util.List;

/**
 * A validated network: its input width and its layers, in the order written, with their input widths inferred.
 * The last layer is a dense layer, the output layer.
 */
public record NetworkSpec(String name, int inputSize, List<Layer> layers, SourcePos pos) {
    public NetworkSpec {
        layers = List.copyOf(layers);
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

    public int parameterCount() {
        return denseLayers().stream().mapToInt(DenseLayer::parameterCount).sum();
    }
}
