package nnspec.runtime;

/** Parameter updates applied after each batch. */
public final class UpdateRules {
    private UpdateRules() {
    }

    /**
     * OPT-gd / OPT-sgd-minibatch: w := w - lr * (mean gradient over the batch). {@code gradientSums} holds the
     * gradients summed over the batch's samples, hence the division.
     */
    public static void sgd(double[] parameters, double[] gradientSums, double learningRate, int batchSize) {
        double scale = learningRate / batchSize;
        for (int k = 0; k < parameters.length; k++) {
            parameters[k] -= scale * gradientSums[k];
        }
    }

    /**
     * OPT-sgd-minibatch: turns gradients summed over a batch into their mean, in place (each sum divided by the
     * batch size, not multiplied by its reciprocal, so a batch of one leaves them exactly as they are).
     */
    public static void mean(double[] gradientSums, int batchSize) {
        for (int k = 0; k < gradientSums.length; k++) {
            gradientSums[k] /= batchSize;
        }
    }

    /**
     * OPT-perceptron-rule, the output term: w_i := w_i + lr (y - yhat) x_i and b := b + lr (y - yhat)
     * (000_a379626a3ad4bd0a.txt, "Example: perceptron training"). Written as a descent direction, the update is
     * sgd with the pseudo-gradient (yhat - y) x_i, so this returns yhat - y, the term that takes the place of
     * dL/dz; no activation derivative enters.
     */
    public static double perceptronDelta(double yhat, double y) {
        return yhat - y;
    }
}
