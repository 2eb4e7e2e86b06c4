package nnspec.claims;

import static nnspec.claims.Exact.derivative;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * For every printed formula form whose verdict is not plain REPRODUCED, a witness: the printed form and the right
 * one evaluated at a point where they can differ, the right one from its own ground (a closed form, finite
 * differences, exact fractions, a shape count). A witness that finds them equal returns REPRODUCED, so a row marked
 * ERRATUM with a witness that cannot tell the forms apart fails. The plain REPRODUCED formula rows have no witness:
 * their form is the registry's (its checks run in FormulaRegistryTest), and a row claiming otherwise needs one.
 */
final class FormulaWitnesses {
    private FormulaWitnesses() {
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] softmax(double[] z) {
        double sum = 0;
        double[] s = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            s[i] = Math.exp(z[i]);
            sum += s[i];
        }
        for (int i = 0; i < z.length; i++) {
            s[i] /= sum;
        }
        return s;
    }

    /** The printed and the right value differ by more than the arithmetic's error: ERRATUM, else REPRODUCED. */
    private static Outcome differ(double printed, double right, String what) {
        boolean same = Math.abs(printed - right) <= 1e-6 * Math.max(1, Math.abs(right));
        return Outcome.compare(same, what + ": printed form " + printed + ", right " + right);
    }

    private static Outcome differ(BigFraction printed, BigFraction right, String what) {
        return Outcome.compare(printed.equals(right), what + ": printed form " + printed + ", right " + right);
    }

    /** A value at a kink the documents disagree on: a convention when the printed forms differ only there. */
    private static Outcome kink(double printedAtKink, double otherDocumentAtKink, DoubleUnaryOperator printed,
            DoubleUnaryOperator other) {
        boolean awayEqual = true;
        for (double z : new double[] {-2, -0.5, 0.25, 3}) {
            awayEqual &= printed.applyAsDouble(z) == other.applyAsDouble(z);
        }
        return awayEqual && printedAtKink != otherDocumentAtKink ? Outcome.under("differs only at 0")
                : Outcome.compare(awayEqual, "away from 0");
    }

    /** Which constant c of the penalty c lambda sum theta^2 makes a printed gradient factor k (k lambda theta) exact. */
    private static Outcome l2Gradient(double printedFactor) {
        double lambda = 0.3;
        double theta = -1.7;
        int matches = 0;
        for (double c : new double[] {1, 0.5, 0.5 / 8}) { // 003 and 000; 001; 002's 1/(2m) with m = 8
            double fd = derivative(t -> c * lambda * t * t, theta);
            matches += Math.abs(fd - printedFactor * lambda * theta) < 1e-8 ? 1 : 0;
        }
        return matches == 3 ? Outcome.reproduced("every constant") : matches == 1
                ? Outcome.under("exactly one constant") : Outcome.erratum("", "no constant");
    }

    private static final Map<String, Supplier<Outcome>> WITNESSES = new LinkedHashMap<>();

    private static void w(String id, Supplier<Outcome> witness) {
        WITNESSES.put(id, witness);
    }

    static {
        // ----- activations
        w("ACT-elu@2:309", () -> differ(Math.max(0.5 * (Math.exp(5) - 1), 5), 5, "ELU(5), alpha 0.5"));
        w("ACT-sigmoid-derivative@3:533", () -> {
            double s = sigmoid(1);
            return differ(s * (1 - 2 * s), derivative(FormulaWitnesses::sigmoid, 1), "next-to-last line at 1");
        });
        w("ACT-softmax-jacobian@3:240", () -> {
            double[] z = {1, 2, 3};
            double[] s = softmax(z);
            double printed = s[0] * 1 - s[0]; // S_j (sum/sum) - S_m with j = m = 0
            double fd = derivative(t -> softmax(new double[] {t, 2, 3})[0], 1);
            return differ(printed, fd, "dS_0/dz_0");
        });
        w("ACT-relu@1:200", () -> Outcome.compare(Math.max(0, -1.0) > 0, "ReLU(-1) = 0 is outside (0, inf)"));
        w("ACT-step@0:107", () -> kink(0, 0.5, z -> z > 0 ? 1 : 0, z -> z > 0 ? 1 : z < 0 ? 0 : 0.5));
        w("ACT-step@1:137", () -> kink(0.5, 0, z -> z > 0 ? 1 : z < 0 ? 0 : 0.5, z -> z > 0 ? 1 : 0));
        w("ACT-sign@1:115", () -> kink(-1, 0, z -> z > 0 ? 1 : -1, Math::signum));
        w("ACT-sign@1:138", () -> kink(0, -1, Math::signum, z -> z > 0 ? 1 : -1));
        w("ACT-sign@3:1399", () -> kink(0, -1, Math::signum, z -> z > 0 ? 1 : -1));
        // ----- losses
        w("LOSS-mae@0:410", () -> differ(0 - 2.0, Math.abs(0 - 2.0), "y 0, yhat 2"));
        w("LOSS-huber@0:411", () -> {
            double e = -3; // y - yhat, delta 1: the printed condition e <= delta picks the quadratic branch
            double printed = e <= 1 ? 0.5 * e * e : 1 * (e - 0.5);
            return differ(printed, 1 * (Math.abs(e) - 0.5), "y - yhat = -3, delta 1");
        });
        w("LOSS-huber@1:410", () -> differ(0.5 * 0.5, 0.5 * 0.5 * 0.5, "|e| = 0.5, delta 1"));
        w("LOSS-zero-one@1:414", () -> differ(-1.0 / 2 * (1 + 1), 0, "two right predictions"));
        w("LOSS-bce@3:543", () -> differ(-0 * Math.log(0.5) + (1 - 0) * Math.log(0.5), Math.log(2), "y 0, p 1/2"));
        w("LOSS-cce@3:1301", () -> differ(-0 * Math.log(0.3), -Math.log(0.7),
                "label 0, predicted probability of class 1 0.3"));
        w("LOSS-cce@3:1311", () -> differ(-0.5 * Math.log(0.6), -0.5 * (Math.log(0.6) + Math.log(0.2)),
                "two samples, right-class probabilities 0.6 and 0.2"));
        // ----- gradients
        w("GRAD-mse@3:1403", () -> differ(-2 * (2.0 - 0), derivative(y -> (y - 0) * (y - 0), 2), "yhat 2, y 0"));
        w("GRAD-mae@3:607", () -> differ(0 - 2.0 > 0 ? 1 : -1, derivative(y -> Math.abs(0 - y), 2), "yhat 2, y 0"));
        w("GRAD-mae@3:1393", () -> differ(Math.signum(0 - 2.0), derivative(y -> Math.abs(0 - y), 2), "yhat 2, y 0"));
        w("GRAD-mae@3:609", () -> {
            // |e| has one-sided slopes -1 and 1 at 0; 0 is a subgradient, and neither side's slope
            double left = (Math.abs(0.0) - Math.abs(-1e-6)) / 1e-6;
            double right = (Math.abs(1e-6) - Math.abs(0.0)) / 1e-6;
            return left != right && 0 >= Math.min(left, right) && 0 <= Math.max(left, right)
                    ? Outcome.under("a subgradient at the kink") : Outcome.erratum("", "not a subgradient");
        });
        w("GRAD-softmax-cce@3:281", () -> {
            double[] z = {0.5, -1, 2};
            double[] y = {0, 1, 0};
            double[] p = softmax(z);
            int m = 0;
            double printed = -y[m] / p[m] * p[1] * (1 - p[m]);
            for (int j = 0; j < 3; j++) {
                if (j != m) {
                    printed -= y[j] / p[j] * (-y[j] * y[m]);
                }
            }
            double fd = derivative(t -> -Math.log(softmax(new double[] {t, -1, 2})[1]), z[0]);
            return differ(printed, fd, "dL/dz_0");
        });
        w("GRAD-l2@3:466", () -> l2Gradient(2));
        w("GRAD-l2@3:1567", () -> l2Gradient(2));
        w("GRAD-l2@1:479", () -> l2Gradient(1));
        // ----- metrics
        Supplier<Outcome> variance = () -> {
            double[] g = {0.5, 1.25, 2.0, 0.75};
            double mean = (g[0] + g[1] + g[2] + g[3]) / 4;
            double printed = 0;
            double right = 0;
            for (double v : g) {
                printed += (v - mean) / 4;
                right += (v - mean) * (v - mean) / 4;
            }
            return differ(printed * printed, right, "variance of 4 predictions");
        };
        w("METRIC-bias-variance@2:608", variance);
        w("METRIC-bias-variance@2:626", variance);
        // ----- optimizers and schedules
        Supplier<Outcome> adamCorrection = () -> {
            double beta = 0.9;
            int t = 0; // the first update computes m_1 from m_0: t = 0 in the printed indices
            double printed = 1 - Math.pow(beta, t);
            return differ(printed, 1 - Math.pow(beta, t + 1), "bias correction at the first step");
        };
        w("OPT-adam@3:1514", adamCorrection);
        w("OPT-adam@3:1515", () -> differ(1 - Math.pow(0.999, 0), 1 - Math.pow(0.999, 1), "first step"));
        w("OPT-adam@3:378", () -> {
            double s = (1 - 0.999) * -1.0; // gradient -1
            return Outcome.compare(!Double.isNaN(Math.sqrt(s)), "sqrt of the printed s: " + Math.sqrt(s));
        });
        w("OPT-adadelta@3:1482", () -> {
            double eps = 1e-6;
            double v = 0.1 * 1.0; // (1 - rho) g^2, rho 0.9, g 1
            double delta1 = -(Math.sqrt(0) + eps) / (Math.sqrt(v) + eps) * 1.0;
            double delta2 = -(Math.sqrt(delta1) + eps) / (Math.sqrt(v) + eps) * 1.0;
            double zeilerAverage = 0.1 * delta1 * delta1;
            double zeiler2 = -Math.sqrt(zeilerAverage + eps) / Math.sqrt(0.9 * v + 0.1 + eps) * 1.0;
            return Outcome.compare(!Double.isNaN(delta2), "second step " + delta2 + ", Zeiler " + zeiler2);
        });
        w("OPT-adagrad@3:1476", () -> differ(0.01 * 1 / (Math.sqrt(1) + 1e8), 0.01 * 1 / (Math.sqrt(1) + 1e-8),
                "first step, lr 0.01, g 1"));
        w("OPT-hyperparameter-defaults@3:369", () -> {
            double rho = 0.001;
            // the average's memory: the weight of the previous average is rho, so 0.001 keeps 0.1% of the history,
            // against 003's own "close to 1" (L1507) and both frameworks' defaults
            double torch = Double.parseDouble(nnspec.formula.OptimizerTorchFixture.defaultValue("RMSprop", "alpha"));
            return WorkedExamples.defaultVerdict(rho, torch, nnspec.formula.OptimizerDefaults.KERAS_RMSPROP_RHO,
                    rho > 0.5);
        });
        w("OPT-momentum@3:342", () -> {
            // f(w) = w^2 / 2, lr 0.1: gamma = 1 (allowed by {0, 1}) never settles; gamma = 0.9 does
            double w = 1;
            double v = 0;
            double late = 0;
            for (int t = 0; t < 2000; t++) {
                v = 1.0 * v + 0.1 * w;
                w -= v;
                if (t >= 1900) {
                    late = Math.max(late, Math.abs(w));
                }
            }
            return Outcome.compare(late < 1e-3, "gamma = 1: |w| still " + late + " after 1900 steps");
        });
        w("SCHED-exponential@0:540", () -> {
            // a step size: larger k, slower decay (step decay gamma^floor(t/k)); e^(-k t): larger k, faster decay
            double stepSmallK = Math.pow(0.5, Math.floor(10 / 1.0));
            double stepLargeK = Math.pow(0.5, Math.floor(10 / 10.0));
            double expSmallK = Math.exp(-1 * 10.0);
            double expLargeK = Math.exp(-10 * 10.0);
            boolean likeAStepSize = (stepLargeK > stepSmallK) == (expLargeK > expSmallK);
            return Outcome.compare(likeAStepSize, "k in e^(-k t) is a rate");
        });
        w("SCHED-robbins-monro@1:605", () -> {
            // 001's schedule: linear from eps0 = 1 to eps_tau = 0.01 over tau = 100, then constant
            double sum1 = 0;
            double sum2 = 0;
            for (int k = 1; k <= 200_000; k++) {
                double alpha = Math.min(1, k / 100.0);
                double eps = (1 - alpha) + alpha * 0.01;
                if (k <= 100_000) {
                    sum1 += eps * eps;
                }
                sum2 += eps * eps;
            }
            // the tail adds 1e-4 per step: the partial sums grow without bound
            return Outcome.compare(sum2 - sum1 < 1, "sum of squares grows by " + (sum2 - sum1));
        });
        // ----- initialisation and preprocessing
        w("INIT-he-normal@2:806", () -> differ(BigFraction.of(4, 3 + 5), BigFraction.of(2, 3), "n_in 3, n_out 5"));
        Supplier<Outcome> standardize = () -> {
            BigFraction[] x = {BigFraction.of(0), BigFraction.of(2), BigFraction.of(4)};
            BigFraction mean = BigFraction.of(2);
            BigFraction var = BigFraction.ZERO;
            for (BigFraction v : x) {
                var = var.add(v.subtract(mean).pow(2).divide(3));
            }
            BigFraction after = BigFraction.ZERO;
            for (BigFraction v : x) {
                after = after.add(v.subtract(mean).divide(var).pow(2).divide(3));
            }
            return differ(after, BigFraction.ONE, "variance after the printed division");
        };
        w("PREP-standardize@3:1161", () -> {
            // x = (-3, 0, 3) has mean 0 and variance 6; standardised, its squares are x^2 / 6, so its variance is
            // exactly 1 and so is its standard deviation, sqrt(1): the two definitions contrasted are one. Min-max
            // normalisation of x gives (0, 1/2, 1), whose mean is 1/2, not 0.
            BigFraction[] x = {BigFraction.of(-3), BigFraction.ZERO, BigFraction.of(3)};
            BigFraction spread = BigFraction.ZERO;
            for (BigFraction v : x) {
                spread = spread.add(v.pow(2).divide(3));
            }
            BigFraction standardizedVariance = BigFraction.ZERO;
            for (BigFraction v : x) {
                standardizedVariance = standardizedVariance.add(v.pow(2).divide(spread).divide(3));
            }
            boolean oneDefinition = standardizedVariance.equals(BigFraction.ONE);
            BigFraction minMaxMean = BigFraction.ZERO;
            for (BigFraction v : x) {
                minMaxMean = minMaxMean.add(v.add(3).divide(6).divide(3));
            }
            return Outcome.compare(!oneDefinition && minMaxMean.signum() == 0, "standardised variance "
                    + standardizedVariance + " (so standard deviation 1); min-max mean " + minMaxMean);
        });
        w("PREP-standardize@2:915", standardize);
        w("PREP-standardize@2:920", standardize);
        w("PREP-standardize@2:924", standardize);
        // ----- layers and backpropagation
        w("LAYER-mlp-forward@3:1189", () -> differ(0.8 * (1.5 * 2 + 0.1) - 0.2, 0.8 * Math.tanh(1.5 * 2 + 0.1) - 0.2,
                "1-1-1 network, tanh hidden, x = 2"));
        w("LAYER-linear-collapse@2:189", () -> {
            // W1: 3 inputs to 2, W2: 2 to 4, W3: 4 to 1 (numbered from the input): W1 W2 needs 3 = 4 columns/rows
            int[][] shapes = {{2, 3}, {4, 2}, {1, 4}};
            boolean printedDefined = shapes[0][1] == shapes[1][0] && shapes[1][1] == shapes[2][0];
            boolean rightDefined = shapes[2][1] == shapes[1][0] && shapes[1][1] == shapes[0][0];
            return Outcome.compare(printedDefined || !rightDefined, "W1 W2 W3 defined: " + printedDefined);
        });
        w("BP-hidden-delta@3:1341", () -> {
            // a 3-4-2 network: W_1 is 4x3, W_2 is 2x4, delta_2 has 2 entries; W_l^T delta_{l+1} needs W_1^T (3x4)
            int rowsOfW1 = 4;
            int entriesOfDelta2 = 2;
            return Outcome.compare(rowsOfW1 == entriesOfDelta2, "W_1^T delta_2 is not defined");
        });
        w("BP-activation-backward@3:1362", () -> {
            double z = 0.7;
            double fd = derivative(t -> Math.pow(sigmoid(t), 2), z); // L = a^2
            return differ(sigmoid(z) * (1 - sigmoid(z)), fd, "dL/dz for L = sigmoid(z)^2");
        });
        w("BP-output-delta@3:1325", () -> {
            double[] z = {0.3, -1, 1.2};
            double[] p = softmax(z);
            // elementwise dL/da_0 * dS_0/dz_0 against the true dL/dz_0 = p_0 - y_0 (y = class 1)
            double elementwise = 0 * p[0] * (1 - p[0]);
            double fd = derivative(t -> -Math.log(softmax(new double[] {t, -1, 1.2})[1]), z[0]);
            return differ(elementwise, fd, "softmax with cross-entropy, dL/dz_0");
        });
        w("BP-output-delta@1:295", () -> {
            double zz = 0.4;
            double target = 1;
            double output = sigmoid(zz);
            double fd = derivative(t -> 0.5 * Math.pow(target - sigmoid(t), 2), zz);
            return differ(target - output, -fd, "sigmoid output, (1/2)(t - o)^2");
        });
        w("LAYER-conv2d-forward@3:692", () -> {
            double[] image = {1, 2, 3, 4};
            double[] kernel = {1, -1};
            double crossCorrelation = image[1] * kernel[0] + image[2] * kernel[1];
            double convolution = image[1] * kernel[1] + image[2] * kernel[0];
            return differ(crossCorrelation, convolution, "1-D, position 1");
        });
        w("LAYER-conv2d-backward@3:705", () -> {
            // 1-D, stride 2: S(i) = sum_m I(2 i + m) K(m); dL/dK(m) with L = sum S: sum_i I(2 i + m)
            double[] image = {1, 2, 3, 4, 5};
            double printed = image[0] + image[1]; // sum over i = 0, 1 of I(i + 0), no stride
            double right = image[0] + image[2]; // I(0) + I(2)
            return differ(printed, right, "dL/dK(0), stride 2");
        });
        w("LAYER-maxpool-forward@3:720", () -> differ(4 - 2 + 1, 4 / 2, "outputs per side, 4x4 image, p = 2"));
        w("LAYER-batchnorm-identity@2:986", () -> {
            double[] x = {1, 2, 3};
            double mean = 2;
            double var = 2.0 / 3;
            double eps = 1e-3;
            double printed = Math.sqrt(var) * (x[0] - mean) / Math.sqrt(var + eps) + mean;
            double right = Math.sqrt(var + eps) * (x[0] - mean) / Math.sqrt(var + eps) + mean;
            return differ(printed, right, "y for x = 1, eps 1e-3");
        });
        // ----- dropout and its probabilities: p = 1/5 as the documents define it
        BigFraction p = BigFraction.of(1, 5);
        BigFraction keep = BigFraction.ONE.subtract(p);
        Supplier<Outcome> bernoulliOfP = () -> differ(p.divide(keep), BigFraction.ONE,
                "expected scaled mask with r ~ Bernoulli(p), p the drop rate");
        w("PROB-bernoulli@3:488", bernoulliOfP);
        w("REG-dropout@3:1602", bernoulliOfP);
        w("REG-dropout@0:510", () -> differ(keep, BigFraction.ONE, "test output over training mean"));
        w("REG-dropout@2:1122", () -> differ(p, keep, "test scale against the training mean, p the drop fraction"));
        w("REG-dropout@2:1124", () -> differ(keep.divide(p), BigFraction.ONE, "training mean after dividing by p"));
        w("REG-dropout@1:489", () -> {
            // p as the keep probability: scaling by 1/p keeps the mean; read as the drop probability it does not
            boolean keepReading = keep.divide(keep).equals(BigFraction.ONE);
            boolean dropReading = keep.divide(p).equals(BigFraction.ONE);
            return keepReading && !dropReading ? Outcome.under("p the keep probability")
                    : Outcome.compare(keepReading, "");
        });
        w("PROB-binomial@3:501", () -> {
            // Pr(k, n, p) needs a count n >= k: here n = 1 - p = 4/5
            BigFraction n = keep;
            boolean aCount = n.getDenominator().equals(java.math.BigInteger.ONE) && n.compareTo(BigFraction.ONE) >= 0;
            return Outcome.compare(aCount, "n = " + n);
        });
    }

    static Map<String, Supplier<Outcome>> all() {
        return WITNESSES;
    }
}
