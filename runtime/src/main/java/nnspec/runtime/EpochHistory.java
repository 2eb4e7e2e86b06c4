package nnspec.runtime;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The figures of a run's epochs as the {@link Trainer} keeps them for its history, its checkpoints and the plots:
 * bounded in memory and in the size of a model file however many epochs a spec asks for, and cheap to hand to a
 * {@link Trainer.Position} after every epoch.
 *
 * <p>Why: a run of {@code epochs 100000000} on a small network takes minutes, and kept every epoch's report with
 * its per-sample classes, and copied the whole list into each epoch's position; the heap ran out, the copies made
 * the run quadratic, and a checkpoint of such a history would be larger than any model file nnspec reads back.
 *
 * <p>The rule depends only on the number of epochs done, E, so a run resumed from a checkpoint keeps the same epochs
 * as one never interrupted: epoch e (from 1) is kept when e = E or (e - 1) is a multiple of the stride s(E), the
 * smallest power of two with at most {@link #LIMIT} multiples in 0..E-1. Up to {@code LIMIT} epochs every epoch is
 * kept; beyond, every second, fourth, ... epoch, evenly spaced from epoch 1, and always the last. Past epochs keep
 * their figures only (loss and accuracy); the per-sample classes, which only the last epoch's metrics use, are kept
 * for the last epoch alone.
 */
public final class EpochHistory {
    /** The most epochs kept at one stride, besides the last epoch. */
    public static final int LIMIT = 10_000;

    /** The kept past epochs, figures only; entries below {@code size} are never changed (snapshots share them). */
    private EpochReport[] kept = new EpochReport[16];
    private int size;
    private EpochReport latest;

    /** The stride after {@code epochsDone} epochs: the smallest power of two s with (E - 1) / s + 1 <= LIMIT. */
    static int stride(int epochsDone) {
        int s = 1;
        while (epochsDone > 0 && (epochsDone - 1) / s + 1 > LIMIT) {
            s *= 2;
        }
        return s;
    }

    /** The epochs a history holds after {@code epochsDone} epochs, in order. */
    public static int[] epochsKept(int epochsDone) {
        if (epochsDone <= 0) {
            return new int[0];
        }
        int s = stride(epochsDone);
        int onStride = (epochsDone - 1) / s + 1;
        boolean lastOnStride = (epochsDone - 1) % s == 0;
        int[] epochs = new int[onStride + (lastOnStride ? 0 : 1)];
        for (int k = 0; k < onStride; k++) {
            epochs[k] = 1 + k * s;
        }
        epochs[epochs.length - 1] = epochsDone;
        return epochs;
    }

    /** An empty history. */
    public EpochHistory() {
    }

    /**
     * The history a checkpoint recorded ({@link #snapshot()} of a run after its last epoch), to continue from.
     *
     * @throws IllegalArgumentException when its epochs are not those {@link #epochsKept} gives for its last epoch
     */
    public static EpochHistory of(List<EpochReport> reports) {
        EpochHistory h = new EpochHistory();
        int done = reports.isEmpty() ? 0 : reports.get(reports.size() - 1).epoch();
        int[] expected = epochsKept(done);
        if (reports.size() != expected.length) {
            throw new IllegalArgumentException("a history of " + reports.size() + " epochs where " + done
                    + " epochs done keep " + expected.length);
        }
        for (int k = 0; k < expected.length; k++) {
            if (reports.get(k).epoch() != expected[k]) {
                throw new IllegalArgumentException("expected the figures of epoch " + expected[k] + ", found epoch "
                        + reports.get(k).epoch());
            }
        }
        for (int k = 0; k + 1 < reports.size(); k++) {
            h.append(figuresOnly(reports.get(k)));
        }
        h.latest = reports.isEmpty() ? null : reports.get(reports.size() - 1);
        return h;
    }

    /** Adds the report of the epoch after the last one added. */
    public void add(EpochReport report) {
        int epoch = report.epoch();
        int done = latest == null ? 0 : latest.epoch();
        if (epoch != done + 1) {
            throw new IllegalArgumentException("expected epoch " + (done + 1) + ", found epoch " + epoch);
        }
        int s = stride(epoch);
        if (done > 0 && s > stride(done)) {
            // the stride doubled: a new array of the epochs still on it, so that earlier snapshots keep theirs
            EpochReport[] thinned = new EpochReport[kept.length];
            int n = 0;
            for (int k = 0; k < size; k++) {
                if ((kept[k].epoch() - 1) % s == 0) {
                    thinned[n++] = kept[k];
                }
            }
            kept = thinned;
            size = n;
        }
        if (latest != null && (latest.epoch() - 1) % s == 0) {
            append(figuresOnly(latest));
        }
        latest = report;
    }

    private void append(EpochReport report) {
        if (size == kept.length) {
            kept = Arrays.copyOf(kept, 2 * size);
        }
        kept[size++] = report;
    }

    /** The last epoch's report, with its per-sample classes; null before the first epoch. */
    public EpochReport latest() {
        return latest;
    }

    /**
     * The kept epochs, the last one's report whole: an unmodifiable list that later additions do not change, made
     * without copying the epochs (the array it reads is never written below its length).
     */
    public List<EpochReport> snapshot() {
        return new Snapshot(kept, size, latest);
    }

    private static EpochReport figuresOnly(EpochReport r) {
        return new EpochReport(r.epoch(), figuresOnly(r.training()), figuresOnly(r.end()),
                r.hasValidation() ? figuresOnly(r.validation()) : null);
    }

    private static EpochResult figuresOnly(EpochResult r) {
        return r.predicted().length == 0 ? r : new EpochResult(r.epoch(), r.loss(), r.accuracy());
    }

    /** An unmodifiable view of the first {@code size} kept epochs and the latest. */
    static final class Snapshot extends AbstractList<EpochReport> implements RandomAccess {
        private final EpochReport[] kept;
        private final int size;
        private final EpochReport latest;

        Snapshot(EpochReport[] kept, int size, EpochReport latest) {
            this.kept = kept;
            this.size = size;
            this.latest = latest;
        }

        @Override
        public EpochReport get(int index) {
            if (index == size && latest != null) {
                return latest;
            }
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return kept[index];
        }

        @Override
        public int size() {
            return size + (latest == null ? 0 : 1);
        }
    }
}
