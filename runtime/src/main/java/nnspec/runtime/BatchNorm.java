package nnspec.runtime;

/**
 * Batch normalisation over a batch, feature by feature (Ioffe and Szegedy, 2015, Algorithm 1, as
 * 002_db2ef66716d01cf4.txt, "Batch normalization", and 000_a379626a3ad4bd0a.txt, "Batch normalisation", print it):
 * mu = (1/m) sum x_i, var = (1/m) sum (x_i - mu)^2 (the biased variance), x^_i = (x_i - mu) / sqrt(var + eps),
 * y_i = gamma x^_i + beta.
 *
 * <p>Layout: {@code x} and {@code y} are {@code [batch][features]}, row-major and flat (one sample per row);
 * {@code gamma}, {@code beta}, the batch statistics and the running statistics are {@code [features]}. For a
 * convolutional feature map, normalising per channel is the same computation with every pixel of a channel
 * counted as one more sample.
 *
 * <p>Gradient conventions as {@link Convolution}: dL/dx is written, dL/dgamma and dL/dbeta are added.
 */
public final class BatchNorm {
    private BatchNorm() {
    }

    /**
     * How the running statistics used at inference follow the batch statistics. The two frameworks use the word
     * momentum for opposite weights, and differ on the variance they average.
     */
    public enum RunningStatistics {
        /**
         * PyTorch {@code BatchNorm1d} (documentation): running = (1 - m) running + m batch, default m = 0.1, and the
         * variance averaged is the unbiased batch variance (m_batch / (m_batch - 1)) var; eps default 1e-5.
         */
        PYTORCH(0.1, 1e-5),
        /**
         * Keras {@code BatchNormalization} (documentation): moving = m moving + (1 - m) batch, default m = 0.99, and
         * the variance averaged is var(batch) as its moments op computes it: biased; eps default 1e-3.
         */
        KERAS(0.99, 1e-3);

        private final double defaultMomentum;
        private final double defaultEpsilon;

        RunningStatistics(double defaultMomentum, double defaultEpsilon) {
            this.defaultMomentum = defaultMomentum;
            this.defaultEpsilon = defaultEpsilon;
        }

        public double defaultMomentum() {
            return defaultMomentum;
        }

        public double defaultEpsilon() {
            return defaultEpsilon;
        }
    }

    /**
     * LAYER-batchnorm-forward in training mode: normalises with the batch's own statistics and stores them in
     * {@code mean} and {@code variance} (biased, divided by m) for {@link #backward} and
     * {@link #updateRunning}.
     */
    public static void forwardTraining(double[] x, int xFrom, int batch, int features, double[] gamma,
            int gammaFrom, double[] beta, int betaFrom, double epsilon, double[] y, int yFrom, double[] mean,
            int meanFrom, double[] variance, int varianceFrom) {
        for (int f = 0; f < features; f++) {
            double sum = 0.0;
            for (int i = 0; i < batch; i++) {
                sum += x[xFrom + i * features + f];
            }
            double mu = sum / batch;
            double squares = 0.0;
            for (int i = 0; i < batch; i++) {
                double d = x[xFrom + i * features + f] - mu;
                squares += d * d;
            }
            double var = squares / batch;
            mean[meanFrom + f] = mu;
            variance[varianceFrom + f] = var;
            normalise(x, xFrom, batch, features, f, mu, var, epsilon, gamma[gammaFrom + f], beta[betaFrom + f],
                    y, yFrom);
        }
    }

    /**
     * LAYER-batchnorm-forward in inference mode: the same affine map with the running statistics in place of the
     * batch's, so each sample's output depends on that sample only.
     */
    public static void forwardInference(double[] x, int xFrom, int batch, int features, double[] gamma,
            int gammaFrom, double[] beta, int betaFrom, double[] runningMean, int runningMeanFrom,
            double[] runningVariance, int runningVarianceFrom, double epsilon, double[] y, int yFrom) {
        for (int f = 0; f < features; f++) {
            normalise(x, xFrom, batch, features, f, runningMean[runningMeanFrom + f],
                    runningVariance[runningVarianceFrom + f], epsilon, gamma[gammaFrom + f], beta[betaFrom + f],
                    y, yFrom);
        }
    }

    private static void normalise(double[] x, int xFrom, int batch, int features, int f, double mu, double var,
            double epsilon, double gamma, double beta, double[] y, int yFrom) {
        double inverseStd = 1.0 / StrictMath.sqrt(var + epsilon);
        for (int i = 0; i < batch; i++) {
            int k = i * features + f;
            y[yFrom + k] = gamma * ((x[xFrom + k] - mu) * inverseStd) + beta;
        }
    }

    /**
     * Moves the running statistics towards one batch's (its biased {@code variance} as {@link #forwardTraining}
     * stores it) under {@code convention} with its {@code momentum}. PyTorch's unbiased correction needs a batch
     * of at least 2 (PyTorch refuses to train on one value per channel too).
     */
    public static void updateRunning(RunningStatistics convention, double momentum, int batch, int features,
            double[] mean, int meanFrom, double[] variance, int varianceFrom, double[] runningMean,
            int runningMeanFrom, double[] runningVariance, int runningVarianceFrom) {
        double keepOld;
        double takeNew;
        double correction;
        if (convention == RunningStatistics.PYTORCH) {
            if (batch < 2) {
                throw new IllegalArgumentException("the unbiased running variance needs a batch of at least 2");
            }
            keepOld = 1.0 - momentum;
            takeNew = momentum;
            correction = (double) batch / (batch - 1);
        } else {
            keepOld = momentum;
            takeNew = 1.0 - momentum;
            correction = 1.0;
        }
        for (int f = 0; f < features; f++) {
            runningMean[runningMeanFrom + f] = keepOld * runningMean[runningMeanFrom + f]
                    + takeNew * mean[meanFrom + f];
            runningVariance[runningVarianceFrom + f] = keepOld * runningVariance[runningVarianceFrom + f]
                    + takeNew * (correction * variance[varianceFrom + f]);
        }
    }

    /**
     * LAYER-batchnorm-backward and GRAD-batchnorm, through the batch statistics (training mode): with
     * g_i = dL/dy_i gamma and x^_i as in the forward pass,
     * dL/dx_i = (1 / (m sqrt(var + eps))) (m g_i - sum_k g_k - x^_i sum_k g_k x^_k),
     * dL/dgamma += sum_i dL/dy_i x^_i, dL/dbeta += sum_i dL/dy_i.
     * {@code mean} and {@code variance} are the batch statistics {@link #forwardTraining} stored.
     */
    public static void backward(double[] x, int xFrom, int batch, int features, double[] gamma, int gammaFrom,
            double[] mean, int meanFrom, double[] variance, int varianceFrom, double epsilon, double[] upstream,
            int upstreamFrom, double[] gradX, int gradXFrom, double[] gradGamma, int gradGammaFrom,
            double[] gradBeta, int gradBetaFrom) {
        for (int f = 0; f < features; f++) {
            double mu = mean[meanFrom + f];
            double inverseStd = 1.0 / StrictMath.sqrt(variance[varianceFrom + f] + epsilon);
            double g = gamma[gammaFrom + f];
            double sumUp = 0.0;
            double sumUpXhat = 0.0;
            for (int i = 0; i < batch; i++) {
                int k = i * features + f;
                double xhat = (x[xFrom + k] - mu) * inverseStd;
                sumUp += upstream[upstreamFrom + k];
                sumUpXhat += upstream[upstreamFrom + k] * xhat;
            }
            for (int i = 0; i < batch; i++) {
                int k = i * features + f;
                double xhat = (x[xFrom + k] - mu) * inverseStd;
                gradX[gradXFrom + k] = g * inverseStd / batch
                        * (batch * upstream[upstreamFrom + k] - sumUp - xhat * sumUpXhat);
            }
            gradGamma[gradGammaFrom + f] += sumUpXhat;
            gradBeta[gradBetaFrom + f] += sumUp;
        }
    }

    /**
     * LAYER-batchnorm-identity: the gamma that, with beta = the batch mean, makes y = x: sqrt(var + eps)
     * (002_db2ef66716d01cf4.txt, "Batch normalization", prints gamma = sigma_B, exact only for eps = 0).
     */
    public static double identityGamma(double variance, double epsilon) {
        return StrictMath.sqrt(variance + epsilon);
    }

    /**
     * The trace name of entry {@code k} of a batch normalisation's {@code 4 features} numbers in the parameter
     * array: {@code name.gamma[f]}, {@code name.beta[f]}, then the running statistics {@code name.running_mean[f]}
     * and {@code name.running_var[f]} (PyTorch's buffer names).
     */
    public static String parameterName(int k, String name, int features) {
        if (k < 0 || k >= 4 * features) {
            throw new IndexOutOfBoundsException("batch norm entry " + k);
        }
        String[] parts = {"gamma", "beta", "running_mean", "running_var"};
        return name + "." + parts[k / features] + "[" + (k % features) + "]";
    }

    /**
     * One batch normalisation layer over whole batches, as the interpreter runs it: it gathers the batch's samples
     * into the {@code [values][features]} layout of the kernels above (a sample of an image contributes its
     * {@code pixels} positions of each channel, stored channel by channel), runs them and scatters the results
     * back. Generated classes write these steps out for the layer's constants, taking a feature's values in this
     * gathering order (sample by sample, position by position), so that they compute the same bits. Its parameters live in the model's parameter array from {@code offset}: gamma[f], beta[f], then the
     * running mean and running variance, which the update rule does not change (their gradient is 0 and the
     * layer puts them back after the step; see {@link #holdRunning}).
     */
    public static final class Stage {
        private final int features;
        private final int pixels;
        private final int offset;
        private final double epsilon;
        private final double momentum;
        private final RunningStatistics convention;
        private double[] x = new double[0];
        private double[] y = new double[0];
        private double[] upstream = new double[0];
        private double[] gradX = new double[0];
        private final double[] mean;
        private final double[] variance;
        private final double[] held;

        public Stage(int features, int pixels, int offset, double epsilon, double momentum,
                RunningStatistics convention) {
            this.features = features;
            this.pixels = pixels;
            this.offset = offset;
            this.epsilon = epsilon;
            this.momentum = momentum;
            this.convention = convention;
            this.mean = new double[features];
            this.variance = new double[features];
            this.held = new double[2 * features];
        }

        /** gamma 1, beta 0, running mean 0, running variance 1 (PyTorch's and Keras's initial values). */
        public void initialize(double[] parameters) {
            for (int f = 0; f < features; f++) {
                parameters[offset + f] = 1.0;
                parameters[offset + features + f] = 0.0;
                parameters[offset + 2 * features + f] = 0.0;
                parameters[offset + 3 * features + f] = 1.0;
            }
        }

        private void room(int count) {
            int n = count * pixels * features;
            if (x.length < n) {
                x = new double[n];
                y = new double[n];
                upstream = new double[n];
                gradX = new double[n];
            }
        }

        /** Sample {@code from} (features x pixels, channel by channel) into rows k * pixels ... of {@code to}. */
        private void gather(double[] from, int k, double[] to) {
            for (int f = 0; f < features; f++) {
                for (int q = 0; q < pixels; q++) {
                    to[(k * pixels + q) * features + f] = from[f * pixels + q];
                }
            }
        }

        private void scatter(double[] from, int k, double[] to) {
            for (int f = 0; f < features; f++) {
                for (int q = 0; q < pixels; q++) {
                    to[f * pixels + q] = from[(k * pixels + q) * features + f];
                }
            }
        }

        /**
         * LAYER-batchnorm-forward in training mode over samples {@code in[0..count)} into {@code out[k]}, then the
         * running statistics' update.
         */
        public void forwardTraining(double[][] in, double[][] out, int count, double[] parameters) {
            int values = count * pixels;
            if (values < 2) {
                throw new IllegalArgumentException("batch normalisation needs more than one value per feature in a"
                        + " training batch; got a batch of " + count);
            }
            room(count);
            for (int k = 0; k < count; k++) {
                gather(in[k], k, x);
            }
            BatchNorm.forwardTraining(x, 0, values, features, parameters, offset, parameters, offset + features,
                    epsilon, y, 0, mean, 0, variance, 0);
            updateRunning(convention, momentum, values, features, mean, 0, variance, 0, parameters,
                    offset + 2 * features, parameters, offset + 3 * features);
            for (int k = 0; k < count; k++) {
                scatter(y, k, out[k]);
            }
        }

        /** LAYER-batchnorm-forward in inference mode for one sample, with the running statistics. */
        public void forwardInference(double[] in, double[] out, double[] parameters) {
            room(1);
            gather(in, 0, x);
            BatchNorm.forwardInference(x, 0, pixels, features, parameters, offset, parameters, offset + features,
                    parameters, offset + 2 * features, parameters, offset + 3 * features, epsilon, y, 0);
            scatter(y, 0, out);
        }

        /**
         * LAYER-batchnorm-backward over the batch of the last {@link #forwardTraining} (whose inputs {@code in}
         * must be unchanged): dL/d(out[k]) in {@code gradOut[k]}, dL/d(in[k]) written into {@code gradIn[k]}
         * (skipped when null), dL/dgamma and dL/dbeta added to {@code gradients}.
         */
        public void backward(double[][] in, double[][] gradOut, double[][] gradIn, int count, double[] parameters,
                double[] gradients) {
            room(count);
            for (int k = 0; k < count; k++) {
                gather(in[k], k, x);
                gather(gradOut[k], k, upstream);
            }
            BatchNorm.backward(x, 0, count * pixels, features, parameters, offset, mean, 0, variance, 0, epsilon,
                    upstream, 0, gradX, 0, gradients, offset, gradients, offset + features);
            if (gradIn != null) {
                for (int k = 0; k < count; k++) {
                    scatter(gradX, k, gradIn[k]);
                }
            }
        }

        /**
         * Keeps the running statistics aside before an update rule's step ({@code restore false}) and puts them
         * back after it ({@code restore true}): they are state, not learnt, and a weight decay must not shrink
         * them.
         */
        public void holdRunning(double[] parameters, boolean restore) {
            if (restore) {
                System.arraycopy(held, 0, parameters, offset + 2 * features, 2 * features);
            } else {
                System.arraycopy(parameters, offset + 2 * features, held, 0, 2 * features);
            }
        }
    }
}
