package nnspec.formula;

import static nnspec.formula.LossCheckKit.D0;
import static nnspec.formula.LossCheckKit.D1;
import static nnspec.formula.LossCheckKit.D2;
import static nnspec.formula.LossCheckKit.D3;
import static nnspec.formula.LossCheckKit.cite;
import static nnspec.formula.LossCheckKit.require;

import java.util.List;
import nnspec.runtime.Losses;
import nnspec.runtime.Metrics;
import nnspec.runtime.Reduction;
import nnspec.runtime.Regularization;
import nnspec.runtime.Regularization.Scale;
import org.apache.commons.numbers.fraction.Fraction;

/** LOSS-zero-one, LOSS-generic (the empirical risk and its reductions) and LOSS-total-with-penalty. */
final class LossAggregates {
    private LossAggregates() {
    }

    static List<Formula> all() {
        return List.of(zeroOne(), generic(), total());
    }

    private static Formula zeroOne() {
        int[] predicted = {0, 1, 2, 1, 0, 2, 2};
        int[] actual = {0, 1, 1, 1, 2, 2, 0};
        Fraction error = Fraction.of(3, 7); // samples 2, 4, 6 are wrong
        return new Formula("LOSS-zero-one", "0-1 loss: 1 for a wrong class, 0 for a right one; its mean is the"
                + " classification error", "Metrics.zeroOneLoss, Metrics.classificationError",
                List.of(cite(D1, "0-1 loss", "L414"), cite(D2, "Loss functions", "L380")),
                List.of("not differentiable: a metric, not trained on"), 0.0, List.of(
                        Checks.property("values: 0 when right, 1 when wrong", () -> {
                            Checks.assertExactly(0.0, Metrics.zeroOneLoss(2, 2), "right");
                            Checks.assertExactly(1.0, Metrics.zeroOneLoss(2, 1), "wrong");
                        }),
                        Checks.property("mean over a hand-made set of 7 samples, 3 wrong: exactly 3/7 (Fraction)",
                                () -> Checks.assertExactly(error.doubleValue(),
                                        Metrics.classificationError(predicted, actual), "mean 0-1 loss")),
                        Checks.property("printed form of 001 L414 (-1/n sum delta, delta = 0 if wrong, 1 otherwise)"
                                + " is wrong: it is minus the accuracy, -4/7 here, -1 for a perfect prediction and"
                                + " never positive; it differs from the 0-1 loss by the constant 1 (same minimisers)",
                                () -> {
                                    Fraction printed = Fraction.ZERO;
                                    for (int i = 0; i < predicted.length; i++) {
                                        printed = printed.subtract(Fraction.of(predicted[i] != actual[i] ? 0 : 1, 7));
                                    }
                                    require(printed.equals(Fraction.of(-4, 7)), "printed is " + printed);
                                    Checks.assertExactly(printed.add(1).doubleValue(),
                                            Metrics.classificationError(predicted, actual), "printed + 1");
                                    Checks.assertExactly(0.0, Metrics.classificationError(actual, actual),
                                            "perfect prediction: 0, where the printed form gives -1");
                                })));
    }

    private static Formula generic() {
        return new Formula("LOSS-generic", "empirical risk: the mean over the m training samples of the per-example"
                + " loss (Reduction.MEAN over samples); Reduction.SUM the framework alternative",
                "Reduction.MEAN, Reduction.SUM (apply, reduce, factor), Losses.sampleLoss",
                List.of(cite(D1, "Cost functions", "L352"), cite(D1, "A typical cost function $J$", "L366-L372"),
                        cite(D2, "Single-layer neural network", "L177, training: arg min L(W, D)"),
                        cite(D2, "Loss functions", "L395")),
                List.of("001 L352's expectation over p_data cannot be computed; training minimises the empirical"
                        + " mean 001 L372 (Reduction.MEAN)"), 0.0, List.of(
                        Checks.property("exact fractions: MEAN and SUM of 1/2, 3/4, 7/8 against Fraction arithmetic,"
                                + " factors 1/3 and 1", () -> {
                                    Fraction[] f = {Fraction.of(1, 2), Fraction.of(3, 4), Fraction.of(7, 8)};
                                    double[] losses = {f[0].doubleValue(), f[1].doubleValue(), f[2].doubleValue()};
                                    Fraction sum = f[0].add(f[1]).add(f[2]);
                                    Checks.assertExactly(sum.divide(3).doubleValue(),
                                            Reduction.MEAN.reduce(losses, 0, 3), "mean");
                                    Checks.assertExactly(sum.doubleValue(), Reduction.SUM.reduce(losses, 0, 3), "sum");
                                    Checks.assertExactly(Fraction.of(1, 3).doubleValue(), Reduction.MEAN.factor(3),
                                            "mean factor");
                                    Checks.assertExactly(1.0, Reduction.SUM.factor(3), "sum factor");
                                }),
                        Checks.property("reduce honours the offset: the mean of 4 losses from index 2 of a longer"
                                + " array, and the mean's gradient factor 1/m times m sums back to the SUM's (500"
                                + " seeded cases)", () -> Cases.run(500, Checks.SEED, 20, (random, size) -> {
                                    double[] all = Cases.uniform(random, size + 6, 0, 5);
                                    double sum = 0;
                                    for (int i = 0; i < size; i++) {
                                        sum += all[3 + i];
                                    }
                                    Checks.assertClose(sum / size, Reduction.MEAN.reduce(all, 3, size), 1e-15, "mean");
                                    Checks.assertClose(sum, Reduction.SUM.reduce(all, 3, size), 1e-15, "sum");
                                    Checks.assertClose(Reduction.SUM.reduce(all, 3, size),
                                            size * Reduction.MEAN.reduce(all, 3, size), 1e-14, "m x mean = sum");
                                }))));
    }

    private static Formula total() {
        return new Formula("LOSS-total-with-penalty", "objective = data loss + regularisation penalty; its gradient"
                + " the data gradient plus the penalty's", "Losses.totalLoss, Regularization.*Penalty,"
                        + " Regularization.add*Gradient",
                List.of(cite(D0, "Regularisation", "L493, L499"), cite(D1, "Regularization: L2 or L1", "L474, L479"),
                        cite(D2, "Lasso and Ridge regularization", "L1052, L1060"),
                        cite(D3, "L1 and L2 Regularization", "L454, L460")),
                List.of("penalty constant as Regularization.Scale: lambda (000, 003), lambda/2 (001), lambda/(2m)"
                        + " (002)"), 1e-8, List.of(
                        Checks.property("exact fractions: data loss 3/8 plus the L2 penalty 1/4 (1/4 + 9/4 + 4) of"
                                + " the dyadic weights 1/2, -3/2, 2 (Fraction arithmetic: 2)", () -> {
                                    double[] w = {0.5, -1.5, 2.0};
                                    Fraction expected = Fraction.of(3, 8).add(Fraction.of(1, 4).multiply(
                                            Fraction.of(1, 4).add(Fraction.of(9, 4)).add(Fraction.of(4))));
                                    double penalty = Regularization.l2Penalty(w, 0, 3, 0.25, Scale.LAMBDA, 1);
                                    Checks.assertExactly(expected.doubleValue(), Losses.totalLoss(0.375, penalty),
                                            "total");
                                }),
                        Checks.property("the gradient of a least-squares loss with an L1 + L2 penalty (003 L460: Q = L"
                                + " + L1 + L2) on the weights only, the bias left out, equals finite differences of"
                                + " the total loss (200 seeded problems, each Scale)", () -> Cases.run(200,
                                        Checks.SEED, 6, (random, size) -> {
                                            int n = size + 1; // weights w[0..n-1], bias w[n]
                                            double[] x = Cases.uniform(random, n, -1, 1);
                                            double target = random.nextDouble();
                                            double[] w = Cases.uniform(random, n + 1, 0.05, 2); // off L1's kink
                                            for (int j = 0; j <= n; j++) {
                                                w[j] = random.nextBoolean() ? w[j] : -w[j];
                                            }
                                            for (Scale scale : Scale.values()) {
                                                java.util.function.ToDoubleFunction<double[]> q = v -> {
                                                    double z = v[n];
                                                    for (int j = 0; j < n; j++) {
                                                        z += v[j] * x[j];
                                                    }
                                                    return Losses.totalLoss(Losses.squaredError(z, target),
                                                            Regularization.l1Penalty(v, 0, n, 0.01, scale, 4)
                                                                    + Regularization.l2Penalty(v, 0, n, 0.03, scale, 4));
                                                };
                                                double z = w[n];
                                                for (int j = 0; j < n; j++) {
                                                    z += w[j] * x[j];
                                                }
                                                double delta = Losses.squaredErrorDerivative(z, target);
                                                double[] g = new double[n + 1];
                                                for (int j = 0; j < n; j++) {
                                                    g[j] = delta * x[j];
                                                }
                                                g[n] = delta;
                                                Regularization.addL1Gradient(w, 0, n, 0.01, scale, 4,
                                                        Regularization.L1AtZero.ZERO, g, 0);
                                                Regularization.addL2Gradient(w, 0, n, 0.03, scale, 4, g, 0);
                                                Checks.assertGradient(q, w, g, 1e-8, scale.name());
                                            }
                                        }))));
    }
}
