package nnspec.model;

/**
 * A loss function of the language. {@code logBase} applies to the cross-entropies and is e unless the spec
 * names another base (001_aa0c02345369f2d3.txt, "Binary cross entropy", prints its values in bits).
 */
public record Loss(Kind kind, double logBase) {
    public enum Kind {
        MSE("mse"), MAE("mae"), BCE("bce"), CCE("cce");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public static Loss of(Kind kind) {
        return new Loss(kind, Math.E);
    }

    public boolean naturalLog() {
        return logBase == Math.E;
    }
}
