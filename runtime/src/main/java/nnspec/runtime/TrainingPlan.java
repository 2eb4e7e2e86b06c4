package nnspec.runtime;

/**
 * TRAIN-epoch/batch/step: an epoch passes every sample once; a step updates the parameters once, after a batch
 * of {@code batchSize} samples (the last batch of an epoch may be smaller). With {@code shuffle} the sample order
 * of each epoch is a fresh permutation drawn from one {@link java.util.Random} seeded with {@code seed}.
 */
public record TrainingPlan(int epochs, int batchSize, boolean shuffle, long seed, double learningRate) {
    public TrainingPlan {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("epochs and batch size must be at least 1 and the learning rate"
                    + " positive and finite: " + epochs + ", " + batchSize + ", " + learningRate);
        }
    }
}
