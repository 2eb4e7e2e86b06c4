package nnspec.formula;

import java.util.function.DoubleUnaryOperator;

/**
 * The documents' forward and backward formulas for a dense network, written out here independently of the
 * interpreter: z_l = W_l a_{l-1} + b_l, a_l = f_l(z_l) (LAYER-neuron-affine, LAYER-mlp-forward);
 * delta_L = dL/da_L (.) f_L'(z_L) (BP-output-delta), delta_l = (W_{l+1}^T delta_{l+1}) (.) f_l'(z_l)
 * (BP-hidden-delta), dL/dW_l = delta_l a_{l-1}^T and dL/db_l = delta_l (BP-param-grads), for the loss
 * L = (1/J) sum_j (a_j - y_j)^2 (nnspec's mse, mean over the J outputs). Parameters in the layout of
 * {@link nnspec.runtime.Model}.
 */
final class NetworkOracle {
    /** An elementwise activation and its derivative in terms of z, written here (Math, not the runtime). */
    enum Act {
        LINEAR("linear", z -> z, z -> 1.0),
        TANH("tanh", Math::tanh, z -> 1.0 - Math.tanh(z) * Math.tanh(z)),
        SIGMOID("sigmoid", z -> 1.0 / (1.0 + Math.exp(-z)), z -> {
            double s = 1.0 / (1.0 + Math.exp(-z));
            return s * (1.0 - s);
        }),
        RELU("relu", z -> z > 0 ? z : 0.0, z -> z > 0 ? 1.0 : 0.0);

        final String keyword;
        final DoubleUnaryOperator f;
        final DoubleUnaryOperator df;

        Act(String keyword, DoubleUnaryOperator f, DoubleUnaryOperator df) {
            this.keyword = keyword;
            this.f = f;
            this.df = df;
        }
    }

    final int[] sizes;
    final Act[] acts;
    final int[] offsets;
    final int parameterCount;

    /** {@code sizes[0]} inputs, then the units of each layer; {@code acts[l]} the activation of layer l. */
    NetworkOracle(int[] sizes, Act[] acts) {
        this.sizes = sizes.clone();
        this.acts = acts.clone();
        offsets = new int[acts.length];
        int k = 0;
        for (int l = 0; l < acts.length; l++) {
            offsets[l] = k;
            k += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        parameterCount = k;
    }

    /** The layer lines of a .nn network block for this architecture, weights initialised to zeros. */
    String[] layerLines() {
        String[] lines = new String[acts.length];
        for (int l = 0; l < acts.length; l++) {
            lines[l] = sizes[l + 1] + " " + acts[l].keyword + " init zeros";
        }
        return lines;
    }

    /** Forward pass: z[l] and a[l + 1] (a[0] = x). */
    record Pass(double[][] z, double[][] a) {
    }

    Pass forward(double[] p, double[] x) {
        int layers = acts.length;
        double[][] z = new double[layers][];
        double[][] a = new double[layers + 1][];
        a[0] = x.clone();
        for (int l = 0; l < layers; l++) {
            z[l] = NetworkModels.affine(p, offsets[l], a[l], sizes[l + 1]);
            a[l + 1] = new double[z[l].length];
            for (int j = 0; j < z[l].length; j++) {
                a[l + 1][j] = acts[l].f.applyAsDouble(z[l][j]);
            }
        }
        return new Pass(z, a);
    }

    double loss(double[] p, double[] x, double[] y) {
        double[] out = forward(p, x).a()[acts.length];
        double sum = 0.0;
        for (int j = 0; j < out.length; j++) {
            sum += (out[j] - y[j]) * (out[j] - y[j]);
        }
        return sum / out.length;
    }

    /** The deltas of every layer by the printed formulas (with W_{l+1} in the hidden rule). */
    double[][] deltas(double[] p, Pass pass, double[] y) {
        int last = acts.length - 1;
        double[][] delta = new double[acts.length][];
        double[] out = pass.a()[last + 1];
        delta[last] = new double[out.length];
        for (int j = 0; j < out.length; j++) {
            double dLda = 2.0 * (out[j] - y[j]) / out.length;
            delta[last][j] = dLda * acts[last].df.applyAsDouble(pass.z()[last][j]);
        }
        for (int l = last - 1; l >= 0; l--) {
            delta[l] = backThrough(p, l + 1, delta[l + 1], pass.z()[l], acts[l]);
        }
        return delta;
    }

    /** (W_k^T d) (.) f'(z): the hidden rule with the weights of layer {@code k}. */
    double[] backThrough(double[] p, int k, double[] d, double[] z, Act act) {
        int in = sizes[k];
        int units = sizes[k + 1];
        double[] result = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double sum = 0.0;
            for (int j = 0; j < units; j++) {
                sum += p[offsets[k] + j * in + i] * d[j];
            }
            result[i] = sum * act.df.applyAsDouble(z[i]);
        }
        return result;
    }

    /** dL/dp summed over samples by BP-param-grads: w[j][i] += delta_j a_i, b_j += delta_j. */
    double[] gradientSum(double[] p, double[][] xs, double[][] ys) {
        double[] g = new double[parameterCount];
        for (int s = 0; s < xs.length; s++) {
            Pass pass = forward(p, xs[s]);
            double[][] delta = deltas(p, pass, ys[s]);
            for (int l = 0; l < acts.length; l++) {
                int in = sizes[l];
                for (int j = 0; j < sizes[l + 1]; j++) {
                    for (int i = 0; i < in; i++) {
                        g[offsets[l] + j * in + i] += delta[l][j] * pass.a()[l][i];
                    }
                    g[offsets[l] + in * sizes[l + 1] + j] += delta[l][j];
                }
            }
        }
        return g;
    }
}
