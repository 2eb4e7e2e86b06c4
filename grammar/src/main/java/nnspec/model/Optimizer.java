package nnspec.model;

/**
 * How parameters are updated after each batch. SGD follows the gradient of the loss; the perceptron rule of
 * 000_a379626a3ad4bd0a.txt ("Example: perceptron training") is a heuristic with no loss behind it.
 */
public record Optimizer(Kind kind, double learningRate) {
    public enum Kind {
        SGD("sgd"), PERCEPTRON("perceptron");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public boolean followsGradient() {
        return switch (kind) {
            case SGD -> true;
            case PERCEPTRON -> false;
        };
    }
}
