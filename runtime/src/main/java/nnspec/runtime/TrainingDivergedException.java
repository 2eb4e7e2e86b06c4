package nnspec.runtime;

/** The loss stopped being a finite number; names where it happened. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    public TrainingDivergedException(int epoch, int step, double loss) {
        super("loss is " + loss + " at epoch " + epoch + ", step " + step
                + "; lower the learning rate or check the data for extreme values");
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
