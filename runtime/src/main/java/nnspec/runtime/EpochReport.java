package nnspec.runtime;

/**
 * One epoch's figures, as Keras's {@code fit} history records them, in three {@link EpochResult}s:
 * <ul>
 * <li>{@code training}: the sample-wise averages over the epoch's steps (003_be7c2a3ed43414a9.txt, "1.9 Data
 * sets": the epoch-wise loss and accuracy are sample-wise averages); each sample is measured in training mode
 * before the update of its step, its loss with the penalty of that step. This is what Keras prints.</li>
 * <li>{@code end}: the other convention, the model at the epoch's end in evaluation mode over the training part
 * (the figures nnspec printed before this class existed).</li>
 * <li>{@code validation}: the model at the epoch's end in evaluation mode over the validation part (null without
 * one).</li>
 * </ul>
 */
public record EpochReport(int epoch, EpochResult training, EpochResult end, EpochResult validation) {
    public boolean hasValidation() {
        return validation != null;
    }

    /** The sample-wise average training loss of the epoch (NaN without a loss). */
    public double loss() {
        return training.loss();
    }

    /** The sample-wise average training accuracy of the epoch (NaN when not a classifier). */
    public double accuracy() {
        return training.accuracy();
    }
}
