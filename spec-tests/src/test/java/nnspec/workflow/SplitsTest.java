package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import nnspec.runtime.Splits;
import org.junit.jupiter.api.Test;

/**
 * DATA-split: the part sizes of 002_db2ef66716d01cf4.txt's splits ("Divide the database into subsets": 60/20/20
 * and 98/1/1), that the parts cover every sample once, the stratified shares, and the membership against an
 * independent Fisher-Yates over java.util.Random(seed) as docs/language.md describes it.
 */
class SplitsTest {

    private static void assertPartition(Splits.Parts parts, int n) {
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(parts.training()), Arrays.stream(parts.validation())),
                Arrays.stream(parts.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all, "every sample in exactly one part");
        for (int[] part : new int[][] {parts.training(), parts.validation(), parts.test()}) {
            int[] sorted = part.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, part, "each part in file order");
        }
    }

    @Test
    void sixtyTwentyTwentyOfOneHundredSamples() {
        Splits.Parts parts = Splits.split(100, 0.2, 0.2, 1);
        assertEquals(60, parts.training().length);
        assertEquals(20, parts.validation().length);
        assertEquals(20, parts.test().length);
        assertPartition(parts, 100);
    }

    @Test
    void ninetyEightOneOneOfAMillionSamples() {
        Splits.Parts parts = Splits.split(1_000_000, 0.01, 0.01, 3);
        assertEquals(980_000, parts.training().length);
        assertEquals(10_000, parts.validation().length);
        assertEquals(10_000, parts.test().length);
    }

    @Test
    void membershipFollowsTheDocumentedShuffle() {
        // oracle: Fisher-Yates from the last index down, j = nextInt(k + 1); validation first, then test
        int n = 17;
        long seed = 42;
        int[] order = IntStream.range(0, n).toArray();
        Random random = new Random(seed);
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        int v = (int) Math.round(0.25 * n); // 4.25 -> 4
        int t = (int) Math.round(0.1 * n); // 1.7 -> 2
        int[] validation = Arrays.stream(order, 0, v).sorted().toArray();
        int[] test = Arrays.stream(order, v, v + t).sorted().toArray();
        Splits.Parts parts = Splits.split(n, 0.25, 0.1, seed);
        assertArrayEquals(validation, parts.validation());
        assertArrayEquals(test, parts.test());
        assertEquals(n - 6, parts.training().length);
    }

    @Test
    void theSeedDecidesTheParts() {
        assertArrayEquals(Splits.split(50, 0.2, 0.2, 7).test(), Splits.split(50, 0.2, 0.2, 7).test());
        assertFalse(Arrays.equals(Splits.split(50, 0.2, 0.2, 7).test(), Splits.split(50, 0.2, 0.2, 8).test()));
    }

    @Test
    void stratifiedPartsKeepEachClassShare() {
        // 50, 30 and 20 samples of classes 0, 1, 2, interleaved: 20% of each is 10, 6 and 4
        int[] classes = new int[100];
        for (int k = 0; k < 100; k++) {
            classes[k] = k % 5 < 2 ? 0 : k % 5 < 4 && k < 75 ? 1 : k % 5 < 4 ? 2 : 2;
        }
        int[] counts = new int[3];
        Arrays.stream(classes).forEach(c -> counts[c]++);
        Splits.Parts parts = Splits.split(classes, 3, 0.2, 0.2, 5);
        assertPartition(parts, 100);
        for (int[] part : new int[][] {parts.validation(), parts.test()}) {
            for (int c = 0; c < 3; c++) {
                final int cls = c;
                assertEquals(Math.round(0.2 * counts[c]), Arrays.stream(part).filter(k -> classes[k] == cls).count(),
                        "class " + c + " of " + counts[c]);
            }
        }
    }

    @Test
    void fractionsLeavingNoTrainingPartAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Splits.split(10, 0.5, 0.5, 0));
    }
}
