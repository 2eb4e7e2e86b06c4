package nnspec.formula;

import static nnspec.formula.LossCheckKit.D0;
import static nnspec.formula.LossCheckKit.D1;

import static nnspec.formula.LossCheckKit.D3;
import static nnspec.formula.LossCheckKit.cite;
import static nnspec.formula.LossCheckKit.derivativeChecks;
import static nnspec.formula.LossCheckKit.require;

import java.util.ArrayList;
import java.util.List;
import nnspec.runtime.Losses;
import nnspec.runtime.Reduction;

/** LOSS-mse, LOSS-mae, LOSS-huber and their derivatives, with every printed form judged. */
final class LossRegression {
    private LossRegression() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(mse());
        all.add(mseGradient());
        all.add(mae());
        all.add(maeGradient());
        all.add(huber(1.0));
        all.add(huber(0.5));
        all.add(huberGradient(1.0));
        all.add(huberGradient(0.5));
        return all;
    }

    private static Check nonNegativeAndZeroAtPerfect(java.util.function.DoubleBinaryOperator f) {
        return Checks.property("non-negative at 1000 seeded (yhat, y) in [-10, 10]^2 and exactly 0 at yhat = y",
                () -> Cases.run(1000, Checks.SEED, 1, (random, size) -> {
                    double y = -10 + 20 * random.nextDouble();
                    double yhat = -10 + 20 * random.nextDouble();
                    require(f.applyAsDouble(yhat, y) >= 0, "negative at " + yhat + ", " + y);
                    Checks.assertExactly(0.0, f.applyAsDouble(y, y), "at yhat = y = " + y);
                }));
    }

    private static Formula mse() {
        return new Formula("LOSS-mse", "squared error term (yhat - y)^2; sample loss the mean over outputs",
                "Losses.squaredError, Reduction.MEAN", List.of(
                        cite(D0, "Most common loss functions", "L409"),
                        cite(D1, "Regression loss functions", "L401"),
                        cite(D3, "Mean Squared Error", "L585"),
                        cite(D3, "Mean Squared Error", "L1282")),
                List.of("mean over outputs J (003 L585, 000 L409) and over samples n (001 L401, 003 L1282):"
                        + " Reduction.MEAN on each axis"),
                1e-15, List.of(
                        Checks.values("closed form (yhat - 0.25)^2 at dyadic points, exact in binary",
                                x -> Losses.squaredError(x, 0.25), 0.0,
                                1.5, 1.5625, 0.25, 0.0, -0.75, 1.0, 2.25, 4.0),
                        nonNegativeAndZeroAtPerfect(Losses::squaredError),
                        Checks.property("printed forms (y - yhat)^2 of 000 L409, 001 L401, 003 L585 and (yhat - y)^2 of"
                                + " 003 L1282 agree: 1/J sum_j of the printed term equals Reduction.MEAN of the kernel's"
                                + " terms (1000 seeded vectors, J up to 8)", () -> Cases.run(1000, Checks.SEED, 8,
                                        (random, size) -> {
                                            double[] y = Cases.uniform(random, size, -5, 5);
                                            double[] yhat = Cases.uniform(random, size, -5, 5);
                                            double[] terms = new double[size];
                                            double printed = 0.0;
                                            for (int j = 0; j < size; j++) {
                                                terms[j] = Losses.squaredError(yhat[j], y[j]);
                                                printed += (y[j] - yhat[j]) * (y[j] - yhat[j]);
                                            }
                                            Checks.assertClose(printed / size,
                                                    Losses.sampleLoss(terms, 0, size, Reduction.MEAN), 1e-15,
                                                    "MSE of " + Cases.show(yhat));
                                        }))));
    }

    private static Formula mseGradient() {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed form 2 (yhat - y) at dyadic points, y = 0.25",
                x -> Losses.squaredErrorDerivative(x, 0.25), 0.0, 1.5, 2.5, 0.25, 0.0, -0.75, -2.0));
        checks.addAll(derivativeChecks(Losses::squaredError, Losses::squaredErrorDerivative,
                y -> x -> x.subtract(y).multiply(x.subtract(y)), y -> Domain.of(-10, 10), 1e-9, 1e-14,
                -1.5, 0.0, 0.25, 3.0));
        checks.add(Checks.property("printed form of 003 L593, -2/J (y - yhat), is right: equals Reduction.MEAN's factor"
                + " 1/J times the kernel's derivative, and the finite-difference derivative of the mean over J outputs"
                + " (1000 seeded vectors)", () -> Cases.run(1000, Checks.SEED, 8, (random, size) -> {
                    double[] y = Cases.uniform(random, size, -5, 5);
                    double[] yhat = Cases.uniform(random, size, -5, 5);
                    java.util.function.ToDoubleFunction<double[]> meanLoss = v -> {
                        double s = 0;
                        for (int j = 0; j < size; j++) {
                            s += (y[j] - v[j]) * (y[j] - v[j]);
                        }
                        return s / size;
                    };
                    double[] numeric = Checks.numericGradient(meanLoss, yhat);
                    for (int j = 0; j < size; j++) {
                        double printed = -2.0 / size * (y[j] - yhat[j]);
                        double kernel = Reduction.MEAN.factor(size) * Losses.squaredErrorDerivative(yhat[j], y[j]);
                        Checks.assertClose(printed, kernel, 1e-14, "output " + j);
                        Checks.assertClose(numeric[j], printed, 1e-9, "output " + j);
                    }
                })));
        checks.add(LossFormulas.printedIsNegated("003 L1403, -(1/n) 2 (yhat - y) (n = 1),",
                (yhat, y) -> -2.0 * (yhat - y), Losses::squaredError));
        return new Formula("GRAD-mse", "d/dyhat (yhat - y)^2 = 2 (yhat - y), times the reduction's factor",
                "Losses.squaredErrorDerivative, Reduction.factor", List.of(
                        cite(D3, "Mean Squared Error", "L593"),
                        cite(D3, "3.3.4 Loss / Mean Squared Error", "L1403")),
                List.of("times 1/J (mean over outputs) and 1/n (mean over samples) through Reduction.factor"),
                1e-9, checks);
    }

    private static Formula mae() {
        return new Formula("LOSS-mae", "absolute error term |yhat - y|; sample loss the mean over outputs",
                "Losses.absoluteError, Reduction.MEAN", List.of(
                        cite(D0, "Most common loss functions", "L410"),
                        cite(D1, "Regression loss functions", "L403"),
                        cite(D3, "Mean Absolute Error", "L599"),
                        cite(D3, "Mean Absolute Error", "L1272")),
                List.of("mean over outputs J (003 L599) and over samples n (001 L403, 003 L1272)"),
                0.0, List.of(
                        Checks.values("closed form |yhat - 0.25| at dyadic points, exact in binary",
                                x -> Losses.absoluteError(x, 0.25), 0.0,
                                1.5, 1.25, 0.25, 0.0, -0.75, 1.0, -3.0, 3.25),
                        nonNegativeAndZeroAtPerfect(Losses::absoluteError),
                        Checks.property("printed form of 000 L410, 1/n sum (y_j - yhat_j) without the bars (lost in"
                                + " the text), is wrong as printed: the mean signed error, negative at y = 0, yhat = 1"
                                + " and 0 for errors +1 and -1, where the mean absolute error is 1", () -> {
                                    double printed = ((1.0 - 0.0) + (0.0 - 1.0)) / 2;
                                    double kernel = Reduction.MEAN.reduce(new double[] {
                                        Losses.absoluteError(0.0, 1.0), Losses.absoluteError(1.0, 0.0)}, 0, 2);
                                    Checks.assertExactly(0.0, printed, "printed mean of errors +1, -1");
                                    Checks.assertExactly(1.0, kernel, "kernel mean of errors +1, -1");
                                })));
    }

    private static Formula maeGradient() {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed form sign(yhat - y), y = 0.25",
                x -> Losses.absoluteErrorDerivative(x, 0.25), 0.0, 1.5, 1.0, -0.75, -1.0, 0.3, 1.0));
        checks.addAll(derivativeChecks(Losses::absoluteError, Losses::absoluteErrorDerivative,
                y -> x -> x.subtract(y).abs(), y -> Domain.withKinks(-10, 10, y), 1e-9, 1e-15,
                -1.5, 0.0, 0.25, 3.0));
        checks.add(Checks.atKink("MAE at yhat = y = 0.25, subgradient 0 as 003 L609 asks and PyTorch's L1Loss gives",
                x -> Losses.absoluteErrorDerivative(x, 0.25), 0.25, 0.0));
        checks.add(LossFormulas.printedIsNegated("003 L607, 1/J (+1 if y - yhat > 0, -1 if < 0) (J = 1),",
                (yhat, y) -> Math.signum(y - yhat), Losses::absoluteError));
        checks.add(LossFormulas.printedIsNegated("003 L1393, (1/n) sign(y - yhat) (n = 1),",
                (yhat, y) -> Math.signum(y - yhat), Losses::absoluteError));
        return new Formula("GRAD-mae", "d/dyhat |yhat - y| = sign(yhat - y), 0 at yhat = y",
                "Losses.absoluteErrorDerivative, Reduction.factor", List.of(
                        cite(D3, "Mean Absolute Error", "L607, L609"),
                        cite(D3, "3.3.4 Loss / Mean Absolute Error", "L1393, L1399")),
                List.of("subgradient 0 at yhat = y (003 L609; PyTorch L1Loss)", "times 1/J, 1/n through Reduction"),
                1e-9, checks);
    }

    private static Formula huber(double delta) {
        double d = delta;
        return new Formula("LOSS-huber", "Huber loss, delta " + delta + " (PyTorch HuberLoss)",
                "Losses.huber", List.of(
                        cite(D0, "Most common loss functions", "L411"),
                        cite(D1, "Huber loss:", "L410"),
                        "PyTorch torch.nn.HuberLoss documentation"),
                List.of("e = yhat - y; e^2/2 for |e| <= delta, delta (|e| - delta/2) beyond; at |e| = delta the"
                        + " quadratic piece (both give delta^2/2)"),
                1e-15, List.of(
                        Checks.values("closed form: e^2/2 inside, delta (|e| - delta/2) outside, y = 0",
                                x -> Losses.huber(x, 0.0, d), 0.0,
                                0.25, 0.03125, -0.25, 0.03125, 3.0, d * (3.0 - d / 2), -3.0, d * (3.0 - d / 2),
                                2.0, d * (2.0 - d / 2)),
                        Checks.atKink("value delta^2/2 at e = +delta", x -> Losses.huber(x, 0.0, d), d, d * d / 2),
                        Checks.atKink("value delta^2/2 at e = -delta", x -> Losses.huber(x, 0.0, d), -d, d * d / 2),
                        nonNegativeAndZeroAtPerfect((a, b) -> Losses.huber(a, b, d)),
                        Checks.property("equals MSE/2, (yhat - y)^2 / 2, for |e| <= delta and delta (|e| - delta/2)"
                                + " (MAE scaled and shifted) beyond, at 1000 seeded points", () -> Cases.run(1000,
                                        Checks.SEED, 1, (random, size) -> {
                                            double y = -5 + 10 * random.nextDouble();
                                            double yhat = -5 + 10 * random.nextDouble();
                                            double e = yhat - y;
                                            double expected = Math.abs(e) <= d ? Losses.squaredError(yhat, y) / 2
                                                    : d * (Losses.absoluteError(yhat, y) - d / 2);
                                            Checks.assertClose(expected, Losses.huber(yhat, y, d), 1e-15, "e=" + e);
                                        })),
                        Checks.property("continuous with a continuous derivative at |e| = delta: values and"
                                + " derivatives at delta -+ 1e-9 agree to 1e-8", () -> {
                                    for (double k : new double[] {d, -d}) {
                                        double h = 1e-9;
                                        Checks.assertClose(Losses.huber(k - h, 0, d), Losses.huber(k + h, 0, d), 1e-8,
                                                "value across " + k);
                                        Checks.assertClose(Losses.huberDerivative(k - h, 0, d),
                                                Losses.huberDerivative(k + h, 0, d), 1e-8, "slope across " + k);
                                    }
                                }),
                        Checks.property("printed form of 000 L411 (no absolute values: e^2/2 if y - yhat <= delta,"
                                + " delta (y - yhat - delta/2) if > delta) is right only for y - yhat >= -delta: at"
                                + " y - yhat = -3 delta it gives 4.5 delta^2, Huber gives 2.5 delta^2", () -> {
                                    double e = -3 * d; // y - yhat
                                    double printed = e <= d ? 0.5 * e * e : d * (e - 0.5 * d);
                                    Checks.assertClose(4.5 * d * d, printed, 1e-15, "printed");
                                    Checks.assertClose(2.5 * d * d, Losses.huber(-e, 0.0, d), 1e-15, "kernel");
                                    for (double t = -d; t <= 4 * d; t += d / 8) { // y - yhat >= -delta: agree
                                        double p = t <= d ? 0.5 * t * t : d * (t - 0.5 * d);
                                        Checks.assertClose(p, Losses.huber(0.0, t, d), 1e-15, "y - yhat = " + t);
                                    }
                                }),
                        Checks.property("printed form of 001 L410 (quadratic branch without the 1/2) is wrong: it"
                                + " jumps at |e| = delta from delta^2 to delta^2/2 and is twice Huber inside", () -> {
                                    double inside = d * d; // (y - yhat)^2 at |e| = delta
                                    double outside = d * (d - 0.5 * d); // the linear branch's limit
                                    require(inside != outside, "printed branches meet");
                                    Checks.assertClose(d * d / 2, outside, 1e-15, "linear branch limit");
                                    Checks.assertClose(2 * Losses.huber(d / 2, 0.0, d), (d / 2) * (d / 2), 1e-15,
                                            "printed inside = 2 x Huber");
                                })));
    }

    private static Formula huberGradient(double delta) {
        double d = delta;
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed form: e inside, delta sign(e) outside, y = 0",
                x -> Losses.huberDerivative(x, 0.0, d), 0.0, 0.25, 0.25, -0.25, -0.25, 3.0, d, -3.0, -d));
        checks.addAll(derivativeChecks((a, b) -> Losses.huber(a, b, d), (a, b) -> Losses.huberDerivative(a, b, d),
                y -> x -> Math.abs(x.getValue() - y) <= d ? x.subtract(y).pow(2).multiply(0.5)
                        : x.subtract(y).abs().subtract(d / 2).multiply(d),
                y -> Domain.withKinks(-6, 6, y - d, y + d), 1e-9, 1e-14, 0.0, 1.25));
        checks.add(Checks.atKink("slope +delta at e = +delta (both pieces agree)",
                x -> Losses.huberDerivative(x, 0.0, d), d, d));
        checks.add(Checks.atKink("slope -delta at e = -delta (both pieces agree)",
                x -> Losses.huberDerivative(x, 0.0, d), -d, -d));
        return new Formula("GRAD-huber", "d/dyhat Huber, delta " + delta, "Losses.huberDerivative", List.of(
                cite(D0, "Most common loss functions", "L411"), cite(D1, "Huber loss:", "L410"),
                "PyTorch torch.nn.HuberLoss documentation"),
                List.of("not printed in the documents; e clipped to [-delta, delta], exact +-delta at |e| = delta"),
                1e-9, checks);
    }

}
