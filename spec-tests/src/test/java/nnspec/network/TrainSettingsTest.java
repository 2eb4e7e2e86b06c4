package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nnspec.model.Convention;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The train settings of the language reach training, on a model small enough to follow by hand: one linear unit
 * y = w x + b, started at 0, one sample x = 1, y = 1, loss mse, so the gradient of w and of b is 2 (yhat - 1) and
 * every step is a few exact decimals (expected values worked by hand, in the comments).
 */
class TrainSettingsTest {
    private static String spec(String settings) {
        return "network Unit { input 1  dense 1 linear init zeros }\n"
                + "train { loss mse  " + settings + " }\n"
                + "data { 1 -> 1 }\n";
    }

    /** w after each step (b equals w throughout, both gradients being the same). */
    private static List<Double> weights(String settings, Backend backend) {
        RandomSpecs.Case c = RandomSpecs.read("hand-worked", 0, spec(settings));
        Model model = backend.create(c.spec());
        List<Double> w = new ArrayList<>();
        Trainer.train(model, c.data(), Job.plan(c.spec().train()), new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batch, double[] x, double[] y, double[] yhat, double loss,
                    Model m) {
                assertEquals(m.parameters()[0], m.parameters()[1], 0.0, "w and b move together");
                w.add(m.parameters()[0]);
            }
        });
        return w;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExponentialScheduleHalvesTheRateEachStep(Backend backend) {
        // lr 0.1, 0.05, 0.025: w = 0 + 0.1 * 2 = 0.2; 0.2 + 0.05 * 2 * 0.6 = 0.26; 0.26 + 0.025 * 2 * 0.48 = 0.284
        List<Double> w = weights("optimizer sgd lr 0.1  schedule exponential gamma 0.5 per step  epochs 3", backend);
        assertEquals(List.of(0.2, 0.26, 0.284), rounded(w));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withoutAScheduleTheRateStaysPut(Backend backend) {
        // lr 0.1 throughout: 0.2; 0.2 + 0.1 * 1.2 = 0.32; 0.32 + 0.1 * 2 * 0.36 = 0.392
        assertEquals(List.of(0.2, 0.32, 0.392), rounded(weights("optimizer sgd lr 0.1  epochs 3", backend)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anL2PenaltyOnWeightsOnlyPullsTheWeightBackButNotTheBias(Backend backend) {
        // penalty lambda w^2 (constant lambda) adds 2 * 0.5 * w to w's gradient only; first step from 0 is as
        // without it (w = b = 0.2), the second differs: w = 0.2 + 0.1 (1.2 - 0.2) = 0.3, b = 0.2 + 0.1 * 1.2 = 0.32
        RandomSpecs.Case c = RandomSpecs.read("hand-worked", 0, spec("optimizer sgd lr 0.1  epochs 2"
                + "  regularize l2 lambda 0.5 constant lambda biases no"));
        Model model = backend.create(c.spec());
        Trainer.train(model, c.data(), Job.plan(c.spec().train()), new TrainingListener() {
        });
        assertEquals(0.3, model.parameters()[0], 1e-15);
        assertEquals(0.32, model.parameters()[1], 1e-15);
        // the reported loss includes the penalty: (0.62 - 1)^2 + 0.5 * 0.3^2 = 0.1444 + 0.045
        assertEquals(0.1894, Trainer.evaluate(model, c.data(), 2).loss(), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theLambdaOver2mConstantDividesByTheNumberOfTrainingSamples(Backend backend) {
        // two equal samples, one batch of 2: m = 2, c = 0.8 / (2 * 2) = 0.2, weight gradient + 2 c w = 0.4 w.
        // step 1 from 0: w = b = 0.2; step 2: yhat = 0.4, data gradient -1.2, so w = 0.2 + 0.1 * (1.2 - 0.08)
        // = 0.312 and b = 0.2 + 0.1 * 1.2 = 0.32; loss (0.632 - 1)^2 + 0.2 * 0.312^2 = 0.135424 + 0.0194688
        RandomSpecs.Case c = RandomSpecs.read("hand-worked", 0,
                "network Unit { input 1  dense 1 linear init zeros }\n"
                        + "train { loss mse  optimizer sgd lr 0.1  epochs 2  batch 2\n"
                        + "  regularize l2 lambda 0.8 constant half_m biases no }\n"
                        + "data {\n  1 -> 1\n  1 -> 1\n}\n");
        Model model = backend.create(c.spec());
        Trainer.train(model, c.data(), Job.plan(c.spec().train()), new TrainingListener() {
        });
        assertEquals(0.312, model.parameters()[0], 1e-15);
        assertEquals(0.32, model.parameters()[1], 1e-15);
        assertEquals(0.1548928, Trainer.evaluate(model, c.data(), 2).loss(), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recursiveAndClosedCosineAgreeToRoundingOverTwoPeriods(Backend backend) {
        // both follow lr_t = min + (lr - min)(1 + cos(pi t / T)) / 2 (per step here), the recursion from lr_0 on
        String common = "optimizer sgd lr 0.1  epochs 12  schedule cosine period 5 min 0.01 per step";
        List<Double> closed = weights(common, backend);
        List<Double> recursive = weights(common + " form recursive", backend);
        assertEquals(12, closed.size());
        for (int k = 0; k < closed.size(); k++) {
            assertEquals(closed.get(k), recursive.get(k), 1e-14, "step " + (k + 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void thePerceptronRuleOnASignUnitIsTheSignFormOf002WithHalfTheRate(Backend backend) {
        // 002's sign form moves w by y x on a mistake; the rule moves it by lr (y - yhat) x = 2 lr y x, the same at
        // lr 1/2. Hand-worked on AND with labels -1/+1 from w = (0, 0), b = 0, the bias moving like a weight:
        RandomSpecs.Case c = RandomSpecs.read("sign form", 0,
                "network Sign { input 2  dense 1 sign weights [[0, 0]] bias [0] }\n"
                        + "train { rule perceptron lr 0.5  epochs 1 }\n"
                        + "data {\n  0 0 -> -1\n  0 1 -> -1\n  1 0 -> -1\n  1 1 -> 1\n}\n");
        Model model = backend.create(c.spec());
        Trainer.train(model, c.data(), Job.plan(c.spec().train()), new TrainingListener() {
        });
        // (0,0): z = 0 and sign(0) = 0, so half a mistake's step: b = 0 + 0.5 * (-1 - 0) = -0.5;
        // (0,1) and (1,0): z = -0.5, right; (1,1): z = -0.5, yhat = -1, a mistake: w = (0, 0) + 0.5 * 2 * (1, 1)
        // = (1, 1), b = -0.5 + 0.5 * 2 = 0.5
        assertEquals(1.0, model.parameters()[0], 0.0);
        assertEquals(1.0, model.parameters()[1], 0.0);
        assertEquals(0.5, model.parameters()[2], 0.0);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void randomisedReluDrawsWhileTrainingAndTakesTheMeanSlopeInEvaluation(Backend backend) {
        // one unit, w = 1, b = 0, input -2: in evaluation a = -2 (1/8 + 1/3) / 2 = -11/24; while training
        // a = -2 s with s the first draw of java.util.Random(7) scaled to [1/8, 1/3)
        RandomSpecs.Case c = RandomSpecs.read("rrelu", 0,
                "network R { input 1  dense 1 rrelu seed 7 weights [[1]] }\n"
                        + "train { loss mse  optimizer sgd lr 0.1  epochs 1 }\ndata { -2 -> 0 }\n");
        Model model = backend.create(c.spec());
        double[] a = new double[1];
        model.forward(new double[] {-2}, a);
        assertEquals(-11.0 / 24, a[0], 1e-15);
        model.training(true);
        model.forward(new double[] {-2}, a);
        double s = 1.0 / 8 + (1.0 / 3 - 1.0 / 8) * new java.util.Random(7).nextDouble();
        assertEquals(-2 * s, a[0], 1e-15);
        model.forward(new double[] {-2}, a);
        java.util.Random draws = new java.util.Random(7);
        draws.nextDouble();
        assertEquals(-2 * (1.0 / 8 + (1.0 / 3 - 1.0 / 8) * draws.nextDouble()), a[0], 1e-15);
    }

    /**
     * Dropout between two linear layers small enough to follow by hand: x = 1 reaches two hidden units with weights
     * 1 and 2, whose outputs (after dropout) the output unit adds, so yhat = 1 f_0 + 2 f_1 with f_j the dropout
     * factor of unit j. The masks follow docs/language.md: one java.util.Random(seed) draw per output and sample, in
     * unit order, r_j = 1 exactly when the draw is below 1 - p.
     */
    private static Model dropoutNetwork(Backend backend, String dropout) {
        RandomSpecs.Case c = RandomSpecs.read("dropout", 0, "network D { input 1\n"
                + "  dense 2 linear weights [[1], [2]]\n  " + dropout + "\n  dense 1 linear weights [[1, 1]]\n}\n"
                + "train { loss mse  optimizer sgd lr 0.1  epochs 1 }\ndata { 1 -> 0 }\n");
        return backend.create(c.spec());
    }

    /** The masks of {@code passes} passes of two units with keep probability {@code keep}, from Random(seed). */
    private static double[][] masks(long seed, double keep, int passes) {
        java.util.Random draws = new java.util.Random(seed);
        double[][] r = new double[passes][2];
        for (double[] pass : r) {
            for (int j = 0; j < 2; j++) {
                pass[j] = draws.nextDouble() < keep ? 1 : 0;
            }
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invertedDropoutScalesKeptOutputsWhileTrainingAndPassesThemInEvaluation(Backend backend) {
        Model model = dropoutNetwork(backend, "dropout 0.5 seed 7");
        double[] yhat = new double[1];
        // evaluation: yhat = 1 + 2 = 3
        model.forward(new double[] {1}, yhat);
        assertEquals(3.0, yhat[0], 0.0);
        // training: f_j = r_j / (1 - 0.5) = 2 r_j, so yhat = 2 r_0 + 4 r_1, with fresh masks every pass
        model.training(true);
        double[][] r = masks(7, 0.5, 8);
        int kept = 0;
        for (double[] pass : r) {
            model.zeroGradients();
            model.forward(new double[] {1}, yhat);
            assertEquals(2 * pass[0] + 4 * pass[1], yhat[0], 0.0);
            // mse against y = 0: dL/dyhat = 2 yhat; dL/dw1[j][0] = 2 yhat * 1 * f_j * x, dL/db1[j] likewise
            model.backward(new double[] {0});
            assertEquals(2 * yhat[0] * 2 * pass[0], model.gradients()[0], 0.0, "dense1.w[0][0]");
            assertEquals(2 * yhat[0] * 2 * pass[1], model.gradients()[1], 0.0, "dense1.w[1][0]");
            kept += (int) (pass[0] + pass[1]);
        }
        assertTrue(kept > 0 && kept < 16, "the eight passes both keep and drop: " + kept);
        // initialize() restarts the masks from the seed
        model.initialize();
        model.forward(new double[] {1}, yhat);
        assertEquals(2 * r[0][0] + 4 * r[0][1], yhat[0], 0.0);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void plainDropoutWithAKeepProbabilityScalesInEvaluationInstead(Backend backend) {
        Model model = dropoutNetwork(backend, "dropout keep 0.75 scaling plain seed 3");
        double[] yhat = new double[1];
        // evaluation: every output times the keep probability, 0.75 (1 + 2) = 2.25
        model.forward(new double[] {1}, yhat);
        assertEquals(2.25, yhat[0], 0.0);
        // training: unscaled masks, yhat = r_0 + 2 r_1
        model.training(true);
        for (double[] pass : masks(3, 0.75, 6)) {
            model.forward(new double[] {1}, yhat);
            assertEquals(pass[0] + 2 * pass[1], yhat[0], 0.0);
        }
    }

    @Test
    void dropoutZeroChangesNothing() {
        for (Backend backend : Backend.values()) {
            Model model = dropoutNetwork(backend, "dropout 0");
            model.training(true);
            double[] yhat = new double[1];
            model.forward(new double[] {1}, yhat);
            assertEquals(3.0, yhat[0], 0.0, backend.keyword());
        }
    }

    /**
     * A softmax output far from its target: z = (20, -20) for x = 1 and y = (0, 1), so p_1 = 1 / (1 + e^40), about
     * 4e-18. Keras's categorical cross-entropy clips p to [1e-7, 1 - 1e-7] before the log (Keras
     * categorical_crossentropy, from_logits false), and the clip's derivative is 0 outside that range: the loss is
     * -ln 1e-7 and its gradient 0, where the unclipped loss (PyTorch's clamp at -100 is not reached) has
     * dL/dz = p - y.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void kerasProbabilityClipFlattensTheGradientWherePredictionsAreClipped(Backend backend) {
        String network = "network S { input 1  dense 2 softmax weights [[20], [-20]] }\n";
        String data = "data { 1 -> 0 1 }\n";
        double[] yhat = new double[2];

        Model keras = backend.create(RandomSpecs.read("clip probability", 0, network
                + "train { loss cce clip probability  optimizer sgd lr 0.1  epochs 1 }\n" + data).spec());
        keras.forward(new double[] {1}, yhat);
        assertEquals(-Math.log(1e-7), keras.loss(new double[] {0, 1}), 1e-12);
        keras.backward(new double[] {0, 1});
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0), java.util.Arrays.stream(keras.gradients()).boxed().toList());

        Model pytorch = backend.create(RandomSpecs.read("clip log", 0, network
                + "train { loss cce  optimizer sgd lr 0.1  epochs 1 }\n" + data).spec());
        pytorch.forward(new double[] {1}, yhat);
        pytorch.backward(new double[] {0, 1});
        double p0 = 1 / (1 + Math.exp(-40));
        double p1 = 1 / (1 + Math.exp(40));
        // parameters in storage order w[0][0], w[1][0], b[0], b[1]; dL/dw[j][0] = (p_j - y_j) x, dL/db_j = p_j - y_j
        double[] g = pytorch.gradients();
        assertEquals(p0, g[0], 1e-15);
        assertEquals(p1 - 1, g[1], 1e-15);
        assertEquals(p0, g[2], 1e-15);
        assertEquals(p1 - 1, g[3], 1e-15);
    }

    @Test
    void conventionsFillTheDefaultsTheFrameworksDocument() {
        Spec pytorch = RandomSpecs.read("pytorch", 0, spec("optimizer adam lr 0.001  epochs 1")).spec();
        Spec keras = RandomSpecs.read("keras", 0, spec("optimizer adam lr 0.001  epochs 1  convention keras")).spec();
        assertEquals(Convention.PYTORCH, pytorch.train().convention());
        // torch.optim.Adam: eps 1e-8; keras.optimizers.Adam: epsilon 1e-7, applied as "epsilon hat"
        assertEquals(1e-8, pytorch.train().optimizer().params().number("epsilon"));
        assertEquals("paper", pytorch.train().optimizer().params().word("epsilon_form"));
        assertEquals(1e-7, keras.train().optimizer().params().number("epsilon"));
        assertEquals("hat", keras.train().optimizer().params().word("epsilon_form"));
        // where they agree: beta1 0.9 and beta2 0.999 in both
        assertEquals(pytorch.train().optimizer().params().number("beta1"),
                keras.train().optimizer().params().number("beta1"));
        assertEquals(pytorch.train().optimizer().params().number("beta2"),
                keras.train().optimizer().params().number("beta2"));
        // a setting written out overrides the convention
        Spec explicit = RandomSpecs.read("keras, explicit", 0,
                spec("optimizer adam lr 0.001 epsilon 1e-8 epsilon_form paper  epochs 1  convention keras")).spec();
        assertEquals(pytorch.train().optimizer(), explicit.train().optimizer());
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(v -> Math.round(v * 1e12) / 1e12).toList();
    }
}
