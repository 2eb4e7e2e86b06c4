package nnspec.formula;

import static nnspec.formula.LossCheckKit.D1;
import static nnspec.formula.LossCheckKit.D3;
import static nnspec.formula.LossCheckKit.at;
import static nnspec.formula.LossCheckKit.cite;
import static nnspec.formula.LossCheckKit.require;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import nnspec.runtime.Activations;
import nnspec.runtime.Losses;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/** Categorical cross-entropy fused with softmax, on logits: LOSS-cce (logit form) and GRAD-softmax-cce. */
final class LossSoftmax {
    private static final double E = Math.E;
    /** ln 3, closed-form constant. */
    private static final double LN3 = 1.0986122886681098;

    private LossSoftmax() {
    }

    static List<Formula> all() {
        return List.of(loss(), gradient());
    }

    private static double loss(double[] z, double[] y) {
        return Losses.softmaxCrossEntropyWithLogits(z, 0, y, 0, z.length, E);
    }

    private static double[] gradient(double[] z, double[] y) {
        double[] g = new double[z.length];
        Losses.softmaxCrossEntropyWithLogitsGradient(z, 0, y, 0, z.length, E, g, 0);
        return g;
    }

    private static Formula loss() {
        return new Formula("LOSS-cce", "categorical cross-entropy fused with softmax, on logits: -sum_j y_j (z_j -"
                + " logsumexp(z)), the max subtracted inside logsumexp", "Losses.softmaxCrossEntropyWithLogits,"
                        + " Losses.softmaxCrossEntropyTerm, Losses.logSumExp",
                List.of(cite(D1, "Categorical cross entropy", "L457: 'softmax loss'"),
                        cite(D3, "Softmax Cross-Entropy", "L273"),
                        "PyTorch torch.nn.CrossEntropyLoss documentation"),
                List.of("natural log by default", "finite for any finite logits: no clipping needed"), 1e-12, List.of(
                        Checks.values("closed form: ln 3 for equal logits, one-hot target",
                                t -> loss(new double[] {t, t, t}, new double[] {1, 0, 0}), 1e-15, 0.0, LN3, 500.0, LN3),
                        Checks.property("finite at logits (1000, 0, -1000): exactly 0 for the top class, exactly 2000"
                                + " for the bottom one (closed forms)", () -> {
                                    double[] z = {1000, 0, -1000};
                                    Checks.assertExactly(0.0, loss(z, new double[] {1, 0, 0}), "top class");
                                    Checks.assertExactly(2000.0, loss(z, new double[] {0, 0, 1}), "bottom class");
                                }),
                        Checks.property("equals -sum_j y_j ln softmax(z)_j with softmax and ln by Math (1000 seeded"
                                + " logits in [-10, 10]^k, k up to 6, target distributions)", () -> Cases.run(1000,
                                        Checks.SEED, 5, (random, size) -> {
                                            double[] z = Cases.uniform(random, size + 1, -10, 10);
                                            double[] y = LossCrossEntropy.distribution(
                                                    Cases.uniform(random, size + 1, 0, 1));
                                            double sum = 0;
                                            for (double v : z) {
                                                sum += Math.exp(v);
                                            }
                                            double expected = 0;
                                            for (int j = 0; j < z.length; j++) {
                                                expected -= y[j] * Math.log(Math.exp(z[j]) / sum);
                                            }
                                            Checks.assertClose(expected, loss(z, y), 1e-12, Cases.show(z));
                                        })),
                        Checks.property("shift-invariant: z + c gives the same loss (1000 seeded cases, c in"
                                + " [-100, 100])", () -> Cases.run(1000, Checks.SEED, 5, (random, size) -> {
                                    double[] z = Cases.uniform(random, size + 1, -10, 10);
                                    double[] y = LossCrossEntropy.distribution(Cases.uniform(random, size + 1, 0, 1));
                                    double c = -100 + 200 * random.nextDouble();
                                    double[] shifted = z.clone();
                                    for (int j = 0; j < z.length; j++) {
                                        shifted[j] += c;
                                    }
                                    Checks.assertClose(loss(z, y), loss(shifted, y), 1e-11, "c = " + c);
                                })),
                        Checks.property("minimal where softmax(z) = y: non-negative for one-hot targets, and no"
                                + " smaller than the target's entropy (1000 seeded cases)", () -> Cases.run(1000,
                                        Checks.SEED, 5, (random, size) -> {
                                            double[] z = Cases.uniform(random, size + 1, -10, 10);
                                            double[] y = LossCrossEntropy.distribution(
                                                    Cases.uniform(random, size + 1, 0.01, 1));
                                            double entropy = 0;
                                            for (double v : y) {
                                                entropy -= v * Math.log(v);
                                            }
                                            require(loss(z, y) >= entropy - 1e-12, "below the entropy");
                                            double[] oneHot = new double[size + 1];
                                            oneHot[random.nextInt(size + 1)] = 1;
                                            require(loss(z, oneHot) >= 0, "negative");
                                        }))));
    }

    private static Formula gradient() {
        List<Check> checks = new ArrayList<>();
        double[] rest = {0.5, -1.25};
        for (double[] y : new double[][] {{1, 0, 0}, {0, 1, 0}, {0.2, 0.5, 0.3}}) {
            DoubleUnaryOperator f = t -> loss(new double[] {t, rest[0], rest[1]}, y);
            DoubleUnaryOperator df = t -> gradient(new double[] {t, rest[0], rest[1]}, y)[0];
            Function<DerivativeStructure, DerivativeStructure> oracle = x -> {
                DerivativeStructure lse = x.exp().add(Math.exp(rest[0]) + Math.exp(rest[1])).log();
                return x.subtract(lse).multiply(-y[0]).add(lse.negate().add(rest[0]).multiply(-y[1]))
                        .add(lse.negate().add(rest[1]).multiply(-y[2]));
            };
            String target = "z = (t, 0.5, -1.25), target " + Cases.show(y);
            checks.add(at(target, Checks.derivativeByFiniteDifferences(f, df, Domain.of(-15, 15), 1e-9)));
            checks.add(at(target, Checks.derivativeByDerivativeStructure(oracle, f, df, Domain.of(-15, 15), 1e-12)));
        }
        checks.add(Checks.values("closed form softmax(z) - y at equal logits: 1/3 - 1 = -2/3 for the target class",
                t -> gradient(new double[] {t, t, t}, new double[] {1, 0, 0})[0], 1e-15, 0.0, -2.0 / 3, 7.0, -2.0 / 3));
        checks.add(Checks.property("the fused gradient equals the chain of the two separate derivatives, sum_j"
                + " (-y_j / p_j) p_j (delta_jm - p_m) (003 L216 and L267), 1000 seeded cases, targets summing to 1",
                () -> Cases.run(1000, Checks.SEED, 5, (random, size) -> {
                    int k = size + 1;
                    double[] z = Cases.uniform(random, k, -6, 6);
                    double[] y = LossCrossEntropy.distribution(Cases.uniform(random, k, 0, 1));
                    double[] p = new double[k];
                    Activations.softmax(z, 0, p, 0, k);
                    double[] fused = gradient(z, y);
                    for (int m = 0; m < k; m++) {
                        double chain = 0;
                        for (int j = 0; j < k; j++) {
                            chain += Losses.categoricalCrossEntropyDerivative(p[j], y[j], E)
                                    * (p[j] * ((j == m ? 1 : 0) - p[m]));
                        }
                        Checks.assertClose(chain, fused[m], 1e-12, "coordinate " + m);
                        Checks.assertClose(p[m] - y[m], fused[m], 1e-12, "003 L285/L1430: p - y");
                        Checks.assertClose(Losses.softmaxCategoricalCrossEntropyDelta(p[m], y[m], 1.0, E), fused[m],
                                1e-12, "the probability-side delta");
                    }
                })));
        checks.add(Checks.property("for targets not summing to 1 the gradient is p sum(y) - y, not p - y: vs finite"
                + " differences of the loss (500 seeded cases, target sums in (0, 3))", () -> Cases.run(500,
                        Checks.SEED, 5, (random, size) -> {
                            int k = size + 1;
                            double[] z = Cases.uniform(random, k, -6, 6);
                            double[] y = Cases.uniform(random, k, 0, 0.6);
                            double[] analytic = gradient(z, y);
                            Checks.assertGradient(v -> loss(v, y), z, analytic, 1e-9, "targets " + Cases.show(y));
                        })));
        checks.add(Checks.property("printed form of 003 L281 is wrong term by term, its next line L282 right: the"
                + " first term's p_j(1 - p_m) (for p_m(1 - p_m)) gives -(p_0/p_1)(1 - p_1), not p_1 - 1, at z = (0.5,"
                + " -0.25, 1) with target class 1; the second term's -y_j y_m (for -p_j p_m) differs for the soft"
                + " target (0.2, 0.5, 0.3)", () -> {
                    double[] z = {0.5, -0.25, 1.0};
                    double[] p = new double[3];
                    Activations.softmax(z, 0, p, 0, 3);
                    int m = 1;
                    double printedFirst = -1.0 / p[m] * p[0] * (1 - p[m]); // y_m = 1, j read as class 0
                    double correctedFirst = -1.0 / p[m] * p[m] * (1 - p[m]);
                    Checks.assertClose(p[m] - 1, correctedFirst, 1e-15, "corrected first term, one-hot");
                    Checks.assertClose(p[m] - 1, gradient(z, new double[] {0, 1, 0})[m], 1e-15, "kernel, one-hot");
                    require(Math.abs(printedFirst - (p[m] - 1)) > 0.1, "printed first term gives " + printedFirst);
                    double[] y = {0.2, 0.5, 0.3};
                    double printedSecond = 0;
                    double correctedSecond = 0;
                    for (int j = 0; j < 3; j++) {
                        if (j != m) {
                            printedSecond -= y[j] / p[j] * (-y[j] * y[m]);
                            correctedSecond -= y[j] / p[j] * (-p[j] * p[m]);
                        }
                    }
                    Checks.assertClose(p[m] * (y[0] + y[2]), correctedSecond, 1e-15, "L282's second term");
                    Checks.assertClose(-y[m] * (1 - p[m]) + correctedSecond, gradient(z, y)[m], 1e-15,
                            "L282 equals the kernel");
                    require(Math.abs(printedSecond - correctedSecond) > 0.01, "printed second term " + printedSecond);
                }));
        return new Formula("GRAD-softmax-cce", "softmax + CCE fused gradient on logits: softmax(z) sum(y) - y",
                "Losses.softmaxCrossEntropyWithLogitsGradient, Losses.softmaxCrossEntropyTermDerivative,"
                        + " Losses.softmaxCategoricalCrossEntropyDelta",
                List.of(cite(D3, "Softmax Cross-Entropy", "L277-L285"),
                        cite(D3, "3.3.4 Loss / Softmax Categorical Cross-Entropy", "L1430")),
                List.of("p - y needs targets summing to 1 (one-hot or a distribution); per sample, times 1/n for the"
                        + " mean over samples"), 1e-9, checks);
    }
}
