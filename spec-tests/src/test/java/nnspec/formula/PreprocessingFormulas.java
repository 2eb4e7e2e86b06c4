package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nnspec.runtime.Losses;
import nnspec.runtime.Preprocessing.MinMax;
import nnspec.runtime.Preprocessing.OneHot;
import nnspec.runtime.Preprocessing.Standardize;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Registry entries of preprocessing: exact expected values on small tables (from exact fractions written here),
 * then properties on seeded random tables: range or moments of the transformed training rows, idempotence and the
 * inverse transform.
 */
final class PreprocessingFormulas {
    private static final String D2_MINMAX = Document.D002 + ", \"Min-max scaling\"";
    private static final String D2_STANDARD = Document.D002 + ", \"Standardization\"";
    private static final String D3_PRE = Document.D003 + ", \"Preprocessing\"";
    private static final String D3_DATA = Document.D003 + ", \"1.9 Data sets\"";
    private static final String D3_GLOSSARY = Document.D003 + ", \"Dataset\" (glossary entry Preprocessing)";
    private static final double TOL = 1e-14;

    /** Column 0: min 1, range 2; column 1: min -2, range 6; column 2: constant. */
    private static final double[][] TABLE = {{1, -2, 5}, {3, 0, 5}, {2, 4, 5}};
    /** Column 0: mean 5, population sd 2; column 1: mean 2, sd 1; column 2: constant 7. */
    private static final double[][] MOMENTS = {{2, 1, 7}, {4, 1, 7}, {4, 1, 7}, {4, 1, 7}, {5, 3, 7}, {5, 3, 7},
        {7, 3, 7}, {9, 3, 7}};

    private PreprocessingFormulas() {
    }

    static List<Formula> all() {
        return List.of(minMax(), standardize(), standardizePrinted(), sameTransform(), oneHot());
    }

    private static double f(long n, long d) {
        return BigFraction.of(n, d).doubleValue();
    }

    static void assertRows(double[][] expected, double[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int n = 0; n < expected.length; n++) {
            for (int c = 0; c < expected[n].length; c++) {
                Checks.assertClose(expected[n][c], actual[n][c], tol, what + " [" + n + "][" + c + "]");
            }
        }
    }

    private static double[][] randomTable(org.apache.commons.rng.UniformRandomProvider random, int rows, int cols) {
        double[][] t = new double[rows][];
        double scale = Math.exp(6 * random.nextDouble() - 3);
        for (int n = 0; n < rows; n++) {
            t[n] = Cases.uniform(random, cols, -scale, 3 * scale);
        }
        return t;
    }

    private static Formula minMax() {
        return new Formula("PREP-min-max", "min-max scaling to [0, 1] and [a, b], fitted on training rows",
                "Preprocessing.MinMax.fit, transform, inverseTransform", List.of(D2_MINMAX, D3_PRE, D3_DATA),
                List.of("x' = a + (b - a)(x - min)/(max - min), default [0, 1] (sklearn MinMaxScaler)",
                        "a constant column maps to a and is reported (sklearn)"), TOL, List.of(
                        Checks.property("3 x 3 table to [0, 1]: exact fractions (0, 0, 0), (1, 1/3, 0), (1/2, 1, 0);"
                                + " column 2 constant and reported", () -> {
                                    MinMax s = MinMax.fit(TABLE);
                                    assertRows(new double[][] {{0, 0, 0}, {1, f(1, 3), 0}, {f(1, 2), 1, 0}},
                                            s.transform(TABLE), 0.0, "[0, 1]");
                                    assertArrayEquals(new int[] {2}, s.constantColumns());
                                }),
                        Checks.property("same table to [-1, 1]: exact fractions (-1, -1, -1), (1, -1/3, -1),"
                                + " (0, 1, -1)", () -> assertRows(
                                        new double[][] {{-1, -1, -1}, {1, f(-1, 3), -1}, {0, 1, -1}},
                                        MinMax.fit(TABLE, -1, 1).transform(TABLE), 1e-16, "[-1, 1]")),
                        Checks.property("random tables (200 cases): each non-constant column of the transformed"
                                + " training rows has min exactly a and max b (to 1 ulp); refitting on them changes"
                                + " nothing (idempotent); inverse transform recovers the rows", () ->
                                Cases.run(200, Checks.SEED, 20, (random, size) -> {
                                    double[][] t = randomTable(random, size + 1, 3);
                                    double a = random.nextDouble() - 1;
                                    double b = a + 0.5 + random.nextDouble();
                                    MinMax s = MinMax.fit(t, a, b);
                                    double[][] u = s.transform(t);
                                    for (int c = 0; c < 3; c++) {
                                        double lo = Double.POSITIVE_INFINITY;
                                        double hi = Double.NEGATIVE_INFINITY;
                                        for (double[] row : u) {
                                            lo = Math.min(lo, row[c]);
                                            hi = Math.max(hi, row[c]);
                                        }
                                        Checks.assertExactly(a, lo, "min of column " + c);
                                        if (size > 1) {
                                            Checks.assertClose(b, hi, 1e-15, "max of column " + c);
                                        }
                                    }
                                    assertRows(u, MinMax.fit(u, a, b).transform(u), 1e-14, "refit");
                                    assertRows(t, s.inverseTransform(u), 1e-13, "inverse");
                                }))));
    }

    private static Formula standardize() {
        return new Formula("PREP-standardize", "standardisation (x - mu)/sigma, population sigma",
                "Preprocessing.Standardize.fit, transform, inverseTransform",
                List.of(D2_STANDARD, D3_DATA, D3_GLOSSARY, "scikit-learn StandardScaler documentation"),
                List.of("sigma = sqrt(sum (x - mu)^2 / m), the population form, as sklearn StandardScaler",
                        "a zero-variance column is divided by 1 (training rows map to 0) and reported"), TOL,
                List.of(
                        Checks.property("8 x 3 table: mu (5, 2, 7), sigma (2, 1, 0) exactly; rows (x - 5)/2, x - 2"
                                + " and 0 as exact fractions; column 2 reported", () -> {
                                    Standardize s = Standardize.fit(MOMENTS);
                                    assertArrayEquals(new double[] {5, 2, 7}, s.mean());
                                    assertArrayEquals(new double[] {2, 1, 0}, s.std());
                                    assertArrayEquals(new int[] {2}, s.zeroVarianceColumns());
                                    double[][] expected = new double[MOMENTS.length][];
                                    for (int n = 0; n < MOMENTS.length; n++) {
                                        expected[n] = new double[] {
                                            BigFraction.of((long) MOMENTS[n][0] - 5, 2).doubleValue(),
                                            MOMENTS[n][1] - 2, 0};
                                    }
                                    assertRows(expected, s.transform(MOMENTS), 0.0, "standardised");
                                }),
                        Checks.property("random tables (200 cases): each transformed training column has mean 0 and"
                                + " population variance 1 (so standard deviation 1: 003's glossary distinguishes"
                                + " 'normalisation' (sd 1) from 'standardisation' (variance 1), which are the same);"
                                + " idempotent; inverse recovers the rows", () ->
                                Cases.run(200, Checks.SEED + 7, 20, (random, size) -> {
                                    double[][] t = randomTable(random, size + 2, 3);
                                    Standardize s = Standardize.fit(t);
                                    double[][] u = s.transform(t);
                                    for (int c = 0; c < 3; c++) {
                                        double mean = 0;
                                        for (double[] row : u) {
                                            mean += row[c];
                                        }
                                        mean /= u.length;
                                        double var = 0;
                                        for (double[] row : u) {
                                            var += (row[c] - mean) * (row[c] - mean);
                                        }
                                        var /= u.length;
                                        Checks.assertClose(0.0, mean, 1e-13, "mean of column " + c);
                                        Checks.assertClose(1.0, var, 1e-13, "variance of column " + c);
                                        Checks.assertClose(1.0, Math.sqrt(var), 1e-13, "sd of column " + c);
                                    }
                                    assertRows(u, Standardize.fit(u).transform(u), 1e-13, "refit");
                                    assertRows(t, s.inverseTransform(u), 1e-12, "inverse");
                                })),
                        Checks.property("a zero-variance column: training rows map to 0, another row's x to x - mu"
                                + " (sklearn divides by 1)", () -> {
                                    Standardize s = Standardize.fit(new double[][] {{3}, {3}});
                                    assertRows(new double[][] {{0}, {2}}, s.transform(new double[][] {{3}, {5}}), 0.0,
                                            "constant column");
                                })));
    }

    private static Formula standardizePrinted() {
        return new Formula("PREP-standardize", "002's printed division by sigma^2 (erratum)",
                "Preprocessing.Standardize", List.of(D2_STANDARD), List.of("the kernel divides by sigma"), TOL,
                List.of(Checks.property("002 steps 1-4 (X - mu, then / sigma^2) on the 8 x 3 table: column 0 (sigma"
                        + " 2) gets variance 1/4, not 1, so the printed form is wrong; column 1 (sigma 1) equals the"
                        + " kernel: the two agree only when sigma = 1", () -> {
                            Standardize s = Standardize.fit(MOMENTS);
                            double[][] kernel = s.transform(MOMENTS);
                            double var0 = 0;
                            for (double[] row : MOMENTS) {
                                double printed = (row[0] - 5.0) / 4.0; // mu = 5, sigma^2 = 4 (exact)
                                var0 += printed * printed;
                            }
                            assertEquals(0.25, var0 / MOMENTS.length, "variance under the printed form");
                            for (int n = 0; n < MOMENTS.length; n++) {
                                Checks.assertExactly((MOMENTS[n][1] - 2.0) / 1.0, kernel[n][1], "column 1");
                                if (MOMENTS[n][0] != 5.0) {
                                    assertNotEquals((MOMENTS[n][0] - 5.0) / 4.0, kernel[n][0], "column 0 row " + n);
                                }
                            }
                        })));
    }

    private static Formula sameTransform() {
        double[][] train = {{0, 10}, {10, 30}};
        double[][] test = {{15, 20}, {-5, 50}};
        return new Formula("PREP-same-transform-all-splits",
                "statistics from the training rows, applied unchanged to every split",
                "Preprocessing.MinMax, Preprocessing.Standardize (fit once, transform any rows)",
                List.of(Document.D002 + ", \"Standardization\" (same mu and sigma^2 for all sets)", D3_PRE,
                        D3_DATA), List.of("fit on training rows only"), TOL, List.of(
                        Checks.property("min-max fitted on train {(0, 10), (10, 30)} maps test rows (15, 20) and (-5,"
                                + " 50) to (3/2, 1/2) and (-1/2, 2) exactly: outside [0, 1], as test rows may be",
                                () -> assertRows(new double[][] {{f(3, 2), f(1, 2)}, {f(-1, 2), 2}},
                                        MinMax.fit(train).transform(test), 0.0, "test split")),
                        Checks.property("standardiser fitted on train (mu (5, 20), sigma (5, 10)) maps test rows to"
                                + " (2, 0) and (-2, 3) exactly", () -> assertRows(new double[][] {{2, 0}, {-2, 3}},
                                        Standardize.fit(train).transform(test), 0.0, "test split")),
                        Checks.property("a row's transform does not depend on the other rows of its split (100 random"
                                + " cases): one row alone equals that row inside the split", () ->
                                Cases.run(100, Checks.SEED + 11, 10, (random, size) -> {
                                    double[][] t = randomTable(random, size + 2, 2);
                                    double[][] split = randomTable(random, size + 1, 2);
                                    Standardize s = Standardize.fit(t);
                                    MinMax m = MinMax.fit(t);
                                    double[][] all = s.transform(split);
                                    double[][] allM = m.transform(split);
                                    for (int n = 0; n < split.length; n++) {
                                        assertArrayEquals(all[n], s.transform(new double[][] {split[n]})[0]);
                                        assertArrayEquals(allM[n], m.transform(new double[][] {split[n]})[0]);
                                    }
                                }))));
    }

    private static Formula oneHot() {
        return new Formula("PREP-one-hot", "one-hot encoding of class labels",
                "Preprocessing.OneHot.fit, transform, inverseTransform, encode",
                List.of(Document.D003 + ", \"Categorical Cross-Entropy\"",
                        Document.D002 + ", \"Loss functions\""),
                List.of("classes in ascending order of the training labels (sklearn OneHotEncoder); an unseen label"
                        + " is an error"), 0.0, List.of(
                        Checks.property("labels (2, 0, 1, 2) -> classes (0, 1, 2) and rows (0,0,1), (1,0,0), (0,1,0),"
                                + " (0,0,1); inverse gives the labels back; label 3 is rejected", () -> {
                                    OneHot h = OneHot.fit(new double[] {2, 0, 1, 2});
                                    assertArrayEquals(new double[] {0, 1, 2}, h.categories());
                                    double[][] e = h.transform(new double[] {2, 0, 1, 2});
                                    assertRows(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, e, 0.0,
                                            "one-hot");
                                    for (int n = 0; n < 4; n++) {
                                        assertEquals(new double[] {2, 0, 1, 2}[n], h.inverseTransform(e[n], 0));
                                    }
                                    assertThrows(IllegalArgumentException.class, () -> h.indexOf(3));
                                }),
                        Checks.property("003: with a one-hot target, -sum_j y_j log p_j = -log p_k exactly (100 random"
                                + " probability vectors, Losses.categoricalCrossEntropy per term)", () ->
                                Cases.run(100, Checks.SEED + 13, 8, (random, size) -> {
                                    int classes = size + 1;
                                    double[] p = Cases.uniform(random, classes, 0.01, 1);
                                    double total = 0;
                                    for (double v : p) {
                                        total += v;
                                    }
                                    for (int j = 0; j < classes; j++) {
                                        p[j] /= total;
                                    }
                                    int k = random.nextInt(classes);
                                    double[] y = new double[classes];
                                    OneHot.encode(k, classes, y, 0);
                                    double sum = 0;
                                    for (int j = 0; j < classes; j++) {
                                        sum += Losses.categoricalCrossEntropy(p[j], y[j], Math.E);
                                    }
                                    Checks.assertExactly(-StrictMath.log(p[k]), sum, "k = " + k);
                                }))));
    }
}
