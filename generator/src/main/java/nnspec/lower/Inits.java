package nnspec.lower;

import nnspec.model.Init;
import nnspec.runtime.Initializers;

/** The model's initialisation conventions as the runtime names them, once for both back ends. */
public final class Inits {
    private Inits() {
    }

    public static Initializers.Normal normal(Init.Normal normal) {
        return switch (normal) {
            case PLAIN -> Initializers.Normal.PLAIN;
            case TRUNCATED -> Initializers.Normal.TRUNCATED_2SD;
        };
    }

    public static Initializers.HeVariance variance(Init.HeVariance variance) {
        return switch (variance) {
            case STANDARD -> Initializers.HeVariance.STANDARD;
            case DOUBLED_GLOROT_002 -> Initializers.HeVariance.DOUBLED_GLOROT_002;
        };
    }
}
