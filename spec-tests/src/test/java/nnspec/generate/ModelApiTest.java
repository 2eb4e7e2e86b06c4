package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongToDoubleFunction;
import nnspec.diagnostics.SpecException;
import nnspec.interpret.Interpreter;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingPlan;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API a user's code calls on a generated class (Model's trainingPlan, predict, setParameters, train, evaluate):
 * the plan the class carries is the spec's train block, predictions follow the closed forms of the layers, and bad
 * arrays are refused with a message.
 */
class ModelApiTest {
    private static final double[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    private static final double[][] XOR_Y = {{0}, {1}, {1}, {0}};

    private static Spec spec(String schedule, String train) throws SpecException {
        return SpecReader.parse("t.nn", "network T {\n  input 2\n  dense 2 tanh init uniform -1 1 seed 7\n"
                + "  dense 1 sigmoid init uniform -1 1 seed 8\n}\ntrain {\n  loss bce\n  optimizer sgd lr 0.5\n"
                + schedule + "\n" + train + "\n}\ndata {\n  0 0 -> 0\n  0 1 -> 1\n  1 0 -> 1\n  1 1 -> 0\n}\n");
    }

    /** Each schedule's rate(t) from docs/language.md's table of schedules, written here as closed forms. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "schedule step every 3 gamma 0.5 per epoch|step",
        "schedule exponential gamma 0.9 per step|exponential",
        "schedule inverse_time decay 0.25 per epoch|inverse_time",
        "schedule cosine period 10 min 0.01 after hold per step|cosine",
        "schedule linear final 0.05 steps 8 per epoch|linear",
        "|constant"})
    void theGeneratedPlanIsTheTrainBlock(String schedule, String kind) throws SpecException {
        Spec spec = spec(schedule == null ? "" : "  " + schedule, "  epochs 7\n  batch 3\n  order shuffled seed 42");
        TrainingPlan plan = InMemoryCompiler.instantiate(spec).trainingPlan();
        assertEquals(7, plan.epochs());
        assertEquals(3, plan.batchSize());
        assertTrue(plan.shuffle());
        assertEquals(42L, plan.seed());
        assertEquals(schedule != null && schedule.endsWith("per step"), plan.schedulePerStep());
        assertTrue(plan.meanOverSamples(), "bce averages over the batch");
        LongToDoubleFunction expected = switch (kind) {
            case "step" -> t -> 0.5 * Math.pow(0.5, Math.floorDiv(t, 3));
            case "exponential" -> t -> 0.5 * Math.pow(0.9, t);
            case "inverse_time" -> t -> 0.5 / (1 + 0.25 * t);
            case "cosine" -> t -> t >= 10 ? 0.01 : 0.01 + (0.5 - 0.01) * (1 + Math.cos(Math.PI * t / 10)) / 2;
            case "linear" -> t -> t >= 8 ? 0.05 : 0.5 + (0.05 - 0.5) * t / 8.0;
            default -> t -> 0.5;
        };
        Model interpreter = new Interpreter(spec.network(), spec.train());
        for (long t = 0; t < 30; t++) {
            assertEquals(expected.applyAsDouble(t), plan.schedule().rate(t), 1e-15, kind + " at t = " + t);
            assertEquals(interpreter.trainingPlan().schedule().rate(t), plan.schedule().rate(t), 0.0,
                    "both back ends carry the same schedule, t = " + t);
        }
    }

    @Test
    void theXorExampleTrainsThroughTheApiToEveryAnswerRight() throws SpecException {
        Model xor = InMemoryCompiler.instantiate(SpecReader.read(Repo.root().resolve("examples/xor.nn")));
        TrainingPlan plan = xor.trainingPlan();
        assertEquals(1000, plan.epochs(), "examples/xor.nn: epochs 1000");
        assertEquals(1, plan.batchSize(), "examples/xor.nn: batch 1");
        assertEquals(1L, plan.seed(), "examples/xor.nn: order shuffled seed 1");
        assertEquals(0.5, plan.schedule().rate(999), 0.0, "examples/xor.nn: sgd lr 0.5, no schedule");

        EpochResult last = xor.train(XOR_X, XOR_Y);
        assertEquals(1000, last.epoch());
        assertEquals(1.0, last.accuracy(),
                "001_aa0c02345369f2d3.txt, \"The multi-layer perceptron (MLP)\": one hidden layer learns XOR");
        for (int n = 0; n < 4; n++) {
            assertEquals((int) XOR_Y[n][0], xor.predictClass(XOR_X[n]), "sample " + n);
        }
        EpochResult again = xor.evaluate(XOR_X, XOR_Y);
        assertEquals(last.loss(), again.loss(), 0.0, "evaluating changes nothing");
        assertEquals(1.0, again.accuracy());
    }

    /** With parameters set by hand, the prediction is the 2-2-1 network's closed form, computed here. */
    @Test
    void setParametersThenPredictIsTheClosedForm() throws SpecException {
        Model model = InMemoryCompiler.instantiate(spec("", "  epochs 1\n  batch 1\n  order fixed"));
        // dense1 w[0][0], w[0][1], w[1][0], w[1][1], b[0], b[1]; dense2 w[0][0], w[0][1], b[0]
        double[] p = {0.5, -1.0, 2.0, 0.25, 0.1, -0.3, 1.5, -2.0, 0.2};
        model.setParameters(p);
        assertArrayEquals(p, model.copyParameters(), 0.0);
        double x0 = 0.7;
        double x1 = -1.2;
        double h0 = Math.tanh(0.1 + 0.5 * x0 - 1.0 * x1);
        double h1 = Math.tanh(-0.3 + 2.0 * x0 + 0.25 * x1);
        double y = 1 / (1 + Math.exp(-(0.2 + 1.5 * h0 - 2.0 * h1)));
        assertEquals(y, model.predict(new double[] {x0, x1})[0], 1e-15);
        assertEquals(y >= 0.5 ? 1 : 0, model.predictClass(new double[] {x0, x1}));
    }

    @Test
    void arraysThatDoNotFitAreRefusedWithTheirSizes() throws SpecException {
        Model model = InMemoryCompiler.instantiate(spec("", "  epochs 1\n  batch 1\n  order fixed"));
        assertEquals("T takes 2 inputs, got 3",
                assertThrows(IllegalArgumentException.class, () -> model.predict(new double[3])).getMessage());
        assertEquals("T has 9 parameters, got 2",
                assertThrows(IllegalArgumentException.class, () -> model.setParameters(new double[2])).getMessage());
        double[] nan = new double[9];
        nan[4] = Double.NaN;
        assertEquals("parameter dense1.b[0] is not finite: NaN",
                assertThrows(IllegalArgumentException.class, () -> model.setParameters(nan)).getMessage());
        assertEquals("sample 1 has 2 inputs and 2 targets; T takes 2 and 1",
                assertThrows(IllegalArgumentException.class,
                        () -> model.train(XOR_X, new double[][] {{0}, {1, 0}, {1}, {0}})).getMessage());
        assertEquals("inputs have 4 rows but targets 1",
                assertThrows(IllegalArgumentException.class, () -> model.train(XOR_X, new double[][] {{0}}))
                        .getMessage());
    }
}
