package nnspec.runtime;

/**
 * Training stopped because a quantity stopped being a finite number: the step's loss, a parameter after the
 * step's update, or the loss of the model evaluated at the epoch's end. Names the epoch, the step and the first
 * such quantity.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final String quantity;

    /** The step's loss is not finite. */
    public TrainingDivergedException(int epoch, int step, double loss) {
        this(epoch, step, "loss", loss);
    }

    /** {@code quantity} (the loss, or a parameter by its trace name) is {@code value}, not finite. */
    public TrainingDivergedException(int epoch, int step, String quantity, double value) {
        super(quantity + " is " + value + " at epoch " + epoch + ", step " + step
                + "; lower the learning rate or check the data for extreme values");
        this.epoch = epoch;
        this.step = step;
        this.quantity = quantity;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }

    /** {@code loss}, or the trace name of the first non-finite parameter. */
    public String quantity() {
        return quantity;
    }
}
