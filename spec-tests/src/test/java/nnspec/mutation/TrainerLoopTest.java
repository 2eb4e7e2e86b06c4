package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nnspec.runtime.Dataset;
import nnspec.runtime.EarlyStopping;
import nnspec.runtime.EpochReport;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Decision;
import nnspec.runtime.Model;
import nnspec.runtime.Monitor;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingDivergedException;
import nnspec.runtime.TrainingListener;
import nnspec.runtime.TrainingPlan;
import nnspec.runtime.optim.Schedule;
import org.junit.jupiter.api.Test;

/**
 * The training loop against a stub model whose loss is its input, so every number the loop reports can be worked
 * by hand (mutants PIT found alive, docs/VERIFICATION.md): the step loss of a batch of several samples with a
 * penalty, the training switch in every epoch, and the shuffled order over several epochs.
 */
class TrainerLoopTest {

    /** A model with one input and one output, yhat = x, sample loss = x, a constant penalty, recording its mode. */
    private static final class Stub implements Model {
        final List<Boolean> modeAtEachTrainingForward = new ArrayList<>();
        boolean training;
        boolean inStep;
        double lastX;
        /** One parameter, counting the updates (each step adds 1), so restored parameters name their epoch. */
        final double[] counter = {0.0};
        Decision decision = Decision.NONE;
        /** Steps by whole batches ({@link Model#stepsByBatch()}): forwardBatch, sample, backwardBatch. */
        boolean byBatch;
        double[][] batchRows;
        int rowsBackward;
        /** In evaluation mode, a sample's loss is infinite when its input is at least this. */
        double infiniteFromWhenEvaluating = Double.POSITIVE_INFINITY;

        @Override
        public String name() {
            return "Stub";
        }

        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public int parameterCount() {
            return 1;
        }

        @Override
        public String parameterName(int index) {
            if (index != 0) {
                throw new IndexOutOfBoundsException(index);
            }
            return "counter";
        }

        @Override
        public double[] parameters() {
            return counter;
        }

        @Override
        public double[] gradients() {
            return new double[1];
        }

        @Override
        public void initialize() {
        }

        @Override
        public void forward(double[] x, double[] yhat) {
            lastX = x[0];
            yhat[0] = x[0];
            if (inStep) {
                modeAtEachTrainingForward.add(training);
            }
        }

        @Override
        public double outputPreActivation(int unit) {
            return lastX;
        }

        @Override
        public boolean hasLoss() {
            return true;
        }

        @Override
        public double loss(double[] y) {
            return !training && lastX >= infiniteFromWhenEvaluating ? Double.POSITIVE_INFINITY : lastX;
        }

        @Override
        public double penalty() {
            return 0.25;
        }

        @Override
        public void training(boolean on) {
            training = on;
        }

        @Override
        public boolean followsGradient() {
            return true;
        }

        @Override
        public void backward(double[] y) {
        }

        @Override
        public void zeroGradients() {
            inStep = true;
        }

        @Override
        public void update(double learningRate, int batchSize) {
            inStep = false;
            counter[0] += 1.0;
        }

        @Override
        public Decision decision() {
            return decision;
        }

        @Override
        public boolean stepsByBatch() {
            return byBatch;
        }

        @Override
        public void forwardBatch(double[][] x, double[][] yhat, int count) {
            batchRows = x;
            for (int k = 0; k < count; k++) {
                yhat[k][0] = x[k][0];
            }
            // only sample(k) selects the row whose loss is asked for
            lastX = Double.NaN;
        }

        @Override
        public void sample(int k) {
            lastX = batchRows[k][0];
        }

        @Override
        public void backwardBatch(double[][] y, int count) {
            rowsBackward += count;
        }
    }

    private static Dataset data(double[] xs, double[] ys) {
        double[][] x = new double[xs.length][];
        double[][] y = new double[xs.length][];
        for (int k = 0; k < xs.length; k++) {
            x[k] = new double[] {xs[k]};
            y[k] = new double[] {ys[k]};
        }
        return new Dataset(x, y);
    }

    private static Dataset data(double... xs) {
        double[][] x = new double[xs.length][];
        double[][] y = new double[xs.length][];
        for (int k = 0; k < xs.length; k++) {
            x[k] = new double[] {xs[k]};
            y[k] = new double[] {0.0};
        }
        return new Dataset(x, y);
    }

    private static List<Double> stepLosses(TrainingPlan plan, Dataset data) {
        List<Double> losses = new ArrayList<>();
        Trainer.train(new Stub(), data, plan, new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat,
                    double loss, Model model) {
                losses.add(loss);
            }
        });
        return losses;
    }

    /**
     * Oracle: TrainingListener's and Model.penalty's documentation, worked by hand: a step's loss is the batch's
     * mean sample loss plus the penalty, (1 + 3) / 2 + 0.25 = 2.25 and (5 + 7) / 2 + 0.25 = 6.25; with the sum over
     * samples (meanOverSamples false) 4.25 and 12.25.
     */
    @Test
    void stepLossIsTheBatchMeanPlusThePenalty() {
        Dataset data = data(1, 3, 5, 7);
        assertEquals(List.of(2.25, 6.25), stepLosses(new TrainingPlan(1, 2, false, 0L, 0.1), data));
        TrainingPlan summed = new TrainingPlan(1, 2, false, 0L, Schedule.constant(0.1), false, false);
        assertEquals(List.of(4.25, 12.25), stepLosses(summed, data));
    }

    /**
     * Oracle: Model.training's documentation: the trainer switches training on for its steps and off to evaluate.
     * Evaluation after epoch 1 switches it off, so epoch 2's steps must switch it on again.
     */
    @Test
    void everyStepOfEveryEpochRunsInTrainingMode() {
        Stub stub = new Stub();
        Trainer.train(stub, data(1, 2, 3), new TrainingPlan(3, 1, false, 0L, 0.1), new TrainingListener() {
        });
        assertEquals(9, stub.modeAtEachTrainingForward.size());
        assertTrue(stub.modeAtEachTrainingForward.stream().allMatch(on -> on), stub.modeAtEachTrainingForward::toString);
    }

    /**
     * Oracle: Durstenfeld's Fisher-Yates shuffle (Knuth, TAOCP vol. 2, 3.4.2, Algorithm P) written here, k from
     * n - 1 down to 1 swapping with j = nextInt(k + 1), one java.util.Random of the plan's seed shared by every
     * epoch; each step's sample (batch 1) is read from the listener.
     */
    @Test
    void shuffledOrderOverThreeEpochsIsFisherYatesFromOneGenerator() {
        Dataset data = data(0, 1, 2, 3, 4);
        List<Double> seen = new ArrayList<>();
        Trainer.train(new Stub(), data, new TrainingPlan(3, 1, true, 42L, 0.1), new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat,
                    double loss, Model model) {
                seen.add(x[0]);
            }
        });
        Random random = new Random(42L);
        double[] expected = new double[15];
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] order = {0, 1, 2, 3, 4};
            for (int k = order.length - 1; k >= 1; k--) {
                int j = random.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            for (int k = 0; k < 5; k++) {
                expected[epoch * 5 + k] = order[k];
            }
        }
        assertArrayEquals(expected, seen.stream().mapToDouble(Double::doubleValue).toArray(), 0.0);
    }

    /**
     * Oracle: the trainer's divergence rule (a non-finite step loss stops training, naming where): samples with losses
     * 1, 2 and NaN, batch 1, no shuffle, so step 3 of epoch 1 is the first to diverge.
     */
    @Test
    void divergenceNamesItsEpochAndStep() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.train(new Stub(),
                data(1, 2, Double.NaN), new TrainingPlan(2, 1, false, 0L, 0.1), new TrainingListener() {
                }));
        assertEquals(1, e.epoch());
        assertEquals(3, e.step());
    }

    /** What a listener saw of one run: each step's loss and last prediction, and each epoch's report. */
    private static final class Seen implements TrainingListener {
        final List<Double> stepLosses = new ArrayList<>();
        final List<Double> lastPredictions = new ArrayList<>();
        final List<EpochReport> reports = new ArrayList<>();

        @Override
        public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat,
                double loss, Model model) {
            stepLosses.add(loss);
            lastPredictions.add(yhat[0]);
        }

        @Override
        public void afterEpoch(EpochReport report, Model model) {
            reports.add(report);
        }
    }

    /**
     * Oracle: TrainingListener's, Model.stepsByBatch's and EpochResult's documentation, worked by hand; a model that
     * steps by whole batches must report exactly what one stepping sample by sample reports. Inputs 0.25, 0.75, 1.5,
     * 0.5 with targets 0, 1, 0, 0, batch 2, no shuffle, yhat = x, sample loss = x, penalty 0.25, threshold 0.5. Step
     * losses (0.25 + 0.75) / 2 + 0.25 = 0.75 and (1.5 + 0.5) / 2 + 0.25 = 1.25; the listener's prediction is each
     * batch's last sample's, 0.75 and 0.5. The epoch's running loss is the mean sample loss plus the penalty of every
     * step, (0.25 + 0.75 + 1.5 + 0.5 + 4 x 0.25) / 4 = 1; predicted classes 0, 1, 1, 0 against 0, 1, 0, 0, so the
     * running accuracy is 3 / 4 (not a half, which would also be the share of wrong answers).
     */
    @Test
    void aModelSteppingByBatchesReportsWhatOneSteppingBySamplesReports() {
        Dataset data = data(new double[] {0.25, 0.75, 1.5, 0.5}, new double[] {0, 1, 0, 0});
        for (boolean byBatch : new boolean[] {false, true}) {
            Stub stub = new Stub();
            stub.byBatch = byBatch;
            stub.decision = Decision.THRESHOLD_HALF;
            Seen seen = new Seen();
            Trainer.train(stub, data, new TrainingPlan(1, 2, false, 0L, 0.1), seen);
            String path = byBatch ? "by batches" : "by samples";
            assertEquals(List.of(0.75, 1.25), seen.stepLosses, path);
            assertEquals(List.of(0.75, 0.5), seen.lastPredictions, path);
            EpochResult running = seen.reports.get(0).training();
            assertEquals(1.0, running.loss(), 0.0, path);
            assertEquals(0.75, running.accuracy(), 0.0, path);
            assertArrayEquals(new int[] {0, 1, 1, 0}, running.predicted(), path);
            assertArrayEquals(new int[] {0, 1, 0, 0}, running.actual(), path);
            assertEquals(byBatch ? 4 : 0, stub.rowsBackward, path);
        }
    }

    /**
     * Oracle: Trainer.fit's documentation: an epoch's end whose evaluated training (or validation) loss is not finite
     * stops training as a step would, naming the epoch's last step. Every step here is finite (the stub's loss is
     * infinite only in evaluation mode, from input 2 up); 4 samples in batches of 2, so step 2 of epoch 1.
     */
    @Test
    void aNonFiniteLossAtTheEpochsEndStopsTrainingNamingItsLastStep() {
        Stub stub = new Stub();
        stub.infiniteFromWhenEvaluating = 2.0;
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.train(stub,
                data(0.5, 1.0, 1.5, 2.0), new TrainingPlan(3, 2, false, 0L, 0.1), new TrainingListener() {
                }));
        assertEquals(1, e.epoch());
        assertEquals(2, e.step());
        assertTrue(e.quantity().startsWith("training loss"), e.quantity());

        Stub held = new Stub();
        held.infiniteFromWhenEvaluating = 2.0;
        e = assertThrows(TrainingDivergedException.class, () -> Trainer.fit(held, data(0.5, 1.0), data(3.0),
                new TrainingPlan(3, 1, false, 0L, 0.1), null, new TrainingListener() {
                }));
        assertEquals(1, e.epoch());
        assertEquals(2, e.step());
        assertTrue(e.quantity().startsWith("validation loss"), e.quantity());
    }

    /**
     * Oracle: Keras 3's EarlyStopping (restore_best_weights), as Trainer.Stopping documents it: the best epoch's
     * parameters are put back at the end of training, stopped early or not. Two samples, batch 2: one step per
     * epoch, so the stub's counter is the number of epochs done. The loss is the same every epoch, so no epoch after
     * the first improves on it (min_delta 0: improving means strictly smaller); patience 10 never runs out in 3
     * epochs. With restoring, the counter ends at epoch 1's value, 1; without, at 3.
     */
    @Test
    void theBestEpochsParametersAreRestoredAtTheEndOfARunNotStoppedEarly() {
        for (boolean restore : new boolean[] {true, false}) {
            Stub stub = new Stub();
            Trainer.History history = Trainer.fit(stub, data(1.0, 2.0), null, new TrainingPlan(3, 2, false, 0L, 0.1),
                    new Trainer.Stopping(new EarlyStopping(EarlyStopping.Mode.MIN, 0.0, 10, restore), Monitor.LOSS),
                    new TrainingListener() {
                    });
            assertEquals(0, history.stoppedEpoch(), "ran every epoch");
            assertEquals(1, history.bestEpoch());
            assertEquals(3, history.epochs().size());
            assertEquals(restore ? 1.0 : 3.0, stub.counter[0], "restore " + restore);
        }
    }
}
