package nnspec.model;

import static nnspec.model.ParamSpec.nonNegative;

import java.util.List;

/**
 * A norm penalty added to the loss, and its gradient to the gradient. {@code params} holds the kind's
 * parameters, resolved: the strengths, which layers ({@code on}) and whether biases are included.
 */
public record Regularizer(Kind kind, Params params) {
    private static final ParamSpec ON = ParamSpec.word("on", List.of("all", "hidden", "output"), "all", "all",
            "which layers' weights: all, the hidden layers only (usual per " + Document.D003 + "), or the"
                    + " output layer");
    private static final ParamSpec BIASES = ParamSpec.word("biases", List.of("yes", "no"), "yes", "no",
            "whether biases are penalised: PyTorch's weight_decay decays every parameter, Keras's"
                    + " kernel_regularizer only the weights");
    private static final ParamSpec CONSTANT = ParamSpec.word("constant", List.of("lambda", "half", "half_m"),
            "half", "lambda", "the constant in front of both sums: lambda (Keras's L1 and L2), lambda/2 (the L2"
                    + " form whose gradient is PyTorch's weight decay lambda w), or lambda/(2m) with m the number of"
                    + " training samples (" + Document.D002 + ")");

    public enum Kind {
        L1("l1", List.of(nonNegative("lambda", null, null, "the strength of lambda sum |w|"), ON, BIASES)),
        L2("l2", List.of(nonNegative("lambda", null, null, "the strength of the L2 penalty"), CONSTANT, ON,
                BIASES)),
        ELASTIC("elastic", List.of(nonNegative("l1", null, null, "the strength of the L1 part"),
                nonNegative("l2", null, null, "the strength of the L2 part"), CONSTANT, ON, BIASES));

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
}
