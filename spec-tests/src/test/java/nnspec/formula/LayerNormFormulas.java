package nnspec.formula;

import nnspec.model.Document;
import java.util.ArrayList;
import java.util.List;
import nnspec.runtime.BatchNorm;
import nnspec.runtime.BatchNorm.RunningStatistics;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.numbers.fraction.BigFraction;
import org.opentest4j.AssertionFailedError;

/** Registry entries of batch normalisation (LAYER-batchnorm-*, GRAD-batchnorm). */
final class LayerNormFormulas {
    static final String D0 = Document.D000 + ", \"Batch normalisation\"";
    static final String D2 = Document.D002 + ", \"Batch normalization\"";
    static final String D3 = Document.D003 + ", \"Batch Normalization\"";
    static final String TORCH = "PyTorch torch.nn.BatchNorm1d documentation";
    static final String KERAS = "Keras BatchNormalization documentation";
    static final double TOL = 1e-9;
    static final int CASES = 100;

    /**
     * The hand-worked batch: 4 samples, 2 features, eps = 1/2. Feature 0: x = [1, 2, 3, 6], mean 3, biased variance
     * 7/2 (unbiased 14/3), sqrt(var + eps) = 2, gamma 2, beta 1: y = [-1, 0, 1, 4]. Feature 1: x = [4, 5, 5, 6],
     * mean 5, variance 1/2, sqrt(var + eps) = 1, gamma -1, beta 0: y = [1, 0, 0, -1].
     */
    static final double[] X = {1, 4, 2, 5, 3, 5, 6, 6};
    static final double[] GAMMA = {2, -1};
    static final double[] BETA = {1, 0};
    static final double EPS = 0.5;
    static final double[] Y = {-1, 1, 0, 0, 1, 0, 4, -1};

    private LayerNormFormulas() {
    }

    /** Forward in training mode; returns y, and writes the batch statistics to mean and variance. */
    static double[] train(double[] x, int batch, int features, double[] gamma, double[] beta, double eps,
            double[] mean, double[] variance) {
        double[] y = new double[x.length];
        BatchNorm.forwardTraining(x, 0, batch, features, gamma, 0, beta, 0, eps, y, 0, mean, 0, variance, 0);
        return y;
    }

    static double[] train(double[] x, int batch, int features, double[] gamma, double[] beta, double eps) {
        return train(x, batch, features, gamma, beta, eps, new double[features], new double[features]);
    }

    /** Backward: returns {dx, dgamma, dbeta}. */
    static double[][] backward(double[] x, int batch, int features, double[] gamma, double[] beta, double eps,
            double[] upstream) {
        double[] mean = new double[features];
        double[] variance = new double[features];
        train(x, batch, features, gamma, beta, eps, mean, variance);
        double[] dx = new double[x.length];
        double[] dg = new double[features];
        double[] db = new double[features];
        BatchNorm.backward(x, 0, batch, features, gamma, 0, mean, 0, variance, 0, eps, upstream, 0, dx, 0, dg, 0,
                db, 0);
        return new double[][] {dx, dg, db};
    }

    /** A generated batch: 2-6 samples, 1-3 features, x in [-3, 3], gamma in [0.5, 2] with a random sign. */
    record Batch(int batch, int features, double[] x, double[] gamma, double[] beta, double eps, double[] up) {
    }

    /**
     * Generated batches keep every feature's batch standard deviation at least this far from 0: near 0 (with eps
     * 1e-5) x^ is close to a step function of x, and the finite-difference stencil (span 6e-3) would straddle it.
     */
    static final double MIN_STD = 0.25;

    static Batch generate(org.apache.commons.rng.UniformRandomProvider random) {
        while (true) {
            Batch b = draw(random);
            boolean spread = true;
            for (int f = 0; f < b.features(); f++) {
                double mean = 0;
                for (int i = 0; i < b.batch(); i++) {
                    mean += b.x()[i * b.features() + f] / b.batch();
                }
                double var = 0;
                for (int i = 0; i < b.batch(); i++) {
                    double d = b.x()[i * b.features() + f] - mean;
                    var += d * d / b.batch();
                }
                spread &= Math.sqrt(var) >= MIN_STD;
            }
            if (spread) {
                return b;
            }
        }
    }

    private static Batch draw(org.apache.commons.rng.UniformRandomProvider random) {
        int batch = 2 + random.nextInt(5);
        int features = 1 + random.nextInt(3);
        double[] gamma = Cases.uniform(random, features, 0.5, 2);
        for (int f = 0; f < features; f++) {
            gamma[f] *= random.nextBoolean() ? 1 : -1;
        }
        double eps = random.nextBoolean() ? 1e-5 : 0.1;
        return new Batch(batch, features, Cases.uniform(random, batch * features, -3, 3), gamma,
                Cases.uniform(random, features, -1, 1), eps, Cases.uniform(random, batch * features, -1, 1));
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(forwardTraining());
        all.add(running(RunningStatistics.PYTORCH));
        all.add(running(RunningStatistics.KERAS));
        all.add(inference());
        all.add(identity());
        all.add(backwardParameters());
        all.add(backwardInput());
        return all;
    }

    private static Formula forwardTraining() {
        return new Formula("LAYER-batchnorm-forward", "training mode: batch mean, biased batch variance",
                "BatchNorm.forwardTraining",
                List.of(D0, D2, D3, TORCH),
                List.of("per feature over the batch; variance biased (1/m), as every document and both frameworks"
                        + " normalise", "eps inside the square root"),
                TOL, List.of(
                        new Check("values of a hand-worked batch of 4 x 2, eps 1/2: y = [[-1, 1], [0, 0], [1, 0],"
                                + " [4, -1]], mean [3, 5], variance [7/2, 1/2] (hand, exact)", () -> {
                                    double[] mean = new double[2];
                                    double[] variance = new double[2];
                                    LayerNaive.assertArrayExactly(Y, train(X, 4, 2, GAMMA, BETA, EPS, mean,
                                            variance), "y");
                                    LayerNaive.assertArrayExactly(new double[] {3, 5}, mean, "mean");
                                    LayerNaive.assertArrayExactly(new double[] {3.5, 0.5}, variance, "variance");
                                }),
                        new Check("printed variance (1/m) sum (x - mu)^2 of 000 and 002 is the biased 7/2 = 14/4,"
                                + " not the unbiased 14/3 (exact fractions)", () -> {
                                    BigFraction squares = BigFraction.of(4 + 1 + 0 + 9);
                                    double[] variance = new double[2];
                                    train(X, 4, 2, GAMMA, BETA, EPS, new double[2], variance);
                                    Checks.assertExactly(squares.divide(4).doubleValue(), variance[0], "biased");
                                    if (variance[0] == squares.divide(3).doubleValue()) {
                                        throw new AssertionFailedError("unbiased variance used");
                                    }
                                }),
                        new Check("output of each feature has mean beta and biased variance gamma^2 var / (var +"
                                + " eps) over the batch (property) at " + CASES + " generated batches", () ->
                                Cases.run(CASES, Checks.SEED + 200, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[] mean = new double[b.features()];
                                    double[] variance = new double[b.features()];
                                    double[] y = train(b.x(), b.batch(), b.features(), b.gamma(), b.beta(), b.eps(),
                                            mean, variance);
                                    for (int f = 0; f < b.features(); f++) {
                                        double m = 0;
                                        double v = 0;
                                        double xm = 0;
                                        for (int i = 0; i < b.batch(); i++) {
                                            m += y[i * b.features() + f] / b.batch();
                                            xm += b.x()[i * b.features() + f] / b.batch();
                                        }
                                        double xv = 0;
                                        for (int i = 0; i < b.batch(); i++) {
                                            double d = y[i * b.features() + f] - m;
                                            v += d * d / b.batch();
                                            double e = b.x()[i * b.features() + f] - xm;
                                            xv += e * e / b.batch();
                                        }
                                        double g = b.gamma()[f];
                                        Checks.assertClose(b.beta()[f], m, 1e-12, "mean of feature " + f);
                                        Checks.assertClose(g * g * xv / (xv + b.eps()), v, 1e-12,
                                                "variance of feature " + f);
                                    }
                                })),
                        new Check("printed words: 002 says 'divide by variance', 003 calls sigma_B^2 the standard"
                                + " deviation; both formulas divide by sqrt(var + eps): dividing by var + eps instead"
                                + " gives [0, 1/2, 1, 5/2] on feature 0, not y = [-1, 0, 1, 4] (hand)", () -> {
                                    double[] y = train(X, 4, 2, GAMMA, BETA, EPS);
                                    double[] byVariance = {2 * (1 - 3) / 4.0 + 1, 2 * (2 - 3) / 4.0 + 1,
                                        2 * (3 - 3) / 4.0 + 1, 2 * (6 - 3) / 4.0 + 1};
                                    LayerNaive.assertArrayExactly(new double[] {-1, 0, 1, 4}, new double[] {y[0], y[2],
                                        y[4], y[6]}, "feature 0");
                                    LayerNaive.assertArrayExactly(new double[] {0, 0.5, 1, 2.5}, byVariance,
                                            "divided by var + eps");
                                })));
    }

    private static Formula running(RunningStatistics convention) {
        boolean torch = convention == RunningStatistics.PYTORCH;
        double m = convention.defaultMomentum();
        // running mean and variance after one update from [0, 0] and [1, 1] with the hand batch, exact fractions
        BigFraction mom = torch ? BigFraction.of(1, 10) : BigFraction.of(99, 100);
        BigFraction keepOld = torch ? BigFraction.ONE.subtract(mom) : mom;
        BigFraction takeNew = BigFraction.ONE.subtract(keepOld);
        BigFraction[] batchVar = torch
                ? new BigFraction[] {BigFraction.of(14, 3), BigFraction.of(2, 3)}
                : new BigFraction[] {BigFraction.of(7, 2), BigFraction.of(1, 2)};
        double[] expectedMean = {takeNew.multiply(3).doubleValue(), takeNew.multiply(5).doubleValue()};
        double[] expectedVar = {keepOld.add(takeNew.multiply(batchVar[0])).doubleValue(),
            keepOld.add(takeNew.multiply(batchVar[1])).doubleValue()};
        return new Formula("LAYER-batchnorm-forward", "running statistics, " + convention.name().toLowerCase()
                + " convention",
                "BatchNorm.updateRunning, BatchNorm.RunningStatistics." + convention.name(),
                List.of(D2 + " (test time uses training-set statistics)", torch ? TORCH : KERAS),
                List.of(torch ? "running = (1 - m) running + m batch, m = 0.1, unbiased batch variance, eps 1e-5"
                        : "moving = m moving + (1 - m) batch, m = 0.99, biased batch variance, eps 1e-3"),
                1e-15, List.of(
                        new Check("one update from mean 0, variance 1 with the hand batch: mean "
                                + (torch ? "[3/10, 1/2], variance [41/30, 29/30]" : "[3/100, 1/20], variance"
                                + " [41/40, 199/200]") + " (exact fractions)", () -> {
                                    double[] rm = {0, 0};
                                    double[] rv = {1, 1};
                                    double[] mean = new double[2];
                                    double[] variance = new double[2];
                                    train(X, 4, 2, GAMMA, BETA, EPS, mean, variance);
                                    BatchNorm.updateRunning(convention, m, 4, 2, mean, 0, variance, 0, rm, 0, rv, 0);
                                    LayerNaive.assertArray(expectedMean, rm, 1e-15, "running mean");
                                    LayerNaive.assertArray(expectedVar, rv, 1e-15, "running variance");
                                }),
                        new Check("the two conventions agree on the mean with m_keras = 1 - m_pytorch and part on"
                                + " the variance by the factor m/(m - 1) on the batch term (property, "
                                + CASES + " generated batches)", () ->
                                Cases.run(CASES, Checks.SEED + 210, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[] mean = new double[b.features()];
                                    double[] variance = new double[b.features()];
                                    train(b.x(), b.batch(), b.features(), b.gamma(), b.beta(), b.eps(), mean,
                                            variance);
                                    double mt = random.nextDouble();
                                    double[] tm = Cases.uniform(random, b.features(), -1, 1);
                                    double[] tv = Cases.uniform(random, b.features(), 0.5, 2);
                                    double[] km = tm.clone();
                                    double[] kv = tv.clone();
                                    BatchNorm.updateRunning(RunningStatistics.PYTORCH, mt, b.batch(), b.features(),
                                            mean, 0, variance, 0, tm, 0, tv, 0);
                                    BatchNorm.updateRunning(RunningStatistics.KERAS, 1 - mt, b.batch(), b.features(),
                                            mean, 0, variance, 0, km, 0, kv, 0);
                                    for (int f = 0; f < b.features(); f++) {
                                        Checks.assertClose(tm[f], km[f], 1e-14, "mean");
                                        double diff = tv[f] - kv[f];
                                        Checks.assertClose(mt * variance[f] / (b.batch() - 1), diff, 1e-14,
                                                "variance difference");
                                    }
                                }))));
    }

    private static Formula inference() {
        return new Formula("LAYER-batchnorm-forward", "inference mode: running statistics",
                "BatchNorm.forwardInference",
                List.of(D2 + " (at test time, statistics of the whole training set)", TORCH, KERAS),
                List.of("y = gamma (x - running mean) / sqrt(running variance + eps) + beta, per sample"),
                TOL, List.of(
                        new Check("values with running mean [1, 4], variance [7/2, 1/2], eps 1/2: y = [[1, 0],"
                                + " [2, -1], [3, -1], [6, -2]] (hand)", () -> {
                                    double[] y = new double[8];
                                    BatchNorm.forwardInference(X, 0, 4, 2, GAMMA, 0, BETA, 0, new double[] {1, 4}, 0,
                                            new double[] {3.5, 0.5}, 0, EPS, y, 0);
                                    LayerNaive.assertArrayExactly(new double[] {1, 0, 2, -1, 3, -1, 6, -2}, y, "y");
                                }),
                        new Check("with the batch's own mean and biased variance as running statistics, inference"
                                + " equals training mode (property, " + CASES + " generated batches)", () ->
                                Cases.run(CASES, Checks.SEED + 220, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[] mean = new double[b.features()];
                                    double[] variance = new double[b.features()];
                                    double[] y = train(b.x(), b.batch(), b.features(), b.gamma(), b.beta(), b.eps(),
                                            mean, variance);
                                    double[] z = new double[y.length];
                                    BatchNorm.forwardInference(b.x(), 0, b.batch(), b.features(), b.gamma(), 0,
                                            b.beta(), 0, mean, 0, variance, 0, b.eps(), z, 0);
                                    LayerNaive.assertArrayExactly(y, z, "inference vs training");
                                }))));
    }

    private static Formula identity() {
        return new Formula("LAYER-batchnorm-identity", "gamma = sqrt(var + eps), beta = mean gives y = x",
                "BatchNorm.identityGamma",
                List.of(D2),
                List.of("exact identity needs gamma = sqrt(sigma_B^2 + eps); the printed gamma = sigma_B only for"
                        + " eps = 0"),
                1e-12, List.of(
                        new Check("hand batch feature 0 (var 7/2, eps 1/2): gamma = 2, beta = 3 gives y = x = [1, 2,"
                                + " 3, 6] exactly (hand)", () -> {
                                    Checks.assertExactly(2, BatchNorm.identityGamma(3.5, 0.5), "gamma");
                                    double[] y = train(new double[] {1, 2, 3, 6}, 4, 1, new double[] {2},
                                            new double[] {3}, 0.5);
                                    LayerNaive.assertArrayExactly(new double[] {1, 2, 3, 6}, y, "y");
                                }),
                        new Check("y = x with gamma = identityGamma(var, eps), beta = mean at " + CASES
                                + " generated batches (property)", () ->
                                Cases.run(CASES, Checks.SEED + 230, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[] mean = new double[b.features()];
                                    double[] variance = new double[b.features()];
                                    train(b.x(), b.batch(), b.features(), b.gamma(), b.beta(), b.eps(), mean,
                                            variance);
                                    double[] gamma = new double[b.features()];
                                    for (int f = 0; f < b.features(); f++) {
                                        gamma[f] = BatchNorm.identityGamma(variance[f], b.eps());
                                    }
                                    LayerNaive.assertArray(b.x(), train(b.x(), b.batch(), b.features(), gamma, mean,
                                            b.eps()), 1e-12, "y = x");
                                })),
                        new Check("printed gamma = sigma_B (002) is not the identity for eps > 0: on the hand batch"
                                + " it maps 6 to 3 + 3 sqrt(7/8) (closed form), it is the identity when eps = 0",
                                () -> {
                                    double sigma = Math.sqrt(3.5);
                                    double[] y = train(new double[] {1, 2, 3, 6}, 4, 1, new double[] {sigma},
                                            new double[] {3}, 0.5);
                                    Checks.assertClose(3 + 3 * Math.sqrt(7.0 / 8), y[3], 1e-15, "printed, eps 1/2");
                                    if (Checks.close(6, y[3], 1e-3)) {
                                        throw new AssertionFailedError("printed gamma gave the identity");
                                    }
                                    LayerNaive.assertArray(new double[] {1, 2, 3, 6}, train(new double[] {1, 2, 3, 6},
                                            4, 1, new double[] {sigma}, new double[] {3}, 0.0), 1e-15, "eps 0");
                                })));
    }

    private static Formula backwardParameters() {
        return new Formula("LAYER-batchnorm-backward", "gradients w.r.t. gamma and beta",
                "BatchNorm.backward",
                List.of(D3 + " (named, not printed)", TORCH),
                List.of("dL/dgamma = sum_i dL/dy_i x^_i, dL/dbeta = sum_i dL/dy_i, added to the buffers"),
                TOL, List.of(
                        new Check("hand batch, upstream [[1, 0], [0, 0], [0, 0], [0, 2]]: dgamma = [-1, 2], dbeta ="
                                + " [1, 2] (hand)", () -> {
                                    double[][] g = backward(X, 4, 2, GAMMA, BETA, EPS, new double[] {1, 0, 0, 0, 0, 0,
                                        0, 2});
                                    LayerNaive.assertArrayExactly(new double[] {-1, 2}, g[1], "dgamma");
                                    LayerNaive.assertArrayExactly(new double[] {1, 2}, g[2], "dbeta");
                                }),
                        new Check("vs central finite differences of sum(upstream * y) in gamma and beta at " + CASES
                                + " generated batches", () ->
                                Cases.run(CASES, Checks.SEED + 240, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[][] g = backward(b.x(), b.batch(), b.features(), b.gamma(), b.beta(),
                                            b.eps(), b.up());
                                    Checks.assertGradient(LayerNaive.pairing(gm -> train(b.x(), b.batch(),
                                            b.features(), gm, b.beta(), b.eps()), b.up()), b.gamma(), g[1], TOL,
                                            "dgamma");
                                    Checks.assertGradient(LayerNaive.pairing(bt -> train(b.x(), b.batch(),
                                            b.features(), b.gamma(), bt, b.eps()), b.up()), b.beta(), g[2], TOL,
                                            "dbeta");
                                }))));
    }

    /** sum upstream * y as a DerivativeStructure in all batch * features inputs, written from the printed algorithm. */
    static DerivativeStructure pairingDs(Batch b) {
        int n = b.x().length;
        DerivativeStructure[] x = new DerivativeStructure[n];
        for (int k = 0; k < n; k++) {
            x[k] = new DerivativeStructure(n, 1, k, b.x()[k]);
        }
        DerivativeStructure total = new DerivativeStructure(n, 1, 0.0);
        for (int f = 0; f < b.features(); f++) {
            DerivativeStructure mu = new DerivativeStructure(n, 1, 0.0);
            for (int i = 0; i < b.batch(); i++) {
                mu = mu.add(x[i * b.features() + f]);
            }
            mu = mu.divide(b.batch());
            DerivativeStructure var = new DerivativeStructure(n, 1, 0.0);
            for (int i = 0; i < b.batch(); i++) {
                DerivativeStructure d = x[i * b.features() + f].subtract(mu);
                var = var.add(d.multiply(d));
            }
            var = var.divide(b.batch());
            DerivativeStructure std = var.add(b.eps()).sqrt();
            for (int i = 0; i < b.batch(); i++) {
                int k = i * b.features() + f;
                DerivativeStructure y = x[k].subtract(mu).divide(std).multiply(b.gamma()[f]).add(b.beta()[f]);
                total = total.add(y.multiply(b.up()[k]));
            }
        }
        return total;
    }

    private static Formula backwardInput() {
        return new Formula("GRAD-batchnorm", "gradient w.r.t. x through the batch statistics",
                "BatchNorm.backward",
                List.of(D3 + " (named, not printed)", "Ioffe and Szegedy 2015, section 3 (chain rule through mu_B and"
                        + " sigma_B^2)"),
                List.of("dL/dx_i = gamma / (m sqrt(var + eps)) (m g_i - sum g - x^_i sum g x^), g = dL/dy",
                        "training mode: mean and variance depend on x"),
                TOL, List.of(
                        new Check("hand batch, upstream [[1, 0], [0, 0], [0, 0], [0, 2]]: dx = [[1/2, 0], [-3/8, 1/2],"
                                + " [-1/4, 1/2], [1/8, -1]] (hand)", () -> {
                                    double[][] g = backward(X, 4, 2, GAMMA, BETA, EPS, new double[] {1, 0, 0, 0, 0, 0,
                                        0, 2});
                                    LayerNaive.assertArrayExactly(new double[] {0.5, 0, -0.375, 0.5, -0.25, 0.5, 0.125,
                                        -1}, g[0], "dx");
                                }),
                        new Check("vs central finite differences of sum(upstream * y) at " + CASES
                                + " generated batches", () ->
                                Cases.run(CASES, Checks.SEED + 250, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[][] g = backward(b.x(), b.batch(), b.features(), b.gamma(), b.beta(),
                                            b.eps(), b.up());
                                    Checks.assertGradient(LayerNaive.pairing(x -> train(x, b.batch(), b.features(),
                                            b.gamma(), b.beta(), b.eps()), b.up()), b.x(), g[0], TOL, "dx");
                                })),
                        new Check("value and gradient vs DerivativeStructure of the printed algorithm (mean,"
                                + " biased variance, normalise, scale and shift) at " + CASES + " generated batches",
                                () -> Cases.run(CASES, Checks.SEED + 260, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[][] g = backward(b.x(), b.batch(), b.features(), b.gamma(), b.beta(),
                                            b.eps(), b.up());
                                    DerivativeStructure ds = pairingDs(b);
                                    double[] y = train(b.x(), b.batch(), b.features(), b.gamma(), b.beta(), b.eps());
                                    double value = 0;
                                    for (int k = 0; k < y.length; k++) {
                                        value += b.up()[k] * y[k];
                                    }
                                    Checks.assertClose(ds.getValue(), value, 1e-12, "value");
                                    int[] orders = new int[b.x().length];
                                    for (int k = 0; k < orders.length; k++) {
                                        orders[k] = 1;
                                        Checks.assertClose(ds.getPartialDerivative(orders), g[0][k], 1e-10, "dx " + k);
                                        orders[k] = 0;
                                    }
                                })),
                        new Check("per feature, sum_i dL/dx_i = 0 (y does not move when the batch shifts) and"
                                + " sum_i dL/dx_i (x_i - mu) = gamma eps / (var + eps) sum_i g_i x^_i (0 for eps = 0:"
                                + " y does not move when the batch scales) (closed form, " + CASES
                                + " generated batches)", () ->
                                Cases.run(CASES, Checks.SEED + 270, 10, (random, size) -> {
                                    Batch b = generate(random);
                                    double[][] g = backward(b.x(), b.batch(), b.features(), b.gamma(), b.beta(),
                                            b.eps(), b.up());
                                    double[] mean = new double[b.features()];
                                    double[] variance = new double[b.features()];
                                    train(b.x(), b.batch(), b.features(), b.gamma(), b.beta(), b.eps(), mean,
                                            variance);
                                    for (int f = 0; f < b.features(); f++) {
                                        double s = 0;
                                        double sx = 0;
                                        for (int i = 0; i < b.batch(); i++) {
                                            int k = i * b.features() + f;
                                            s += g[0][k];
                                            sx += g[0][k] * (b.x()[k] - mean[f]);
                                        }
                                        Checks.assertClose(0, s, 1e-10, "sum dx, feature " + f);
                                        double sumUpXhat = 0;
                                        double inv = 1 / Math.sqrt(variance[f] + b.eps());
                                        for (int i = 0; i < b.batch(); i++) {
                                            int k = i * b.features() + f;
                                            sumUpXhat += b.up()[k] * (b.x()[k] - mean[f]) * inv;
                                        }
                                        double expected = b.gamma()[f] * sumUpXhat * b.eps() / (variance[f] + b.eps());
                                        Checks.assertClose(expected, sx, 1e-10, "sum dx (x - mu), feature " + f);
                                    }
                                }))));
    }
}
