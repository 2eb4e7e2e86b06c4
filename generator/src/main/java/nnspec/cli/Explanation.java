package nnspec.cli;

import java.util.ArrayList;
import java.util.List;
import nnspec.model.ConvLayer;
import nnspec.model.DenseLayer;
import nnspec.model.DropoutLayer;
import nnspec.model.BatchNormLayer;
import nnspec.model.FlattenLayer;
import nnspec.model.Layer;
import nnspec.model.NetworkSpec;
import nnspec.model.PoolLayer;
import nnspec.model.Shape;

/**
 * What {@code nnspec compile --explain} prints: a network's layers in order, each with what it is, the shape it
 * gives (CxHxW for an image, a number for a vector) and its parameter count, as Keras's {@code model.summary()}.
 */
final class Explanation {
    private Explanation() {
    }

    static List<String> of(NetworkSpec network) {
        List<String> lines = new ArrayList<>();
        lines.add("network " + network.name() + ": " + network.parameterCount() + " parameters");
        lines.add(row("input", "", network.input(), 0));
        Shape shape = network.input();
        for (Layer layer : network.layers()) {
            String what;
            int parameters = 0;
            switch (layer.kind()) {
                case DENSE -> {
                    DenseLayer d = (DenseLayer) layer;
                    what = "dense " + d.units() + " " + d.activation().keyword();
                    shape = Shape.vector(d.outputs());
                    parameters = d.parameterCount();
                }
                case DROPOUT -> what = "dropout " + ((DropoutLayer) layer).dropProbability();
                case CONV -> {
                    ConvLayer c = (ConvLayer) layer;
                    what = "conv " + c.filters() + " " + c.kernelH() + "x" + c.kernelW() + " stride " + c.strideText()
                            + " padding " + c.padding() + " dilation " + c.dilationText() + " "
                            + c.activation().keyword();
                    shape = c.output();
                    parameters = c.parameterCount();
                }
                case POOL -> {
                    PoolLayer p = (PoolLayer) layer;
                    what = p.mode().keyword() + " " + p.windowH() + "x" + p.windowW() + " stride " + p.strideText()
                            + " padding " + p.padding() + (p.ceil() ? " ceil" : "")
                            + (p.mode() == PoolLayer.Mode.AVERAGE && !p.countPadding() ? " count_padding no" : "");
                    shape = p.output();
                }
                case FLATTEN -> {
                    what = "flatten";
                    shape = Shape.vector(((FlattenLayer) layer).outputs());
                }
                case BATCHNORM -> {
                    BatchNormLayer b = (BatchNormLayer) layer;
                    // per channel or per feature shows in the shape
                    what = "batchnorm " + b.convention().keyword() + " momentum " + b.momentum() + " eps "
                            + b.epsilon() + (b.placement() == BatchNormLayer.Placement.BEFORE ? " before" : "");
                    parameters = b.parameterCount();
                }
                default -> throw new IllegalStateException(layer.kind().name());
            }
            lines.add(row(layer.name(), what, shape, parameters));
        }
        return lines;
    }

    private static String row(String name, String what, Shape shape, int parameters) {
        return String.format(java.util.Locale.ROOT, "  %-10s %-48s -> %-10s %s", name, what, shape,
                parameters == 0 ? "" : parameters + " parameters").stripTrailing();
    }
}
