package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import nnspec.formula.InitDraws.Target;
import nnspec.runtime.Initializers;
import nnspec.runtime.Initializers.HeVariance;
import nnspec.runtime.Initializers.Normal;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Registry entries of the initialisers: variance formulas against exact fractions, draws by their moments at a
 * fixed seed (see {@link InitDraws}), and the network-level claims of initialisation (symmetry breaking,
 * vanishing and exploding signals) on the reference interpreter (see {@link InitNetworks}).
 */
final class InitFormulas {
    static final String D1_INIT = Document.D001 + ", \"Initialization of weights\"";
    static final String D2_NORMAL = Document.D002 + ", \"Normal distribution to initialize weights\"";
    static final String D2_KERAS = Document.D002 + ", \"Initializers in Keras\"";
    static final String D3_GLOROT = Document.D003 + ", \"Glorot\"";
    private static final int FAN_IN = 100;
    private static final int FAN_OUT = 400;
    private static final double TOL = 1e-15;

    private InitFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(uniformFanIn());
        all.add(glorotUniform());
        all.add(glorotNormal(Normal.PLAIN, "PyTorch xavier_normal_: plain normal"));
        all.add(glorotNormal(Normal.TRUNCATED_2SD, "Keras GlorotNormal: truncated at 2 scales"));
        all.add(heNormal(HeVariance.STANDARD, Normal.PLAIN, "PyTorch kaiming_normal_ (fan_in, relu)"));
        all.add(heNormal(HeVariance.STANDARD, Normal.TRUNCATED_2SD, "Keras HeNormal"));
        all.add(heNormal(HeVariance.DOUBLED_GLOROT_002, Normal.PLAIN, "002's printed variance"));
        all.add(hePrintedVariance());
        all.add(heUniform(HeVariance.STANDARD, "Keras HeUniform, PyTorch kaiming_uniform_"));
        all.add(heUniform(HeVariance.DOUBLED_GLOROT_002, "002's printed variance"));
        all.add(lecun());
        all.addAll(InitNetworks.all());
        return all;
    }

    /** n/d as the nearest double, from exact rational arithmetic. */
    static double fraction(long n, long d) {
        return BigFraction.of(n, d).doubleValue();
    }

    private static Formula uniformFanIn() {
        double limit = Initializers.fanInLimit(FAN_IN);
        return new Formula("INIT-uniform-fanin", "uniform on [-1/sqrt(m), 1/sqrt(m)), m = fan_in",
                "Initializers.uniformFanIn, Initializers.fanInLimit", List.of(D1_INIT),
                List.of("m = fan_in, the inputs of the layer; draws in storage order, java.util.Random.nextDouble"),
                TOL, List.of(
                        Checks.values("closed form 1/sqrt(m) at squares m = 1, 4, 16, 100, 10000",
                                m -> Initializers.fanInLimit((int) m), 0.0,
                                1, 1.0, 4, 0.5, 16, 0.25, 100, 0.1, 10000, 0.01),
                        Checks.property("variance of U(-l, l) = l^2 / 3 equals the exact fraction 1/(3m), m = 1..200",
                                () -> {
                                    for (int m = 1; m <= 200; m++) {
                                        double l = Initializers.fanInLimit(m);
                                        Checks.assertClose(fraction(1, 3L * m), l * l / 3.0, 1e-15, "m = " + m);
                                    }
                                }),
                        InitDraws.moments("variance 1/(3 fan_in) (closed form, fan_in " + FAN_IN + ")",
                                FAN_IN * FAN_OUT, (p, from, seed) ->
                                        Initializers.uniformFanIn(p, from, FAN_IN, FAN_OUT, seed),
                                Target.uniform(1.0 / Math.sqrt(FAN_IN))),
                        InitDraws.seeds(10_000, (p, from, seed) -> Initializers.uniformFanIn(p, from, 100, 100, seed)),
                        Checks.property("limit " + limit + " is exactly 1/sqrt(" + FAN_IN + ") = 0.1",
                                () -> Checks.assertExactly(0.1, limit, "limit"))));
    }

    private static Formula glorotUniform() {
        return new Formula("INIT-glorot-uniform", "Glorot uniform, limit sqrt(6/(fan_in + fan_out))",
                "Initializers.glorotUniform, Initializers.glorotLimit, Initializers.glorotVariance",
                List.of(D1_INIT, D3_GLOROT, D2_KERAS),
                List.of("Keras GlorotUniform and PyTorch xavier_uniform_ (gain 1); biases 0"), TOL, List.of(
                        Checks.property("limit^2 = 6/(m + n) exactly as fractions, and variance l^2/3 = 2/(m + n),"
                                + " m, n = 1..60", () -> {
                                    for (int m = 1; m <= 60; m++) {
                                        for (int n = 1; n <= 60; n++) {
                                            double l = Initializers.glorotLimit(m, n);
                                            Checks.assertClose(fraction(6, m + n), l * l, 1e-15, m + ", " + n);
                                            Checks.assertClose(fraction(2, m + n), l * l / 3.0, 1e-15, m + ", " + n);
                                            Checks.assertClose(fraction(2, m + n),
                                                    Initializers.glorotVariance(m, n), 1e-16, m + ", " + n);
                                        }
                                    }
                                }),
                        Checks.values("closed form sqrt(6/(m+n)) at (1, 2), (3, 3), (10, 14), (50, 100)",
                                k -> switch ((int) k) {
                                    case 0 -> Initializers.glorotLimit(1, 2);
                                    case 1 -> Initializers.glorotLimit(3, 3);
                                    case 2 -> Initializers.glorotLimit(10, 14);
                                    default -> Initializers.glorotLimit(50, 100);
                                }, 1e-15, 0, Math.sqrt(2.0), 1, 1.0, 2, 0.5, 3, 0.2),
                        InitDraws.moments("variance 2/(fan_in + fan_out) (closed form)", FAN_IN * FAN_OUT,
                                (p, from, seed) -> Initializers.glorotUniform(p, from, FAN_IN, FAN_OUT, seed),
                                Target.uniform(Math.sqrt(6.0 / (FAN_IN + FAN_OUT)))),
                        InitDraws.seeds(10_000, (p, from, seed) -> Initializers.glorotUniform(p, from, 100, 100,
                                seed))));
    }

    private static Target normalTarget(Normal normal, double variance) {
        return normal == Normal.PLAIN ? Target.normal(variance) : Target.truncatedNormal(variance);
    }

    private static Check truncationConstant() {
        return Checks.property("Keras's constant 0.87962566103423978 = sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)), the"
                + " standard deviation of N(0, 1) truncated to [-2, 2] (Commons Math normal distribution)", () -> {
                    NormalDistribution standard = new NormalDistribution(0.0, 1.0);
                    double z = 2.0 * standard.cumulativeProbability(2.0) - 1.0;
                    double sd = Math.sqrt(1.0 - 4.0 * standard.density(2.0) / z);
                    Checks.assertClose(sd, Initializers.KERAS_TRUNCATION_FACTOR, 1e-14, "truncated sd");
                });
    }

    private static Formula glorotNormal(Normal normal, String convention) {
        List<Check> checks = new ArrayList<>(List.of(
                Checks.property("variance 2/(n_in + n_out) equals 002's 1/n with n the average (n_in + n_out)/2,"
                        + " exact fractions, and the kernel's variance, n_in, n_out = 1..60", () -> {
                            for (int m = 1; m <= 60; m++) {
                                for (int n = 1; n <= 60; n++) {
                                    BigFraction printedAverage = BigFraction.ONE.divide(BigFraction.of(m + n, 2));
                                    assertEquals(BigFraction.of(2, m + n), printedAverage, m + ", " + n);
                                    Checks.assertClose(printedAverage.doubleValue(),
                                            Initializers.glorotVariance(m, n), 1e-16, m + ", " + n);
                                }
                            }
                        }),
                InitDraws.moments("variance 2/(fan_in + fan_out) (closed form)", FAN_IN * FAN_OUT,
                        (p, from, seed) -> Initializers.glorotNormal(p, from, FAN_IN, FAN_OUT, seed, normal),
                        normalTarget(normal, 2.0 / (FAN_IN + FAN_OUT))),
                InitDraws.seeds(10_000, (p, from, seed) -> Initializers.glorotNormal(p, from, 100, 100, seed,
                        normal))));
        if (normal == Normal.TRUNCATED_2SD) {
            checks.add(truncationConstant());
        }
        return new Formula("INIT-glorot-normal", "Glorot normal, " + convention,
                "Initializers.glorotNormal(..., Normal." + normal + ")", List.of(D2_NORMAL, D2_KERAS),
                List.of("Normal." + normal + ": " + convention), TOL, checks);
    }

    private static Formula heNormal(HeVariance variance, Normal normal, String convention) {
        double target = variance == HeVariance.STANDARD ? 2.0 / FAN_IN : 4.0 / (FAN_IN + FAN_OUT);
        List<Check> checks = new ArrayList<>(List.of(
                Checks.property("variance " + (variance == HeVariance.STANDARD ? "2/fan_in" : "4/(fan_in + fan_out)")
                        + " equals the exact fraction, fans 1..60", () -> {
                            for (int m = 1; m <= 60; m++) {
                                for (int n = 1; n <= 60; n++) {
                                    double exact = variance == HeVariance.STANDARD ? fraction(2, m)
                                            : fraction(4, m + n);
                                    Checks.assertClose(exact, Initializers.heVariance(m, n, variance), 1e-16,
                                            m + ", " + n);
                                }
                            }
                        }),
                InitDraws.moments("variance " + target + " (closed form, fan_in " + FAN_IN + ", fan_out " + FAN_OUT
                        + ")", FAN_IN * FAN_OUT,
                        (p, from, seed) -> Initializers.heNormal(p, from, FAN_IN, FAN_OUT, seed, variance, normal),
                        normalTarget(normal, target)),
                InitDraws.seeds(10_000, (p, from, seed) -> Initializers.heNormal(p, from, 100, 100, seed, variance,
                        normal))));
        if (normal == Normal.TRUNCATED_2SD) {
            checks.add(truncationConstant());
        }
        return new Formula("INIT-he-normal", "He normal, " + variance + ", " + normal + " (" + convention + ")",
                "Initializers.heNormal(..., HeVariance." + variance + ", Normal." + normal + ")",
                List.of(D2_NORMAL, D2_KERAS, "PyTorch torch.nn.init.kaiming_normal_ documentation",
                        "Keras HeNormal documentation"),
                List.of("HeVariance." + variance, "Normal." + normal + ": " + convention), TOL, checks);
    }

    private static Formula hePrintedVariance() {
        return new Formula("INIT-he-normal", "002's printed He variance 4/(n_in + n_out) against the standard 2/n_in",
                "Initializers.heVariance", List.of(D2_NORMAL, "He et al. 2015, Delving Deep into Rectifiers, eq. 10"),
                List.of("HeVariance.STANDARD (default) and HeVariance.DOUBLED_GLOROT_002"), 0.0, List.of(
                        Checks.property("erratum: 4/(m + n) = 2/m exactly (fractions) if and only if m = n, m, n ="
                                + " 1..80; the kernel's two variants agree exactly there and only there", () -> {
                                    for (int m = 1; m <= 80; m++) {
                                        for (int n = 1; n <= 80; n++) {
                                            boolean equal = BigFraction.of(4, m + n).equals(BigFraction.of(2, m));
                                            assertEquals(m == n, equal, m + ", " + n);
                                            boolean kernelEqual = Initializers.heVariance(m, n, HeVariance.STANDARD)
                                                    == Initializers.heVariance(m, n, HeVariance.DOUBLED_GLOROT_002);
                                            assertEquals(m == n, kernelEqual, "kernel at " + m + ", " + n);
                                        }
                                    }
                                }),
                        Checks.property("002's slide: He doubles the Glorot variance 2/(m + n), exact fractions",
                                () -> {
                                    for (int m = 1; m <= 40; m++) {
                                        for (int n = 1; n <= 40; n++) {
                                            assertEquals(BigFraction.of(2, m + n).multiply(2), BigFraction.of(4, m + n));
                                            Checks.assertClose(2.0 * Initializers.glorotVariance(m, n),
                                                    Initializers.heVariance(m, n, HeVariance.DOUBLED_GLOROT_002),
                                                    1e-16, m + ", " + n);
                                        }
                                    }
                                })));
    }

    private static Formula heUniform(HeVariance variance, String convention) {
        double target = variance == HeVariance.STANDARD ? 2.0 / FAN_IN : 4.0 / (FAN_IN + FAN_OUT);
        return new Formula("INIT-he-normal", "He uniform, " + variance + " (" + convention + ")",
                "Initializers.heUniform(..., HeVariance." + variance + ")",
                List.of(D2_KERAS, "Keras HeUniform documentation", "PyTorch torch.nn.init.kaiming_uniform_ documentation"),
                List.of("limit sqrt(3 var): sqrt(6/fan_in) for STANDARD"), TOL, List.of(
                        InitDraws.moments("variance " + target + ", every draw within sqrt(3 var) (closed form)",
                                FAN_IN * FAN_OUT, (p, from, seed) ->
                                        Initializers.heUniform(p, from, FAN_IN, FAN_OUT, seed, variance),
                                Target.uniform(Math.sqrt(3.0 * target))),
                        InitDraws.seeds(10_000, (p, from, seed) -> Initializers.heUniform(p, from, 100, 100, seed,
                                variance))));
    }

    private static Formula lecun() {
        return new Formula("INIT-vanishing-heuristic", "LeCun normal and uniform: variance 1/fan_in",
                "Initializers.lecunNormal, Initializers.lecunUniform, Initializers.lecunVariance",
                List.of(D2_KERAS, "Keras LecunNormal and LecunUniform documentation"),
                List.of("LecunNormal: Normal.TRUNCATED_2SD as Keras; LecunUniform limit sqrt(3/fan_in)"), TOL, List.of(
                        Checks.property("variance 1/fan_in exact fraction, fan_in = 1..200", () -> {
                            for (int m = 1; m <= 200; m++) {
                                Checks.assertClose(fraction(1, m), Initializers.lecunVariance(m), 1e-16, "m " + m);
                            }
                        }),
                        InitDraws.moments("variance 1/fan_in, Keras truncated normal (closed form)", FAN_IN * FAN_OUT,
                                (p, from, seed) -> Initializers.lecunNormal(p, from, FAN_IN, FAN_OUT, seed,
                                        Normal.TRUNCATED_2SD), Target.truncatedNormal(1.0 / FAN_IN)),
                        InitDraws.moments("variance 1/fan_in, uniform on sqrt(3/fan_in) (closed form)",
                                FAN_IN * FAN_OUT, (p, from, seed) -> Initializers.lecunUniform(p, from, FAN_IN,
                                        FAN_OUT, seed), Target.uniform(Math.sqrt(3.0 / FAN_IN))),
                        InitDraws.seeds(10_000, (p, from, seed) -> Initializers.lecunNormal(p, from, 100, 100, seed,
                                Normal.PLAIN))));
    }
}
