package nnspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Fitting;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's history stays bounded however many epochs a spec asks for ({@link EpochHistory}): every epoch up to
 * {@link EpochHistory#LIMIT}, then evenly spaced epochs from epoch 1 with a power-of-two stride, and always the
 * last; the expected epoch lists below are worked from that rule by hand.
 */
class EpochHistoryTest {
    @TempDir
    Path dir;

    private static final int LIMIT = EpochHistory.LIMIT;

    static EpochReport report(int epoch) {
        // two samples' classes, as a classifier's epoch records them
        EpochResult r = new EpochResult(epoch, 1.0 / epoch, 0.5, 2, new int[] {0, 1}, new int[] {1, 1});
        return new EpochReport(epoch, r, r, null);
    }

    private static int[] epochs(List<EpochReport> reports) {
        return reports.stream().mapToInt(EpochReport::epoch).toArray();
    }

    private static int[] range(int from, int to, int step) {
        return IntStream.iterate(from, e -> e <= to, e -> e + step).toArray();
    }

    private static int[] with(int[] epochs, int last) {
        int[] all = java.util.Arrays.copyOf(epochs, epochs.length + 1);
        all[epochs.length] = last;
        return all;
    }

    @Test
    void theEpochsKeptFollowTheRuleWorkedByHand() {
        assertArrayEquals(new int[0], EpochHistory.epochsKept(0));
        assertArrayEquals(range(1, 7, 1), EpochHistory.epochsKept(7));
        assertArrayEquals(range(1, LIMIT, 1), EpochHistory.epochsKept(LIMIT), "all of the first 10,000");
        // 10,001 epochs: 10,001 of stride 1 are too many, so stride 2: 1, 3, ..., 10,001 (5,001 epochs)
        assertArrayEquals(range(1, LIMIT + 1, 2), EpochHistory.epochsKept(LIMIT + 1));
        // 10,002: stride 2 gives 1, 3, ..., 10,001 and the last epoch, 10,002, besides
        assertArrayEquals(with(range(1, LIMIT + 1, 2), LIMIT + 2), EpochHistory.epochsKept(LIMIT + 2));
        // 20,000: stride 2 still fits (1, ..., 19,999 are 10,000 epochs), then the last
        assertArrayEquals(with(range(1, 19_999, 2), 20_000), EpochHistory.epochsKept(20_000));
        // 20,001: stride 2 would keep 10,001, so stride 4: 1, 5, ..., 20,001 (5,001 epochs)
        assertArrayEquals(range(1, 20_001, 4), EpochHistory.epochsKept(20_001));
        // the largest run a spec can ask for keeps at most LIMIT + 1 epochs
        assertTrue(EpochHistory.epochsKept(Integer.MAX_VALUE).length <= LIMIT + 1);
        assertEquals(Integer.MAX_VALUE, EpochHistory.epochsKept(Integer.MAX_VALUE)[
                EpochHistory.epochsKept(Integer.MAX_VALUE).length - 1]);
    }

    @Test
    void addingEpochsOneByOneKeepsWhatTheRuleSaysAndEarlierSnapshotsStayAsTheyWere() {
        EpochHistory h = new EpochHistory();
        List<EpochReport> atLimit = null;
        int last = 2 * LIMIT + 3 * 7;
        for (int e = 1; e <= last; e++) {
            h.add(report(e));
            if (e % 997 == 0 || e >= LIMIT - 2 && e <= LIMIT + 3 || e >= 2 * LIMIT - 2 && e <= 2 * LIMIT + 3) {
                assertArrayEquals(EpochHistory.epochsKept(e), epochs(h.snapshot()), "after epoch " + e);
            }
            if (e == LIMIT) {
                atLimit = h.snapshot();
            }
        }
        assertArrayEquals(range(1, LIMIT, 1), epochs(atLimit), "a snapshot is not changed by later epochs");
        List<EpochReport> end = h.snapshot();
        assertSame(h.latest(), end.get(end.size() - 1));
        assertEquals(2, end.get(end.size() - 1).training().predicted().length, "the last epoch keeps its classes");
        assertTrue(end.subList(0, end.size() - 1).stream().allMatch(r -> r.training().predicted().length == 0),
                "earlier epochs keep their figures only");
        // 20,021 epochs: stride 4, so the second kept epoch is 5, whose loss report() made 1/5
        assertEquals(5, end.get(1).epoch());
        assertEquals(1.0 / 5, end.get(1).training().loss(), "figures kept to the bit");
        assertThrows(UnsupportedOperationException.class, () -> end.add(report(1)));
        assertThrows(IllegalArgumentException.class, () -> h.add(report(last + 2)), "epochs come in order");
    }

    @Test
    void aHistoryTakenUpAgainKeepsWhatAnUninterruptedOneKeeps() {
        EpochHistory whole = new EpochHistory();
        EpochHistory resumed = null;
        for (int e = 1; e <= 3 * LIMIT; e++) {
            whole.add(report(e));
            if (e == LIMIT + 5) {
                resumed = EpochHistory.of(new ArrayList<>(whole.snapshot()));
            } else if (resumed != null) {
                resumed.add(report(e));
            }
        }
        assertArrayEquals(epochs(whole.snapshot()), epochs(resumed.snapshot()));
        List<EpochReport> gap = new ArrayList<>(whole.snapshot());
        gap.remove(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpochHistory.of(gap));
        assertTrue(e.getMessage().contains("keep"), e.getMessage());
    }

    /**
     * A long run end to end: 25,000 epochs of a one-unit perceptron-like network keep 10,001 reports, its
     * checkpoint holds those and is read back, and a run continued from it ends with the uninterrupted history.
     */
    @Test
    void aLongRunKeepsABoundedHistoryThroughItsCheckpoint() throws Exception {
        Path specFile = Files.writeString(dir.resolve("long.nn"), """
                network Long {
                  input 2
                  dense 1 sigmoid init zeros
                }
                train {
                  loss bce
                  optimizer sgd lr 0.1
                  epochs 25000
                }
                data {
                  0 0 -> 0
                  1 1 -> 1
                }
                """);
        Spec spec = SpecReader.read(specFile);
        Model model = Backend.INTERPRETER.create(spec, nnspec.lower.NumericMode.STRICT);
        Path checkpoint = dir.resolve("checkpoint.nnm");
        nnspec.pipeline.Prepared data = Fitting.prepare(spec, specFile, model);
        Fitting whole = Fitting.fit(spec, model, data, new TrainingListener() {
            @Override
            public void afterPosition(Trainer.Position position, Model m) {
                if (position.epochsDone() == 20_001) {
                    try {
                        ModelFile.write(checkpoint, Fitting.checkpoint(spec, m, data, position));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        });
        // stride 4 after 25,000 epochs: 1, 5, ..., 24,997 (6,250 epochs), then 25,000
        assertArrayEquals(with(range(1, 24_997, 4), 25_000), epochs(whole.history().epochs()));
        ModelFile.Saved saved = ModelFile.read(checkpoint);
        assertArrayEquals(range(1, 20_001, 4), epochs(saved.training().position().history()));
        Model continued = Backend.INTERPRETER.create(spec, nnspec.lower.NumericMode.STRICT);
        Fitting rest = Fitting.fit(spec, continued, Fitting.prepare(spec, specFile, continued),
                new TrainingListener() { }, saved);
        assertEquals(figures(whole.history()), figures(rest.history()));
    }

    private static List<String> figures(Trainer.History history) {
        return history.epochs().stream().map(r -> r.epoch() + " " + r.training().loss() + " " + r.end().loss())
                .toList();
    }
}
