package nnspec.claims;

/**
 * 000's 2-2-1 network (ReLU hidden layer, sigmoid output), written out by hand as an oracle independent of the
 * runtime: parameters in the order of the document's tables (w11, w12, b1, w21, w22, b2, w31, w32, b3), one
 * sample per step, the binary cross-entropy of 000 "Example: multi-layer perceptron training" or the squared error,
 * and a chosen value of ReLU's derivative at 0.
 */
final class Mlp221 {
    final double[] p;
    private final double reluSlopeAtZero;
    private final boolean squaredError;
    private boolean sigmoidHidden;

    /** What one step saw before its update. */
    record Step(double z3, double yhat, double loss, double[] hiddenGradient) {
    }

    Mlp221(double[] parameters, double reluSlopeAtZero, boolean squaredError) {
        this.p = parameters.clone();
        this.reluSlopeAtZero = reluSlopeAtZero;
        this.squaredError = squaredError;
    }

    /** The same network with sigmoid hidden units instead of ReLU (000 L365's alternative). */
    Mlp221 withSigmoidHidden() {
        sigmoidHidden = true;
        return this;
    }

    private double hidden(double z) {
        return sigmoidHidden ? sigmoid(z) : relu(z);
    }

    private double hiddenSlope(double z) {
        return sigmoidHidden ? sigmoid(z) * (1 - sigmoid(z)) : reluSlope(z);
    }

    static double relu(double z) {
        return z > 0 ? z : 0;
    }

    double reluSlope(double z) {
        return z > 0 ? 1 : z < 0 ? 0 : reluSlopeAtZero;
    }

    static double z3(double[] p, double x1, double x2) {
        return p[6] * relu(p[0] * x1 + p[1] * x2 + p[2]) + p[7] * relu(p[3] * x1 + p[4] * x2 + p[5]) + p[8];
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** The prediction for one input, without training. */
    double predict(double x1, double x2) {
        double a1 = hidden(p[0] * x1 + p[1] * x2 + p[2]);
        double a2 = hidden(p[3] * x1 + p[4] * x2 + p[5]);
        return sigmoid(p[6] * a1 + p[7] * a2 + p[8]);
    }

    Step step(double x1, double x2, double y, double learningRate) {
        double z1 = p[0] * x1 + p[1] * x2 + p[2];
        double z2 = p[3] * x1 + p[4] * x2 + p[5];
        double a1 = hidden(z1);
        double a2 = hidden(z2);
        double z3 = p[6] * a1 + p[7] * a2 + p[8];
        double yhat = sigmoid(z3);
        double loss;
        double dz3;
        if (squaredError) {
            loss = (y - yhat) * (y - yhat);
            dz3 = 2 * (yhat - y) * yhat * (1 - yhat);
        } else {
            loss = -(y * Math.log(yhat) + (1 - y) * Math.log(1 - yhat));
            dz3 = yhat - y;
        }
        double dz1 = dz3 * p[6] * hiddenSlope(z1);
        double dz2 = dz3 * p[7] * hiddenSlope(z2);
        double[] g = {dz1 * x1, dz1 * x2, dz1, dz2 * x1, dz2 * x2, dz2, dz3 * a1, dz3 * a2, dz3};
        for (int i = 0; i < p.length; i++) {
            p[i] -= learningRate * g[i];
        }
        return new Step(z3, yhat, loss, new double[] {g[0], g[1], g[2], g[3], g[4], g[5]});
    }
}
