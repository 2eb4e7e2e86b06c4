package nnspec.model;

import java.util.List;

/** A validated network: its input width and its layers with their input widths inferred. */
public record NetworkSpec(String name, int inputSize, List<DenseLayer> layers, SourcePos pos) {
    public NetworkSpec {
        layers = List.copyOf(layers);
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputs();
    }

    public DenseLayer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    public int parameterCount() {
        return layers.stream().mapToInt(DenseLayer::parameterCount).sum();
    }
}
