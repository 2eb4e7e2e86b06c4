package nnspec.formula;

import nnspec.model.Document;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nnspec.runtime.Dropout;
import nnspec.runtime.Dropout.Rate;
import nnspec.runtime.Dropout.Scaling;
import org.apache.commons.numbers.fraction.BigFraction;
import org.opentest4j.AssertionFailedError;

/** Registry entries of dropout and its mask distribution (REG-dropout, GRAD-dropout, PROB-bernoulli, PROB-binomial). */
final class LayerDropoutFormulas {
    static final String D0 = Document.D000 + ", \"Dropout\"";
    static final String D1 = Document.D001 + ", \"Dropout\"";
    static final String D2 = Document.D002 + ", \"Dropout\"";
    static final String D2_INV = Document.D002 + ", \"Inverted dropout\"";
    static final String D3_DROP = Document.D003 + ", \"Dropout\"";
    static final String D3_BACK = Document.D003 + ", \"Backward Pass\" (of \"Dropout\")";
    static final String D3_353 = Document.D003 + ", \"3.5.3 Dropout\"";
    static final String TORCH = "PyTorch torch.nn.Dropout documentation";
    static final long MASK_SEED = 42L;

    private LayerDropoutFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(inverted());
        all.add(plain());
        all.add(keepConvention());
        all.add(backward());
        all.add(bernoulli());
        all.add(binomial());
        return all;
    }

    static double[] train(double[] x, double[] mask, double p, Scaling scaling) {
        double[] out = new double[x.length];
        Dropout.forwardTraining(x, 0, mask, 0, p, scaling, out, 0, x.length);
        return out;
    }

    /** E[r] / (1 - p) for a mask r ~ Bernoulli(q), from the printed pmf, exact. */
    static BigFraction expectedScaledMask(BigFraction q, BigFraction p) {
        return q.divide(BigFraction.ONE.subtract(p));
    }

    /** The mean of one unit's inverted-dropout output over n masks drawn at a seed, for x = 1. */
    static double empiricalMean(double p, Scaling scaling, int n, long seed) {
        double[] mask = new double[n];
        Dropout.mask(new Random(seed), p, mask, 0, n);
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        double sum = 0;
        for (double v : train(ones, mask, p, scaling)) {
            sum += v;
        }
        return sum / n;
    }

    private static Formula inverted() {
        return new Formula("REG-dropout", "inverted dropout, p = drop probability",
                "Dropout.mask, Dropout.forwardTraining, Dropout.forwardInference (Scaling.INVERTED, Rate.DROP)",
                List.of(D0, D3_DROP, D3_353, D2, TORCH),
                List.of("p = probability of dropping (PyTorch Dropout(p), Keras Dropout(rate))",
                        "training: x r / (1 - p) with r ~ Bernoulli(1 - p); test: x", "p = 1: output 0"),
                1e-15, List.of(
                        new Check("values with the mask [1, 0, 1, 1]: p = 1/2 gives [6, 0, 18, -6] from [3, 6, 9, -3],"
                                + " p = 1/5 gives [15/4, 0, 45/4, -15/4]; test time gives x (hand)", () -> {
                                    double[] x = {3, 6, 9, -3};
                                    double[] mask = {1, 0, 1, 1};
                                    LayerNaive.assertArrayExactly(new double[] {6, 0, 18, -6},
                                            train(x, mask, 0.5, Scaling.INVERTED), "p 1/2");
                                    LayerNaive.assertArray(new double[] {3.75, 0, 11.25, -3.75},
                                            train(x, mask, 0.2, Scaling.INVERTED), 1e-15, "p 1/5");
                                    double[] test = new double[4];
                                    Dropout.forwardInference(x, 0, 0.2, Scaling.INVERTED, test, 0, 4);
                                    LayerNaive.assertArrayExactly(x, test, "test");
                                }),
                        new Check("expectation preserved: E[r / (1 - p)] = 1 for r ~ Bernoulli(1 - p), p in {1/5,"
                                + " 1/2, 9/10} (exact fractions), and the empirical mean of 200000 units at seed 42"
                                + " within 5 sigma of 1", () -> {
                                    for (BigFraction p : new BigFraction[] {BigFraction.of(1, 5), BigFraction.of(1, 2),
                                        BigFraction.of(9, 10)}) {
                                        BigFraction e = expectedScaledMask(BigFraction.ONE.subtract(p), p);
                                        if (!e.equals(BigFraction.ONE)) {
                                            throw new AssertionFailedError("E = " + e + " at p = " + p);
                                        }
                                        double pd = p.doubleValue();
                                        int n = 200_000;
                                        double sigma = Math.sqrt(pd / (1 - pd) / n);
                                        double mean = empiricalMean(pd, Scaling.INVERTED, n, MASK_SEED);
                                        if (Math.abs(mean - 1) > 5 * sigma) {
                                            throw new AssertionFailedError("mean " + mean + " at p = " + pd);
                                        }
                                    }
                                }),
                        Checks.atKink("p = 1 drops everything and outputs 0 (no 0 * infinity)", p -> {
                            double[] mask = new double[3];
                            Dropout.mask(new Random(MASK_SEED), p, mask, 0, 3);
                            return train(new double[] {1, 2, 3}, mask, p, Scaling.INVERTED)[2];
                        }, 1.0, 0.0),
                        new Check("printed 003 'Dropout' (r ~ Bernoulli(p), P(r = 1) = p, scaled by 1/(1 - p))"
                                + " and 003 '3.5.3' z = x B(1, p) / (1 - p) with 1 = retained and p the drop"
                                + " fraction: E = p / (1 - p), 1/4 at p = 1/5, 9 at p = 9/10, 1 only at p = 1/2"
                                + " (exact fractions); right with B(1, 1 - p)", () -> {
                                    BigFraction p = BigFraction.of(1, 5);
                                    check(BigFraction.of(1, 4), expectedScaledMask(p, p), "p 1/5");
                                    check(BigFraction.of(9), expectedScaledMask(BigFraction.of(9, 10),
                                            BigFraction.of(9, 10)), "p 9/10");
                                    BigFraction half = BigFraction.of(1, 2);
                                    check(BigFraction.ONE, expectedScaledMask(half, half), "p 1/2");
                                }),
                        new Check("printed 000 'Dropout' applies both scalings (divide by 1 - p in training and"
                                + " scale at test): test output (1 - p) x against a training mean x, ratio 4/5 at"
                                + " p = 1/5 (exact fractions); each scaling alone preserves the expectation", () -> {
                                    BigFraction p = BigFraction.of(1, 5);
                                    BigFraction trainMean = expectedScaledMask(BigFraction.ONE.subtract(p), p);
                                    BigFraction testBoth = BigFraction.ONE.subtract(p);
                                    check(BigFraction.of(4, 5), testBoth.divide(trainMean), "ratio");
                                    Checks.assertClose(1.0, Dropout.inferenceScale(0.2, Scaling.INVERTED)
                                            / (Dropout.trainingScale(0.2, Scaling.INVERTED) * 0.8), 1e-15,
                                            "inverted alone");
                                })));
    }

    static void check(BigFraction expected, BigFraction actual, String context) {
        if (!expected.equals(actual)) {
            throw new AssertionFailedError(context + ": expected " + expected + " but was " + actual);
        }
    }

    private static Formula plain() {
        return new Formula("REG-dropout", "plain dropout: scale by 1 - p at test",
                "Dropout.forwardTraining, Dropout.forwardInference (Scaling.PLAIN)",
                List.of(D0, D2_INV, "Srivastava et al. 2014, JMLR 15, section 4"),
                List.of("training: x r; test: (1 - p) x"),
                1e-15, List.of(
                        new Check("values with mask [1, 0, 1, 1], p = 1/4: training [3, 0, 9, -3], test [9/4, 9/2,"
                                + " 27/4, -9/4] (hand)", () -> {
                                    double[] x = {3, 6, 9, -3};
                                    LayerNaive.assertArrayExactly(new double[] {3, 0, 9, -3},
                                            train(x, new double[] {1, 0, 1, 1}, 0.25, Scaling.PLAIN), "training");
                                    double[] test = new double[4];
                                    Dropout.forwardInference(x, 0, 0.25, Scaling.PLAIN, test, 0, 4);
                                    LayerNaive.assertArrayExactly(new double[] {2.25, 4.5, 6.75, -2.25}, test, "test");
                                }),
                        new Check("expected training output equals the test output (1 - p) x: empirical mean of"
                                + " 200000 units at seed 42 within 5 sigma of 1 - p for p in {1/5, 1/2}", () -> {
                                    for (double p : new double[] {0.2, 0.5}) {
                                        int n = 200_000;
                                        double sigma = Math.sqrt(p * (1 - p) / n);
                                        double mean = empiricalMean(p, Scaling.PLAIN, n, MASK_SEED);
                                        double test = Dropout.inferenceScale(p, Scaling.PLAIN);
                                        if (Math.abs(mean - test) > 5 * sigma) {
                                            throw new AssertionFailedError("mean " + mean + " vs " + test);
                                        }
                                    }
                                })));
    }

    private static Formula keepConvention() {
        return new Formula("REG-dropout", "p as keep probability",
                "Dropout.dropProbability (Rate.KEEP), Dropout.trainingScale, Dropout.inferenceScale",
                List.of(D1, D2_INV, "Srivastava et al. 2014, JMLR 15 (p = retention probability)"),
                List.of("Rate.KEEP: p is the probability of keeping; drop probability 1 - p"),
                1e-15, List.of(
                        new Check("conversion: keep 4/5 is drop 1/5; keep 1/2 is drop 1/2; Rate.DROP is the identity"
                                + " (closed form)", () -> {
                                    Checks.assertClose(0.2, Dropout.dropProbability(0.8, Rate.KEEP), 1e-15, "keep .8");
                                    Checks.assertExactly(0.5, Dropout.dropProbability(0.5, Rate.KEEP), "keep .5");
                                    Checks.assertExactly(0.3, Dropout.dropProbability(0.3, Rate.DROP), "drop .3");
                                }),
                        new Check("printed 002 'Inverted dropout' (multiply by p at test, divide by p in training)"
                                + " is right with p the keep probability (001's p), wrong with its own 'rate p ="
                                + " fraction to drop': for Keras Dropout(rate=0.2) training would scale by 5, not 5/4",
                                () -> {
                                    double keep = 0.8;
                                    double p = Dropout.dropProbability(keep, Rate.KEEP);
                                    Checks.assertClose(1 / keep, Dropout.trainingScale(p, Scaling.INVERTED), 1e-15,
                                            "divide by keep in training");
                                    Checks.assertClose(keep, Dropout.inferenceScale(p, Scaling.PLAIN), 1e-15,
                                            "multiply by keep at test");
                                    Checks.assertClose(1.25, Dropout.trainingScale(0.2, Scaling.INVERTED), 1e-15,
                                            "rate 0.2");
                                    if (Checks.close(1 / 0.2, Dropout.trainingScale(0.2, Scaling.INVERTED), 1e-3)) {
                                        throw new AssertionFailedError("divide by the drop rate");
                                    }
                                })));
    }

    private static Formula backward() {
        return new Formula("GRAD-dropout", "backward with the forward mask and scale",
                "Dropout.backward, Dropout.multipliers (the language's dropout layers)",
                List.of(D3_BACK, D3_353, D2),
                List.of("dL/dx_i = dL/dout_i r_i scale; inverted scale 1 / (1 - p), plain 1"),
                1e-9, List.of(
                        new Check("values: upstream [1, 2, 3, 4], mask [1, 0, 1, 1], p = 1/2 inverted gives [2, 0, 6,"
                                + " 8]; plain [1, 0, 3, 4] (hand); printed r_i / (1 - p) of 003", () -> {
                                    double[] g = new double[4];
                                    Dropout.backward(new double[] {1, 2, 3, 4}, 0, new double[] {1, 0, 1, 1}, 0, 0.5,
                                            Scaling.INVERTED, g, 0, 4);
                                    LayerNaive.assertArrayExactly(new double[] {2, 0, 6, 8}, g, "inverted");
                                    Dropout.backward(new double[] {1, 2, 3, 4}, 0, new double[] {1, 0, 1, 1}, 0, 0.5,
                                            Scaling.PLAIN, g, 0, 4);
                                    LayerNaive.assertArrayExactly(new double[] {1, 0, 3, 4}, g, "plain");
                                }),
                        new Check("vs central finite differences of sum(upstream * out) with the mask fixed, 100"
                                + " generated cases, both scalings", () ->
                                Cases.run(100, Checks.SEED + 300, 20, (random, size) -> {
                                    double p = random.nextDouble() * 0.9;
                                    double[] x = Cases.uniform(random, size, -2, 2);
                                    double[] up = Cases.uniform(random, size, -1, 1);
                                    double[] mask = new double[size];
                                    Dropout.mask(new Random(random.nextLong()), p, mask, 0, size);
                                    for (Scaling s : Scaling.values()) {
                                        double[] g = new double[size];
                                        Dropout.backward(up, 0, mask, 0, p, s, g, 0, size);
                                        Checks.assertGradient(LayerNaive.pairing(v -> train(v, mask, p, s), up), x, g,
                                                1e-9, s.name());
                                    }
                                })),
                        new Check("Dropout.multipliers, which the language's layers use (out = x m, dL/dx = dL/dout"
                                + " m), against forwardTraining, forwardInference and backward above, bit for bit, with"
                                + " the same draws: 100 generated cases, both scalings", () ->
                                Cases.run(100, Checks.SEED + 301, 20, (random, size) -> {
                                    double p = random.nextDouble() * 0.9;
                                    long seed = random.nextLong();
                                    double[] x = Cases.uniform(random, size, -2, 2);
                                    double[] up = Cases.uniform(random, size, -1, 1);
                                    double[] mask = new double[size];
                                    Dropout.mask(new Random(seed), p, mask, 0, size);
                                    for (Scaling s : Scaling.values()) {
                                        double[] m = new double[size];
                                        Dropout.multipliers(new Random(seed), p, s, true, m, 0, size);
                                        double[] expected = new double[size];
                                        Dropout.forwardTraining(x, 0, mask, 0, p, s, expected, 0, size);
                                        double[] gradient = new double[size];
                                        Dropout.backward(up, 0, mask, 0, p, s, gradient, 0, size);
                                        double[] evaluation = new double[size];
                                        Dropout.forwardInference(x, 0, p, s, evaluation, 0, size);
                                        double[] e = new double[size];
                                        Dropout.multipliers(new Random(seed), p, s, false, e, 0, size);
                                        for (int i = 0; i < size; i++) {
                                            LayerNaive.assertArrayExactly(new double[] {expected[i], gradient[i],
                                                    evaluation[i]}, new double[] {x[i] * m[i], up[i] * m[i],
                                                    x[i] * e[i]}, s.name() + " unit " + i);
                                        }
                                    }
                                }))));
    }

    private static Formula bernoulli() {
        return new Formula("PROB-bernoulli", "dropout mask entries ~ Bernoulli(1 - p)",
                "Dropout.mask, Dropout.bernoulliProbability",
                List.of(D3_DROP, D3_353),
                List.of("P(r = k) = q^k (1 - q)^(1 - k), k in {0, 1}; the mask's q is the keep probability 1 - p",
                        "r_i = 1 when java.util.Random.nextDouble() < 1 - p, one draw per unit in order"),
                1e-15, List.of(
                        new Check("pmf values: q^k (1 - q)^(1 - k) at q in {1/5, 1/2, 3/4}, k in {0, 1} (exact"
                                + " fractions), 0 outside {0, 1}; printed case form (003 '3.5.3') agrees", () -> {
                                    for (BigFraction q : new BigFraction[] {BigFraction.of(1, 5), BigFraction.of(1, 2),
                                        BigFraction.of(3, 4)}) {
                                        for (int k = 0; k <= 1; k++) {
                                            BigFraction pmf = q.pow(k).multiply(BigFraction.ONE.subtract(q).pow(1 - k));
                                            BigFraction cases = k == 1 ? q : BigFraction.ONE.subtract(q);
                                            check(cases, pmf, "printed forms at k = " + k);
                                            Checks.assertClose(pmf.doubleValue(),
                                                    Dropout.bernoulliProbability(k, q.doubleValue()), 1e-15, "k " + k);
                                        }
                                    }
                                    Checks.assertExactly(0, Dropout.bernoulliProbability(2, 0.5), "k = 2");
                                }),
                        new Check("mask frequencies at seed 42: kept count of 100000 units within 5 sigma of"
                                + " 100000 (1 - p) for p in {0.1, 0.2, 0.5, 0.9} (binomial sigma)", () -> {
                                    for (double p : new double[] {0.1, 0.2, 0.5, 0.9}) {
                                        int n = 100_000;
                                        double[] mask = new double[n];
                                        Dropout.mask(new Random(MASK_SEED), p, mask, 0, n);
                                        double kept = 0;
                                        for (double r : mask) {
                                            if (r != 0 && r != 1) {
                                                throw new AssertionFailedError("mask entry " + r);
                                            }
                                            kept += r;
                                        }
                                        double sigma = Math.sqrt(n * p * (1 - p));
                                        if (Math.abs(kept - n * (1 - p)) > 5 * sigma) {
                                            throw new AssertionFailedError("kept " + kept + " of " + n + " at p " + p);
                                        }
                                    }
                                }),
                        new Check("exactly: p = 0 keeps every unit, p = 1 drops every unit; the same seed gives the"
                                + " same mask", () -> {
                                    double[] a = new double[1000];
                                    Dropout.mask(new Random(7), 0.0, a, 0, a.length);
                                    for (double r : a) {
                                        Checks.assertExactly(1, r, "p = 0");
                                    }
                                    Dropout.mask(new Random(7), 1.0, a, 0, a.length);
                                    for (double r : a) {
                                        Checks.assertExactly(0, r, "p = 1");
                                    }
                                    double[] b = new double[1000];
                                    Dropout.mask(new Random(7), 0.3, a, 0, a.length);
                                    Dropout.mask(new Random(7), 0.3, b, 0, b.length);
                                    LayerNaive.assertArrayExactly(a, b, "same seed");
                                })));
    }

    static BigFraction binomialPmf(int n, int k, BigFraction q) {
        BigInteger c = BigInteger.ONE;
        for (int j = 0; j < k; j++) {
            c = c.multiply(BigInteger.valueOf(n - j)).divide(BigInteger.valueOf(j + 1));
        }
        return BigFraction.of(c).multiply(q.pow(k)).multiply(BigFraction.ONE.subtract(q).pow(n - k));
    }

    private static Formula binomial() {
        return new Formula("PROB-binomial", "kept-unit count ~ Binomial(n, 1 - p)",
                "Dropout.binomialProbability (counts from Dropout.mask)",
                List.of(D3_DROP, D3_353),
                List.of("P(K = k) = C(n, k) q^k (1 - q)^(n - k); for a mask of n units q = 1 - p",
                        "the printed per-unit mask Pr(1, 1 - p, |theta|) of 003 'Dropout' has its arguments out of"
                                + " order: read as Pr(k, n, p) its trial count is 1 - p; the kernel draws each unit"
                                + " as Pr(r_i; 1, 1 - p)"),
                1e-13, List.of(
                        new Check("pmf values for n <= 10, q in {1/5, 1/2, 3/4} against exact fractions", () -> {
                            for (BigFraction q : new BigFraction[] {BigFraction.of(1, 5), BigFraction.of(1, 2),
                                BigFraction.of(3, 4)}) {
                                for (int n = 0; n <= 10; n++) {
                                    for (int k = 0; k <= n; k++) {
                                        Checks.assertClose(binomialPmf(n, k, q).doubleValue(),
                                                Dropout.binomialProbability(n, k, q.doubleValue()), 1e-14,
                                                "n " + n + " k " + k + " q " + q);
                                    }
                                }
                            }
                            Checks.assertExactly(0, Dropout.binomialProbability(3, 4, 0.5), "k > n");
                        }),
                        new Check("printed pmf sums to 1 and has mean n q and variance n q (1 - q) (exact fractions,"
                                + " n <= 12, q in {1/5, 2/3}); the kernel's moments agree numerically", () -> {
                                    for (BigFraction q : List.of(BigFraction.of(1, 5), BigFraction.of(2, 3))) {
                                        for (int n = 1; n <= 12; n++) {
                                            BigFraction total = BigFraction.ZERO;
                                            BigFraction mean = BigFraction.ZERO;
                                            double kernelMean = 0;
                                            for (int k = 0; k <= n; k++) {
                                                BigFraction pk = binomialPmf(n, k, q);
                                                total = total.add(pk);
                                                mean = mean.add(pk.multiply(k));
                                                kernelMean += k * Dropout.binomialProbability(n, k, q.doubleValue());
                                            }
                                            BigFraction variance = BigFraction.ZERO;
                                            for (int k = 0; k <= n; k++) {
                                                BigFraction d = BigFraction.of(k).subtract(mean);
                                                variance = variance.add(d.multiply(d).multiply(binomialPmf(n, k, q)));
                                            }
                                            check(BigFraction.ONE, total, "sum, n " + n);
                                            check(q.multiply(n), mean, "mean, n " + n);
                                            check(q.multiply(n).multiply(BigFraction.ONE.subtract(q)), variance,
                                                    "variance, n " + n);
                                            Checks.assertClose(q.multiply(n).doubleValue(), kernelMean, 1e-13,
                                                    "kernel mean, n " + n);
                                        }
                                    }
                                }),
                        new Check("printed 003 'Dropout' theta = theta Pr(1, 1 - p, |theta|) / (1 - p) read as"
                                + " Pr(k, n, p): trial count n = 1 - p = 4/5 is no integer and success probability"
                                + " |theta| = 4 is no probability, so no mask; read per unit as r_i ~ Pr(r_i; 1, 1 - p)"
                                + " it gives E[theta r_i / (1 - p)] = theta (exact fractions)", () -> {
                                    BigFraction p = BigFraction.of(1, 5);
                                    BigFraction trials = BigFraction.ONE.subtract(p);
                                    int units = 4;
                                    if (trials.getDenominatorAsInt() == 1 || units <= 1) {
                                        throw new AssertionFailedError("printed arguments would be admissible");
                                    }
                                    BigFraction mean = BigFraction.ZERO;
                                    for (int r = 0; r <= 1; r++) {
                                        mean = mean.add(binomialPmf(1, r, trials).multiply(r));
                                    }
                                    check(BigFraction.ONE, mean.divide(trials), "E[r / (1 - p)]");
                                    Checks.assertClose(0.8, Dropout.binomialProbability(1, 1, 1 - 0.2), 1e-15,
                                            "kernel P(r = 1)");
                                }),
                        new Check("Bernoulli is Binomial with n = 1 (printed): binomialProbability(1, k, q) ="
                                + " bernoulliProbability(k, q) exactly", () -> {
                                    for (double q : new double[] {0.0, 0.2, 0.5, 0.75, 1.0}) {
                                        for (int k = 0; k <= 1; k++) {
                                            Checks.assertExactly(Dropout.bernoulliProbability(k, q),
                                                    Dropout.binomialProbability(1, k, q), "q " + q + " k " + k);
                                        }
                                    }
                                }),
                        new Check("kept counts of 20000 masks of 10 units, p = 0.3, seed 42: each count k's"
                                + " frequency within 5 sigma of 20000 C(10, k) 0.7^k 0.3^(10 - k)", () -> {
                                    int masks = 20_000;
                                    int n = 10;
                                    double p = 0.3;
                                    int[] histogram = new int[n + 1];
                                    Random random = new Random(MASK_SEED);
                                    double[] mask = new double[n];
                                    for (int t = 0; t < masks; t++) {
                                        Dropout.mask(random, p, mask, 0, n);
                                        int kept = 0;
                                        for (double r : mask) {
                                            kept += (int) r;
                                        }
                                        histogram[kept]++;
                                    }
                                    for (int k = 0; k <= n; k++) {
                                        double pk = binomialPmf(n, k, BigFraction.of(7, 10)).doubleValue();
                                        double sigma = Math.sqrt(masks * pk * (1 - pk));
                                        if (Math.abs(histogram[k] - masks * pk) > 5 * sigma + 1e-9) {
                                            throw new AssertionFailedError("count " + k + ": " + histogram[k]
                                                    + " vs " + masks * pk);
                                        }
                                    }
                                })));
    }
}
