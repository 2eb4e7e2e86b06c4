package nnspec.formula;

import static nnspec.formula.LossCheckKit.D0;
import static nnspec.formula.LossCheckKit.D1;
import static nnspec.formula.LossCheckKit.D2;
import static nnspec.formula.LossCheckKit.D3;
import static nnspec.formula.LossCheckKit.cite;
import static nnspec.formula.LossCheckKit.derivativeChecks;
import static nnspec.formula.LossCheckKit.require;

import java.util.ArrayList;
import java.util.List;
import nnspec.runtime.Activations;
import nnspec.runtime.Losses;
import nnspec.runtime.Losses.Clipping;
import nnspec.runtime.Reduction;

/**
 * LOSS-bce, LOSS-cce on probabilities, BCE on logits, GRAD-bce, GRAD-sigmoid-bce, GRAD-cce, MISC-cce-clipping and
 * MISC-log-base. Expected values are closed forms in ln 2, ln 3, ln 10 (constants written here to 17 digits) or
 * computed with {@link Math#log} (the kernels use {@link StrictMath}).
 */
final class LossCrossEntropy {
    /** ln 2 and ln 10, closed-form constants. */
    private static final double LN2 = 0.6931471805599453;
    private static final double LN10 = 2.302585092994046;
    private static final double E = Math.E;

    private LossCrossEntropy() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(bce(Clipping.LOG_FLOOR));
        all.add(bce(Clipping.EPSILON));
        all.add(bceOnLogits());
        all.add(bceGradient(Clipping.LOG_FLOOR));
        all.add(bceGradient(Clipping.EPSILON));
        all.add(sigmoidBceGradient());
        all.add(cce(Clipping.LOG_FLOOR));
        all.add(cce(Clipping.EPSILON));
        all.add(cceGradient(Clipping.LOG_FLOOR));
        all.add(cceGradient(Clipping.EPSILON));
        all.add(clipping());
        all.add(logBase());
        return all;
    }

    private static String name(Clipping clipping) {
        return clipping == Clipping.LOG_FLOOR ? "log clamped at -100 (PyTorch BCELoss)"
                : "p clipped to [1e-7, 1 - 1e-7] (Keras, 003 L156)";
    }

    /** Binary entropy H(y) in nats, the minimum of BCE over p, by Math.log. */
    private static double entropy(double y) {
        return -((y == 0 ? 0 : y * Math.log(y)) + (y == 1 ? 0 : (1 - y) * Math.log(1 - y)));
    }

    private static Formula bce(Clipping clipping) {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed forms: -ln p at y = 1 (ln 2, 2 ln 2, 0)",
                p -> Losses.binaryCrossEntropy(p, 1.0, E, clipping), 1e-15, 0.5, LN2, 0.25, 2 * LN2, 0.75,
                2 * LN2 - Math.log(3.0)));
        checks.add(Checks.values("closed forms: -ln(1 - p) at y = 0 and ln 2 at p = 1/2 for a soft y = 0.3",
                p -> Losses.binaryCrossEntropy(p, 0.0, E, clipping) + Losses.binaryCrossEntropy(0.5, 0.3, E, clipping),
                1e-15, 0.5, 2 * LN2, 0.75, 3 * LN2));
        if (clipping == Clipping.LOG_FLOOR) {
            checks.add(Checks.atKink("p = 1, y = 1: a perfect prediction costs exactly 0",
                    p -> Losses.binaryCrossEntropy(p, 1.0, E, clipping), 1.0, 0.0));
            checks.add(Checks.atKink("p = 0, y = 1: log 0 clamped at -100 gives exactly 100",
                    p -> Losses.binaryCrossEntropy(p, 1.0, E, clipping), 0.0, 100.0));
        } else {
            checks.add(Checks.values("closed forms at the clip: p = 0, y = 1 gives 7 ln 10; p = 1, y = 1 gives"
                    + " -ln(1 - 1e-7)", p -> Losses.binaryCrossEntropy(p, 1.0, E, clipping), 1e-15,
                    0.0, 7 * LN10, 1.0, -Math.log1p(-1e-7), -5.0, 7 * LN10));
        }
        checks.add(Checks.property("non-negative, and minimal at p = y with the minimum H(y) (Gibbs): 1000 seeded"
                + " y in [0, 1], p in [0.001, 0.999]", () -> Cases.run(1000, Checks.SEED, 1, (random, size) -> {
                    double y = random.nextDouble();
                    double p = 0.001 + 0.998 * random.nextDouble();
                    double atY = Losses.binaryCrossEntropy(y, y, E, clipping);
                    require(Losses.binaryCrossEntropy(p, y, E, clipping) >= 0, "negative");
                    require(Losses.binaryCrossEntropy(p, y, E, clipping) >= atY - 1e-12, "below the value at p = y");
                    if (y > 1e-6 && y < 1 - 1e-6) {
                        Checks.assertClose(entropy(y), atY, 1e-12, "H(" + y + ")");
                    }
                })));
        if (clipping == Clipping.LOG_FLOOR) {
            checks.add(Checks.property("printed forms of 000 L412, 001 L426, 003 L1291 (-1/n sum [y log p + (1 - y)"
                    + " log(1 - p)]) and the first line of 003 L543 equal Reduction.MEAN of the kernel's terms"
                    + " (1000 seeded vectors)", () -> Cases.run(1000, Checks.SEED, 8, (random, size) -> {
                        double[] y = Cases.uniform(random, size, 0, 1);
                        double[] p = Cases.uniform(random, size, 0.01, 0.99);
                        double[] terms = new double[size];
                        double printed = 0;
                        for (int j = 0; j < size; j++) {
                            terms[j] = Losses.binaryCrossEntropy(p[j], y[j], E);
                            printed += y[j] * Math.log(p[j]) + (1 - y[j]) * Math.log(1 - p[j]);
                        }
                        Checks.assertClose(-printed / size, Losses.sampleLoss(terms, 0, size, Reduction.MEAN), 1e-13,
                                "p " + Cases.show(p));
                    })));
            checks.add(Checks.property("printed form of 003 L543, second line, -y log p + (1 - y) log(1 - p), is"
                    + " wrong (the minus is lost on the second term): at y = 0, p = 1/2 it gives -ln 2 < 0 where the"
                    + " first line and the kernel give ln 2", () -> {
                        double y = 0;
                        double p = 0.5;
                        double printed = -y * Math.log(p) + (1 - y) * Math.log(1 - p);
                        Checks.assertClose(-LN2, printed, 1e-15, "printed");
                        Checks.assertClose(LN2, Losses.binaryCrossEntropy(p, y, E), 1e-15, "kernel");
                    }));
        }
        return new Formula("LOSS-bce", "binary cross-entropy on probabilities, natural log, " + name(clipping),
                "Losses.binaryCrossEntropy(p, y, logBase" + (clipping == Clipping.LOG_FLOOR ? ")" : ", Clipping)"),
                List.of(cite(D0, "Most common loss functions", "L412"), cite(D1, "Binary cross entropy", "L426"),
                        cite(D3, "Binary Cross-Entropy Loss", "L543"), cite(D3, "Binary Cross-Entropy", "L1291"),
                        clipping == Clipping.LOG_FLOOR ? "PyTorch torch.nn.BCELoss documentation"
                                : "Keras keras.losses.binary_crossentropy documentation"),
                List.of(name(clipping), "mean over outputs (003 L547) and samples (001, 003 L1291): Reduction.MEAN",
                        "log base: e by default, a parameter (MISC-log-base)"),
                1e-12, checks);
    }

    private static Formula bceOnLogits() {
        return new Formula("LOSS-bce", "binary cross-entropy on a logit z, max(z, 0) - z y + log(1 + e^-|z|)",
                "Losses.binaryCrossEntropyWithLogits", List.of(
                        cite(D0, "Most common loss functions", "L412"),
                        "PyTorch torch.nn.BCEWithLogitsLoss documentation"),
                List.of("p = sigmoid(z) fused into the loss; no clipping needed"), 1e-10, List.of(
                        Checks.values("closed forms: ln 2 at z = 0 for y = 1, 0 and 0.3",
                                z -> Losses.binaryCrossEntropyWithLogits(0.0, z, E), 1e-15, 1.0, LN2, 0.0, LN2,
                                0.3, LN2),
                        Checks.values("closed forms at z = +-1000 (finite): 0 when right, 1000 when wrong, y = 1",
                                z -> Losses.binaryCrossEntropyWithLogits(z, 1.0, E), 0.0, 1000.0, 0.0, -1000.0,
                                1000.0),
                        Checks.values("closed forms at z = +-1000 (finite), y = 0",
                                z -> Losses.binaryCrossEntropyWithLogits(z, 0.0, E), 0.0, 1000.0, 1000.0, -1000.0,
                                0.0),
                        Checks.property("equals -[y ln s + (1 - y) ln(1 - s)] with s = 1/(1 + e^-z) (Math) at 1000"
                                + " seeded z in [-10, 10], y in [0, 1]", () -> Cases.run(1000, Checks.SEED, 1,
                                        (random, size) -> {
                                            double z = -10 + 20 * random.nextDouble();
                                            double y = random.nextDouble();
                                            double s = 1 / (1 + Math.exp(-z));
                                            double expected = -(y * Math.log(s) + (1 - y) * Math.log(1 - s));
                                            Checks.assertClose(expected, Losses.binaryCrossEntropyWithLogits(z, y, E),
                                                    1e-10, "z=" + z + " y=" + y);
                                            Checks.assertClose(Losses.binaryCrossEntropy(Activations.sigmoid(z), y,
                                                    E), Losses.binaryCrossEntropyWithLogits(z, y, E), 1e-10,
                                                    "vs BCE on probabilities, z=" + z);
                                        })),
                        Checks.property("where the probability form saturates it does not: at z = -1000, y = 1 BCE on"
                                + " sigmoid(z) = 0 stops at the clamp, 100, the logit form gives the true 1000", () -> {
                                    Checks.assertExactly(100.0, Losses.binaryCrossEntropy(Activations.sigmoid(-1000),
                                            1.0, E), "probability form");
                                    Checks.assertExactly(1000.0, Losses.binaryCrossEntropyWithLogits(-1000, 1.0, E),
                                            "logit form");
                                })));
    }

    private static Formula bceGradient(Clipping clipping) {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed form (p - y)/(p (1 - p)) at y = 1: -2, -4/3",
                p -> Losses.binaryCrossEntropyDerivative(p, 1.0, E, clipping), 1e-15, 0.5, -2.0, 0.75, -4.0 / 3));
        checks.addAll(derivativeChecks((p, y) -> Losses.binaryCrossEntropy(p, y, E, clipping),
                (p, y) -> Losses.binaryCrossEntropyDerivative(p, y, E, clipping),
                y -> x -> x.log().multiply(-y).add(x.negate().add(1).log().multiply(-(1 - y))),
                y -> Domain.of(0.1, 0.9), 1e-8, 1e-13, 0.0, 1.0, 0.3));
        if (clipping == Clipping.EPSILON) {
            checks.add(Checks.atKink("0 where p was clipped (p = 1e-9 < 1e-7): the clip passes no gradient",
                    p -> Losses.binaryCrossEntropyDerivative(p, 1.0, E, clipping), 1e-9, 0.0));
            checks.add(Checks.atKink("0 where p was clipped (p = 1 > 1 - 1e-7)",
                    p -> Losses.binaryCrossEntropyDerivative(p, 0.0, E, clipping), 1.0, 0.0));
        } else {
            checks.add(Checks.atKink("p = 0, y = 1: PyTorch divides by max(p (1 - p), 1e-12), giving -1e12",
                    p -> Losses.binaryCrossEntropyDerivative(p, 1.0, E, clipping), 0.0, -1.0 / 1e-12));
            checks.add(Checks.property("printed forms of 003 L561 (-(y/p - (1 - y)/(1 - p))), L565 (the same times"
                    + " 1/J) and L1412 (times 1/n) are right: equal the kernel times Reduction.MEAN's factor (1000"
                    + " seeded points, J up to 8)", () -> Cases.run(1000, Checks.SEED, 8, (random, size) -> {
                        double y = random.nextDouble();
                        double p = 0.01 + 0.98 * random.nextDouble();
                        double printed = -(y / p - (1 - y) / (1 - p));
                        Checks.assertClose(printed, Losses.binaryCrossEntropyDerivative(p, y, E), 1e-12, "L561");
                        Checks.assertClose(printed / size, Reduction.MEAN.factor(size)
                                * Losses.binaryCrossEntropyDerivative(p, y, E), 1e-12, "L565, J = " + size);
                    })));
        }
        return new Formula("GRAD-bce", "d/dp binary cross-entropy, " + name(clipping),
                "Losses.binaryCrossEntropyDerivative(p, y, logBase" + (clipping == Clipping.LOG_FLOOR ? ")"
                        : ", Clipping)"),
                List.of(cite(D3, "Binary Cross-Entropy Loss", "L561, L565"),
                        cite(D3, "3.3.4 Loss / Binary Cross-Entropy", "L1412")),
                List.of(name(clipping), "times 1/J, 1/n through Reduction.factor"), 1e-8, checks);
    }

    private static Formula sigmoidBceGradient() {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("document figure: 000 L329, z3 = 0, y = 0 gives dL/db3 = 0.5, so b3 := 0 - 0.1 x 0.5"
                + " = -0.05", z -> -0.1 * Losses.binaryCrossEntropyWithLogitsDerivative(z, 0.0, E), 1e-15, 0.0,
                -0.05));
        checks.addAll(derivativeChecks((z, y) -> Losses.binaryCrossEntropyWithLogits(z, y, E),
                (z, y) -> Losses.binaryCrossEntropyWithLogitsDerivative(z, y, E),
                y -> x -> x.exp().add(1).log().subtract(x.multiply(y)), y -> Domain.of(-20, 20), 1e-9, 1e-12,
                0.0, 1.0, 0.3));
        checks.add(Checks.property("the fused delta p - y equals the chain dL/dp x dp/dz = (p - y)/(p (1 - p)) x"
                + " p (1 - p) of the two separate derivatives (1000 seeded z in [-8, 8]), for the logit and the"
                + " probability kernels", () -> Cases.run(1000, Checks.SEED, 1, (random, size) -> {
                    double z = -8 + 16 * random.nextDouble();
                    double y = random.nextDouble();
                    double p = Activations.sigmoid(z);
                    double chain = Losses.binaryCrossEntropyDerivative(p, y, E) * Activations.sigmoidDerivative(z, p);
                    Checks.assertClose(chain, Losses.binaryCrossEntropyWithLogitsDerivative(z, y, E), 1e-12, "z=" + z);
                    Checks.assertClose(chain, Losses.sigmoidBinaryCrossEntropyDelta(p, y, E), 1e-12, "z=" + z);
                })));
        return new Formula("GRAD-sigmoid-bce", "sigmoid + BCE fused: dL/dz = sigmoid(z) - y",
                "Losses.binaryCrossEntropyWithLogitsDerivative, Losses.sigmoidBinaryCrossEntropyDelta",
                List.of(cite(D0, "Example: multi-layer perceptron training", "L325-L329")),
                List.of("natural log; in base b divided by ln b"), 1e-9, checks);
    }

    private static Formula cce(Clipping clipping) {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed forms -y ln p: ln 2, 2 ln 2, 0 at y = 1",
                p -> Losses.categoricalCrossEntropy(p, 1.0, E, clipping), 1e-15, 0.5, LN2, 0.25, 2 * LN2));
        checks.add(Checks.atKink("y = 0 contributes exactly 0, even at p = 0",
                p -> Losses.categoricalCrossEntropy(p, 0.0, E, clipping), 0.0, 0.0));
        if (clipping == Clipping.LOG_FLOOR) {
            checks.add(Checks.atKink("p = 0, y = 1: clamp gives exactly 100",
                    p -> Losses.categoricalCrossEntropy(p, 1.0, E, clipping), 0.0, 100.0));
        } else {
            checks.add(Checks.values("closed form at the clip: p = 0, y = 1 gives -ln 1e-7 = 7 ln 10",
                    p -> Losses.categoricalCrossEntropy(p, 1.0, E, clipping), 1e-15, 0.0, 7 * LN10));
        }
        checks.add(Checks.property("minimal at p = y (Gibbs): for 1000 seeded target distributions y and predicted"
                + " distributions p of up to 6 classes, sum_j -y_j ln p_j >= sum_j -y_j ln y_j", () -> Cases.run(1000,
                        Checks.SEED, 6, (random, size) -> {
                            double[] y = distribution(Cases.uniform(random, size + 1, 0.01, 1));
                            double[] p = distribution(Cases.uniform(random, size + 1, 0.01, 1));
                            double atP = 0;
                            double atY = 0;
                            double entropy = 0;
                            for (int j = 0; j <= size; j++) {
                                atP += Losses.categoricalCrossEntropy(p[j], y[j], E, clipping);
                                atY += Losses.categoricalCrossEntropy(y[j], y[j], E, clipping);
                                entropy -= y[j] * Math.log(y[j]);
                            }
                            require(atP >= atY - 1e-12, "below the entropy: " + atP + " < " + atY);
                            Checks.assertClose(entropy, atY, 1e-12, "entropy of " + Cases.show(y));
                        })));
        if (clipping == Clipping.LOG_FLOOR) {
            checks.add(Checks.property("printed forms of 000 L413, 003 L146/L210 (sum over classes per sample) and"
                    + " 001 L452, 002 L387 (then 1/n over samples) equal Reduction.SUM over classes, Reduction.MEAN"
                    + " over samples of the kernel's terms (500 seeded batches)", () -> Cases.run(500, Checks.SEED, 6,
                            (random, size) -> {
                                int classes = 3;
                                double printed = 0;
                                double[] sampleLosses = new double[size];
                                for (int i = 0; i < size; i++) {
                                    double[] p = distribution(Cases.uniform(random, classes, 0.01, 1));
                                    int k = random.nextInt(classes);
                                    double[] terms = new double[classes];
                                    for (int j = 0; j < classes; j++) {
                                        double y = j == k ? 1 : 0;
                                        terms[j] = Losses.categoricalCrossEntropy(p[j], y, E);
                                        printed += y * Math.log(p[j]);
                                    }
                                    sampleLosses[i] = Losses.sampleLoss(terms, 0, classes, Reduction.SUM);
                                }
                                Checks.assertClose(-printed / size, Reduction.MEAN.reduce(sampleLosses, 0, size),
                                        1e-13, "batch of " + size);
                            })));
            checks.add(Checks.property("printed form of 003 L1301 (-1/N sum_i y_i log p_i, one index; its legend"
                    + " calls p_i '0 or 1') is wrong: with y_i the 0/1 label, samples of label 0 cost nothing; at"
                    + " labels (1, 0) and p(class 1) = (0.5, 0.99) it gives ln 2 / 2, CCE over both classes gives"
                    + " (ln 2 + ln 100) / 2", () -> {
                        double[] label = {1, 0};
                        double[] p1 = {0.5, 0.99};
                        double printed = -(label[0] * Math.log(p1[0]) + label[1] * Math.log(p1[1])) / 2;
                        double kernel = 0;
                        for (int i = 0; i < 2; i++) {
                            kernel += Losses.categoricalCrossEntropy(p1[i], label[i], E)
                                    + Losses.categoricalCrossEntropy(1 - p1[i], 1 - label[i], E);
                        }
                        Checks.assertClose(LN2 / 2, printed, 1e-15, "printed");
                        Checks.assertClose((LN2 + 2 * LN10) / 2, kernel / 2, 1e-13, "kernel");
                    }));
            checks.add(Checks.property("printed form of 003 L1311 (-1/N log p_{i,k}) lacks the sum over i: for N = 2"
                    + " samples it is half of one sample's loss, not the mean; summed over i it is the mean", () -> {
                        double[] pTrue = {0.5, 0.25};
                        double mean = (Losses.categoricalCrossEntropy(pTrue[0], 1, E)
                                + Losses.categoricalCrossEntropy(pTrue[1], 1, E)) / 2;
                        double printedOne = -Math.log(pTrue[0]) / 2;
                        double printedSummed = -Math.log(pTrue[0]) / 2 - Math.log(pTrue[1]) / 2;
                        Checks.assertClose(1.5 * LN2, mean, 1e-15, "mean CCE, closed form (ln 2 + 2 ln 2)/2");
                        require(Math.abs(printedOne - mean) > 0.5, "one printed term is not the mean");
                        Checks.assertClose(mean, printedSummed, 1e-15, "printed summed over i");
                    }));
        }
        return new Formula("LOSS-cce", "categorical cross-entropy on probabilities, one class's term -y log p, "
                + name(clipping), "Losses.categoricalCrossEntropy(p, y, logBase"
                        + (clipping == Clipping.LOG_FLOOR ? ")" : ", Clipping)") + ", Reduction.SUM over classes",
                List.of(cite(D0, "Most common loss functions", "L413"), cite(D1, "Categorical cross entropy", "L452"),
                        cite(D2, "Loss functions", "L387"), cite(D3, "Categorical Cross-Entropy", "L146, L152"),
                        cite(D3, "Categorical Cross-Entropy Derivative", "L210"),
                        cite(D3, "Categorical Cross-Entropy", "L1301, L1311")),
                List.of(name(clipping), "sum over classes, mean over samples", "log base e by default"), 1e-12,
                checks);
    }

    static double[] distribution(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] p = new double[weights.length];
        for (int j = 0; j < weights.length; j++) {
            p[j] = weights[j] / sum;
        }
        return p;
    }

    private static Formula cceGradient(Clipping clipping) {
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.values("closed form -y/p at y = 1: -2, -4",
                p -> Losses.categoricalCrossEntropyDerivative(p, 1.0, E, clipping), 1e-15, 0.5, -2.0, 0.25, -4.0));
        checks.add(Checks.atKink("y = 0: exactly 0",
                p -> Losses.categoricalCrossEntropyDerivative(p, 0.0, E, clipping), 0.3, 0.0));
        checks.addAll(derivativeChecks((p, y) -> Losses.categoricalCrossEntropy(p, y, E, clipping),
                (p, y) -> Losses.categoricalCrossEntropyDerivative(p, y, E, clipping),
                y -> x -> x.log().multiply(-y), y -> Domain.of(0.1, 0.99), 1e-8, 1e-13, 1.0, 0.4));
        if (clipping == Clipping.EPSILON) {
            checks.add(Checks.atKink("0 where p was clipped (p = 1e-9)",
                    p -> Losses.categoricalCrossEntropyDerivative(p, 1.0, E, clipping), 1e-9, 0.0));
        } else {
            checks.add(Checks.property("printed forms of 003 L220 (-y/p) and L1421 (-(1/n) y/p) are right: equal"
                    + " the kernel and the kernel times Reduction.MEAN's factor 1/n (1000 seeded points)",
                    () -> Cases.run(1000, Checks.SEED, 8, (random, size) -> {
                        double y = random.nextDouble();
                        double p = 0.01 + 0.99 * random.nextDouble();
                        Checks.assertClose(-y / p, Losses.categoricalCrossEntropyDerivative(p, y, E), 1e-14, "L220");
                        Checks.assertClose(-y / p / size, Reduction.MEAN.factor(size)
                                * Losses.categoricalCrossEntropyDerivative(p, y, E), 1e-14, "L1421, n = " + size);
                    })));
        }
        return new Formula("GRAD-cce", "d/dp of -y log p = -y/p, " + name(clipping),
                "Losses.categoricalCrossEntropyDerivative(p, y, logBase"
                        + (clipping == Clipping.LOG_FLOOR ? ")" : ", Clipping)"),
                List.of(cite(D3, "Categorical Cross-Entropy Derivative", "L216, L220"),
                        cite(D3, "3.3.4 Loss / Categorical Cross-Entropy", "L1421")),
                List.of(name(clipping), "times 1/n through Reduction.factor for the mean over samples"), 1e-8,
                checks);
    }

    private static Formula clipping() {
        return new Formula("MISC-cce-clipping", "keeping log(0) finite: PyTorch's log clamp against Keras' clip",
                "Losses.Clipping, Losses.categoricalCrossEntropy(p, y, logBase, Clipping),"
                        + " Losses.binaryCrossEntropy(p, y, logBase, Clipping)",
                List.of(cite(D3, "Categorical Cross-Entropy", "L156"), "PyTorch torch.nn.BCELoss documentation",
                        "Keras keras.losses.categorical_crossentropy documentation (epsilon 1e-7)"),
                List.of("LOG_FLOOR: max(log p, -100); EPSILON: p clipped to [1e-7, 1 - 1e-7], zero gradient where"
                        + " clipped"), 0.0, List.of(
                        Checks.property("the two conventions agree exactly wherever neither acts: p in [1e-6,"
                                + " 1 - 1e-6] (1000 seeded points, CCE and BCE terms)", () -> Cases.run(1000,
                                        Checks.SEED, 1, (random, size) -> {
                                            double p = 1e-6 + (1 - 2e-6) * random.nextDouble();
                                            double y = random.nextDouble();
                                            Checks.assertExactly(Losses.categoricalCrossEntropy(p, y, E),
                                                    Losses.categoricalCrossEntropy(p, y, E, Clipping.EPSILON), "CCE");
                                            Checks.assertExactly(Losses.binaryCrossEntropy(p, y, E),
                                                    Losses.binaryCrossEntropy(p, y, E, Clipping.EPSILON), "BCE");
                                        })),
                        Checks.property("they part at the ends: at p = 0, y = 1 the clamp gives 100 and the clip"
                                + " 7 ln 10 = 16.118...; at p = 1, y = 1 the clamp gives 0 and the clip -ln(1 - 1e-7)"
                                + " > 0, which is what 003 L156 clips the upper side for (the loss is never"
                                + " exactly 0)", () -> {
                                    Checks.assertExactly(100.0, Losses.categoricalCrossEntropy(0, 1, E), "clamp at 0");
                                    Checks.assertClose(7 * LN10, Losses.categoricalCrossEntropy(0, 1, E,
                                            Clipping.EPSILON), 1e-15, "clip at 0");
                                    Checks.assertExactly(0.0, Losses.categoricalCrossEntropy(1, 1, E), "clamp at 1");
                                    Checks.assertClose(-Math.log1p(-1e-7), Losses.categoricalCrossEntropy(1, 1, E,
                                            Clipping.EPSILON), 1e-15, "clip at 1");
                                    require(Losses.categoricalCrossEntropy(1, 1, E, Clipping.EPSILON) > 0,
                                            "clipped loss of a perfect prediction is positive");
                                })));
    }

    private static Formula logBase() {
        return new Formula("MISC-log-base", "base of the logarithm in the cross-entropies: e (nats) by default,"
                + " any base b as nats / ln b",
                "logBase parameter of Losses.binaryCrossEntropy, categoricalCrossEntropy, binaryCrossEntropyWithLogits,"
                        + " softmaxCrossEntropyWithLogits and their derivatives",
                List.of(cite(D3, "2.1 Mathematics", "L789, the glossary entry Log-Likelihood"),
                        cite(D1, "Many possible activation functions", "L144, the softplus row"),
                        cite(D1, "Binary cross entropy", "L444-L448: 0.32 and 0.15 only in base 2, see"
                                + " BinaryCrossEntropyExampleTest")),
                List.of("default e (PyTorch, Keras; 003 L789 'natural logarithm'); base 2 reproduces 001's cat"
                        + " example"), 1e-14, List.of(
                        Checks.values("closed form: -log2(1/2) = 1 bit, -log2(1/4) = 2 bits",
                                p -> Losses.binaryCrossEntropy(p, 1.0, 2.0), 1e-15, 0.5, 1.0, 0.25, 2.0),
                        Checks.values("closed form: -log10(0.01) = 2",
                                p -> Losses.categoricalCrossEntropy(p, 1.0, 10.0), 1e-15, 0.01, 2.0),
                        Checks.property("every cross-entropy kernel and derivative in base b equals its natural-log"
                                + " value divided by ln b (Math.log), b in {2, 10}, at 1000 seeded points", () ->
                                        Cases.run(1000, Checks.SEED, 1, (random, size) -> {
                                            double p = 0.01 + 0.98 * random.nextDouble();
                                            double y = random.nextDouble();
                                            double z = -10 + 20 * random.nextDouble();
                                            for (double b : new double[] {2.0, 10.0}) {
                                                double l = Math.log(b);
                                                Checks.assertClose(Losses.binaryCrossEntropy(p, y, E) / l,
                                                        Losses.binaryCrossEntropy(p, y, b), 1e-14, "bce");
                                                Checks.assertClose(Losses.binaryCrossEntropyDerivative(p, y, E) / l,
                                                        Losses.binaryCrossEntropyDerivative(p, y, b), 1e-14, "bce'");
                                                Checks.assertClose(Losses.categoricalCrossEntropy(p, y, E) / l,
                                                        Losses.categoricalCrossEntropy(p, y, b), 1e-14, "cce");
                                                Checks.assertClose(Losses.binaryCrossEntropyWithLogits(z, y, E) / l,
                                                        Losses.binaryCrossEntropyWithLogits(z, y, b), 1e-14, "logit");
                                                Checks.assertClose(
                                                        Losses.binaryCrossEntropyWithLogitsDerivative(z, y, E) / l,
                                                        Losses.binaryCrossEntropyWithLogitsDerivative(z, y, b), 1e-14,
                                                        "logit'");
                                            }
                                        }))));
    }
}
