package nnspec.runtime;

/**
 * Activation kernels and their derivatives, each written once. Interpreter and generated code both call these,
 * so the two back ends agree on every activation value bit for bit. {@link StrictMath} keeps the golden tables
 * the same bytes on every processor.
 *
 * <p>Derivatives take both the pre-activation {@code z} and the activation {@code a = f(z)}, because the cheap
 * closed forms are in terms of {@code a} (sigmoid, tanh) or of {@code z} (ReLU).
 */
public final class Activations {
    private Activations() {
    }

    /**
     * ACT-step: 1 if z &gt; 0, else 0; the value at 0 is 0, the perceptron convention of 000_a379626a3ad4bd0a.txt,
     * "Example: perceptron training" (001_aa0c02345369f2d3.txt prints a Heaviside variant with 0.5 at 0).
     */
    public static double step(double z) {
        return z > 0 ? 1.0 : 0.0;
    }

    /** The step function is flat wherever it is differentiable; 0 is also taken at the jump. */
    public static double stepDerivative(double z, double a) {
        return 0.0;
    }

    /**
     * ACT-sign: -1, 0 or 1, with sign(0) = 0 as in 001_aa0c02345369f2d3.txt, "Many possible activation functions"
     * (its XOR slide uses -1 at 0 instead).
     */
    public static double sign(double z) {
        return z > 0 ? 1.0 : (z < 0 ? -1.0 : 0.0);
    }

    public static double signDerivative(double z, double a) {
        return 0.0;
    }

    /** ACT-linear: the identity. */
    public static double linear(double z) {
        return z;
    }

    public static double linearDerivative(double z, double a) {
        return 1.0;
    }

    /** ACT-relu: max(0, z), 000_a379626a3ad4bd0a.txt, "Most common activation functions". */
    public static double relu(double z) {
        return z > 0 ? z : 0.0;
    }

    /**
     * ACT-relu-derivative: 1 for z &gt; 0, else 0. At the kink z = 0 the subgradient 0 is taken, as PyTorch does
     * and as the zero-initialised MLP example of 000_a379626a3ad4bd0a.txt requires ("ReLU' = 0").
     */
    public static double reluDerivative(double z, double a) {
        return z > 0 ? 1.0 : 0.0;
    }

    /**
     * ACT-sigmoid: 1 / (1 + e^-z). For negative z the equal form e^z / (1 + e^z) is used so that e^-z cannot
     * overflow.
     */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }

    /** ACT-sigmoid-derivative: s(z)(1 - s(z)), from the output a = s(z). */
    public static double sigmoidDerivative(double z, double a) {
        return a * (1.0 - a);
    }

    /** ACT-tanh. */
    public static double tanh(double z) {
        return StrictMath.tanh(z);
    }

    /** tanh' = 1 - tanh^2, from the output a = tanh(z). */
    public static double tanhDerivative(double z, double a) {
        return 1.0 - a * a;
    }

    /**
     * ACT-softmax over {@code n} values of {@code z} from {@code zFrom}, written to {@code a} from {@code aFrom}:
     * e^(z_j - m) / sum_k e^(z_k - m) with m = max z. Subtracting m changes nothing mathematically (softmax is
     * shift-invariant) and keeps every exponent at most 0, so large inputs cannot overflow.
     */
    public static void softmax(double[] z, int zFrom, double[] a, int aFrom, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, z[zFrom + k]);
        }
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double e = StrictMath.exp(z[zFrom + k] - max);
            a[aFrom + k] = e;
            sum += e;
        }
        for (int k = 0; k < n; k++) {
            a[aFrom + k] /= sum;
        }
    }

    /**
     * ACT-softmax-jacobian as a Jacobian-vector product, without forming J: with s = softmax(z) in {@code a},
     * J = diag(s) - s s^T (003_be7c2a3ed43414a9.txt, "Softmax" under the activation derivatives), and J is
     * symmetric, so dz_i = s_i (u_i - sum_j s_j u_j). Reads {@code a} (the forward output) and {@code upstream};
     * {@code z} is not read and may be null.
     */
    public static void softmaxBackward(double[] z, int zFrom, double[] a, int aFrom, double[] upstream, int uFrom,
            double[] dz, int dzFrom, int n) {
        double dot = 0.0;
        for (int k = 0; k < n; k++) {
            dot += a[aFrom + k] * upstream[uFrom + k];
        }
        for (int k = 0; k < n; k++) {
            dz[dzFrom + k] = a[aFrom + k] * (upstream[uFrom + k] - dot);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Step and sign under a named value at 0.

    /**
     * The value a threshold unit takes at exactly z = 0. The documents differ: 000_a379626a3ad4bd0a.txt
     * ("Perceptron") sends z = 0 to 0, 001_aa0c02345369f2d3.txt ("Many possible activation functions") prints the
     * Heaviside step with 0.5 at 0; {@code ONE} is the z &gt;= 0 convention some perceptron texts use.
     */
    public enum StepAtZero {
        /** 0 at z = 0: the default {@link #step(double)}, 000_a379626a3ad4bd0a.txt. */
        ZERO(0.0),
        /** 0.5 at z = 0: the Heaviside half-maximum convention of 001_aa0c02345369f2d3.txt. */
        HALF(0.5),
        /** 1 at z = 0. */
        ONE(1.0);

        private final double value;

        StepAtZero(double value) {
            this.value = value;
        }

        public double value() {
            return value;
        }
    }

    /**
     * The value sign takes at exactly z = 0. 001_aa0c02345369f2d3.txt's activation table and
     * 003_be7c2a3ed43414a9.txt's MAE derivative take 0 (the default {@link #sign(double)}); the XOR table of
     * 001_aa0c02345369f2d3.txt ("The multi-layer perceptron (MLP)") sends v &lt;= 0 to -1; {@code PLUS_ONE} is the
     * z &gt;= 0 form.
     */
    public enum SignAtZero {
        ZERO(0.0),
        MINUS_ONE(-1.0),
        PLUS_ONE(1.0);

        private final double value;

        SignAtZero(double value) {
            this.value = value;
        }

        public double value() {
            return value;
        }
    }

    /** ACT-step with the value {@code atZero} at z = 0 (for example {@link StepAtZero#HALF}{@code .value()}). */
    public static double step(double z, double atZero) {
        return z > 0 ? 1.0 : (z < 0 ? 0.0 : atZero);
    }

    /** Zero everywhere it exists, and taken as 0 at the jump whatever the value there. */
    public static double stepDerivative(double z, double a, double atZero) {
        return 0.0;
    }

    /** ACT-sign with the value {@code atZero} at z = 0 (for example {@link SignAtZero#MINUS_ONE}{@code .value()}). */
    public static double sign(double z, double atZero) {
        return z > 0 ? 1.0 : (z < 0 ? -1.0 : atZero);
    }

    public static double signDerivative(double z, double a, double atZero) {
        return 0.0;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Piecewise linear, leaky and exponential units.

    /**
     * ACT-piecewise-linear, 001_aa0c02345369f2d3.txt, "Many possible activation functions": 0 for z &lt;= -1/2,
     * z + 1/2 between, 1 for z &gt;= 1/2 (a hard sigmoid of slope 1). Continuous; the derivative is 1 on the open
     * interval (-1/2, 1/2) and 0 elsewhere, 0 at both kinks (the PyTorch hardtanh/hardsigmoid convention).
     */
    public static double piecewiseLinear(double z) {
        if (z >= 0.5) {
            return 1.0;
        }
        return z <= -0.5 ? 0.0 : z + 0.5;
    }

    public static double piecewiseLinearDerivative(double z, double a) {
        return z > -0.5 && z < 0.5 ? 1.0 : 0.0;
    }

    /** PyTorch torch.nn.LeakyReLU's default negative slope. */
    public static final double PYTORCH_LEAKY_RELU_SLOPE = 0.01;
    /** keras.activations.leaky_relu's default negative_slope (Keras 3). */
    public static final double KERAS_LEAKY_RELU_SLOPE = 0.2;

    /**
     * ACT-leaky-relu: z for z &gt; 0, alpha z otherwise. 002_db2ef66716d01cf4.txt ("Hidden layers activation
     * functions") prints max(alpha z, z), equal to this for 0 &lt;= alpha &lt;= 1 only. The slope is a parameter:
     * PyTorch's default is {@link #PYTORCH_LEAKY_RELU_SLOPE} (0.01), Keras's {@link #KERAS_LEAKY_RELU_SLOPE} (0.2).
     */
    public static double leakyRelu(double z, double alpha) {
        return z > 0 ? z : alpha * z;
    }

    /** 1 for z &gt; 0, else alpha; alpha at the kink z = 0, as PyTorch's leaky_relu backward. */
    public static double leakyReluDerivative(double z, double a, double alpha) {
        return z > 0 ? 1.0 : alpha;
    }

    /** PyTorch torch.nn.RReLU's default bounds of the random slope: 1/8 and 1/3. */
    public static final double RRELU_LOWER = 1.0 / 8.0;
    public static final double RRELU_UPPER = 1.0 / 3.0;

    /**
     * ACT-leaky-relu, randomised variant (PyTorch torch.nn.RReLU; the "random" leaky parameter of
     * 002_db2ef66716d01cf4.txt): in training each element draws its slope uniform on [lower, upper) from the
     * caller's seeded generator; forward and backward are then {@link #leakyRelu} and {@link #leakyReluDerivative}
     * with that slope, so the caller keeps the drawn slopes (in {@code slopes} from {@code from}) for backward.
     */
    public static void rreluSlopes(java.util.Random random, double lower, double upper, double[] slopes, int from,
            int n) {
        for (int k = 0; k < n; k++) {
            slopes[from + k] = lower + (upper - lower) * random.nextDouble();
        }
    }

    /** RReLU in evaluation: the fixed slope (lower + upper) / 2, as PyTorch. */
    public static double rrelu(double z, double lower, double upper) {
        return leakyRelu(z, (lower + upper) / 2.0);
    }

    public static double rreluDerivative(double z, double a, double lower, double upper) {
        return leakyReluDerivative(z, a, (lower + upper) / 2.0);
    }

    /**
     * ACT-elu: z for z &gt; 0, alpha (e^z - 1) otherwise (Clevert et al.; PyTorch torch.nn.ELU and
     * keras.activations.elu, both alpha = 1 by default). 002_db2ef66716d01cf4.txt prints max(alpha (e^z - 1), z),
     * which is wrong for large positive z (the exponential overtakes z) and for z &lt; 0 when alpha &gt; 1.
     * Continuous at 0 for every alpha; C1 only for alpha = 1.
     */
    public static double elu(double z, double alpha) {
        return z > 0 ? z : alpha * StrictMath.expm1(z);
    }

    /** 1 for z &gt; 0, else alpha e^z = a + alpha; at the kink z = 0 the left value alpha (PyTorch). */
    public static double eluDerivative(double z, double a, double alpha) {
        return z > 0 ? 1.0 : a + alpha;
    }

    /**
     * ACT-softplus: ln(1 + e^z), 001_aa0c02345369f2d3.txt, "Many possible activation functions". Computed as
     * max(z, 0) + ln(1 + e^-|z|), equal mathematically, so e^z never overflows (the printed form gives infinity
     * from z = 710). PyTorch's beta and linear threshold are not taken (Keras has neither).
     */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(z)));
    }

    /** softplus' = sigmoid. */
    public static double softplusDerivative(double z, double a) {
        return sigmoid(z);
    }

    // ----------------------------------------------------------------------------------------------------------
    // The rest of Keras's activation list (keras.io/api/layers/activations, Keras 3), as 002_db2ef66716d01cf4.txt
    // lists it under "Activation functions in Keras". Defaults are Keras's.

    /** keras.activations.celu: z for z &gt;= 0, alpha (e^(z/alpha) - 1) otherwise; Keras default alpha = 1. C1. */
    public static double celu(double z, double alpha) {
        return z >= 0 ? z : alpha * StrictMath.expm1(z / alpha);
    }

    /** 1 for z &gt; 0, else e^(z/alpha) = a/alpha + 1 (1 at 0 either way). */
    public static double celuDerivative(double z, double a, double alpha) {
        return z > 0 ? 1.0 : StrictMath.exp(z / alpha);
    }

    /** keras.activations.exponential: e^z. */
    public static double exponential(double z) {
        return StrictMath.exp(z);
    }

    public static double exponentialDerivative(double z, double a) {
        return a;
    }

    /**
     * keras.activations.gelu with Keras's default approximate = False (also PyTorch's default): the exact
     * z Phi(z) = z/2 (1 + erf(z / sqrt 2)), Phi the standard normal distribution function.
     */
    public static double gelu(double z) {
        return z * normalCdf(z);
    }

    /** Phi(z) + z phi(z). */
    public static double geluDerivative(double z, double a) {
        return normalCdf(z) + z * normalPdf(z);
    }

    private static final double SQRT_2_OVER_PI = StrictMath.sqrt(2.0 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    /**
     * GELU's tanh approximation (keras.activations.gelu with approximate = True; PyTorch approximate = "tanh"):
     * z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))).
     */
    public static double geluTanh(double z) {
        return 0.5 * z * (1.0 + StrictMath.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)));
    }

    public static double geluTanhDerivative(double z, double a) {
        double t = StrictMath.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z));
        return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * z * z);
    }

    /** keras.activations.hard_shrink: z if |z| &gt; threshold, else 0; Keras default threshold = 0.5. */
    public static double hardShrink(double z, double threshold) {
        return Math.abs(z) > threshold ? z : 0.0;
    }

    /** 1 outside [-threshold, threshold], 0 inside and at the two jumps. */
    public static double hardShrinkDerivative(double z, double a, double threshold) {
        return Math.abs(z) > threshold ? 1.0 : 0.0;
    }

    /**
     * keras.activations.hard_sigmoid, Keras 3: relu6(z + 3) / 6, that is 0 for z &lt;= -3, z/6 + 1/2 between, 1 for
     * z &gt;= 3 (also PyTorch torch.nn.Hardsigmoid). Keras 2 used 0.2 z + 0.5 clipped: {@link #hardSigmoidKeras2}.
     */
    public static double hardSigmoid(double z) {
        return relu6(z + 3.0) / 6.0;
    }

    /** 1/6 on (-3, 3), 0 elsewhere and at both kinks. */
    public static double hardSigmoidDerivative(double z, double a) {
        return z > -3.0 && z < 3.0 ? 1.0 / 6.0 : 0.0;
    }

    /** The older tf.keras (Keras 2) hard_sigmoid: 0.2 z + 0.5 clipped to [0, 1] (kinks at -2.5 and 2.5). */
    public static double hardSigmoidKeras2(double z) {
        return Math.min(1.0, Math.max(0.0, 0.2 * z + 0.5));
    }

    public static double hardSigmoidKeras2Derivative(double z, double a) {
        return z > -2.5 && z < 2.5 ? 0.2 : 0.0;
    }

    /**
     * keras.activations.hard_silu (hard swish): z relu6(z + 3) / 6. Its derivative jumps at both kinks; the
     * closed interval [-3, 3] takes (2z + 3)/6 (-1/2 at -3, 3/2 at 3), as PyTorch's hardswish backward.
     */
    public static double hardSilu(double z) {
        return z * relu6(z + 3.0) / 6.0;
    }

    public static double hardSiluDerivative(double z, double a) {
        if (z < -3.0) {
            return 0.0;
        }
        return z <= 3.0 ? (2.0 * z + 3.0) / 6.0 : 1.0;
    }

    /** keras.activations.hard_tanh: z clipped to [-1, 1]. */
    public static double hardTanh(double z) {
        return Math.min(1.0, Math.max(-1.0, z));
    }

    /** 1 on (-1, 1), 0 elsewhere and at both kinks (PyTorch hardtanh backward). */
    public static double hardTanhDerivative(double z, double a) {
        return z > -1.0 && z < 1.0 ? 1.0 : 0.0;
    }

    /**
     * keras.activations.log_sigmoid: ln(1 / (1 + e^-z)) = -softplus(-z), computed as min(z, 0) - ln(1 + e^-|z|)
     * so that neither large positive nor large negative z loses it.
     */
    public static double logSigmoid(double z) {
        return Math.min(z, 0.0) - StrictMath.log1p(StrictMath.exp(-Math.abs(z)));
    }

    /** 1 - sigmoid(z) = sigmoid(-z). */
    public static double logSigmoidDerivative(double z, double a) {
        return sigmoid(-z);
    }

    /** keras.activations.mish: z tanh(softplus(z)). */
    public static double mish(double z) {
        return z * StrictMath.tanh(softplus(z));
    }

    /** tanh(sp) + z (1 - tanh^2(sp)) sigmoid(z), sp = softplus(z). */
    public static double mishDerivative(double z, double a) {
        double t = StrictMath.tanh(softplus(z));
        return t + z * (1.0 - t * t) * sigmoid(z);
    }

    /** keras.activations.relu6: min(max(z, 0), 6). */
    public static double relu6(double z) {
        return Math.min(6.0, Math.max(0.0, z));
    }

    /** 1 on (0, 6), 0 elsewhere and at both kinks (TensorFlow's relu6 gradient). */
    public static double relu6Derivative(double z, double a) {
        return z > 0.0 && z < 6.0 ? 1.0 : 0.0;
    }

    /** SELU's constants (Klambauer et al. 2017; PyTorch torch.nn.SELU and Keras use these). */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    /** keras.activations.selu: scale z for z &gt; 0, scale alpha (e^z - 1) otherwise, fixed constants. */
    public static double selu(double z) {
        return SELU_SCALE * (z > 0 ? z : SELU_ALPHA * StrictMath.expm1(z));
    }

    /** scale for z &gt; 0, else scale alpha e^z = a + scale alpha (the left value at 0, PyTorch). */
    public static double seluDerivative(double z, double a) {
        return z > 0 ? SELU_SCALE : a + SELU_SCALE * SELU_ALPHA;
    }

    /** keras.activations.silu (swish): z sigmoid(z). */
    public static double silu(double z) {
        return z * sigmoid(z);
    }

    /** s (1 + z (1 - s)), s = sigmoid(z). */
    public static double siluDerivative(double z, double a) {
        double s = sigmoid(z);
        return s * (1.0 + z * (1.0 - s));
    }

    /** keras.activations.soft_shrink: z - t for z &gt; t, z + t for z &lt; -t, else 0; Keras default t = 0.5. */
    public static double softShrink(double z, double threshold) {
        if (z > threshold) {
            return z - threshold;
        }
        return z < -threshold ? z + threshold : 0.0;
    }

    /** 1 outside [-t, t], 0 inside and at both kinks. */
    public static double softShrinkDerivative(double z, double a, double threshold) {
        return Math.abs(z) > threshold ? 1.0 : 0.0;
    }

    /** keras.activations.softsign: z / (|z| + 1). */
    public static double softsign(double z) {
        return z / (Math.abs(z) + 1.0);
    }

    public static double softsignDerivative(double z, double a) {
        double d = Math.abs(z) + 1.0;
        return 1.0 / (d * d);
    }

    /** keras.activations.sparse_plus: 0 for z &lt;= -1, (z + 1)^2 / 4 between, z for z &gt;= 1. C1. */
    public static double sparsePlus(double z) {
        if (z <= -1.0) {
            return 0.0;
        }
        return z >= 1.0 ? z : 0.25 * (z + 1.0) * (z + 1.0);
    }

    /** 0, (z + 1)/2, 1: continuous, so the kinks of the second derivative need no convention. */
    public static double sparsePlusDerivative(double z, double a) {
        if (z <= -1.0) {
            return 0.0;
        }
        return z >= 1.0 ? 1.0 : 0.5 * (z + 1.0);
    }

    /** keras.activations.squareplus's default smoothness b. */
    public static final double KERAS_SQUAREPLUS_B = 4.0;

    /**
     * keras.activations.squareplus: (z + sqrt(z^2 + b)) / 2, b &gt; 0 (Keras default 4). For z &lt; 0 the equal
     * form b / (2 (sqrt(z^2 + b) - z)) avoids cancellation.
     */
    public static double squareplus(double z, double b) {
        double r = StrictMath.sqrt(z * z + b);
        return z >= 0 ? 0.5 * (z + r) : 0.5 * b / (r - z);
    }

    public static double squareplusDerivative(double z, double a, double b) {
        return 0.5 * (1.0 + z / StrictMath.sqrt(z * z + b));
    }

    /** keras.activations.tanh_shrink: z - tanh(z). */
    public static double tanhShrink(double z) {
        return z - StrictMath.tanh(z);
    }

    /** 1 - (1 - tanh^2) = tanh^2. */
    public static double tanhShrinkDerivative(double z, double a) {
        double t = StrictMath.tanh(z);
        return t * t;
    }

    /**
     * keras.activations.threshold: z if z &gt; threshold, else defaultValue (Keras gives neither a default;
     * PyTorch torch.nn.Threshold likewise requires both).
     */
    public static double threshold(double z, double threshold, double defaultValue) {
        return z > threshold ? z : defaultValue;
    }

    /** 1 above the threshold, 0 at and below it. */
    public static double thresholdDerivative(double z, double a, double threshold, double defaultValue) {
        return z > threshold ? 1.0 : 0.0;
    }

    // ----------------------------------------------------------------------------------------------------------
    // The normal distribution function for GELU. The runtime has no dependencies, so erf is computed here:
    // a positive series for |x| < 3 and a continued fraction for erfc beyond, both to double precision.

    private static final double TWO_OVER_SQRT_PI = 2.0 / StrictMath.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1.0 / StrictMath.sqrt(2.0 * Math.PI);
    private static final double INV_SQRT_2 = 1.0 / StrictMath.sqrt(2.0);

    /** The standard normal density. */
    public static double normalPdf(double z) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * z * z);
    }

    /** Phi(z) = erfc(-z / sqrt 2) / 2, keeping relative accuracy in the far left tail. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z * INV_SQRT_2);
    }

    /** The error function. */
    public static double erf(double x) {
        if (Math.abs(x) < 3.0) {
            return erfSeries(x);
        }
        return x > 0 ? 1.0 - erfcContinuedFraction(x) : erfcContinuedFraction(-x) - 1.0;
    }

    /** The complementary error function 1 - erf(x), accurate in relative terms for large x. */
    public static double erfc(double x) {
        if (Math.abs(x) < 3.0) {
            return 1.0 - erfSeries(x);
        }
        return x > 0 ? erfcContinuedFraction(x) : 2.0 - erfcContinuedFraction(-x);
    }

    /** erf(x) = 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1 3 5 ... (2n+1)): all terms positive, no cancellation. */
    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * StrictMath.exp(-x2) * sum;
    }

    /**
     * erfc(x) for x &gt;= 3 by the continued fraction e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
     * evaluated by the modified Lentz method.
     */
    private static double erfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int k = 1; k < 500; k++) {
            double an = 0.5 * k;
            d = x + an * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return StrictMath.exp(-x * x) / StrictMath.sqrt(Math.PI) / f;
    }
}
