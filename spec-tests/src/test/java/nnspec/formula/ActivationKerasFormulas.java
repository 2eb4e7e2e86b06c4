package nnspec.formula;

import static nnspec.formula.ActivationChecks.D2;
import static nnspec.formula.ActivationChecks.assertTrue;
import static nnspec.formula.ActivationChecks.cite;
import static nnspec.formula.ActivationChecks.constant;
import static nnspec.formula.ActivationChecks.kink;
import static nnspec.formula.ActivationChecks.scalar;
import static nnspec.formula.ActivationChecks.sigmoid;
import static nnspec.formula.ActivationChecks.slope;
import static nnspec.formula.ActivationChecks.softplus;
import static nnspec.formula.ActivationVectorFormulas.KERAS;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import nnspec.runtime.Activations;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.special.Erf;

/**
 * ACT-keras: one entry per function of Keras's activation list as 002_db2ef66716d01cf4.txt gives it
 * ("Activation functions in Keras"), with Keras 3's documented definition and defaults. The functions an ACT-* id
 * already proves (relu, sigmoid, tanh, softmax, linear, elu, leaky_relu, softplus) get a short entry pointing to
 * that kernel with Keras's defaults and documented examples; log_softmax, sparsemax and glu are in
 * {@link ActivationVectorFormulas}.
 */
final class ActivationKerasFormulas {
    private static final double TOL = 1e-9;
    private static final List<String> CITE = List.of(cite(D2, "Activation functions in Keras"), KERAS);
    /** SELU's constants as Klambauer et al. (2017) give them, typed here independently of the runtime. */
    private static final double SELU_ALPHA = 1.6732632423543772848;
    private static final double SELU_SCALE = 1.0507009873554804934;

    private ActivationKerasFormulas() {
    }

    private static Formula keras(String name, String kernel, List<String> conventions, DoubleUnaryOperator f,
            ActivationChecks.Derivative df, Function<DerivativeStructure, DerivativeStructure> oracle, Domain domain,
            Check values, Check... extra) {
        return scalar("ACT-keras", name, kernel, CITE, conventions, TOL, f, df, oracle, domain, values, extra);
    }

    private static Formula reference(String name, String seeId, String kernel, List<String> conventions, Check... checks) {
        List<String> conv = new ArrayList<>(conventions);
        conv.add(0, "same kernel as " + seeId + ", proved there");
        return new Formula("ACT-keras", name, kernel, CITE, conv, TOL, List.of(checks));
    }

    static List<Formula> all() {
        List<Formula> list = new ArrayList<>();
        DoubleUnaryOperator celu = z -> Activations.celu(z, 1.0);
        ActivationChecks.Derivative celuD = (z, a) -> Activations.celuDerivative(z, a, 1.0);
        list.add(keras("celu", "Activations.celu(z, alpha), celuDerivative(z, a, alpha)",
                List.of("Keras default alpha = 1.0", "z for z >= 0, alpha (e^(z/alpha) - 1) below"), celu, celuD,
                x -> x.getValue() >= 0 ? x : x.expm1(), Domain.withKinks(-6, 6, 0),
                Checks.values("closed form e^z - 1 (java.lang.Math)", celu, 1e-15, -1, Math.exp(-1) - 1, 2, 2),
                kink("C1 at 0", celu, celuD, 0, 0, 1)));
        DoubleUnaryOperator celu2 = z -> Activations.celu(z, 2.0);
        list.add(keras("celu, alpha 2", "Activations.celu(z, 2), celuDerivative(z, a, 2)",
                List.of("alpha = 2: 2 (e^(z/2) - 1) below 0"), celu2, (z, a) -> Activations.celuDerivative(z, a, 2.0),
                x -> x.getValue() >= 0 ? x : x.divide(2).expm1().multiply(2), Domain.withKinks(-6, 6, 0),
                Checks.values("closed form 2 (e^(z/2) - 1)", celu2, 1e-15, -2, 2 * (Math.exp(-1) - 1), 1, 1),
                kink("C1 at 0 for every alpha", celu2, (z, a) -> Activations.celuDerivative(z, a, 2.0), 0, 0, 1)));

        list.add(reference("elu", "ACT-elu", "Activations.elu(z, 1.0), eluDerivative(z, a, 1.0)",
                List.of("Keras default alpha = 1.0 (as PyTorch)",
                        "Keras's docstring prints \"alpha * exp(x) - 1\" for x < 0; the function computes alpha (e^x - 1)"),
                Checks.values("Keras's definition alpha (e^x - 1), alpha = 1", z -> Activations.elu(z, 1.0), 1e-15,
                        -2, Math.exp(-2) - 1, 3, 3)));

        DoubleUnaryOperator exp = Activations::exponential;
        list.add(keras("exponential", "Activations.exponential(z), exponentialDerivative(z, a)", List.of("e^z"), exp,
                Activations::exponentialDerivative, DerivativeStructure::exp, Domain.of(-5, 5),
                Checks.values("closed form e^z", exp, 1e-15, 0, 1, 1, Math.E, -2, Math.exp(-2))));

        DoubleUnaryOperator gelu = Activations::gelu;
        double r2 = Math.sqrt(2);
        list.add(keras("gelu (exact, Keras default approximate = False)", "Activations.gelu(z), geluDerivative(z, a)",
                List.of("z Phi(z) = z/2 (1 + erf(z / sqrt 2)); Keras default approximate = False (as PyTorch's"
                        + " approximate = \"none\")", "erf computed in the runtime (series and continued fraction)"),
                gelu, Activations::geluDerivative,
                x -> x.multiply(ActivationChecks.erf(x.divide(r2)).add(1)).multiply(0.5), Domain.of(-8, 8),
                Checks.values("closed form z/2 (1 + erf(z/sqrt 2)) with Commons Math Erf", gelu, 1e-15,
                        0, 0, 1, 0.5 * (1 + Erf.erf(1 / r2)), -1.5, -0.75 * (1 + Erf.erf(-1.5 / r2)),
                        4, 2 * (1 + Erf.erf(4 / r2))),
                Checks.property("the runtime's erf and normal CDF against Commons Math (erf to 1e-15 on [-7, 7],"
                        + " Phi(z) to 1e-12 relative deep in the left tail, z down to -30)", () -> {
                            for (double x : Domain.of(-7, 7).points(1000, Checks.SEED)) {
                                Checks.assertClose(Erf.erf(x), Activations.erf(x), 1e-15, "erf(" + x + ")");
                                Checks.assertClose(Erf.erfc(x), Activations.erfc(x), 1e-15, "erfc(" + x + ")");
                            }
                            for (double z : new double[] {-3, -5, -8, -10, -20, -30}) {
                                double expected = 0.5 * Erf.erfc(-z / r2);
                                double actual = Activations.normalCdf(z);
                                assertTrue(Math.abs(actual - expected) <= 1e-12 * expected,
                                        "Phi(" + z + ") = " + actual + ", Commons Math " + expected);
                            }
                        })));
        DoubleUnaryOperator geluTanh = Activations::geluTanh;
        double c = Math.sqrt(2 / Math.PI);
        list.add(keras("gelu, tanh approximation (approximate = True)", "Activations.geluTanh(z), geluTanhDerivative(z, a)",
                List.of("z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3)))"), geluTanh, Activations::geluTanhDerivative,
                x -> x.multiply(x.pow(3).multiply(0.044715).add(x).multiply(c).tanh().add(1)).multiply(0.5),
                Domain.of(-8, 8),
                Checks.values("closed form (java.lang.Math)", geluTanh, 1e-15, 0, 0,
                        1, 0.5 * (1 + Math.tanh(c * (1 + 0.044715)))),
                Checks.property("differs from the exact GELU (they are different conventions: up to about 5e-4) but by"
                        + " less than 1e-3 on [-8, 8]", () -> {
                            double max = 0;
                            for (double x : Domain.of(-8, 8).points(2000, Checks.SEED)) {
                                max = Math.max(max, Math.abs(geluTanh.applyAsDouble(x) - gelu.applyAsDouble(x)));
                            }
                            assertTrue(max > 1e-5 && max < 1e-3, "max difference " + max);
                        })));

        DoubleUnaryOperator hs = z -> Activations.hardShrink(z, 0.5);
        ActivationChecks.Derivative hsD = (z, a) -> Activations.hardShrinkDerivative(z, a, 0.5);
        list.add(keras("hard_shrink", "Activations.hardShrink(z, threshold), hardShrinkDerivative(z, a, threshold)",
                List.of("Keras default threshold = 0.5", "0 at |z| = threshold, derivative 0 there"), hs, hsD,
                x -> Math.abs(x.getValue()) > 0.5 ? x : constant(x, 0), Domain.withKinks(-4, 4, -0.5, 0.5),
                Checks.values("Keras's documented example hard_shrink([-0.5, 0, 1]) = [0, 0, 1]", hs, 0, -0.5, 0, 0, 0,
                        1, 1),
                kink("z = 0.5", hs, hsD, 0.5, 0, 0), kink("z = -0.5", hs, hsD, -0.5, 0, 0)));

        DoubleUnaryOperator hsig = Activations::hardSigmoid;
        ActivationChecks.Derivative hsigD = Activations::hardSigmoidDerivative;
        list.add(keras("hard_sigmoid (Keras 3: relu6(z + 3) / 6)", "Activations.hardSigmoid(z), hardSigmoidDerivative(z, a)",
                List.of("0 for z <= -3, z/6 + 1/2 between, 1 for z >= 3 (Keras 3, also PyTorch Hardsigmoid)",
                        "derivative 1/6 inside, 0 at the kinks", "the older tf.keras 0.2 z + 0.5: hardSigmoidKeras2"),
                hsig, hsigD,
                x -> x.getValue() >= 3 ? constant(x, 1) : x.getValue() <= -3 ? constant(x, 0) : x.divide(6).add(0.5),
                Domain.withKinks(-6, 6, -3, 3),
                Checks.values("exact: z/6 + 1/2", hsig, 1e-16, 0, 0.5, 1.5, 0.75, -4, 0, 9, 1),
                kink("z = -3", hsig, hsigD, -3, 0, 0), kink("z = 3", hsig, hsigD, 3, 1, 0)));
        DoubleUnaryOperator hsig2 = Activations::hardSigmoidKeras2;
        ActivationChecks.Derivative hsig2D = Activations::hardSigmoidKeras2Derivative;
        list.add(keras("hard_sigmoid, Keras 2 form 0.2 z + 0.5 clipped",
                "Activations.hardSigmoidKeras2(z), hardSigmoidKeras2Derivative(z, a)",
                List.of("tf.keras 2: 0 below -2.5, 1 above 2.5; differs from Keras 3's form (0.7 vs 2/3 at z = 1)"),
                hsig2, hsig2D,
                x -> x.getValue() >= 2.5 ? constant(x, 1) : x.getValue() <= -2.5 ? constant(x, 0)
                        : x.multiply(0.2).add(0.5), Domain.withKinks(-6, 6, -2.5, 2.5),
                Checks.values("exact: 0.2 z + 0.5", hsig2, 1e-16, 0, 0.5, 1, 0.7, -3, 0, 3, 1),
                kink("z = -2.5", hsig2, hsig2D, -2.5, 0, 0), kink("z = 2.5", hsig2, hsig2D, 2.5, 1, 0),
                Checks.property("the two Keras versions part: 0.7 (Keras 2) vs 2/3 (Keras 3) at z = 1", () -> {
                    Checks.assertClose(0.7, hsig2.applyAsDouble(1), 1e-16, "Keras 2");
                    Checks.assertClose(2.0 / 3, hsig.applyAsDouble(1), 1e-16, "Keras 3");
                })));

        DoubleUnaryOperator hsilu = Activations::hardSilu;
        ActivationChecks.Derivative hsiluD = Activations::hardSiluDerivative;
        list.add(keras("hard_silu (hard swish)", "Activations.hardSilu(z), hardSiluDerivative(z, a)",
                List.of("0 below -3, z (z + 3)/6 on [-3, 3], z above 3",
                        "the derivative jumps at both kinks; [-3, 3] takes (2z + 3)/6 (PyTorch hardswish backward)"),
                hsilu, hsiluD,
                x -> x.getValue() > 3 ? x : x.getValue() < -3 ? constant(x, 0) : x.multiply(x.add(3)).divide(6),
                Domain.withKinks(-6, 6, -3, 3),
                Checks.values("exact: z (z + 3) / 6", hsilu, 1e-15, 1, 4.0 / 6, -1, -2.0 / 6, -5, 0, 5, 5),
                kink("z = -3 (derivative -1/2 from the closed interval)", hsilu, hsiluD, -3, 0, -0.5),
                kink("z = 3 (derivative 3/2 from the closed interval)", hsilu, hsiluD, 3, 3, 1.5)));

        DoubleUnaryOperator ht = Activations::hardTanh;
        ActivationChecks.Derivative htD = Activations::hardTanhDerivative;
        list.add(keras("hard_tanh", "Activations.hardTanh(z), hardTanhDerivative(z, a)",
                List.of("z clipped to [-1, 1]; derivative 0 at the kinks"), ht, htD,
                x -> x.getValue() >= 1 ? constant(x, 1) : x.getValue() <= -1 ? constant(x, -1) : x,
                Domain.withKinks(-4, 4, -1, 1),
                Checks.values("exact: clip(z, -1, 1)", ht, 0, -2, -1, 0.25, 0.25, 3, 1),
                kink("z = -1", ht, htD, -1, -1, 0), kink("z = 1", ht, htD, 1, 1, 0)));

        list.add(reference("leaky_relu", "ACT-leaky-relu", "Activations.leakyRelu(z, Activations.KERAS_LEAKY_RELU_SLOPE)",
                List.of("Keras default negative_slope = 0.2; PyTorch's default is 0.01"),
                Checks.values("Keras's definition with negative_slope 0.2", z -> Activations.leakyRelu(z,
                        Activations.KERAS_LEAKY_RELU_SLOPE), 1e-16, -1, -0.2, -10, -2, 3, 3),
                Checks.property("the defaults part: Keras gives -0.2 at z = -1, PyTorch -0.01", () -> {
                    Checks.assertExactly(0.2, Activations.KERAS_LEAKY_RELU_SLOPE, "Keras");
                    Checks.assertExactly(0.01, Activations.PYTORCH_LEAKY_RELU_SLOPE, "PyTorch");
                })));
        list.add(reference("linear", "ACT-linear", "Activations.linear(z)", List.of("identity"),
                Checks.values("Keras's definition: the input unmodified", Activations::linear, 0, -2, -2, 7, 7)));

        DoubleUnaryOperator ls = Activations::logSigmoid;
        list.add(keras("log_sigmoid", "Activations.logSigmoid(z), logSigmoidDerivative(z, a)",
                List.of("ln(1/(1 + e^-z)) computed as min(z, 0) - ln(1 + e^-|z|)"), ls, Activations::logSigmoidDerivative,
                x -> sigmoid(x).log(), Domain.of(-30, 30),
                Checks.values("closed form ln(1/(1 + e^-z)) and -1000 at z = -1000", ls, 1e-15, 0, -Math.log(2),
                        2, Math.log(1 / (1 + Math.exp(-2))), -1000, -1000, 1000, 0)));

        DoubleUnaryOperator mish = Activations::mish;
        list.add(keras("mish", "Activations.mish(z), mishDerivative(z, a)", List.of("z tanh(softplus(z))"), mish,
                Activations::mishDerivative, x -> x.multiply(softplus(x).tanh()), Domain.of(-10, 10),
                Checks.values("closed form z tanh(ln(1 + e^z))", mish, 1e-15, 0, 0, 1, Math.tanh(Math.log(1 + Math.E)),
                        -2, -2 * Math.tanh(Math.log1p(Math.exp(-2))))));

        list.add(reference("relu", "ACT-relu", "Activations.relu(z); leakyRelu(z, s) for negative_slope s;"
                        + " threshold(z, t, 0) for threshold t",
                List.of("Keras defaults negative_slope = 0, max_value = None, threshold = 0"),
                Checks.values("Keras's documented example relu([-10, -5, 0, 5, 10]) = [0, 0, 0, 5, 10]",
                        Activations::relu, 0, -10, 0, -5, 0, 0, 0, 5, 5, 10, 10),
                Checks.values("Keras's documented example with negative_slope 0.5: [-5, -2.5, 0, 5, 10]",
                        z -> Activations.leakyRelu(z, 0.5), 0, -10, -5, -5, -2.5, 0, 0, 5, 5, 10, 10),
                Checks.values("Keras's documented example with threshold 5: [0, 0, 0, 0, 10]",
                        z -> Activations.threshold(z, 5, 0), 0, -10, 0, -5, 0, 0, 0, 5, 0, 10, 10)));

        DoubleUnaryOperator relu6 = Activations::relu6;
        ActivationChecks.Derivative relu6D = Activations::relu6Derivative;
        list.add(keras("relu6", "Activations.relu6(z), relu6Derivative(z, a)",
                List.of("min(max(z, 0), 6); derivative 0 at both kinks"), relu6, relu6D,
                x -> x.getValue() >= 6 ? constant(x, 6) : x.getValue() <= 0 ? constant(x, 0) : x,
                Domain.withKinks(-3, 9, 0, 6),
                Checks.values("exact: min(max(z, 0), 6)", relu6, 0, -1, 0, 3, 3, 7, 6),
                kink("z = 0", relu6, relu6D, 0, 0, 0), kink("z = 6", relu6, relu6D, 6, 6, 0)));

        DoubleUnaryOperator selu = Activations::selu;
        ActivationChecks.Derivative seluD = Activations::seluDerivative;
        list.add(keras("selu", "Activations.selu(z), seluDerivative(z, a)",
                List.of("scale z for z > 0, scale alpha (e^z - 1) otherwise, alpha = 1.67326324..., scale ="
                        + " 1.05070098... (fixed)", "derivative scale alpha at 0 (left value)"), selu, seluD,
                x -> x.getValue() > 0 ? x.multiply(SELU_SCALE) : x.expm1().multiply(SELU_SCALE * SELU_ALPHA),
                Domain.withKinks(-6, 6, 0),
                Checks.values("closed form with Klambauer et al.'s constants", selu, 1e-15, 1, SELU_SCALE,
                        -1, SELU_SCALE * SELU_ALPHA * (Math.exp(-1) - 1)),
                kink("z = 0", selu, seluD, 0, 0, Activations.SELU_SCALE * Activations.SELU_ALPHA),
                Checks.property("the runtime's constants are the paper's to double precision", () -> {
                    Checks.assertClose(SELU_ALPHA, Activations.SELU_ALPHA, 1e-16, "alpha");
                    Checks.assertClose(SELU_SCALE, Activations.SELU_SCALE, 1e-16, "scale");
                })));

        list.add(reference("sigmoid", "ACT-sigmoid", "Activations.sigmoid(z)", List.of("1/(1 + e^-z)"),
                Checks.values("Keras's definition 1/(1 + exp(-x))", Activations::sigmoid, 1e-15, 0, 0.5,
                        5, 1 / (1 + Math.exp(-5)))));

        DoubleUnaryOperator silu = Activations::silu;
        list.add(keras("silu (swish)", "Activations.silu(z), siluDerivative(z, a)", List.of("z sigmoid(z)"), silu,
                Activations::siluDerivative, x -> x.multiply(sigmoid(x)), Domain.of(-20, 20),
                Checks.values("closed form z/(1 + e^-z)", silu, 1e-15, 0, 0, 1, 1 / (1 + Math.exp(-1)),
                        -3, -3 / (1 + Math.exp(3)))));

        list.add(reference("softmax", "ACT-softmax", "Activations.softmax(z, zFrom, a, aFrom, n), softmaxBackward(...)",
                List.of("Keras default axis = -1 (the runtime's vector is that axis)"),
                Checks.property("Keras's definition exp(x) / sum(exp(x)) at (1, 2): (1/(1+e), e/(1+e))", () ->
                        ActivationVectorFormulas.assertVector(new double[] {1 / (1 + Math.E), Math.E / (1 + Math.E)},
                                ActivationVectorFormulas.softmax(1, 2), 1e-15, "(1, 2)"))));

        DoubleUnaryOperator ss = z -> Activations.softShrink(z, 0.5);
        ActivationChecks.Derivative ssD = (z, a) -> Activations.softShrinkDerivative(z, a, 0.5);
        list.add(keras("soft_shrink", "Activations.softShrink(z, threshold), softShrinkDerivative(z, a, threshold)",
                List.of("Keras default threshold = 0.5", "derivative 0 at the kinks"), ss, ssD,
                x -> x.getValue() > 0.5 ? x.subtract(0.5) : x.getValue() < -0.5 ? x.add(0.5) : constant(x, 0),
                Domain.withKinks(-4, 4, -0.5, 0.5),
                Checks.values("Keras's documented example soft_shrink([-1, 0, 1]) = [-0.5, 0, 0.5]", ss, 0, -1, -0.5,
                        0, 0, 1, 0.5),
                kink("z = 0.5", ss, ssD, 0.5, 0, 0), kink("z = -0.5", ss, ssD, -0.5, 0, 0)));

        list.add(reference("softplus", "ACT-softplus", "Activations.softplus(z)",
                List.of("Keras: log(exp(x) + 1), no beta; PyTorch's beta = 1 and threshold = 20 (linear above) differ"
                        + " only above 20, by less than e^-20"),
                Checks.values("Keras's definition log(exp(x) + 1)", Activations::softplus, 1e-15, 0, Math.log(2),
                        3, Math.log(Math.exp(3) + 1))));

        DoubleUnaryOperator softsign = Activations::softsign;
        list.add(keras("softsign", "Activations.softsign(z), softsignDerivative(z, a)", List.of("z / (|z| + 1)"),
                softsign, Activations::softsignDerivative, x -> x.divide(x.abs().add(1)), Domain.withKinks(-10, 10, 0),
                Checks.values("exact: z / (|z| + 1)", softsign, 1e-16, 1, 0.5, -3, -0.75, 0, 0),
                kink("z = 0 (C1: slope 1 from both sides)", softsign, Activations::softsignDerivative, 0, 0, 1)));

        DoubleUnaryOperator sp = Activations::sparsePlus;
        ActivationChecks.Derivative spD = Activations::sparsePlusDerivative;
        list.add(keras("sparse_plus", "Activations.sparsePlus(z), sparsePlusDerivative(z, a)",
                List.of("0 for z <= -1, (z + 1)^2 / 4 between, z for z >= 1; C1"), sp, spD,
                x -> x.getValue() >= 1 ? x : x.getValue() <= -1 ? constant(x, 0) : x.add(1).pow(2).multiply(0.25),
                Domain.withKinks(-4, 4, -1, 1),
                Checks.values("exact: (z + 1)^2 / 4", sp, 1e-16, 0, 0.25, 0.5, 0.5625, -2, 0, 2, 2),
                kink("z = -1", sp, spD, -1, 0, 0), kink("z = 1", sp, spD, 1, 1, 1)));

        DoubleUnaryOperator sq = z -> Activations.squareplus(z, Activations.KERAS_SQUAREPLUS_B);
        list.add(keras("squareplus", "Activations.squareplus(z, b), squareplusDerivative(z, a, b)",
                List.of("Keras default b = 4", "(z + sqrt(z^2 + b)) / 2; b/(2 (sqrt(z^2 + b) - z)) for z < 0"), sq,
                (z, a) -> Activations.squareplusDerivative(z, a, Activations.KERAS_SQUAREPLUS_B),
                x -> x.add(x.multiply(x).add(4).sqrt()).multiply(0.5), Domain.of(-20, 20),
                Checks.values("exact: (z + sqrt(z^2 + 4)) / 2 (= 1/|z| to double precision at z = -1e8)", sq, 1e-15, 0, 1, 1.5, 2, -1.5, 0.5, -1e8, 1e-8)));

        list.add(reference("tanh", "ACT-tanh", "Activations.tanh(z)", List.of("(e^x - e^-x)/(e^x + e^-x)"),
                Checks.values("Keras's definition sinh/cosh", Activations::tanh, 1e-15, 0.5, Math.sinh(0.5) / Math.cosh(0.5))));

        DoubleUnaryOperator tsh = Activations::tanhShrink;
        list.add(keras("tanh_shrink", "Activations.tanhShrink(z), tanhShrinkDerivative(z, a)", List.of("z - tanh(z)"),
                tsh, Activations::tanhShrinkDerivative, x -> x.subtract(x.tanh()), Domain.of(-10, 10),
                Checks.values("closed form z - tanh z", tsh, 1e-15, 0, 0, 1, 1 - Math.tanh(1), -2, -2 - Math.tanh(-2))));

        DoubleUnaryOperator th = z -> Activations.threshold(z, 1.0, -2.0);
        ActivationChecks.Derivative thD = (z, a) -> Activations.thresholdDerivative(z, a, 1.0, -2.0);
        list.add(keras("threshold (threshold 1, default_value -2)",
                "Activations.threshold(z, threshold, defaultValue), thresholdDerivative(z, a, threshold, defaultValue)",
                List.of("Keras gives no defaults: threshold and default_value are required",
                        "z if z > threshold else default_value; derivative 0 at the threshold"), th, thD,
                x -> x.getValue() > 1 ? x : constant(x, -2), Domain.withKinks(-4, 4, 1),
                Checks.values("exact: z above 1, -2 otherwise", th, 0, 3, 3, 0, -2, -5, -2),
                kink("z = threshold takes default_value", th, thD, 1, -2, 0)));
        return list;
    }
}
