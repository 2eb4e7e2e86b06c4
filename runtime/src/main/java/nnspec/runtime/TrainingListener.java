package nnspec.runtime;

/** Observes training. The arrays passed are the trainer's own buffers: copy what you keep. */
public interface TrainingListener {
    /**
     * After a step's update. For a batch of one sample, {@code x}, {@code y} and {@code yhat} are that sample and
     * its prediction before the update, and {@code model.outputPreActivation} its z; {@code loss} is the batch's
     * mean sample loss before the update (NaN without a loss).
     */
    default void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat, double loss,
            Model model) {
    }

    /** After an epoch, with the model at the epoch's end evaluated on the training data. */
    default void afterEpoch(EpochResult result, Model model) {
    }

    /** After {@link #afterEpoch(EpochResult, Model)}: every figure of the epoch, validation included. */
    default void afterEpoch(EpochReport report, Model model) {
    }

    /**
     * After an epoch that training continues from (not after one where early stopping stopped it): where the run
     * stands, for a checkpoint.
     */
    default void afterPosition(Trainer.Position position, Model model) {
    }
}
