package nnspec.lower;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import nnspec.model.ConvLayer;
import nnspec.model.DenseLayer;
import nnspec.model.Layer;
import nnspec.model.NetworkSpec;
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

    /** A run of parameters of one layer from {@code offset}, named by their index within the run. */
    private record Run(int offset, int count, IntFunction<String> name) {
    }

    private final List<LayerSlots> layers;
    private final List<ConvSlots> convolutions;
    private final List<Run> runs;
    private final int parameterCount;

    public Layout(NetworkSpec network) {
        List<LayerSlots> slots = new ArrayList<>();
        List<ConvSlots> convs = new ArrayList<>();
        List<Run> named = new ArrayList<>();
        int offset = 0;
        int l = 0;
        for (Layer any : network.layers()) {
            if (any instanceof ConvLayer conv) {
                convs.add(new ConvSlots(conv, offset, offset + conv.weightCount()));
                named.add(new Run(offset, conv.parameterCount(), k -> Convolution.parameterName(k, conv.name(),
                        conv.input().channels(), conv.kernelH(), conv.kernelW(), conv.filters())));
                offset += conv.parameterCount();
                continue;
            }
            if (!(any instanceof DenseLayer layer)) {
                continue;
            }
            slots.add(new LayerSlots(layer, l++, offset, offset + layer.weightCount()));
            int inputs = layer.inputs();
            named.add(new Run(offset, layer.weightCount(),
                    k -> layer.name() + ".w[" + (k / inputs) + "][" + (k % inputs) + "]"));
            named.add(new Run(offset + layer.weightCount(), layer.units(), k -> layer.name() + ".b[" + k + "]"));
            offset += layer.parameterCount();
        }
        this.layers = List.copyOf(slots);
        this.convolutions = List.copyOf(convs);
        this.runs = List.copyOf(named);
        this.parameterCount = offset;
    }

    /** The dense layers' places, in order. */
    public List<LayerSlots> layers() {
        return layers;
    }

    /** The convolutions' places, in order. */
    public List<ConvSlots> convolutions() {
        return convolutions;
    }

    /**
     * Parameter names in storage order, {@code <layer>.w[j][i]} and {@code <layer>.b[j]}: a view that names a
     * parameter when asked, so a large network costs no string per parameter until one is printed.
     */
    public List<String> parameterNames() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                if (index < 0 || index >= parameterCount) {
                    throw new IndexOutOfBoundsException("parameter index " + index + " of " + parameterCount);
                }
                int r = runs.size() - 1;
                while (runs.get(r).offset() > index || runs.get(r).count() == 0) {
                    r--;
                }
                return runs.get(r).name().apply(index - runs.get(r).offset());
            }

            @Override
            public int size() {
                return parameterCount;
            }
        };
    }

    public int parameterCount() {
        return parameterCount;
    }
}
