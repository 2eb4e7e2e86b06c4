package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nnspec.runtime.Dataset;
import nnspec.runtime.Decision;
import nnspec.runtime.Model;
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
            return 0;
        }

        @Override
        public String parameterName(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public double[] parameters() {
            return new double[0];
        }

        @Override
        public double[] gradients() {
            return new double[0];
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
            return lastX;
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
        }

        @Override
        public Decision decision() {
            return Decision.NONE;
        }
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
}
