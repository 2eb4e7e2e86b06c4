package nnspec.formula;

import static nnspec.formula.LossCheckKit.D0;
import static nnspec.formula.LossCheckKit.D1;
import static nnspec.formula.LossCheckKit.D2;
import static nnspec.formula.LossCheckKit.D3;
import static nnspec.formula.LossCheckKit.at;
import static nnspec.formula.LossCheckKit.cite;
import static nnspec.formula.LossCheckKit.require;

import java.util.ArrayList;
import java.util.List;
import nnspec.runtime.Regularization;
import nnspec.runtime.Regularization.L1AtZero;
import nnspec.runtime.Regularization.Scale;
import org.apache.commons.numbers.fraction.Fraction;

/**
 * REG-l1, REG-l2, REG-elastic-net and their gradients GRAD-l1, GRAD-l2, one entry per named constant
 * (lambda, lambda/2, lambda/(2m)) and per L1 convention at 0. Expected values are exact fractions of dyadic weights.
 */
final class RegularizationFormulas {
    /** Dyadic weights 1/2, -3/2, 2, 0, -1/4 and lambda = 1/4, m = 4 samples: every value exact in binary. */
    private static final double[] W = {0.5, -1.5, 2.0, 0.0, -0.25};
    private static final Fraction[] WF = {Fraction.of(1, 2), Fraction.of(-3, 2), Fraction.of(2), Fraction.ZERO,
        Fraction.of(-1, 4)};
    private static final double LAMBDA = 0.25;
    private static final int M = 4;

    private RegularizationFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        for (Scale scale : Scale.values()) {
            all.add(l2(scale));
        }
        for (Scale scale : Scale.values()) {
            all.add(l2Gradient(scale));
        }
        all.add(l1(Scale.LAMBDA));
        all.add(l1(Scale.LAMBDA_OVER_2M));
        for (L1AtZero atZero : L1AtZero.values()) {
            all.add(l1Gradient(atZero));
        }
        all.add(elasticNet());
        return List.copyOf(all);
    }

    /** The scale's coefficient as an exact fraction: lambda, lambda/2, lambda/(2m). */
    private static Fraction coefficient(Scale scale) {
        Fraction lambda = Fraction.of(1, 4);
        return switch (scale) {
            case LAMBDA -> lambda;
            case HALF_LAMBDA -> lambda.divide(2);
            case LAMBDA_OVER_2M -> lambda.divide(2 * M);
        };
    }

    private static String scaleName(Scale scale) {
        return switch (scale) {
            case LAMBDA -> "lambda";
            case HALF_LAMBDA -> "lambda/2";
            case LAMBDA_OVER_2M -> "lambda/(2m)";
        };
    }

    private static List<String> l2Citations(Scale scale) {
        return switch (scale) {
            case LAMBDA -> List.of(cite(D0, "Regularisation", "L493"), cite(D3, "L1 and L2 Regularization", "L454"),
                    cite(D3, "3.5.2 L2 regularization", "L1557"), cite(D2, "Norm penalties in Keras", "L1074"));
            case HALF_LAMBDA -> List.of(cite(D1, "Regularization: L2 or L1", "L474"));
            case LAMBDA_OVER_2M -> List.of(cite(D2, "Lasso and Ridge regularization", "L1060"));
        };
    }

    private static Check rangeOnly(String what, Runnable body) {
        return Checks.property(what, body::run);
    }

    private static Formula l2(Scale scale) {
        Fraction squares = Fraction.ZERO;
        for (Fraction w : WF) {
            squares = squares.add(w.multiply(w));
        }
        Fraction expected = coefficient(scale).multiply(squares);
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.property("exact fraction: " + scaleName(scale) + " x sum w^2 of 1/2, -3/2, 2, 0, -1/4 with"
                + " lambda = 1/4, m = 4 is " + expected, () -> Checks.assertExactly(expected.doubleValue(),
                        Regularization.l2Penalty(W, 0, W.length, LAMBDA, scale, M), "penalty")));
        checks.add(rangeOnly("only the range [from, from + count) counts (the caller picks layers and weights or"
                + " biases; 003 L477 hidden layers only): weights 2..3 of the example give " + scaleName(scale)
                + " x 4", () -> Checks.assertExactly(coefficient(scale).multiply(4).doubleValue(),
                        Regularization.l2Penalty(W, 2, 2, LAMBDA, scale, M), "range")));
        checks.add(Checks.property("non-negative, and 0 exactly when every weight in the range is 0 (500 seeded"
                + " cases)", () -> Cases.run(500, Checks.SEED, 10, (random, size) -> {
                    double[] w = Cases.uniform(random, size, -3, 3);
                    require(Regularization.l2Penalty(w, 0, size, 0.1, scale, 7) > 0, "positive for nonzero weights");
                    Checks.assertExactly(0.0, Regularization.l2Penalty(new double[size], 0, size, 0.1, scale, 7),
                            "zero weights");
                })));
        if (scale == Scale.LAMBDA) {
            checks.add(Checks.property("printed form of 003 L1557, lambda sum |theta^2|, is right: the absolute value"
                    + " of a square changes nothing (500 seeded vectors)", () -> Cases.run(500, Checks.SEED, 10,
                            (random, size) -> {
                                double[] w = Cases.uniform(random, size, -3, 3);
                                double printed = 0;
                                for (double v : w) {
                                    printed += Math.abs(v * v);
                                }
                                Checks.assertClose(0.1 * printed,
                                        Regularization.l2Penalty(w, 0, size, 0.1, scale, 1), 1e-15, Cases.show(w));
                            })));
        }
        return new Formula("REG-l2", "L2 penalty, constant " + scaleName(scale), "Regularization.l2Penalty,"
                + " Regularization.l2, Regularization.Scale." + scale, l2Citations(scale),
                List.of("constant " + scaleName(scale) + " (Regularization.Scale." + scale + ")",
                        "over the range the caller chooses"), 0.0, checks);
    }

    private static Formula l2Gradient(Scale scale) {
        double c = scale.coefficient(LAMBDA, M);
        Fraction cf = coefficient(scale);
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("exact fractions: 2 c w with c = " + cf, w -> c * Regularization.l2Derivative(w),
                0.0, 0.5, cf.multiply(Fraction.of(1)).doubleValue(), -1.5, cf.multiply(-3).doubleValue(), 0.0, 0.0));
        checks.add(Checks.derivativeByFiniteDifferences(w -> c * Regularization.l2(w),
                w -> c * Regularization.l2Derivative(w), Domain.of(-5, 5), 1e-12));
        checks.add(Checks.derivativeByDerivativeStructure(x -> x.multiply(x).multiply(c),
                w -> c * Regularization.l2(w), w -> c * Regularization.l2Derivative(w), Domain.of(-5, 5), 1e-15));
        checks.add(Checks.property("addL2Gradient adds the gradient of l2Penalty (finite differences of the penalty,"
                + " 300 seeded ranges of 300 arrays) into the range and leaves the rest of the array alone",
                () -> Cases.run(300, Checks.SEED, 12, (random, size) -> {
                    double[] w = Cases.uniform(random, size + 4, -3, 3);
                    int from = random.nextInt(4);
                    double[] g = Cases.uniform(random, size + 4, -1, 1);
                    double[] before = g.clone();
                    Regularization.addL2Gradient(w, from, size, 0.3, scale, 5, g, from); // g parallels w
                    double[] added = new double[w.length];
                    for (int k = 0; k < w.length; k++) {
                        added[k] = g[k] - before[k];
                    }
                    double[] numeric = Checks.numericGradient(
                            v -> Regularization.l2Penalty(v, from, size, 0.3, scale, 5), w);
                    for (int k = 0; k < w.length; k++) {
                        boolean inside = k >= from && k < from + size;
                        if (inside) {
                            Checks.assertClose(numeric[k], added[k], 1e-10, "coordinate " + k);
                        } else {
                            Checks.assertExactly(before[k], g[k], "untouched coordinate " + k);
                        }
                    }
                })));
        String printed = switch (scale) {
            case LAMBDA -> "printed forms of 003 L466 (2 lambda theta) and L1567 (grad + 2 lambda theta) are right for"
                    + " this constant";
            case HALF_LAMBDA -> "001 L479 ('dividing by 2 makes the derivative easier') is right: the gradient is"
                    + " lambda theta; 003's printed 2 lambda theta holds only for the constant lambda, here it is twice"
                    + " the gradient";
            case LAMBDA_OVER_2M -> "the gradient of 002 L1060's (lambda/(2m)) ||w||^2 is (lambda/m) w; 003's printed"
                    + " 2 lambda theta is 2m times it";
        };
        checks.add(Checks.property(printed + " (exact at w = 3/2, lambda = 1/4, m = 4)", () -> {
            double kernel = c * Regularization.l2Derivative(1.5);
            Fraction w = Fraction.of(3, 2);
            Fraction lambda = Fraction.of(1, 4);
            Fraction expected = switch (scale) {
                case LAMBDA -> lambda.multiply(2).multiply(w);
                case HALF_LAMBDA -> lambda.multiply(w);
                case LAMBDA_OVER_2M -> lambda.divide(M).multiply(w);
            };
            Checks.assertExactly(expected.doubleValue(), kernel, "gradient");
            Fraction printed003 = lambda.multiply(2).multiply(w);
            require(scale == Scale.LAMBDA == (printed003.doubleValue() == kernel),
                    "003's 2 lambda theta matches exactly when the constant is lambda");
        }));
        List<String> citations = new ArrayList<>(List.of(cite(D3, "Backward pass", "L466"),
                cite(D3, "3.5.2 L2 regularization", "L1567")));
        if (scale == Scale.HALF_LAMBDA) {
            citations.add(cite(D1, "Regularization: L2 or L1", "L479"));
        }
        if (scale == Scale.LAMBDA_OVER_2M) {
            citations.add(cite(D2, "Lasso and Ridge regularization", "L1060"));
        }
        return new Formula("GRAD-l2", "gradient of the L2 penalty, constant " + scaleName(scale) + ": 2 c w",
                "Regularization.addL2Gradient, Regularization.l2Derivative", citations,
                List.of("2 c w with c = " + scaleName(scale)), 1e-10, checks);
    }

    private static Formula l1(Scale scale) {
        Fraction abs = Fraction.ZERO;
        for (Fraction w : WF) {
            abs = abs.add(w.abs());
        }
        Fraction expected = coefficient(scale).multiply(abs);
        List<String> citations = scale == Scale.LAMBDA
                ? List.of(cite(D0, "Regularisation", "L499"), cite(D3, "L1 and L2 Regularization", "L448"),
                        cite(D3, "3.5.1 L1 regularization", "L1534"))
                : List.of(cite(D2, "Lasso and Ridge regularization", "L1052"));
        return new Formula("REG-l1", "L1 penalty, constant " + scaleName(scale), "Regularization.l1Penalty,"
                + " Regularization.l1", citations, List.of("constant " + scaleName(scale)), 0.0, List.of(
                        Checks.property("exact fraction: " + scaleName(scale) + " x sum |w| of 1/2, -3/2, 2, 0, -1/4"
                                + " with lambda = 1/4, m = 4 is " + expected, () -> Checks.assertExactly(
                                        expected.doubleValue(), Regularization.l1Penalty(W, 0, W.length, LAMBDA,
                                                scale, M), "penalty")),
                        rangeOnly("only the range counts: weights 1..2 give " + scaleName(scale) + " x 7/2",
                                () -> Checks.assertExactly(coefficient(scale).multiply(Fraction.of(7, 2))
                                        .doubleValue(), Regularization.l1Penalty(W, 1, 2, LAMBDA, scale, M), "range")),
                        Checks.property("a norm times c: non-negative, c |t| ||w|| for w scaled by t (500 seeded"
                                + " cases)", () -> Cases.run(500, Checks.SEED, 10, (random, size) -> {
                                    double[] w = Cases.uniform(random, size, -3, 3);
                                    double t = -4 + 8 * random.nextDouble();
                                    double[] scaled = w.clone();
                                    for (int k = 0; k < size; k++) {
                                        scaled[k] *= t;
                                    }
                                    double base = Regularization.l1Penalty(w, 0, size, 0.1, scale, 3);
                                    require(base >= 0, "negative");
                                    Checks.assertClose(Math.abs(t) * base,
                                            Regularization.l1Penalty(scaled, 0, size, 0.1, scale, 3), 1e-13, "t=" + t);
                                }))));
    }

    private static Formula l1Gradient(L1AtZero atZero) {
        double c = LAMBDA;
        double kinkValue = atZero == L1AtZero.ZERO ? 0.0 : c;
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed form lambda sign(w), lambda = 1/4", w -> c * Regularization.l1Derivative(w,
                atZero), 0.0, 0.5, 0.25, -1.5, -0.25, 1e-300, 0.25));
        checks.add(Checks.derivativeByFiniteDifferences(w -> c * Regularization.l1(w),
                w -> c * Regularization.l1Derivative(w, atZero), Domain.withKinks(-5, 5, 0.0), 1e-12));
        checks.add(Checks.derivativeByDerivativeStructure(x -> x.abs().multiply(c), w -> c * Regularization.l1(w),
                w -> c * Regularization.l1Derivative(w, atZero), Domain.withKinks(-5, 5, 0.0), 1e-15));
        checks.add(Checks.atKink("subgradient at w = 0: " + (atZero == L1AtZero.ZERO ? "0 (PyTorch sign, 003 L1544)"
                : "+lambda (003 L468: 'by 1 otherwise')"), w -> c * Regularization.l1Derivative(w, atZero), 0.0,
                kinkValue));
        checks.add(Checks.atKink("subgradient at w = -0.0 is the same", w -> c * Regularization.l1Derivative(w,
                atZero), -0.0, kinkValue));
        checks.add(Checks.property("addL1Gradient adds lambda sign(w) into the range only (300 seeded cases, weights"
                + " off 0, against finite differences of l1Penalty)", () -> Cases.run(300, Checks.SEED, 12,
                        (random, size) -> {
                            double[] w = Cases.uniform(random, size + 4, 0.05, 3);
                            for (int k = 0; k < w.length; k++) {
                                w[k] = random.nextBoolean() ? w[k] : -w[k];
                            }
                            int from = random.nextInt(4);
                            double[] g = new double[w.length];
                            Regularization.addL1Gradient(w, from, size, 0.3, Scale.LAMBDA, 1, atZero, g, from);
                            double[] numeric = Checks.numericGradient(
                                    v -> Regularization.l1Penalty(v, from, size, 0.3, Scale.LAMBDA, 1), w);
                            for (int k = 0; k < w.length; k++) {
                                Checks.assertClose(numeric[k], g[k], 1e-10, "coordinate " + k);
                            }
                        })));
        checks.add(Checks.property("printed form of 003 L474 (lambda for theta > 0, -lambda for theta < 0) is right"
                + " off 0 and leaves 0 undefined; L468's words ('-1 if less than 0, 1 otherwise') give +lambda at 0"
                + " (L1AtZero.PLUS_ONE), L1544's sign(theta) gives 0 (L1AtZero.ZERO): the two sections of 003 differ",
                () -> {
                    Checks.assertExactly(1.0, Regularization.l1Derivative(0.0, L1AtZero.PLUS_ONE), "L468");
                    Checks.assertExactly(Math.signum(0.0), Regularization.l1Derivative(0.0, L1AtZero.ZERO), "L1544");
                    Checks.assertExactly(-1.0, Regularization.l1Derivative(-2.0, atZero), "theta < 0");
                    Checks.assertExactly(1.0, Regularization.l1Derivative(2.0, atZero), "theta > 0");
                }));
        return new Formula("GRAD-l1", "gradient of the L1 penalty, lambda sign(w), value at 0: "
                + (atZero == L1AtZero.ZERO ? "0" : "+lambda"), "Regularization.addL1Gradient,"
                        + " Regularization.l1Derivative, Regularization.L1AtZero." + atZero,
                List.of(cite(D3, "Backward pass", "L468-L474"), cite(D3, "3.5.1 L1 regularization", "L1544")),
                List.of("L1AtZero." + atZero + (atZero == L1AtZero.ZERO ? ": sign(0) = 0, PyTorch torch.sign"
                        : ": +1 at 0, 003 L468 and its book's code")), 1e-12, checks);
    }

    private static Formula elasticNet() {
        return new Formula("REG-elastic-net", "elastic net: lambda1 sum |w| + lambda2 sum w^2 (Keras L1L2)",
                "Regularization.elasticNetPenalty, Regularization.addElasticNetGradient",
                List.of(cite(D3, "Regularization", "L1119, the glossary entry Elastic Net Regularization"),
                        "Keras keras.regularizers.L1L2 documentation"),
                List.of("each part with the same Scale; L1AtZero for the L1 part"), 1e-10, List.of(
                        Checks.property("exact fraction: 1/4 sum |w| + 1/8 sum w^2 of the example weights is "
                                + Fraction.of(1, 4).multiply(Fraction.of(17, 4)).add(Fraction.of(1, 8).multiply(
                                        Fraction.of(105, 16))), () -> Checks.assertExactly(Fraction.of(1, 4)
                                                .multiply(Fraction.of(17, 4)).add(Fraction.of(1, 8).multiply(
                                                        Fraction.of(105, 16))).doubleValue(),
                                                Regularization.elasticNetPenalty(W, 0, W.length, 0.25, 0.125,
                                                        Scale.LAMBDA, 1), "penalty")),
                        Checks.property("lambda2 = 0 gives L1, lambda1 = 0 gives L2 exactly (300 seeded cases)",
                                () -> Cases.run(300, Checks.SEED, 10, (random, size) -> {
                                    double[] w = Cases.uniform(random, size, -3, 3);
                                    Checks.assertExactly(Regularization.l1Penalty(w, 0, size, 0.2, Scale.LAMBDA, 1),
                                            Regularization.elasticNetPenalty(w, 0, size, 0.2, 0, Scale.LAMBDA, 1),
                                            "L1");
                                    Checks.assertExactly(Regularization.l2Penalty(w, 0, size, 0.2, Scale.LAMBDA, 1),
                                            Regularization.elasticNetPenalty(w, 0, size, 0, 0.2, Scale.LAMBDA, 1),
                                            "L2");
                                })),
                        at("elastic net", Checks.property("gradient vs finite differences of the penalty (300 seeded"
                                + " cases, weights off 0, each Scale)", () -> Cases.run(300, Checks.SEED, 10,
                                        (random, size) -> {
                                            double[] w = Cases.uniform(random, size, 0.05, 3);
                                            for (int k = 0; k < size; k++) {
                                                w[k] = random.nextBoolean() ? w[k] : -w[k];
                                            }
                                            for (Scale scale : Scale.values()) {
                                                double[] g = new double[size];
                                                Regularization.addElasticNetGradient(w, 0, size, 0.1, 0.2, scale, 6,
                                                        L1AtZero.ZERO, g, 0);
                                                Checks.assertGradient(v -> Regularization.elasticNetPenalty(v, 0,
                                                        size, 0.1, 0.2, scale, 6), w, g, 1e-10, scale.name());
                                            }
                                        })))));
    }
}
