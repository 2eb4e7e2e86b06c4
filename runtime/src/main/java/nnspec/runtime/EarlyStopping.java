package nnspec.runtime;

/**
 * TRAIN-early-stopping: stop when the monitored quantity (usually a validation loss or accuracy) has not improved
 * for {@code patience} epochs in a row, and optionally go back to the parameters of the best epoch
 * (001_aa0c02345369f2d3.txt, "Regularization: early-stopping"; 002_db2ef66716d01cf4.txt, "Early stopping", with
 * Keras's {@code EarlyStopping}; 003_be7c2a3ed43414a9.txt, "Regularization", the glossary entry Early Stopping).
 *
 * <p>The rule is Keras 3's {@code EarlyStopping} callback, step for step: an epoch improves when
 * {@code monitored + minDelta < best} (MIN) or {@code monitored - minDelta > best} (MAX), strictly, with
 * {@code minDelta >= 0}; an epoch that improves sets best (and, with restoreBest, keeps a copy of the
 * parameters) and is never a stopping epoch; the wait counter counts epochs since the last improvement and
 * training stops at the epoch where it reaches {@code patience} (never at the first epoch). With a baseline, an
 * improvement on best that does not also beat the baseline does not reset the wait. When it stops with
 * restoreBest, the best epoch's parameters are copied back here (Keras 2 restores only then; Keras 3 restores at
 * the end of training even without an early stop: a trainer following Keras 3 calls {@link #restoreBest} after
 * its last epoch). A NaN monitored value never improves.
 *
 * <p>Call {@link #afterEpoch} once per epoch with the live parameter array. State is per training run.
 */
public final class EarlyStopping {
    /** Whether smaller (a loss) or larger (an accuracy) is better. */
    public enum Mode { MIN, MAX }

    private final Mode mode;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBest;
    private final double baseline;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private double[] bestParameters;

    /** Without a baseline. */
    public EarlyStopping(Mode mode, double minDelta, int patience, boolean restoreBest) {
        this(mode, minDelta, patience, restoreBest, Double.NaN);
    }

    /** {@code baseline} NaN means none. */
    public EarlyStopping(Mode mode, double minDelta, int patience, boolean restoreBest, double baseline) {
        if (!(minDelta >= 0) || patience < 0) {
            throw new IllegalArgumentException("early stopping needs min delta >= 0 and patience >= 0: " + minDelta
                    + ", " + patience);
        }
        this.mode = mode;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBest = restoreBest;
        this.baseline = baseline;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * Records epoch {@code epoch} (1-based) with its monitored value; returns true when training must stop now.
     * On that stop, with restoreBest, {@code parameters} receive the best epoch's values.
     */
    public boolean afterEpoch(int epoch, double monitored, double[] parameters) {
        if (stoppedEpoch > 0) {
            throw new IllegalStateException("early stopping already stopped training at epoch " + stoppedEpoch);
        }
        if (restoreBest && bestParameters == null) {
            // as Keras: the first epoch's parameters are the fallback even if it does not improve
            bestParameters = parameters.clone();
        }
        wait++;
        if (improves(monitored, best)) {
            best = monitored;
            bestEpoch = epoch;
            if (restoreBest) {
                System.arraycopy(parameters, 0, bestParameters, 0, parameters.length);
            }
            if (Double.isNaN(baseline) || improves(monitored, baseline)) {
                wait = 0;
            }
            return false;
        }
        if (wait >= patience && epoch > 1) {
            stoppedEpoch = epoch;
            if (restoreBest) {
                restoreBest(parameters);
            }
            return true;
        }
        return false;
    }

    private boolean improves(double value, double reference) {
        return mode == Mode.MIN ? value + minDelta < reference : value - minDelta > reference;
    }

    /** Copies the best epoch's parameters into {@code parameters} (needs restoreBest and at least one epoch). */
    public void restoreBest(double[] parameters) {
        if (bestParameters == null) {
            throw new IllegalStateException("no parameters kept: restoreBest is off or no epoch was recorded");
        }
        System.arraycopy(bestParameters, 0, parameters, 0, parameters.length);
    }

    /** Everything that decides the next epochs, for a checkpoint; {@code bestParameters} null when none are kept. */
    public record State(double best, int bestEpoch, int waited, double[] bestParameters) {
    }

    public State state() {
        return new State(best, bestEpoch, wait, bestParameters == null ? null : bestParameters.clone());
    }

    /** Continues from {@code state}, which {@link #state()} of an early stopping with these settings gave. */
    public void restore(State state) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        wait = state.waited();
        bestParameters = state.bestParameters() == null ? null : state.bestParameters().clone();
    }

    /** Whether the best epoch's parameters are kept and restored. */
    public boolean restoresBest() {
        return restoreBest;
    }

    /** The best monitored value so far (infinite before any improvement). */
    public double best() {
        return best;
    }

    /** The epoch of {@link #best()}, 0 before any improvement. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Epochs since the last improvement. */
    public int waited() {
        return wait;
    }

    /** The epoch at which training stopped, 0 while it runs. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    public boolean stopped() {
        return stoppedEpoch > 0;
    }
}
