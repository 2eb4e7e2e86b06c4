package nnspec.formula;

import static nnspec.formula.LossCheckKit.D2;
import static nnspec.formula.LossCheckKit.D3;
import static nnspec.formula.LossCheckKit.cite;
import static nnspec.formula.LossCheckKit.require;

import java.util.Arrays;
import java.util.List;
import nnspec.runtime.Metrics;
import nnspec.runtime.Metrics.Binary;
import nnspec.runtime.Metrics.Verdict;
import org.apache.commons.numbers.fraction.Fraction;

/**
 * METRIC-* entries: exact fractions on small hand-made predictions (the counts are written here by hand), the
 * layouts of 002, the regression accuracy of 003 and the bias-variance estimates and verdicts of 002's tables.
 */
final class MetricFormulas {
    /** Hand-made binary case, positive class 1: TP = 3 (samples 0, 1, 2), FP = 2 (3, 4), FN = 1 (5), TN = 4 (6-9). */
    private static final int[] PREDICTED = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    private static final int[] ACTUAL = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};

    private MetricFormulas() {
    }

    static List<Formula> all() {
        return List.of(accuracy(), argmaxAccuracy(), precision(), recall(), specificity(), confusion(), error(),
                regression(), biasVarianceEstimates(), biasVarianceDecomposition());
    }

    private static Binary counts() {
        return Metrics.binaryCounts(PREDICTED, ACTUAL, 1);
    }

    private static Check exact(String what, Fraction expected, java.util.function.DoubleSupplier actual) {
        return Checks.property("exact fraction on the hand-made 10-sample case (TP 3, FP 2, FN 1, TN 4): " + what
                + " = " + expected, () -> Checks.assertExactly(expected.doubleValue(), actual.getAsDouble(), what));
    }

    private static Check undefined(String what, java.util.function.DoubleSupplier actual) {
        return Checks.property(what + " with a zero denominator is undefined: NaN",
                () -> require(Double.isNaN(actual.getAsDouble()), what + " gave " + actual.getAsDouble()));
    }

    private static Formula accuracy() {
        return new Formula("METRIC-accuracy", "(TP + TN) / (TP + TN + FP + FN); for classes, correct / all",
                "Metrics.Binary.accuracy, Metrics.accuracy", List.of(cite(D2, "Evaluation metrics", "L569")),
                List.of("a fraction in [0, 1]"), 0.0, List.of(
                        exact("accuracy (3 + 4)/10", Fraction.of(7, 10), () -> counts().accuracy()),
                        exact("accuracy over classes, 7 of 10 right", Fraction.of(7, 10),
                                () -> Metrics.accuracy(PREDICTED, ACTUAL)),
                        Checks.property("1 for a perfect prediction, 0 for an always-wrong one", () -> {
                            Checks.assertExactly(1.0, Metrics.accuracy(ACTUAL, ACTUAL), "perfect");
                            int[] flipped = Arrays.stream(ACTUAL).map(a -> 1 - a).toArray();
                            Checks.assertExactly(0.0, Metrics.accuracy(flipped, ACTUAL), "all wrong");
                        })));
    }

    private static Formula argmaxAccuracy() {
        double[][] outputs = {{0.7, 0.2, 0.1}, {0.1, 0.5, 0.4}, {0.3, 0.3, 0.4}, {0.4, 0.4, 0.2}, {0.2, 0.5, 0.3}};
        int[] classes = {0, 2, 2, 0, 1}; // right, wrong, right, right (tie: first max), right
        return new Formula("METRIC-accuracy", "argmax accuracy: mean of [argmax(output_i) = class_i]",
                "Metrics.argmaxAccuracy, Metrics.argmax", List.of(cite(D3, "Accuracy", "L162")),
                List.of("ties go to the first largest output (numpy argmax)"), 0.0, List.of(
                        Checks.property("exact fraction on 5 hand-made outputs: 4/5 (one with a tie resolved to the"
                                + " first class)", () -> Checks.assertExactly(Fraction.of(4, 5).doubleValue(),
                                        Metrics.argmaxAccuracy(outputs, classes), "accuracy")),
                        Checks.property("argmax honours the offset and takes the first of equal maxima", () -> {
                            double[] v = {9, 9, 1, 5, 5, 2};
                            require(Metrics.argmax(v, 2, 4) == 1, "first max of {1, 5, 5, 2} is at 1");
                            require(Metrics.argmax(v, 0, 2) == 0, "tie at the start");
                        })));
    }

    private static Formula precision() {
        return new Formula("METRIC-precision", "TP / (TP + FP)", "Metrics.Binary.precision",
                List.of(cite(D2, "Evaluation metrics", "L571")), List.of("NaN when nothing is predicted positive"),
                0.0, List.of(exact("precision 3/(3 + 2)", Fraction.of(3, 5), () -> counts().precision()),
                        undefined("precision", () -> new Binary(0, 0, 3, 4).precision())));
    }

    private static Formula recall() {
        return new Formula("METRIC-recall", "TP / (TP + FN), the sensitivity", "Metrics.Binary.recall",
                List.of(cite(D2, "Evaluation metrics", "L571")), List.of("NaN when no sample is positive"),
                0.0, List.of(exact("recall 3/(3 + 1)", Fraction.of(3, 4), () -> counts().recall()),
                        undefined("recall", () -> new Binary(0, 2, 0, 4).recall())));
    }

    private static Formula specificity() {
        return new Formula("METRIC-specificity", "TN / (TN + FP)", "Metrics.Binary.specificity",
                List.of(cite(D2, "Evaluation metrics", "L573")), List.of("NaN when no sample is negative"),
                0.0, List.of(exact("specificity 4/(4 + 2)", Fraction.of(2, 3), () -> counts().specificity()),
                        undefined("specificity", () -> new Binary(3, 0, 1, 0).specificity()),
                        Checks.property("specificity is the recall of the negative class (hand-made case)",
                                () -> Checks.assertExactly(Metrics.binaryCounts(PREDICTED, ACTUAL, 0).recall(),
                                        counts().specificity(), "swap the classes"))));
    }

    private static Formula confusion() {
        int[] predicted = {0, 0, 1, 2, 2, 2, 1, 0};
        int[] actual = {0, 1, 1, 2, 0, 2, 2, 0};
        long[][] expected = {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}}; // rows predicted, columns actual, counted by hand
        return new Formula("METRIC-confusion-matrix", "layout of 002: rows the prediction, columns the ground truth,"
                + " positive first: [[TP, FP], [FN, TN]]", "Metrics.Binary.layout, Metrics.confusionMatrix",
                List.of(cite(D2, "Evaluation metrics", "L575-L579, the confusion matrix")),
                List.of("m[predicted][actual]; scikit-learn's confusion_matrix is the transpose, negative class"
                        + " first"), 0.0, List.of(
                        Checks.property("binary layout of the hand-made case is [[3, 2], [1, 4]] = [[TP, FP], [FN,"
                                + " TN]], and the 2-class matrix with the positive class first is the same", () -> {
                                    require(Arrays.deepEquals(new long[][] {{3, 2}, {1, 4}}, counts().layout()),
                                            Arrays.deepToString(counts().layout()));
                                    long[][] m = Metrics.confusionMatrix(PREDICTED, ACTUAL, 2);
                                    require(m[1][1] == 3 && m[1][0] == 2 && m[0][1] == 1 && m[0][0] == 4,
                                            "m[predicted][actual] " + Arrays.deepToString(m));
                                }),
                        Checks.property("3-class hand-made case: " + Arrays.deepToString(expected) + "; the diagonal"
                                + " sums to the correct count 5, everything to 8", () -> {
                                    long[][] m = Metrics.confusionMatrix(predicted, actual, 3);
                                    require(Arrays.deepEquals(expected, m), Arrays.deepToString(m));
                                    require(m[0][0] + m[1][1] + m[2][2] == 5, "diagonal");
                                    Checks.assertExactly(Fraction.of(5, 8).doubleValue(),
                                            Metrics.accuracy(predicted, actual), "accuracy = trace / total");
                                })));
    }

    private static Formula error() {
        return new Formula("METRIC-classification-error", "fraction misclassified, 1 - accuracy",
                "Metrics.classificationError, Metrics.Binary.error",
                List.of(cite(D2, "Loss functions", "L380, L401")), List.of("the mean 0-1 loss"), 0.0, List.of(
                        exact("classification error 3/10", Fraction.of(3, 10),
                                () -> Metrics.classificationError(PREDICTED, ACTUAL)),
                        exact("binary error (FP + FN)/all", Fraction.of(3, 10), () -> counts().error()),
                        Checks.property("equals 1 - accuracy (300 seeded label vectors, compared as fractions of"
                                + " counts)", () -> Cases.run(300, Checks.SEED, 30, (random, size) -> {
                                    int[] p = new int[size];
                                    int[] a = new int[size];
                                    int wrong = 0;
                                    for (int i = 0; i < size; i++) {
                                        p[i] = random.nextInt(3);
                                        a[i] = random.nextInt(3);
                                        wrong += p[i] != a[i] ? 1 : 0;
                                    }
                                    Checks.assertExactly(Fraction.of(wrong, size).doubleValue(),
                                            Metrics.classificationError(p, a), "error");
                                    Checks.assertExactly(Fraction.of(size - wrong, size).doubleValue(),
                                            Metrics.accuracy(p, a), "accuracy");
                                }))));
    }

    private static Formula regression() {
        return new Formula("METRIC-regression-accuracy", "rho = sigma(y)/limit (population sigma); accuracy the"
                + " fraction with |yhat - y| < rho", "Metrics.regressionPrecision, Metrics.regressionAccuracy",
                List.of(cite(D3, "Accuracy", "L615-L623")),
                List.of("population standard deviation (divide by J); strict <"), 1e-15, List.of(
                        Checks.property("closed form: y = (0, 4, 0, 4) has mean 2 and population sigma 2, so limit 4"
                                + " gives rho = 1/2 exactly; y = (1, 2, 3, 4) gives sqrt(5/4)/250", () -> {
                                    Checks.assertExactly(0.5, Metrics.regressionPrecision(new double[] {0, 4, 0, 4}, 4),
                                            "rho");
                                    Checks.assertClose(Math.sqrt(1.25) / 250,
                                            Metrics.regressionPrecision(new double[] {1, 2, 3, 4}, 250), 1e-15, "rho");
                                }),
                        Checks.property("exact fraction: with rho = 1/2, errors 1/4, -1/2 (not strictly inside),"
                                + " 0, 3/4 give 2/4", () -> Checks.assertExactly(Fraction.of(1, 2).doubleValue(),
                                        Metrics.regressionAccuracy(new double[] {0.25, 3.5, 0, 4.75},
                                                new double[] {0, 4, 0, 4}, 0.5), "accuracy")),
                        Checks.property("a larger limit is stricter (003 L615): accuracy never rises as the limit"
                                + " grows (200 seeded cases)", () -> Cases.run(200, Checks.SEED, 20,
                                        (random, size) -> {
                                            double[] y = Cases.uniform(random, size + 1, -5, 5);
                                            double[] yhat = Cases.uniform(random, size + 1, -5, 5);
                                            double previous = 1.0;
                                            for (double limit : new double[] {1, 2, 10, 250}) {
                                                double rho = Metrics.regressionPrecision(y, limit);
                                                double a = Metrics.regressionAccuracy(yhat, y, rho);
                                                require(a <= previous, "rose at limit " + limit);
                                                previous = a;
                                            }
                                        }))));
    }

    private static Formula biasVarianceEstimates() {
        double[][] rows = {{0, 1, 15}, {0, 15, 16}, {0, 15, 30}, {0, 0.5, 1}, {1, 8, 10}, {7.5, 8, 10}};
        Verdict[] printed = {Verdict.LOW_BIAS_HIGH_VARIANCE, Verdict.HIGH_BIAS_LOW_VARIANCE,
            Verdict.HIGH_BIAS_HIGH_VARIANCE, Verdict.LOW_BIAS_LOW_VARIANCE, Verdict.HIGH_BIAS_LOW_VARIANCE,
            Verdict.LOW_BIAS_HIGH_VARIANCE};
        return new Formula("METRIC-bias-variance", "estimates: bias = E_train - E_human, variance = E_test -"
                + " E_train; verdicts", "Metrics.avoidableBias, Metrics.varianceEstimate,"
                        + " Metrics.biasVarianceVerdict",
                List.of(cite(D2, "How to estimate bias and variance?", "L681-L704")),
                List.of("a gap is high when it exceeds the tolerance and is at least the other gap; tolerance 1"
                        + " percentage point reproduces the document"), 0.0, List.of(
                        Checks.property("document figures: the six rows of Examples 1 and 2 (002 L693-L704) give bias"
                                + " 1, 15, 15, 0.5, 7, 0.5 and variance 14, 1, 15, 0.5, 2, 2 points", () -> {
                                    double[] bias = {1, 15, 15, 0.5, 7, 0.5};
                                    double[] variance = {14, 1, 15, 0.5, 2, 2};
                                    for (int r = 0; r < rows.length; r++) {
                                        Checks.assertExactly(bias[r], Metrics.avoidableBias(rows[r][0], rows[r][1]),
                                                "bias, row " + r);
                                        Checks.assertExactly(variance[r],
                                                Metrics.varianceEstimate(rows[r][1], rows[r][2]), "variance, row " + r);
                                    }
                                }),
                        Checks.property("document figures: the printed verdicts of all six rows, tolerance 1 point",
                                () -> {
                                    for (int r = 0; r < rows.length; r++) {
                                        Verdict v = Metrics.biasVarianceVerdict(rows[r][0], rows[r][1], rows[r][2], 1);
                                        require(v == printed[r], "row " + r + ": " + v + ", printed " + printed[r]);
                                    }
                                }),
                        Checks.property("the verdicts are relative, not a fixed threshold: Example 2 labels the same"
                                + " variance estimate (2 points) low in one row and high in the next", () -> {
                                    Checks.assertExactly(Metrics.varianceEstimate(rows[4][1], rows[4][2]),
                                            Metrics.varianceEstimate(rows[5][1], rows[5][2]), "equal variance");
                                    require(printed[4] == Verdict.HIGH_BIAS_LOW_VARIANCE
                                            && printed[5] == Verdict.LOW_BIAS_HIGH_VARIANCE, "labels differ");
                                    require(Metrics.biasVarianceVerdict(1, 8, 10, 1) != Metrics.biasVarianceVerdict(
                                            7.5, 8, 10, 1), "the kernel, like the document, tells them apart");
                                })));
    }

    private static Formula biasVarianceDecomposition() {
        double[] g = {0.5, 1.25, 2.0, 0.75}; // predictions at x of models trained on 4 data sets
        double f = 1.0; // the true value f(x)
        return new Formula("METRIC-bias-variance", "decomposition at one input: mean (g - f)^2 = (mean g - f)^2 +"
                + " mean (g - mean g)^2, plus sigma^2 against noisy targets", "Metrics.biasVariance",
                List.of(cite(D2, "Bias and variance trade-off", "L604-L629")),
                List.of("expectations over training sets as means over the given models; population variance"),
                1e-15, List.of(
                        Checks.property("exact fractions: predictions 1/2, 5/4, 2, 3/4 of f = 1 give bias^2 1/64,"
                                + " variance 21/64 and mean squared error 22/64", () -> {
                                    Metrics.Decomposition d = Metrics.biasVariance(g, f);
                                    Checks.assertExactly(Fraction.of(1, 64).doubleValue(), d.biasSquared(), "bias^2");
                                    Checks.assertExactly(Fraction.of(21, 64).doubleValue(), d.variance(), "variance");
                                    Checks.assertExactly(Fraction.of(22, 64).doubleValue(), d.meanSquaredError(),
                                            "error");
                                }),
                        Checks.property("the identity error = bias^2 + variance at 500 seeded sets of predictions",
                                () -> Cases.run(500, Checks.SEED, 30, (random, size) -> {
                                    double[] p = Cases.uniform(random, size + 1, -3, 3);
                                    double truth = -1 + 2 * random.nextDouble();
                                    Metrics.Decomposition d = Metrics.biasVariance(p, truth);
                                    Checks.assertClose(d.meanSquaredError(), d.biasSquared() + d.variance(), 1e-13,
                                            Cases.show(p));
                                })),
                        Checks.property("printed form of 002 L608 and L626, Variance = E[g - E[g]]^2, read as"
                                + " printed (the square outside the expectation) is identically 0 (exactly 0 here"
                                + " with fractions); the variance is E[(g - E[g])^2], 21/64", () -> {
                                    Fraction mean = Fraction.ZERO;
                                    for (double v : g) {
                                        mean = mean.add(Fraction.from(v).divide(g.length));
                                    }
                                    Fraction inner = Fraction.ZERO;
                                    for (double v : g) {
                                        inner = inner.add(Fraction.from(v).subtract(mean).divide(g.length));
                                    }
                                    require(inner.multiply(inner).equals(Fraction.ZERO), "printed form is 0");
                                    require(Metrics.biasVariance(g, f).variance() > 0, "the variance is not");
                                })));
    }
}
