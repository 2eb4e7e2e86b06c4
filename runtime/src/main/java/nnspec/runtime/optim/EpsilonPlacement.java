package nnspec.runtime.optim;

/**
 * Where the small constant of an adaptive rule enters its denominator. The frameworks disagree under the same
 * names, so a model moved between them changes its steps unless this is named.
 */
public enum EpsilonPlacement {
    /**
     * g / (sqrt(s) + eps): PyTorch's Adagrad and RMSprop (torch.optim documentation), and the forms printed in
     * 003_be7c2a3ed43414a9.txt ("AdaGrad", "RMSProp", 3.4.3, 3.4.5).
     */
    OUTSIDE_ROOT,
    /**
     * g / sqrt(s + eps): Keras 3 Adagrad and RMSprop (keras/src/optimizers/adagrad.py, rmsprop.py, update_step),
     * and the RMSProp form printed in 000_a379626a3ad4bd0a.txt ("Optimisers - RMSProp").
     */
    INSIDE_ROOT;

    /** The denominator for accumulated square {@code s}. */
    double denominator(double s, double epsilon) {
        return this == OUTSIDE_ROOT ? StrictMath.sqrt(s) + epsilon : StrictMath.sqrt(s + epsilon);
    }
}
