package nnspec.workflow;

import static nnspec.cli.CommandLineTestAccess.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import nnspec.cli.CommandLineTestAccess.Result;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.CrossValidation;
import nnspec.read.SpecReader;
import nnspec.runtime.Splits;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/**
 * k-fold cross-validation (003_be7c2a3ed43414a9.txt, section 1.5 and the glossary's "k-Fold Cross-Validation"): the
 * folds partition the rows (disjoint, together every row, sizes within 1 of each other, each class spread within 1
 * when stratified, the same folds for the same seed); {@code train --folds K} prints each fold's figures, and the
 * mean and population standard deviation it prints are those of the per-fold figures, recomputed here.
 */
class CrossValidationTest {

    @Test
    void foldsPartitionTheRowsEvenlyAndStratifiedByClass() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(60);
            int classCount = 1 + random.nextInt(4);
            int k = 2 + random.nextInt(Math.min(9, n - 1));
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                // skewed class shares, so stratification has something to do
                classes[i] = Math.min(classCount - 1, (int) Math.floor(classCount * Math.pow(random.nextDouble(), 2)));
            }
            long seed = random.nextLong();
            int[][] folds = Splits.folds(classes, classCount, k, seed);
            String where = "n " + n + ", k " + k + ", classes " + Arrays.toString(classes);
            assertEquals(k, folds.length, where);
            int[] seen = new int[n];
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int[] fold : folds) {
                min = Math.min(min, fold.length);
                max = Math.max(max, fold.length);
                for (int i = 1; i < fold.length; i++) {
                    assertTrue(fold[i - 1] < fold[i], "indices in increasing order: " + where);
                }
                for (int i : fold) {
                    seen[i]++;
                }
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "row " + i + " in exactly one fold: " + where);
            }
            assertTrue(max - min <= 1, "fold sizes " + min + ".." + max + ": " + where);
            for (int c = 0; c < classCount; c++) {
                final int cls = c;
                int[] counts = Arrays.stream(folds).mapToInt(f -> (int) Arrays.stream(f)
                        .filter(i -> classes[i] == cls).count()).toArray();
                int spread = Arrays.stream(counts).max().orElse(0) - Arrays.stream(counts).min().orElse(0);
                assertTrue(spread <= 1, "class " + c + " counts " + Arrays.toString(counts) + ": " + where);
            }
            assertTrue(Arrays.deepEquals(folds, Splits.folds(classes, classCount, k, seed)), "seeded: " + where);
        }
        int[] one = new int[30];
        assertTrue(!Arrays.deepEquals(Splits.folds(one, 1, 3, 1), Splits.folds(one, 1, 3, 2)),
                "another seed deals other folds");
    }

    @Test
    void thePrintedMeanAndStdAreThoseOfTheFolds() throws Exception {
        Path file = Repo.root().resolve("examples/iris.nn");
        Result r = run("train", file.toString(), "--folds", "4", "--numeric", "strict");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1 + 4 + 3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("4-fold cross-validation of the 120 rows outside the test part, folds"
                + " drawn with seed 1, stratified by class"), lines.get(0));

        Spec spec = SpecReader.read(file);
        CrossValidation cv = CrossValidation.run(spec, file,
                () -> Backend.GENERATED.create(spec, nnspec.lower.NumericMode.STRICT), 4, 1, true);
        double[] loss = cv.folds().stream().mapToDouble(CrossValidation.Fold::loss).toArray();
        double[] accuracy = cv.folds().stream().mapToDouble(CrossValidation.Fold::accuracy).toArray();
        for (int f = 0; f < 4; f++) {
            assertTrue(lines.get(1 + f).matches("fold " + (f + 1) + "  training +90  validation +30  loss "
                    + format(loss[f]) + "  accuracy " + format(accuracy[f])), lines.get(1 + f));
        }
        // mean and population standard deviation, written out here from their definitions
        double meanLoss = Arrays.stream(loss).sum() / 4;
        double meanAccuracy = Arrays.stream(accuracy).sum() / 4;
        double stdLoss = Math.sqrt(Arrays.stream(loss).map(v -> (v - meanLoss) * (v - meanLoss)).sum() / 4);
        double stdAccuracy = Math.sqrt(Arrays.stream(accuracy)
                .map(v -> (v - meanAccuracy) * (v - meanAccuracy)).sum() / 4);
        assertTrue(lines.get(5).matches("mean +loss " + format(meanLoss) + "  accuracy " + format(meanAccuracy)),
                lines.get(5));
        assertTrue(lines.get(6).matches("std +loss " + format(stdLoss) + "  accuracy " + format(stdAccuracy)),
                lines.get(6));
        assertTrue(stdLoss > 0, "the folds differ, so the check above is not 0 = 0");
        assertTrue(lines.get(7).contains("population standard deviation"), lines.get(7));
    }

    @Test
    void tooManyFoldsIsOneLine() {
        Result r = run("train", Repo.root().resolve("examples/xor.nn").toString(), "--folds", "5");
        assertEquals(2, r.code(), r.err());
        assertEquals("--folds 5: only 4 rows to divide", r.err().strip());
        Result one = run("train", Repo.root().resolve("examples/xor.nn").toString(), "--folds", "1");
        assertEquals(2, one.code(), one.err());
        assertEquals("--folds: must be at least 2, found 1", one.err().strip());
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replace(".", "\\.");
    }
}
