package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nnspec.formula.Checks;
import nnspec.kernels.KernelHarness;
import nnspec.model.Activation;
import nnspec.model.Optimizer;
import nnspec.model.Schedule;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Generated code against the reference interpreter over {@link #STEPS} training steps, for every optimizer of the
 * language in each of its named variants, every schedule and every norm penalty, on random small architectures
 * from a seeded spec generator: after every step, the step's loss and every parameter agree to 1e-12 relative. A
 * failure reports the seed and the spec text.
 */
class WholeNetworkDifferentialTest {
    private static final int STEPS = 20;
    private static final double TOLERANCE = 1e-12;

    /** Every optimizer, and each variant a word parameter selects. */
    static List<String> optimizers() {
        List<String> all = new ArrayList<>();
        for (Optimizer.Kind kind : Optimizer.Kind.values()) {
            switch (kind) {
                case SGD -> {
                    all.add("sgd lr 0.1");
                    all.add("sgd lr 0.1 weight_decay 0.01");
                }
                case MOMENTUM -> {
                    all.add("momentum lr 0.05 momentum 0.8 dampening 0.1 weight_decay 0.01");
                    all.add("momentum lr 0.05 form ema");
                    all.add("momentum lr 0.05 form lr_inside_subtract");
                    all.add("momentum lr 0.05 form lr_inside_add");
                }
                case NESTEROV -> all.add("nesterov lr 0.05 momentum 0.7 weight_decay 0.001");
                case ADAGRAD -> {
                    all.add("adagrad lr 0.1");
                    all.add("adagrad lr 0.1 epsilon_placement inside initial_accumulator 0.1");
                }
                case ADADELTA -> all.add("adadelta lr 1.0 rho 0.9");
                case RMSPROP -> {
                    all.add("rmsprop lr 0.01");
                    all.add("rmsprop lr 0.01 epsilon_placement inside centered yes momentum 0.5");
                }
                case ADAM -> {
                    all.add("adam lr 0.01");
                    all.add("adam lr 0.01 epsilon_form hat weight_decay 0.01");
                }
                case ADAMW -> all.add("adamw lr 0.01 weight_decay 0.1");
                case PERCEPTRON -> {
                    // a rule, not an optimizer: the golden perceptron traces compare the back ends
                }
            }
        }
        return all;
    }

    /** Every schedule kind, stepping per step so that 20 steps see it move. */
    static List<String> schedules() {
        List<String> all = new ArrayList<>();
        for (Schedule.Kind kind : Schedule.Kind.values()) {
            all.add(switch (kind) {
                case CONSTANT -> "schedule constant per step";
                case STEP -> "schedule step every 5 gamma 0.5 per step";
                case EXPONENTIAL -> "schedule exponential gamma 0.9 per step";
                case INVERSE_TIME -> "schedule inverse_time decay 0.1 per step";
                case COSINE -> "schedule cosine period 8 min 0.001 per step";
                case CYCLICAL -> "schedule cyclical max 0.2 half_period 3 per step";
                case LINEAR -> "schedule linear final 0.01 steps 10 per step";
            });
        }
        return all;
    }

    static List<String> penalties() {
        return List.of("regularize l1 lambda 0.01", "regularize l2 lambda 0.01 on hidden biases no",
                "regularize l2 lambda 0.02 constant lambda on output",
                "regularize elastic l1 0.01 l2 0.02 constant half", "regularize l2 lambda 0.05 constant half_m");
    }

    @TestFactory
    Stream<DynamicTest> generatedCodeFollowsTheInterpreterStepByStep() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 5000;
        for (String optimizer : optimizers()) {
            long s = seed++;
            tests.add(DynamicTest.dynamicTest("optimizer " + optimizer, () -> compare(randomCase(s, optimizer,
                    "", ""))));
        }
        for (String schedule : schedules()) {
            long s = seed++;
            tests.add(DynamicTest.dynamicTest(schedule, () -> compare(randomCase(s, "sgd lr 0.1", schedule, ""))));
        }
        for (String penalty : penalties()) {
            long s = seed++;
            tests.add(DynamicTest.dynamicTest(penalty, () -> compare(randomCase(s, "adam lr 0.01", "", penalty))));
        }
        for (String coupled : List.of("log_softmax", "sparsemax", "glu")) {
            tests.add(DynamicTest.dynamicTest(coupled + " hidden and output", () -> compare(RandomSpecs.read(coupled,
                    0, "network Coupled {\n  input 3\n  dense 4 " + coupled + " init glorot_uniform seed 5\n"
                            + "  dense 3 tanh\n  dense 2 " + coupled + "\n}\ntrain {\n  loss mse\n"
                            + "  optimizer adam lr 0.05\n  epochs 10  batch 2\n}\ndata {\n  1 0 -1 -> 0 1\n"
                            + "  0.5 2 1 -> 1 0\n  -1 -0.5 0.3 -> 0.2 0.8\n  2 1 0 -> 0.5 0.5\n}\n"))));
        }
        tests.add(DynamicTest.dynamicTest("rrelu draws the same slopes in both back ends", () -> compare(
                RandomSpecs.read("rrelu", 0, "network Random {\n  input 2\n  dense 5 rrelu seed 11 init he_normal"
                        + " seed 2\n  dense 3 rrelu lower 0.05 upper 0.4\n  dense 1 linear\n}\ntrain {\n"
                        + "  loss huber\n  optimizer momentum lr 0.05\n  epochs 10  batch 2  order shuffled seed 3\n"
                        + "}\ndata {\n  1 -1 -> 0.5\n  -2 0.5 -> -1\n  -1 -1 -> 0.2\n  0.3 2 -> 1\n}\n"))));
        tests.add(DynamicTest.dynamicTest("dropout draws the same masks in both back ends", () -> compare(
                RandomSpecs.read("dropout", 0, "network Dropping {\n  input 2\n  dense 5 tanh init glorot_uniform seed 4\n"
                        + "  dropout 0.4 seed 6\n  dense 4 glu init he_normal seed 1\n  dropout keep 0.7 scaling plain\n"
                        + "  dense 3 log_softmax\n  dropout 0.2 seed 2\n  dense 1 sigmoid\n}\ntrain {\n  loss bce\n"
                        + "  optimizer adam lr 0.05\n  epochs 10  batch 2  order shuffled seed 3\n}\ndata {\n"
                        + "  1 -1 -> 1\n  -2 0.5 -> 0\n  -1 -1 -> 1\n  0.3 2 -> 0\n}\n"))));
        tests.add(DynamicTest.dynamicTest("dropout on layers too large to write out unit by unit", () -> {
            Random random = new Random(77);
            compare(RandomSpecs.read("dropout, loops", 77, "network Wide {\n  input 20\n"
                    + "  dense 20 relu init he_uniform seed 3\n  dropout 0.25 seed 4\n"
                    + "  dense 16 sparsemax init glorot_uniform seed 5\n  dropout 0.5 seed 6\n"
                    + "  dense 3 linear init glorot_uniform seed 7\n}\ntrain {\n  loss cce from logits\n"
                    + "  optimizer momentum lr 0.05\n  epochs 10  batch 2\n}\n"
                    + RandomSpecs.data(random, 4, 20, 3, "cce")));
        }));
        for (String convention : List.of("pytorch", "keras")) {
            long s = seed++;
            tests.add(DynamicTest.dynamicTest("convention " + convention + " defaults", () -> compare(
                    randomCase(s, "rmsprop lr 0.01", "schedule cosine period 5", "regularize l2 lambda 0.01\n"
                            + "  convention " + convention))));
        }
        tests.add(DynamicTest.dynamicTest("every optimizer and schedule of docs/language.md is compared", () -> {
            assertEquals(new TreeSet<>(KernelHarness.documentedNames("optimizer")),
                    optimizers().stream().map(o -> o.split(" ")[0]).collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(new TreeSet<>(KernelHarness.documentedNames("schedule")),
                    schedules().stream().map(o -> o.split(" ")[1]).collect(Collectors.toCollection(TreeSet::new)));
        }));
        return tests.stream();
    }

    private static final List<Activation> SMOOTH = List.of(Activation.TANH, Activation.SIGMOID, Activation.ELU,
            Activation.SOFTPLUS, Activation.GELU, Activation.SILU, Activation.LEAKY_RELU, Activation.RELU,
            Activation.MISH, Activation.SELU);

    /** A random 1-2 hidden layer network with a random activation and loss, training for 20 steps of batch 2. */
    static RandomSpecs.Case randomCase(long seed, String optimizer, String schedule, String penalty) {
        Random random = new Random(seed);
        String loss = List.of("mse", "mae", "huber", "bce", "cce", "bce from logits", "cce from logits")
                .get(random.nextInt(7));
        int inputs = 1 + random.nextInt(4);
        int outputs = loss.startsWith("cce") ? 2 + random.nextInt(3) : 1 + random.nextInt(2);
        Activation hidden = SMOOTH.get(random.nextInt(SMOOTH.size()));
        StringBuilder text = new StringBuilder("network Case {\n  input " + inputs + "\n");
        int layers = 1 + random.nextInt(2);
        for (int l = 0; l < layers; l++) {
            text.append("  dense ").append(1 + random.nextInt(5)).append(' ').append(hidden.keyword())
                    .append(" init ").append(List.of("glorot_uniform", "he_normal", "lecun_uniform", "uniform_fanin")
                            .get(random.nextInt(4))).append(" seed ").append(random.nextInt(100)).append('\n');
        }
        String output = switch (loss) {
            case "bce" -> "sigmoid";
            case "cce" -> "softmax";
            case "bce from logits", "cce from logits" -> "linear";
            default -> random.nextBoolean() ? "linear" : "tanh";
        };
        text.append("  dense ").append(outputs).append(' ').append(output).append("\n}\n");
        text.append("train {\n  loss ").append(loss).append("\n  optimizer ").append(optimizer).append('\n');
        if (!schedule.isEmpty()) {
            text.append("  ").append(schedule).append('\n');
        }
        if (!penalty.isEmpty()) {
            text.append("  ").append(penalty).append('\n');
        }
        text.append("  epochs 10  batch 2  order shuffled seed ").append(seed).append("\n}\n");
        text.append(RandomSpecs.data(random, 4, inputs, outputs, loss.substring(0, 3)));
        return RandomSpecs.read(optimizer, seed, text.toString());
    }

    private static List<double[]> run(Backend backend, RandomSpecs.Case c) {
        return run(backend.create(c.spec()), c);
    }

    /** One row per step of training {@code model} on the case: the step's loss, then every parameter after it. */
    static List<double[]> run(Model model, RandomSpecs.Case c) {
        List<double[]> rows = new ArrayList<>();
        Trainer.train(model, c.data(), Job.plan(c.spec().train()), new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batch, double[] x, double[] y, double[] yhat, double loss,
                    Model m) {
                double[] row = new double[m.parameterCount() + 1];
                row[0] = loss;
                System.arraycopy(m.parameters(), 0, row, 1, m.parameterCount());
                rows.add(row);
            }
        });
        return rows;
    }

    private static void compare(RandomSpecs.Case c) {
        List<double[]> reference = run(Backend.INTERPRETER, c);
        List<double[]> generated = run(Backend.GENERATED, c);
        assertEquals(STEPS, reference.size(), "steps taken\n" + c);
        assertEquals(reference.size(), generated.size(), "steps taken\n" + c);
        int compared = 0;
        for (int step = 0; step < reference.size(); step++) {
            double[] r = reference.get(step);
            double[] g = generated.get(step);
            for (int k = 0; k < r.length; k++) {
                if (!Checks.close(r[k], g[k], TOLERANCE) || !Double.isFinite(r[k])) {
                    throw new AssertionFailedError("step " + (step + 1) + ", " + (k == 0 ? "loss" : "parameter "
                            + (k - 1)) + ": interpreter " + r[k] + ", generated " + g[k] + "\n" + c);
                }
                compared++;
            }
        }
        assertTrue(compared > STEPS * 3, "only " + compared + " values compared");
    }
}
