package nnspec.model;

import java.util.List;

/**
 * Batch normalisation of the layer before it (PyTorch {@code BatchNorm1d} after a dense layer, one feature per
 * unit; {@code BatchNorm2d} after a convolution, one feature per channel, every position of a channel counted as
 * one more value): in training the batch's mean and biased variance, a learnable scale gamma (starting at 1) and
 * shift beta (starting at 0), and running statistics for evaluation; the kernels are
 * {@code nnspec.runtime.BatchNorm}'s.
 *
 * @param name       {@code batchnorm1}, ... in the order the spec writes them, or the name the spec gives
 * @param input      the shape it normalises (and gives)
 * @param features   the number of statistics kept: units of a vector, channels of an image
 * @param epsilon    added to the variance before its square root
 * @param momentum   the weight of the running statistics' update, in the {@code convention}'s sense
 * @param convention whose running statistics: PyTorch (running = (1 - m) running + m batch, unbiased variance)
 *                   or Keras (running = m running + (1 - m) batch, biased variance)
 * @param placement  {@link Placement#AFTER} the previous layer's activation, or {@link Placement#BEFORE} it
 * @param pos        where {@code batchnorm} is written
 */
public record BatchNormLayer(String name, Shape input, int features, double epsilon, double momentum,
                             Convention convention, Placement placement, SourcePos pos) implements Layer {
    /**
     * Where the normalisation sits relative to the previous layer's activation f. AFTER: y = BN(f(z)), a layer of
     * its own on the previous layer's outputs (PyTorch's and Keras's Sequential order when BatchNorm is written
     * after the activation). BEFORE: the previous layer gives z, then f(BN(z)) (Ioffe and Szegedy's placement,
     * "before the nonlinearity").
     */
    public enum Placement {
        BEFORE("before"), AFTER("after");

        private final String keyword;

        Placement(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** The settings of {@code batchnorm}; epsilon's and momentum's defaults are those of its own convention. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.positive("epsilon", 1e-5, 1e-3,
                    "added to the variance before its square root (PyTorch eps 1e-5, Keras epsilon 1e-3)"),
            ParamSpec.number("momentum", 0, false, 1, false, 0.1, 0.99,
                    "PyTorch: running = (1 - m) running + m batch (default 0.1); Keras: moving = m moving +"
                            + " (1 - m) batch (default 0.99)"),
            ParamSpec.word("convention", List.of("pytorch", "keras"), "pytorch", "keras",
                    "whose running statistics: pytorch (unbiased running variance) or keras (biased); the train"
                            + " block's convention unless given"),
            ParamSpec.word("placement", List.of("after", "before"), "after", "after",
                    "after: normalises the previous layer's activations; before: its pre-activations z, and the"
                            + " activation follows the normalisation"));

    @Override
    public Kind kind() {
        return Kind.BATCHNORM;
    }

    @Override
    public int inputs() {
        return input.size();
    }

    @Override
    public int outputs() {
        return input.size();
    }

    /** Values per feature and sample: 1 for a vector, height x width for an image. */
    public int pixels() {
        return input.image() ? input.height() * input.width() : 1;
    }

    /** Learnable gamma and beta, then the running mean and variance: four numbers per feature. */
    public int parameterCount() {
        return 4 * features;
    }
}
