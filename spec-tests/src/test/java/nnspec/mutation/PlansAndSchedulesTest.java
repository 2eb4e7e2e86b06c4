package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nnspec.runtime.BatchNorm.RunningStatistics;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingPlan;
import nnspec.runtime.optim.AdaDelta;
import nnspec.runtime.optim.InverseTime;
import nnspec.runtime.optim.LinearThenConstant;
import nnspec.runtime.optim.RecursiveCosine;
import org.junit.jupiter.api.Test;

/**
 * Training plans, schedules and small value types where PIT found mutants the conformance suite left alive
 * (docs/VERIFICATION.md).
 */
class PlansAndSchedulesTest {

    /**
     * Oracle: the inverse-time decay lr0 / (1 + beta t) (Keras InverseTimeDecay with decay_steps 1) with t counted
     * from 0: per epoch t = epoch - 1, per step t = steps taken. lr0 = 1, beta = 1, epoch 3 after 5 steps: 1/3 per
     * epoch, 1/6 per step. A learning rate of 0 is refused (it must be positive).
     */
    @Test
    void planPicksTheScheduleIndexAndRefusesAZeroRate() {
        TrainingPlan perEpoch = new TrainingPlan(3, 1, false, 0L, new InverseTime(1.0, 1.0), false, true);
        TrainingPlan perStep = new TrainingPlan(3, 1, false, 0L, new InverseTime(1.0, 1.0), true, true);
        assertEquals(1.0 / 3.0, perEpoch.learningRate(5, 3), 1e-15);
        assertEquals(1.0 / 6.0, perStep.learningRate(5, 3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(1, 1, false, 0L, 0.0));
    }

    /**
     * Oracle: the schedules' closed forms at the edges of their domains: beta = 0 makes inverse time constant;
     * Goodfellow et al. 8.3's linear decay (1 - k/tau) eps0 + (k/tau) eps_tau with tau = 1 goes from eps0 to eps_tau
     * in one step; the cosine schedule eta_min + (eta0 - eta_min)(1 + cos(pi t / T)) / 2 with T = 1 reaches eta_min
     * at t = 1, and the recursive form asked for an earlier step after a later one still gives that step's rate.
     */
    @Test
    void schedulesAtTheEdgesOfTheirDomains() {
        assertEquals(0.1, new InverseTime(0.1, 0.0).rate(7), 0.0);
        LinearThenConstant linear = new LinearThenConstant(0.1, 0.01, 1);
        assertEquals(0.1, linear.rate(0), 1e-15);
        assertEquals(0.01, linear.rate(1), 1e-15);
        assertEquals(0.001, new RecursiveCosine(0.1, 0.001, 1).rate(1), 1e-15);
        RecursiveCosine cosine = new RecursiveCosine(0.1, 0.001, 10);
        cosine.rate(5);
        double closed = 0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * 2 / 10)) / 2;
        assertEquals(closed, cosine.rate(2), 1e-12);
    }

    /**
     * Oracle: Zeiler, "ADADELTA" (2012), section 3.2: the constant epsilon starts the first iteration, where the
     * accumulated update is 0, so epsilon = 0 never moves; rho is a decay in [0, 1).
     */
    @Test
    void adaDeltaDomainEdges() {
        assertDoesNotThrow(() -> new AdaDelta(1, 0.0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new AdaDelta(1, 1.0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new AdaDelta(1, 0.9, 0.0));
    }

    /**
     * Oracle: torch.nn.BatchNorm1d's defaults momentum 0.1, eps 1e-5; keras.layers.BatchNormalization's momentum
     * 0.99, epsilon 1e-3.
     */
    @Test
    void batchNormDefaultsOfBothFrameworks() {
        assertEquals(0.1, RunningStatistics.PYTORCH.defaultMomentum());
        assertEquals(1e-5, RunningStatistics.PYTORCH.defaultEpsilon());
        assertEquals(0.99, RunningStatistics.KERAS.defaultMomentum());
        assertEquals(1e-3, RunningStatistics.KERAS.defaultEpsilon());
    }

    /** Oracle: counting. Two rows of 3 inputs and 1 target; no rows, widths 0. */
    @Test
    void datasetWidths() {
        Dataset data = new Dataset(new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[][] {{0}, {1}});
        assertEquals(3, data.inputWidth());
        assertEquals(1, data.targetWidth());
        assertEquals(0, new Dataset(new double[0][], new double[0][]).inputWidth());
        assertEquals(0, new Dataset(new double[0][], new double[0][]).targetWidth());
    }

    /**
     * Oracle: counting. Layers of 2x2 weights + 2 biases and 1x2 weights + 1 bias hold 6 + 3 = 9 parameters, so index
     * 9 (one past the last) and -1 are out of range.
     */
    @Test
    void parameterNameRefusesIndicesOutsideTheModel() {
        String[] layers = {"dense1", "dense2"};
        int[] offsets = {0, 6};
        int[] inputs = {2, 2};
        int[] units = {2, 1};
        assertDoesNotThrow(() -> Model.parameterName(8, layers, offsets, inputs, units));
        assertThrows(IndexOutOfBoundsException.class, () -> Model.parameterName(9, layers, offsets, inputs, units));
        assertThrows(IndexOutOfBoundsException.class, () -> Model.parameterName(-1, layers, offsets, inputs, units));
    }
}
