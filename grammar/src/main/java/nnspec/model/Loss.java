package nnspec.model;

import static nnspec.model.ParamSpec.positive;
import static nnspec.model.ParamSpec.word;

import java.util.List;

/**
 * A loss function of the language. {@code logBase} applies to the cross-entropies and is e unless the spec
 * names another base (001_aa0c02345369f2d3.txt, "Binary cross entropy", prints its values in bits).
 * {@code params} holds the kind's {@link Kind#params()}, resolved.
 */
public record Loss(Kind kind, double logBase, Params params) {
    /** How a sample's per-output terms combine, and how a batch's sample losses combine. */
    private static final ParamSpec OUTPUTS = word("outputs", List.of("mean", "sum"), null, null,
            "the per-output terms are averaged (mean) or added (sum); mean as PyTorch's MSELoss, L1Loss, BCELoss");
    private static final ParamSpec SAMPLES = word("samples", List.of("mean", "sum"), "mean", "mean",
            "a batch's loss (and so its gradient) is the mean or the sum of its sample losses; PyTorch and Keras: mean");
    private static final ParamSpec CLIP = word("clip", List.of("log", "probability"), "log", "probability",
            "PyTorch's BCELoss clamps log(p) at -100 (log); Keras clips p to [1e-7, 1 - 1e-7] (probability)");

    private static final ParamSpec FROM = word("from", List.of("probabilities", "logits"), "probabilities",
            "probabilities", "probabilities from a sigmoid or softmax output (BCELoss), or logits from a linear output"
                    + " with the sigmoid or softmax fused into the loss in its stable form (BCEWithLogitsLoss,"
                    + " CrossEntropyLoss)");

    public enum Kind {
        MSE("mse", List.of(withDefault(OUTPUTS, "mean"), SAMPLES)),
        MAE("mae", List.of(withDefault(OUTPUTS, "mean"), SAMPLES)),
        HUBER("huber", List.of(positive("delta", 1.0, 1.0,
                "where the quadratic part ends; PyTorch HuberLoss and Keras Huber default 1"),
                withDefault(OUTPUTS, "mean"), SAMPLES)),
        BCE("bce", List.of(FROM, CLIP, withDefault(OUTPUTS, "mean"), SAMPLES)),
        CCE("cce", List.of(FROM, CLIP, withDefault(OUTPUTS, "sum"), SAMPLES));

        private final String keyword;
        private final List<ParamSpec> params;

        Kind(String keyword, List<ParamSpec> params) {
            this.keyword = keyword;
            this.params = List.copyOf(params);
        }

        public String keyword() {
            return keyword;
        }

        public List<ParamSpec> params() {
            return params;
        }

        /** Cross-entropies take a log base. */
        public boolean logarithmic() {
            return this == BCE || this == CCE;
        }
    }

    private static ParamSpec withDefault(ParamSpec spec, String value) {
        return word(spec.name(), spec.words(), value, value, spec.meaning());
    }

    /** The loss with every parameter at its PyTorch default. */
    public static Loss of(Kind kind) {
        return of(kind, Math.E);
    }

    public static Loss of(Kind kind, double logBase) {
        return new Loss(kind, logBase, Params.defaults(kind.params(), Convention.PYTORCH, "loss " + kind.keyword()));
    }

    public boolean naturalLog() {
        return logBase == Math.E;
    }

    /** True when a sample's loss is the mean of its per-output terms, false when their sum. */
    public boolean meanOverOutputs() {
        return params.word("outputs").equals("mean");
    }

    /** True when a batch's loss is the mean of its sample losses, false when their sum. */
    public boolean meanOverSamples() {
        return params.word("samples").equals("mean");
    }

    /** For bce and cce: the output layer is linear and the loss takes its logits. */
    public boolean fromLogits() {
        return params.words().getOrDefault("from", "probabilities").equals("logits");
    }

    /** For bce and cce: Keras's probability clipping instead of PyTorch's clamped log. */
    public boolean clipsProbability() {
        return params.words().getOrDefault("clip", "log").equals("probability");
    }
}
