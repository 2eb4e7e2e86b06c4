package nnspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import nnspec.runtime.TrainingPlan;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Every schedule of docs/language.md in each variant, per step and per epoch, through the trainer and each back end.
 *
 * <p>The rate a step used is read off a model built to show it: one linear unit with input 0 and target 1000 under
 * loss mae and plain sgd, its bias put back to 0 after every step. The bias's gradient is then exactly -1 (the
 * sign of yhat - y, PyTorch L1Loss), so the bias after the step is exactly that step's rate. Those rates must equal
 * the closed form of the schedule at t = the steps (per step) or epochs (per epoch) completed before the step, over
 * 24 steps, three cosine periods and past every `every`, `half_period` and `steps` boundary. (While this test was
 * written, the closed forms below for step, exponential, cosine continue and restart and cyclical were checked against
 * PyTorch 1.13.1's StepLR, ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts and CyclicLR over the same
 * 24 steps: within 2e-15 relative.)
 *
 * <p>And the back ends agree, step by step to 1e-12, on a small seeded 2-2-1 network under momentum with the rate
 * inside the velocity (so each rate stays in the trajectory) for every schedule case.
 *
 * <p>The schedule is part of the training plan, not of the model, so one compiled model per back end serves every
 * case; a fresh instance per run starts its optimizer state at zero.
 */
class ScheduleKernelTest {
    static final double LR = 0.5;
    static final int EPOCHS = 12;
    /** Relative: the rates are all well above 1e-3, and every variant differs from its neighbours by far more. */
    static final double TOLERANCE = 1e-12;

    record Case(String schedule, String convention, LongToDoubleFunction closedForm, boolean perStep) {
        @Override
        public String toString() {
            return "schedule " + schedule + (convention.isEmpty() ? "" : ", convention " + convention);
        }
    }

    static final double MIN = 0.05;
    static final long PERIOD = 4;

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (String per : List.of("step", "epoch")) {
            boolean step = per.equals("step");
            all.add(new Case("constant per " + per, "", t -> LR, step));
            // PyTorch StepLR: lr gamma^floor(t / step_size)
            all.add(new Case("step every 3 gamma 0.5 per " + per, "", t -> LR * Math.pow(0.5, t / 3), step));
            // PyTorch ExponentialLR: lr gamma^t
            all.add(new Case("exponential gamma 0.8 per " + per, "", t -> LR * Math.pow(0.8, t), step));
            // 003_be7c2a3ed43414a9.txt, "Learning Rate Decay": eta0 / (1 + beta t); Keras InverseTimeDecay
            all.add(new Case("inverse_time decay 0.5 per " + per, "", t -> LR / (1 + 0.5 * t), step));
            // PyTorch CosineAnnealingLR's closed form, which keeps following the cosine after T_max
            all.add(new Case("cosine period 4 min 0.05 after continue form closed per " + per, "",
                    t -> cosine(t), step));
            // Keras CosineDecay (alpha = min / lr): t clamped at decay_steps
            all.add(new Case("cosine period 4 min 0.05 after hold form closed per " + per, "",
                    t -> cosine(Math.min(t, PERIOD)), step));
            // SGDR, PyTorch CosineAnnealingWarmRestarts with T_0 = 4, T_mult = 1: T_cur = t mod T_0
            all.add(new Case("cosine period 4 min 0.05 after restart form closed per " + per, "",
                    t -> cosine(t % PERIOD), step));
            // PyTorch's recursive CosineAnnealingLR equals its closed form when nothing else changes the rate
            all.add(new Case("cosine period 4 min 0.05 after continue form recursive per " + per, "",
                    t -> cosine(t), step));
            // Smith 2017 triangular (PyTorch CyclicLR mode triangular, step_size_up = half_period)
            all.add(new Case("cyclical max 2.0 half_period 3 per " + per, "", t -> {
                double cycle = Math.floor(1 + t / 6.0);
                double x = Math.abs(t / 3.0 - 2 * cycle + 1);
                return LR + (2.0 - LR) * Math.max(0, 1 - x);
            }, step));
            // 001_aa0c02345369f2d3.txt: (1 - t/tau) lr + (t/tau) final up to tau, then final
            all.add(new Case("linear final 0.1 steps 5 per " + per, "", t -> {
                double a = Math.min(t, 5) / 5.0;
                return (1 - a) * LR + a * 0.1;
            }, step));
        }
        // the documented defaults: pytorch per epoch and continue, keras per step and hold
        all.add(new Case("cosine period 4 min 0.05", "pytorch", t -> cosine(t), false));
        all.add(new Case("cosine period 4 min 0.05", "keras", t -> cosine(Math.min(t, PERIOD)), true));
        return all;
    }

    static double cosine(long s) {
        return MIN + (LR - MIN) * (1 + Math.cos(Math.PI * s / PERIOD)) / 2;
    }

    static final String RATE_NETWORK = "network Rate {\n  input 1\n  dense 1 linear weights [[0]] bias [0]\n}\n";
    static final Dataset RATE_DATA = new Dataset(new double[][] {{0}, {0}}, new double[][] {{1000}, {1000}});

    static String rateSpec(Case c) {
        return RATE_NETWORK + "train {\n  loss mae\n  optimizer sgd lr " + LR + "\n" + scheduleLines(c) + "  epochs "
                + EPOCHS + "  batch 1  order fixed\n}\n" + UpdateHarness.dataBlock(RATE_DATA);
    }

    private static String scheduleLines(Case c) {
        return "  schedule " + c.schedule() + "\n" + (c.convention().isEmpty() ? "" : "  convention " + c.convention()
                + "\n");
    }

    static final Dataset DATA = UpdateHarness.randomData(new Random(53), 4, 2, 1);
    static final String NETWORK = "network Small {\n  input 2\n  dense 2 tanh init glorot_uniform seed 5\n"
            + "  dense 1 linear init he_uniform seed 6\n}\n";
    static final int DIFFERENTIAL_STEPS = 20;

    static String networkSpec(Case c) {
        return NETWORK + "train {\n  loss mse\n  optimizer momentum lr " + LR / 5 + " momentum 0.8 form lr_inside_add\n"
                + scheduleLines(c) + "  epochs " + DIFFERENTIAL_STEPS / 2
                + "  batch 2  order shuffled seed 9\n}\n" + UpdateHarness.dataBlock(DATA);
    }

    // the schedule comes with the training plan, not with the model: case 0's spec serves every case
    private static UpdateHarness.Pair rateModels() {
        return UpdateHarness.Pair.of(UpdateHarness.read(rateSpec(cases().get(0))));
    }

    private static UpdateHarness.Pair networkModels() {
        return UpdateHarness.Pair.of(UpdateHarness.read(networkSpec(cases().get(0))));
    }

    @TestFactory
    Stream<DynamicTest> eachStepUsesTheClosedFormRateInBothBackEnds() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            nnspec.model.TrainSpec train = UpdateHarness.read(rateSpec(c)).train();
            for (Backend backend : Backend.values()) {
                double[] rates = ratesUsed(rateModels().fresh(backend), Job.plan(train));
                assertEquals(2 * EPOCHS, rates.length, "steps");
                for (int k = 0; k < rates.length; k++) {
                    long t = c.perStep() ? k : k / 2;
                    double expected = c.closedForm().applyAsDouble(t);
                    if (!(Math.abs(rates[k] - expected) <= TOLERANCE * Math.abs(expected))) {
                        throw new AssertionFailedError(backend.keyword() + ", " + c + ": step " + (k + 1) + " (t = "
                                + t + ") used rate " + rates[k] + ", closed form " + expected, expected, rates[k]);
                    }
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> bothBackEndsAgreeStepByStepUnderEverySchedule() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            String text = networkSpec(c);
            UpdateHarness.differential(networkModels(), DATA, UpdateHarness.read(text).train(), DIFFERENTIAL_STEPS,
                    text);
        }));
    }

    /** The bias after each step, the bias put back to 0 before the next. */
    static double[] ratesUsed(Model model, TrainingPlan plan) {
        List<Double> rates = new ArrayList<>();
        Trainer.train(model, RATE_DATA, plan, new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat,
                    double loss, Model m) {
                if (m.parameters()[0] != 0.0) {
                    throw new AssertionFailedError("the weight moved although its input is 0: " + m.parameters()[0]);
                }
                rates.add(m.parameters()[1]);
                m.parameters()[1] = 0.0;
            }
        });
        return rates.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theCasesCoverEveryScheduleAndNamedVariantOfTheLanguageDocument() {
        List<String> section = UpdateHarness.section(UpdateHarness.languageDoc(), "#### Schedules",
                "#### Regularizers");
        Set<String> documented = UpdateHarness.namedWords(section);
        Set<String> kinds = new TreeSet<>();
        Set<String> words = new TreeSet<>();
        for (Case c : cases()) {
            kinds.add(c.schedule().split(" ")[0]);
            words.addAll(UpdateHarness.wordsOf(c.schedule(), UpdateHarness.keys(documented)));
        }
        assertEquals(Set.of("after", "form", "per"), UpdateHarness.keys(documented), "word parameters");
        assertEquals(UpdateHarness.tableKinds(section), kinds, "schedule kinds");
        assertEquals(documented, words, "named variants");
    }
}
