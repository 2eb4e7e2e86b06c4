package nnspec.runtime;

import nnspec.runtime.optim.Schedule;

/**
 * TRAIN-epoch/batch/step: an epoch passes every sample once; a step updates the parameters once, after a batch
 * of {@code batchSize} samples (the last batch of an epoch may be smaller). With {@code shuffle} the sample order
 * of each epoch is a fresh permutation drawn from one {@link java.util.Random} seeded with {@code seed}.
 *
 * <p>The learning rate of each step is {@code schedule.rate(t)}, where t counts the steps taken before it when
 * {@code schedulePerStep}, else the epochs completed before it. A batch's reported loss is the mean of its sample
 * losses when {@code meanOverSamples}, else their sum, plus the model's penalty.
 */
public record TrainingPlan(int epochs, int batchSize, boolean shuffle, long seed, Schedule schedule,
                           boolean schedulePerStep, boolean meanOverSamples) {
    public TrainingPlan {
        if (epochs < 1 || batchSize < 1 || schedule == null) {
            throw new IllegalArgumentException("epochs and batch size must be at least 1, and a schedule is needed: "
                    + epochs + ", " + batchSize + ", " + schedule);
        }
    }

    /** A constant learning rate, mean over samples. */
    public TrainingPlan(int epochs, int batchSize, boolean shuffle, long seed, double learningRate) {
        this(epochs, batchSize, shuffle, seed, constant(learningRate), false, true);
    }

    private static Schedule constant(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be positive and finite: " + learningRate);
        }
        return Schedule.constant(learningRate);
    }

    /** The learning rate of the step after {@code stepsTaken} steps, in epoch {@code epoch} (1-based). */
    public double learningRate(long stepsTaken, int epoch) {
        return schedule.rate(schedulePerStep ? stepsTaken : epoch - 1);
    }
}
