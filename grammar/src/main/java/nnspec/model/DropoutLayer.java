package nnspec.model;

import java.util.List;

/**
 * Dropout on the outputs of the layer before it, element by element (REG-dropout): while training each of its {@code width}
 * values is kept with probability 1 - p by a mask drawn from java.util.Random(seed) and scaled; in evaluation it
 * passes unchanged (inverted scaling) or times 1 - p (plain). The kernels are {@code nnspec.runtime.Dropout}'s.
 *
 * @param name    {@code dropout1}, {@code dropout2}, ... in the order the spec writes them
 * @param width   the number of values it takes and gives
 * @param value   the number the spec wrote, a drop or a keep probability as {@code written} says
 * @param written what that number means: {@link Rate#DROP} for {@code dropout 0.1} or {@code rate 0.1},
 *                {@link Rate#KEEP} for {@code keep 0.9}
 * @param scaling where the 1 / (1 - p) compensation is applied
 * @param seed    the seed of the masks, reset by the model's initialize()
 * @param pos     where {@code dropout} is written
 */
public record DropoutLayer(String name, int width, double value, Rate written, Scaling scaling, long seed,
                           SourcePos pos) implements Layer {
    /**
     * What the written number means: PyTorch's {@code Dropout(p)}, Keras's {@code Dropout(rate)},
     * 000_a379626a3ad4bd0a.txt and 003_be7c2a3ed43414a9.txt ("3.5.3 Dropout") give the probability of dropping;
     * Srivastava et al. (2014), followed by 002_db2ef66716d01cf4.txt's "Inverted dropout" slide, the probability of
     * keeping.
     */
    public enum Rate { DROP, KEEP }

    /** Inverted (PyTorch, Keras): training x r / (1 - p), evaluation x. Plain: training x r, evaluation x (1 - p). */
    public enum Scaling { INVERTED, PLAIN }

    /** The named parameters of {@code dropout}; a bare number after the keyword is {@code rate}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.fraction("rate", null, null,
                    "the probability of dropping an output, in [0, 1) (PyTorch p, Keras rate); or give keep"),
            ParamSpec.number("keep", 0, true, 1, false, null, null,
                    "the probability of keeping an output, in (0, 1] (Srivastava et al.); instead of rate"),
            ParamSpec.word("scaling", List.of("inverted", "plain"), "inverted", "inverted",
                    "inverted: kept outputs times 1 / (1 - p) while training (PyTorch, Keras); plain: times 1 - p"
                            + " in evaluation"),
            ParamSpec.integer("seed", 0, 0.0, 0.0, "the seed of the masks drawn while training"));

    @Override
    public Kind kind() {
        return Kind.DROPOUT;
    }

    @Override
    public int inputs() {
        return width;
    }

    @Override
    public int outputs() {
        return width;
    }

    /** The drop probability p; for a keep probability q written, 1 - q. */
    public double dropProbability() {
        return written == Rate.DROP ? value : 1.0 - value;
    }
}
