package nnspec.lower;

import java.util.ArrayList;
import java.util.List;
import nnspec.model.DenseLayer;
import nnspec.model.NetworkSpec;

/**
 * Where each parameter lives in the flat parameter array, shared by both back ends and matching the layout
 * {@link nnspec.runtime.Model} documents: per layer, weights w[j][i] row by row, then biases b[j].
 */
public final class Layout {
    /** One layer's place in the parameter array. */
    public record LayerSlots(DenseLayer layer, int index, int weightOffset, int biasOffset) {
        public int weight(int unit, int input) {
            return weightOffset + unit * layer.inputs() + input;
        }

        public int bias(int unit) {
            return biasOffset + unit;
        }
    }

    private final List<LayerSlots> layers;
    private final List<String> names;

    public Layout(NetworkSpec network) {
        List<LayerSlots> slots = new ArrayList<>();
        List<String> parameterNames = new ArrayList<>();
        int offset = 0;
        List<DenseLayer> dense = network.denseLayers();
        for (int l = 0; l < dense.size(); l++) {
            DenseLayer layer = dense.get(l);
            slots.add(new LayerSlots(layer, l, offset, offset + layer.weightCount()));
            for (int j = 0; j < layer.units(); j++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    parameterNames.add(layer.name() + ".w[" + j + "][" + i + "]");
                }
            }
            for (int j = 0; j < layer.units(); j++) {
                parameterNames.add(layer.name() + ".b[" + j + "]");
            }
            offset += layer.parameterCount();
        }
        this.layers = List.copyOf(slots);
        this.names = List.copyOf(parameterNames);
    }

    public List<LayerSlots> layers() {
        return layers;
    }

    /** Parameter names in storage order, {@code <layer>.w[j][i]} and {@code <layer>.b[j]}. */
    public List<String> parameterNames() {
        return names;
    }

    public int parameterCount() {
        return names.size();
    }
}
