package nnspec.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * DATA-split: the samples divided into training, validation and test parts by fractions
 * (002_db2ef66716d01cf4.txt, "Divide the database into subsets": 60/20/20 for small data sets, 98/1/1 for large ones;
 * 003_be7c2a3ed43414a9.txt, "1.9 Data sets"). The indices 0..n-1 are shuffled by Fisher-Yates from one
 * {@code java.util.Random(seed)}; of the shuffled order the first round(validation n) go to validation, the next
 * round(test n) to test, the rest to training. Stratified, the same is done for each class in turn (classes in
 * increasing order, all from the one generator), so each part keeps each class's share up to rounding. Each part
 * lists its indices in increasing order (file order).
 */
public final class Splits {
    private Splits() {
    }

    /** The three parts of a split. */
    public record Parts(int[] training, int[] validation, int[] test) {
    }

    public static Parts split(int n, double validation, double test, long seed) {
        return split(new int[n], 1, validation, test, seed);
    }

    /** Stratified by {@code classes[k]} in 0..classCount-1. */
    public static Parts split(int[] classes, int classCount, double validation, double test, long seed) {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new IllegalArgumentException("fractions must be >= 0 and add up to less than 1: " + validation
                    + ", " + test);
        }
        Random random = new Random(seed);
        List<Integer> training = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        List<Integer> tested = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            final int cls = c;
            int[] members = java.util.stream.IntStream.range(0, classes.length).filter(k -> classes[k] == cls)
                    .toArray();
            Trainer.shuffle(members, random);
            int v = (int) Math.round(validation * members.length);
            int t = (int) Math.round(test * members.length);
            for (int k = 0; k < members.length; k++) {
                (k < v ? held : k < v + t ? tested : training).add(members[k]);
            }
        }
        return new Parts(sorted(training), sorted(held), sorted(tested));
    }

    /**
     * DATA-k-fold (003_be7c2a3ed43414a9.txt, section 1.5 "Validating" and the glossary's "k-Fold Cross-Validation":
     * the data randomly partitioned into K equal-sized folds): the indices of {@code classes} dealt into {@code k}
     * folds. Each class in increasing order has its members shuffled by Fisher-Yates from one {@code
     * java.util.Random(seed)} and dealt round-robin, the deal continuing from class to class, so fold sizes differ by
     * at most 1 and so do each class's counts in the folds (stratification; pass one class for none). Each fold
     * lists its indices in increasing order.
     */
    public static int[][] folds(int[] classes, int classCount, int k, long seed) {
        if (k < 2 || k > classes.length) {
            throw new IllegalArgumentException("folds must be in 2.." + classes.length + ", found " + k);
        }
        Random random = new Random(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int dealt = 0;
        for (int c = 0; c < classCount; c++) {
            final int cls = c;
            int[] members = java.util.stream.IntStream.range(0, classes.length).filter(i -> classes[i] == cls)
                    .toArray();
            Trainer.shuffle(members, random);
            for (int member : members) {
                folds.get(dealt++ % k).add(member);
            }
        }
        return folds.stream().map(Splits::sorted).toArray(int[][]::new);
    }

    private static int[] sorted(List<Integer> indices) {
        int[] a = indices.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** The rows of {@code data} at {@code indices}, sharing the row arrays. */
    public static Dataset rows(Dataset data, int[] indices) {
        double[][] x = new double[indices.length][];
        double[][] y = new double[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            x[k] = data.x()[indices[k]];
            y[k] = data.y()[indices[k]];
        }
        return new Dataset(x, y);
    }
}
