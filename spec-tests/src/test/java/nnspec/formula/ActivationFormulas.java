package nnspec.formula;

import static nnspec.formula.ActivationChecks.D0;
import static nnspec.formula.ActivationChecks.D1;
import static nnspec.formula.ActivationChecks.D2;
import static nnspec.formula.ActivationChecks.D3;
import static nnspec.formula.ActivationChecks.assertTrue;
import static nnspec.formula.ActivationChecks.cite;
import static nnspec.formula.ActivationChecks.constant;
import static nnspec.formula.ActivationChecks.kink;
import static nnspec.formula.ActivationChecks.printedFormAgrees;
import static nnspec.formula.ActivationChecks.scalar;
import static nnspec.formula.ActivationChecks.slope;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import nnspec.runtime.Activations;
import nnspec.runtime.Activations.SignAtZero;
import nnspec.runtime.Activations.StepAtZero;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.numbers.fraction.Fraction;

/**
 * Registry entries of the activation family (ACT-*): the documents' activations and Keras's list (ACT-keras,
 * in {@link ActivationKerasFormulas}); see {@link Formula}. Expected values come from closed forms written here
 * with java.lang.Math, exact fractions, the documents' figures, or Keras's documented examples.
 */
final class ActivationFormulas {
    static final double TOL = 1e-9;
    static final Domain WIDE = Domain.of(-6, 6);
    static final Domain AROUND_0 = Domain.withKinks(-6, 6, 0);

    private ActivationFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.addAll(stepAndSign());
        all.addAll(linearAndPiecewise());
        all.addAll(sigmoidAndTanh());
        all.addAll(reluFamily());
        all.addAll(ActivationVectorFormulas.all());
        all.addAll(ActivationKerasFormulas.all());
        return all;
    }

    private static double frac(int num, int den) {
        return Fraction.of(num, den).doubleValue();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<Formula> stepAndSign() {
        List<Formula> list = new ArrayList<>();
        DoubleUnaryOperator step = Activations::step;
        list.add(scalar("ACT-step", "step, 0 at z = 0 (perceptron, the default)",
                "Activations.step(z), Activations.stepDerivative(z, a)",
                List.of(cite(D0, "Example: perceptron training"), cite(D1, "Many possible activation functions")),
                List.of("step(0) = 0 (StepAtZero.ZERO), 000's \"0 if otherwise\"", "step'(z) = 0, also at the jump"),
                TOL, step, Activations::stepDerivative, x -> constant(x, x.getValue() > 0 ? 1 : 0), AROUND_0,
                Checks.values("exact: 1 for z > 0, 0 for z < 0", step, 0, -3, 0, -1e-300, 0, 1e-300, 1, 2.5, 1),
                kink("000 L107 sends z = 0 to 0", step, Activations::stepDerivative, 0, 0, 0),
                Checks.property("every StepAtZero convention agrees with step off 0 and takes its own value at 0",
                        () -> {
                            for (StepAtZero c : StepAtZero.values()) {
                                for (double x : new double[] {-2, -1e-12, 1e-12, 3}) {
                                    Checks.assertExactly(x > 0 ? 1 : 0, Activations.step(x, c.value()), c + " at " + x);
                                }
                                Checks.assertExactly(c.value(), Activations.step(0.0, c.value()), c + " at 0");
                                Checks.assertExactly(c.value(), Activations.step(-0.0, c.value()), c + " at -0");
                            }
                            Checks.assertExactly(0.0, StepAtZero.ZERO.value(), "ZERO");
                            Checks.assertExactly(0.5, StepAtZero.HALF.value(), "HALF");
                            Checks.assertExactly(1.0, StepAtZero.ONE.value(), "ONE");
                        })));
        DoubleUnaryOperator heaviside = z -> Activations.step(z, StepAtZero.HALF.value());
        ActivationChecks.Derivative heavisideD = (z, a) -> Activations.stepDerivative(z, a, StepAtZero.HALF.value());
        list.add(scalar("ACT-step", "Heaviside unit step, 0.5 at z = 0 (StepAtZero.HALF)",
                "Activations.step(z, StepAtZero.HALF.value()), Activations.stepDerivative(z, a, atZero)",
                List.of(cite(D1, "Many possible activation functions")),
                List.of("step(0) = 0.5 as 001 L137 prints", "derivative 0, also at the jump"),
                TOL, heaviside, heavisideD, x -> constant(x, x.getValue() > 0 ? 1 : 0), AROUND_0,
                Checks.values("001 L137's table: 0 for z < 0, 1 for z > 0", heaviside, 0, -1, 0, 1, 1, -1e-9, 0),
                kink("001 L137 prints 0.5 at z = 0", heaviside, heavisideD, 0, 0.5, 0)));

        DoubleUnaryOperator sign = Activations::sign;
        list.add(scalar("ACT-sign", "sign, 0 at z = 0 (the default)",
                "Activations.sign(z), Activations.signDerivative(z, a)",
                List.of(cite(D1, "Many possible activation functions"), cite(D3, "Mean Absolute Error"),
                        cite(D2, "Algorithm 1 Perceptron Algorithm")),
                List.of("sign(0) = 0 (SignAtZero.ZERO) as 001 L138 and 003 L1399", "sign'(z) = 0, also at 0"),
                TOL, sign, Activations::signDerivative, x -> constant(x, Math.signum(x.getValue())), AROUND_0,
                Checks.values("exact: -1 below 0, 1 above", sign, 0, -7, -1, -1e-300, -1, 1e-300, 1, 4, 1),
                kink("001 L138 and 003 L1399 take 0 at 0", sign, Activations::signDerivative, 0, 0, 0),
                Checks.property("002 L157 (perceptron algorithm, w0 = 0): sign(<w,x>) = sign(0) != y for both labels"
                        + " under sign(0) = 0, so the first sample always updates; under the XOR slide's -1 at 0 a"
                        + " y = -1 sample would not", () -> {
                            for (double y : new double[] {-1, 1}) {
                                assertTrue(Activations.sign(0.0) != y, "sign(0) = 0 never equals y = " + y);
                            }
                            assertTrue(Activations.sign(0.0, SignAtZero.MINUS_ONE.value()) == -1.0,
                                    "MINUS_ONE classifies the zero margin as -1");
                        })));
        DoubleUnaryOperator signXor = z -> Activations.sign(z, SignAtZero.MINUS_ONE.value());
        ActivationChecks.Derivative signXorD = (z, a) -> Activations.signDerivative(z, a, SignAtZero.MINUS_ONE.value());
        list.add(scalar("ACT-sign", "sign, -1 at z = 0 (SignAtZero.MINUS_ONE, the XOR slide)",
                "Activations.sign(z, SignAtZero.MINUS_ONE.value()), Activations.signDerivative(z, a, atZero)",
                List.of(cite(D1, "The multi-layer perceptron (MLP)")),
                List.of("phi(v) = 1 if v > 0, -1 if v <= 0 (001 L115)", "derivative 0"),
                TOL, signXor, signXorD, x -> constant(x, Math.signum(x.getValue())), AROUND_0,
                Checks.values("001 L115: 1 for v > 0, -1 for v < 0", signXor, 0, -2, -1, 2, 1),
                kink("001 L115 sends v = 0 to -1", signXor, signXorD, 0, -1, 0),
                kink("PLUS_ONE convention sends 0 to 1", z -> Activations.sign(z, SignAtZero.PLUS_ONE.value()),
                        (z, a) -> 0.0, 0, 1, 0)));
        return list;
    }

    private static List<Formula> linearAndPiecewise() {
        List<Formula> list = new ArrayList<>();
        DoubleUnaryOperator linear = Activations::linear;
        list.add(scalar("ACT-linear", "identity", "Activations.linear(z), Activations.linearDerivative(z, a)",
                List.of(cite(D1, "Many possible activation functions"), cite(D2, "Output layer activation functions"),
                        cite(D3, "Activation Function"), cite(D3, "Linear")),
                List.of("f'(z) = 1 (003 L575)"), TOL, linear, Activations::linearDerivative, x -> x, WIDE,
                Checks.values("exact: f(z) = z", linear, 0, -3.5, -3.5, 0, 0, 1e300, 1e300, 2, 2),
                printedFormAgrees("001 L139 phi(z) = z", z -> z, linear, WIDE, 0),
                printedFormAgrees("002 L324 S(z_i) = z_i", z -> z, linear, Domain.of(-100, 100), 0),
                printedFormAgrees("003 L575 f(x) = x, with f'(x) = 1 checked by the derivative checks", z -> z, linear,
                        Domain.of(-1, 1), 0),
                printedFormAgrees("003 L1230 sigma(x) = x", z -> z, linear, Domain.of(-1e6, 1e6), 0)));

        DoubleUnaryOperator pl = Activations::piecewiseLinear;
        ActivationChecks.Derivative plD = Activations::piecewiseLinearDerivative;
        list.add(scalar("ACT-piecewise-linear", "piece-wise linear (slope 1 between -1/2 and 1/2)",
                "Activations.piecewiseLinear(z), Activations.piecewiseLinearDerivative(z, a)",
                List.of(cite(D1, "Many possible activation functions")),
                List.of("derivative 1 on (-1/2, 1/2), 0 outside and at both kinks"),
                TOL, pl, plD,
                x -> x.getValue() >= 0.5 ? constant(x, 1) : x.getValue() <= -0.5 ? constant(x, 0) : x.add(0.5),
                Domain.withKinks(-3, 3, -0.5, 0.5),
                Checks.values("exact fractions of 001 L140's cases", pl, 0, -2, 0, frac(-1, 4), frac(1, 4), 0, frac(1, 2),
                        frac(1, 4), frac(3, 4), 2, 1),
                kink("z >= 1/2 case", pl, plD, 0.5, 1, 0), kink("z <= -1/2 case", pl, plD, -0.5, 0, 0),
                Checks.property("continuous at both kinks (the middle piece meets 0 and 1)", () -> {
                    Checks.assertClose(0.0, pl.applyAsDouble(-0.5 + 1e-12), 1e-11, "right of -1/2");
                    Checks.assertClose(1.0, pl.applyAsDouble(0.5 - 1e-12), 1e-11, "left of 1/2");
                })));
        return list;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** 1/(1+e^-z) evaluated naively, as printed. */
    static double printedSigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    static double printedTanh(double z) {
        return (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z));
    }

    private static List<Formula> sigmoidAndTanh() {
        List<Formula> list = new ArrayList<>();
        DoubleUnaryOperator s = Activations::sigmoid;
        Domain sigmoidDomain = Domain.of(-30, 30);
        list.add(scalar("ACT-sigmoid", "logistic sigmoid", "Activations.sigmoid(z), Activations.sigmoidDerivative(z, a)",
                List.of(cite(D0, "Most common activation functions"), cite(D0, "Example: multi-layer perceptron training"),
                        cite(D1, "Many possible activation functions"), cite(D2, "Hidden layers activation functions"),
                        cite(D3, "Sigmoid Activation Function")),
                List.of("e^z/(1+e^z) for z < 0, so e^-z never overflows"), TOL, s, Activations::sigmoidDerivative,
                ActivationChecks::sigmoid, sigmoidDomain,
                Checks.values("closed form 1/(1+e^-z) (java.lang.Math) and 000 L317's 0.5 at z = 0", s, 1e-15,
                        0, 0.5, 1, 1 / (1 + Math.exp(-1)), -2, 1 / (1 + Math.exp(2)), 36, 1 / (1 + Math.exp(-36))),
                printedFormAgrees("000 L76", ActivationFormulas::printedSigmoid, s, sigmoidDomain, 1e-15),
                printedFormAgrees("001 L141", ActivationFormulas::printedSigmoid, s, Domain.of(-40, 40), 1e-15),
                printedFormAgrees("002 L269", ActivationFormulas::printedSigmoid, s, Domain.of(-700, 700), 1e-15),
                printedFormAgrees("003 L527 (sigma_ij = 1/(1+e^-theta_ij))", ActivationFormulas::printedSigmoid, s,
                        Domain.of(-5, 5), 1e-15),
                Checks.atKink("000 L317: sigmoid(z3 = 0) = 0.5", s, 0, 0.5),
                Checks.property("symmetry s(-z) = 1 - s(z), range (0, 1), finite and exact limits at +-1000", () -> {
                    for (double x : Domain.of(-30, 30).points(200, Checks.SEED)) {
                        Checks.assertClose(1 - s.applyAsDouble(x), s.applyAsDouble(-x), 1e-15, "at " + x);
                        double v = s.applyAsDouble(x);
                        assertTrue(v > 0 && v < 1, "s(" + x + ") = " + v + " not in (0, 1)");
                    }
                    Checks.assertExactly(1.0, s.applyAsDouble(1000), "s(1000)");
                    Checks.assertExactly(0.0, s.applyAsDouble(-1000), "s(-1000)");
                })));

        DoubleUnaryOperator sd = slope(s, Activations::sigmoidDerivative);
        list.add(new Formula("ACT-sigmoid-derivative", "sigmoid' = s (1 - s)",
                "Activations.sigmoidDerivative(z, a)",
                List.of(cite(D3, "Sigmoid Activation Function"), cite(D3, "Sigmoid")),
                List.of("computed from the output a = s(z)"), TOL, List.of(
                        Checks.values("closed form e^-z/(1+e^-z)^2 (java.lang.Math)", sd, 1e-15, 0, 0.25,
                                1, Math.exp(-1) / Math.pow(1 + Math.exp(-1), 2),
                                -3, Math.exp(3) / Math.pow(1 + Math.exp(3), 2)),
                        Checks.derivativeByFiniteDifferences(s, sd, sigmoidDomain, TOL),
                        Checks.derivativeByDerivativeStructure(ActivationChecks::sigmoid, s, sd, sigmoidDomain, TOL),
                        Checks.property("sigmoid' = s(1 - s) (003 L1372) with s from the closed form, and its maximum"
                                + " 1/4 is at 0", () -> {
                                    for (double x : Domain.of(-20, 20).points(500, Checks.SEED)) {
                                        double p = printedSigmoid(x);
                                        Checks.assertClose(p * (1 - p), sd.applyAsDouble(x), 1e-15, "at " + x);
                                        assertTrue(sd.applyAsDouble(x) <= 0.25, "above 1/4 at " + x);
                                    }
                                }),
                        Checks.property("003 L533's derivation: its result s(1 - s) is right, but two intermediate"
                                + " lines are not: line 3 differentiates theta instead of e^-theta (a negative"
                                + " value), the next-to-last subtracts 1/(1+e^-theta) twice (s(1 - 2s), 0 at 0)", () -> {
                                    double x = 0.7;
                                    double e = Math.exp(-x);
                                    double line3 = -Math.pow(1 + e, -2) * (0 + 1);
                                    double penultimate = 1 / (1 + e) * (1 - 1 / (1 + e) - 1 / (1 + e));
                                    double truth = Checks.finiteDifference(s, x);
                                    assertTrue(line3 < 0 && Math.abs(line3 - truth) > 0.1, "line 3 would be right");
                                    assertTrue(Math.abs(penultimate - truth) > 0.1, "penultimate line would be right");
                                    Checks.assertClose(truth, e / Math.pow(1 + e, 2), 1e-10, "e^-t/(1+e^-t)^2 line");
                                    Checks.assertClose(truth, 1 / (1 + e) * (1 - 1 / (1 + e)), 1e-10, "last line");
                                }))));

        DoubleUnaryOperator t = Activations::tanh;
        list.add(scalar("ACT-tanh", "hyperbolic tangent", "Activations.tanh(z), Activations.tanhDerivative(z, a)",
                List.of(cite(D0, "Most common activation functions"), cite(D1, "Many possible activation functions"),
                        cite(D1, "The Tanh activation function"), cite(D2, "Hidden layers activation functions")),
                List.of("StrictMath.tanh; tanh' = 1 - a^2"), TOL, t, Activations::tanhDerivative,
                DerivativeStructure::tanh, Domain.of(-10, 10),
                Checks.values("closed form (e^z - e^-z)/(e^z + e^-z) (java.lang.Math)", t, 1e-15, 0, 0,
                        1, (Math.E - 1 / Math.E) / (Math.E + 1 / Math.E), -0.5, printedTanh(-0.5)),
                printedFormAgrees("000 L77", ActivationFormulas::printedTanh, t, Domain.of(-20, 20), 1e-14),
                printedFormAgrees("001 L142", ActivationFormulas::printedTanh, t, Domain.of(-5, 5), 1e-14),
                printedFormAgrees("002 L276", ActivationFormulas::printedTanh, t, Domain.of(-300, 300), 1e-14),
                Checks.property("the printed quotient is right but evaluated as printed it is NaN at z = 1000"
                        + " (inf/inf); the kernel gives 1", () -> {
                            assertTrue(Double.isNaN(printedTanh(1000)), "printed form finite at 1000");
                            Checks.assertExactly(1.0, t.applyAsDouble(1000), "tanh(1000)");
                            Checks.assertExactly(-1.0, t.applyAsDouble(-1000), "tanh(-1000)");
                        }),
                Checks.property("tanh(z) = 2 sigmoid(2z) - 1, and 001 L184's range (-1, 1) for |z| < 18", () -> {
                    for (double x : Domain.of(-18, 18).points(1000, Checks.SEED)) {
                        Checks.assertClose(2 * printedSigmoid(2 * x) - 1, t.applyAsDouble(x), 1e-14, "at " + x);
                        assertTrue(Math.abs(t.applyAsDouble(x)) < 1, "|tanh| = 1 at " + x);
                    }
                })));
        return list;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<Formula> reluFamily() {
        List<Formula> list = new ArrayList<>();
        DoubleUnaryOperator relu = Activations::relu;
        ActivationChecks.Derivative reluD = Activations::reluDerivative;
        Domain reluDomain = Domain.withKinks(-6, 6, 0);
        list.add(scalar("ACT-relu", "ReLU max(0, z)", "Activations.relu(z), Activations.reluDerivative(z, a)",
                List.of(cite(D0, "Most common activation functions"), cite(D1, "Many possible activation functions"),
                        cite(D1, "The ReLU activation function"), cite(D2, "Hidden layers activation functions"),
                        cite(D3, "Rectified Linear Unit")),
                List.of("relu(0) = 0"), TOL, relu, reluD,
                x -> x.getValue() > 0 ? x : constant(x, 0), reluDomain,
                Checks.values("exact: max(0, z)", relu, 0, -2, 0, 0, 0, 3.25, 3.25, 1e-300, 1e-300),
                printedFormAgrees("000 L75 max(0, z_j)", z -> Math.max(0, z), relu, reluDomain, 0),
                printedFormAgrees("001 L143 max(0, z)", z -> Math.max(0, z), relu, Domain.of(-100, 100), 0),
                printedFormAgrees("002 L284 g(z) = max(0, z)", z -> Math.max(0, z), relu, Domain.of(-1, 1), 0),
                printedFormAgrees("003 L120 max(0, x)", z -> Math.max(0, z), relu, Domain.of(-1e6, 1e6), 0),
                Checks.property("001 L200 prints the range as (0, inf); it is [0, inf): relu(-1) = 0 is attained", () -> {
                    Checks.assertExactly(0.0, relu.applyAsDouble(-1), "relu(-1)");
                    for (double x : Domain.of(-5, 5).points(200, Checks.SEED)) {
                        assertTrue(relu.applyAsDouble(x) >= 0, "negative at " + x);
                    }
                })));
        list.add(new Formula("ACT-relu-derivative", "relu' = 1 for z > 0, else 0; 0 at the kink",
                "Activations.reluDerivative(z, a)",
                List.of(cite(D0, "Example: multi-layer perceptron training"),
                        cite(D3, "Rectified Linear Unit (ReLU) Derivative"), cite(D3, "Rectified Linear Unit")),
                List.of("relu'(0) = 0 (PyTorch; 003 L1376's z <= 0 case; 000 L332's ReLU' = 0 at z = 0)"), TOL,
                List.of(Checks.values("003 L192 and L1376: the indicator 1(z > 0)", slope(relu, reluD), 0,
                                -3, 0, -1e-300, 0, 1e-300, 1, 5, 1),
                        kink("000 L332: ReLU' = 0 at z = 0 in the zero-initialised example", relu, reluD, 0, 0, 0),
                        Checks.derivativeByFiniteDifferences(relu, slope(relu, reluD), reluDomain, TOL),
                        Checks.derivativeByDerivativeStructure(x -> x.getValue() > 0 ? x : constant(x, 0), relu,
                                slope(relu, reluD), reluDomain, TOL))));

        for (double alpha : new double[] {Activations.PYTORCH_LEAKY_RELU_SLOPE, 0.3}) {
            DoubleUnaryOperator f = z -> Activations.leakyRelu(z, alpha);
            ActivationChecks.Derivative d = (z, a) -> Activations.leakyReluDerivative(z, a, alpha);
            list.add(scalar("ACT-leaky-relu", "leaky ReLU, slope " + alpha
                    + (alpha == Activations.PYTORCH_LEAKY_RELU_SLOPE ? " (PyTorch default)" : ""),
                    "Activations.leakyRelu(z, alpha), Activations.leakyReluDerivative(z, a, alpha)",
                    List.of(cite(D2, "Hidden layers activation functions"), "PyTorch torch.nn.LeakyReLU documentation"),
                    List.of("z for z > 0, alpha z otherwise; derivative alpha at the kink (PyTorch)",
                            "PyTorch default 0.01, Keras 3 keras.activations.leaky_relu default 0.2"),
                    TOL, f, d, x -> x.getValue() > 0 ? x : x.multiply(alpha), AROUND_0,
                    Checks.values("closed form: z or alpha z", f, 1e-15, -2, -2 * alpha, 3, 3, -0.5, -0.5 * alpha),
                    kink("value 0, left slope alpha", f, d, 0, 0, alpha),
                    printedFormAgrees("002 L299 max(eps z, z) with eps = " + alpha,
                            z -> Math.max(alpha * z, z), f, Domain.of(-6, 6), 0)));
        }
        list.add(new Formula("ACT-leaky-relu", "002 L299's max(eps z, z): right only for 0 <= eps <= 1",
                "Activations.leakyRelu(z, alpha)", List.of(cite(D2, "Hidden layers activation functions")),
                List.of("eps << 1 as 002 says"), 0, List.of(Checks.property(
                        "with eps = 2 the printed max gives 2z for z > 0 and z for z < 0 (a different function)", () -> {
                            assertTrue(Math.max(2 * 1.5, 1.5) != Activations.leakyRelu(1.5, 2), "agrees at 1.5");
                            assertTrue(Math.max(-2.0 * 1, -1) != Activations.leakyRelu(-1, 2), "agrees at -1");
                        }))));

        double lower = Activations.RRELU_LOWER;
        double upper = Activations.RRELU_UPPER;
        DoubleUnaryOperator rrelu = z -> Activations.rrelu(z, lower, upper);
        ActivationChecks.Derivative rreluD = (z, a) -> Activations.rreluDerivative(z, a, lower, upper);
        list.add(scalar("ACT-leaky-relu", "randomised leaky ReLU (PyTorch RReLU), lower 1/8, upper 1/3",
                "Activations.rreluSlopes(random, lower, upper, slopes, from, n) in training then leakyRelu with the"
                        + " drawn slope; Activations.rrelu(z, lower, upper), rreluDerivative(z, a, lower, upper) in"
                        + " evaluation",
                List.of(cite(D2, "Hidden layers activation functions"), "PyTorch torch.nn.RReLU documentation"),
                List.of("training: slope uniform on [lower, upper) from the caller's seeded java.util.Random",
                        "evaluation: slope (lower + upper)/2 = 11/48 with PyTorch's defaults"),
                TOL, rrelu, rreluD, x -> x.getValue() > 0 ? x : x.multiply(11.0 / 48.0), AROUND_0,
                Checks.values("exact fraction: (1/8 + 1/3)/2 = 11/48", rrelu, 1e-16, -1, -frac(11, 48),
                        -48, -11, 2, 2),
                kink("evaluation slope at 0", rrelu, rreluD, 0, 0, frac(11, 48)),
                Checks.property("training slopes: in [1/8, 1/3), same seed gives the same slopes, and the mean of"
                        + " 20000 draws is within 5 standard errors of 11/48", () -> {
                            int n = 20000;
                            double[] slopes = new double[n + 3];
                            Activations.rreluSlopes(new Random(42), lower, upper, slopes, 3, n);
                            double[] again = new double[n + 3];
                            Activations.rreluSlopes(new Random(42), lower, upper, again, 3, n);
                            double sum = 0;
                            for (int k = 3; k < n + 3; k++) {
                                assertTrue(slopes[k] >= lower && slopes[k] < upper, "slope " + slopes[k]);
                                Checks.assertExactly(slopes[k], again[k], "replay " + k);
                                sum += slopes[k];
                            }
                            Checks.assertExactly(0.0, slopes[2], "wrote before from");
                            double se = (upper - lower) / Math.sqrt(12.0 * n);
                            assertTrue(Math.abs(sum / n - 11.0 / 48) < 5 * se, "mean " + sum / n);
                        })));

        for (double alpha : new double[] {1.0, 0.5}) {
            DoubleUnaryOperator elu = z -> Activations.elu(z, alpha);
            ActivationChecks.Derivative eluD = (z, a) -> Activations.eluDerivative(z, a, alpha);
            List<Check> extra = new ArrayList<>();
            extra.add(kink("value 0, left slope alpha", elu, eluD, 0, 0, alpha));
            extra.add(Checks.property("continuous at 0 (limits from both sides are 0)", () -> {
                Checks.assertClose(0.0, elu.applyAsDouble(-1e-12), 1e-11, "left");
                Checks.assertClose(0.0, elu.applyAsDouble(1e-12), 1e-11, "right");
            }));
            extra.add(Checks.property(alpha == 1.0 ? "C1 at 0 for alpha = 1: one-sided slopes (finite differences) both 1"
                    : "not C1 for alpha = 0.5: left slope 0.5, right slope 1 (so 002's \"everywhere smooth\" needs alpha = 1)",
                    () -> {
                        double h = 1e-6;
                        double left = (elu.applyAsDouble(0) - elu.applyAsDouble(-h)) / h;
                        double right = (elu.applyAsDouble(h) - elu.applyAsDouble(0)) / h;
                        Checks.assertClose(alpha, left, 1e-5, "left slope");
                        Checks.assertClose(1.0, right, 1e-5, "right slope");
                    }));
            extra.add(Checks.property("002 L309 prints max(alpha (e^z - 1), z): equal on [-6, 0] for alpha <= 1 but"
                    + " wrong for large z > 0 (alpha (e^z - 1) overtakes z)", () -> {
                        for (double x : Domain.of(-6, 0).points(200, Checks.SEED)) {
                            Checks.assertClose(Math.max(alpha * (Math.exp(x) - 1), x), elu.applyAsDouble(x), 1e-15,
                                    "at " + x);
                        }
                        double z = 5;
                        assertTrue(Math.max(alpha * (Math.exp(z) - 1), z) > elu.applyAsDouble(z) + 1,
                                "printed form right at 5");
                    }));
            list.add(scalar("ACT-elu", "ELU, alpha " + alpha + (alpha == 1.0 ? " (PyTorch and Keras default)" : ""),
                    "Activations.elu(z, alpha), Activations.eluDerivative(z, a, alpha)",
                    List.of(cite(D2, "Hidden layers activation functions"), "PyTorch torch.nn.ELU documentation",
                            "Keras keras.activations.elu documentation"),
                    List.of("z for z > 0, alpha (e^z - 1) otherwise", "derivative alpha at 0 (left value, PyTorch)"),
                    TOL, elu, eluD, x -> x.getValue() > 0 ? x : x.expm1().multiply(alpha), AROUND_0,
                    Checks.values("closed form alpha (e^z - 1) (java.lang.Math)", elu, 1e-15, -1,
                            alpha * (Math.exp(-1) - 1), 2, 2, -10, alpha * (Math.exp(-10) - 1)),
                    extra.toArray(Check[]::new)));
        }

        DoubleUnaryOperator sp = Activations::softplus;
        list.add(scalar("ACT-softplus", "softplus ln(1 + e^z)", "Activations.softplus(z), Activations.softplusDerivative(z, a)",
                List.of(cite(D1, "Many possible activation functions")),
                List.of("max(z, 0) + ln(1 + e^-|z|), finite for all z"), TOL, sp, Activations::softplusDerivative,
                ActivationChecks::softplus, Domain.of(-30, 30),
                Checks.values("closed form ln(1 + e^z) (java.lang.Math)", sp, 1e-15, 0, Math.log(2), 1,
                        Math.log(1 + Math.E), -3, Math.log1p(Math.exp(-3)), 1000, 1000),
                printedFormAgrees("001 L144 ln(1 + e^z)", z -> Math.log(1 + Math.exp(z)), sp, Domain.of(-30, 30), 1e-15),
                Checks.property("softplus' = sigmoid (closed form) and the printed form overflows to infinity at"
                        + " z = 1000 where the kernel gives 1000", () -> {
                            for (double x : Domain.of(-30, 30).points(500, Checks.SEED)) {
                                Checks.assertClose(printedSigmoid(x), Activations.softplusDerivative(x, sp.applyAsDouble(x)),
                                        1e-15, "at " + x);
                            }
                            assertTrue(Double.isInfinite(Math.log(1 + Math.exp(1000))), "printed finite");
                        })));
        return list;
    }
}
