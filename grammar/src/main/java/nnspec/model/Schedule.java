package nnspec.model;

import static nnspec.model.ParamSpec.integer;
import static nnspec.model.ParamSpec.nonNegative;
import static nnspec.model.ParamSpec.number;
import static nnspec.model.ParamSpec.positive;

import java.util.List;

/**
 * How the learning rate changes during training. {@code params} holds the kind's parameters, resolved; the
 * parameter {@code per} says whether t counts steps (updates) or epochs.
 */
public record Schedule(Kind kind, Params params) {
    private static final ParamSpec PER = ParamSpec.word("per", List.of("step", "epoch"), "epoch", "step",
            "what t counts: PyTorch's schedulers are stepped once per epoch by convention, Keras's"
                    + " LearningRateSchedule is called per step");

    public enum Kind {
        CONSTANT("constant", List.of(PER)),
        STEP("step", List.of(integer("every", 1, null, null, "t between drops"),
                positive("gamma", 0.1, 0.1, "the factor of each drop; PyTorch StepLR default 0.1"), PER)),
        EXPONENTIAL("exponential", List.of(number("gamma", 0, true, 1, false, null, null,
                "the factor per unit of t"), PER)),
        INVERSE_TIME("inverse_time", List.of(nonNegative("decay", null, null,
                "beta of lr / (1 + beta t) (" + Document.D003 + ")"), PER)),
        COSINE("cosine", List.of(nonNegative("min", 0.0, 0.0, "the rate at the end of the period"),
                integer("period", 1, null, null, "T, the length of the half cosine"),
                ParamSpec.word("after", List.of("continue", "hold", "restart"), "continue", "hold",
                        "after T: follow the cosine back up (PyTorch CosineAnnealingLR), hold min (Keras"
                                + " CosineDecay), or restart at lr (SGDR)"),
                ParamSpec.word("form", List.of("closed", "recursive"), "closed", "closed",
                        "the closed form, or each rate from the previous one as PyTorch's CosineAnnealingLR"
                                + " computes it (which continues after T)"), PER)),
        CYCLICAL("cyclical", List.of(positive("max", null, null, "the peak of each cycle (the base is lr)"),
                integer("half_period", 1, null, null, "t from base to peak"), PER)),
        LINEAR("linear", List.of(nonNegative("final", null, null, "the rate reached at t = tau, then kept"),
                integer("steps", 1, null, null, "tau, when the linear decay ends (" + Document.D001 + ")"),
                PER));

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
    }

    /** True when t counts steps, false when it counts epochs. */
    public boolean perStep() {
        return params.word("per").equals("step");
    }
}
