package nnspec.lower;

import java.util.ArrayList;
import java.util.List;
import nnspec.model.BatchNormLayer;
import nnspec.model.ConvLayer;
import nnspec.model.DenseLayer;
import nnspec.model.Layer;
import nnspec.model.NetworkSpec;
import nnspec.runtime.BatchNorm;
import nnspec.runtime.Convolution;

/**
 * Where each parameter lives in the flat parameter array, shared by both back ends and matching the layout
 * {@link nnspec.runtime.Model} documents: per layer, weights w[j][i] row by row, then biases b[j]; a convolution's
 * kernel and biases where it stands among them.
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

    /**
     * A convolution's place in the parameter array: its kernel K[o][c][m][n] (filter, input channel, tap row, tap
     * column) row-major from {@code weightOffset}, then its biases b[o].
     */
    public record ConvSlots(ConvLayer layer, int weightOffset, int biasOffset) {
    }

    /**
     * A batch normalisation's place: gamma[f] from {@code offset}, then beta[f], the running mean and the running
     * variance, {@code features} each.
     */
    public record NormSlots(BatchNormLayer layer, int offset) {
    }

    private final List<LayerSlots> layers;
    private final List<NormSlots> norms;
    private final List<ConvSlots> convolutions;
    private final List<String> names;

    public Layout(NetworkSpec network) {
        List<LayerSlots> slots = new ArrayList<>();
        List<ConvSlots> convs = new ArrayList<>();
        List<NormSlots> normSlots = new ArrayList<>();
        List<String> parameterNames = new ArrayList<>();
        int offset = 0;
        int l = 0;
        for (Layer any : network.layers()) {
            if (any instanceof ConvLayer conv) {
                convs.add(new ConvSlots(conv, offset, offset + conv.weightCount()));
                for (int k = 0; k < conv.parameterCount(); k++) {
                    parameterNames.add(Convolution.parameterName(k, conv.name(), conv.input().channels(),
                            conv.kernelH(), conv.kernelW(), conv.filters()));
                }
                offset += conv.parameterCount();
                continue;
            }
            if (any instanceof BatchNormLayer bn) {
                normSlots.add(new NormSlots(bn, offset));
                for (int k = 0; k < bn.parameterCount(); k++) {
                    parameterNames.add(BatchNorm.parameterName(k, bn.name(), bn.features()));
                }
                offset += bn.parameterCount();
                continue;
            }
            if (!(any instanceof DenseLayer layer)) {
                continue;
            }
            slots.add(new LayerSlots(layer, l++, offset, offset + layer.weightCount()));
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
        this.convolutions = List.copyOf(convs);
        this.norms = List.copyOf(normSlots);
        this.names = List.copyOf(parameterNames);
    }

    /** The dense layers' places, in order. */
    public List<LayerSlots> layers() {
        return layers;
    }

    /** The convolutions' places, in order. */
    public List<ConvSlots> convolutions() {
        return convolutions;
    }

    /** The batch normalisations' places, in order. */
    public List<NormSlots> norms() {
        return norms;
    }

    /** Parameter names in storage order, {@code <layer>.w[j][i]} and {@code <layer>.b[j]}. */
    public List<String> parameterNames() {
        return names;
    }

    public int parameterCount() {
        return names.size();
    }
}
