package nnspec.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.runtime.Dataset;
import nnspec.runtime.Decision;
import nnspec.runtime.InputScaling;
import nnspec.runtime.Model;
import nnspec.runtime.Splits;
import nnspec.runtime.TrainingListener;

/**
 * k-fold cross-validation of a spec's recipe (003_be7c2a3ed43414a9.txt, section 1.5 "Validating": train on all
 * parts but one, validate on the one left, once for each part; the glossary's "k-Fold Cross-Validation": the
 * metrics of the K runs combined into one estimate). The rows divided into folds are those outside the spec's test
 * part (the training and validation parts of its {@code split}, or every row without one), so the test part stays
 * unseen. Each fold trains a fresh model from the spec's initialisation, its scaling fitted on the other folds only,
 * with the held-out fold as its validation part (early stopping on a {@code val_} figure watches that fold).
 *
 * <p>{@code std} is the population standard deviation over the folds: the square root of the average squared
 * deviation from the mean, each fold weighted 1/K, as 003's glossary defines the variance ("Variance": the
 * probability-weighted average of squared deviations).
 */
public record CrossValidation(int rows, boolean testHeldOut, List<Fold> folds) {
    public CrossValidation {
        folds = List.copyOf(folds);
    }

    /** One fold's run: its sizes and the final model's figures on the held-out fold, in evaluation mode. */
    public record Fold(int trainingRows, int validationRows, double loss, double accuracy, double mae) {
    }

    /**
     * The partition of the rows of {@code data} into {@code k} folds drawn by {@code seed}; stratified by the class of
     * each row's target under {@code decision} when {@code stratify}.
     */
    public static int[][] partition(Dataset data, Decision decision, int outputSize, int k, long seed,
            boolean stratify) {
        if (!stratify) {
            return Splits.folds(new int[data.size()], 1, k, seed);
        }
        return Splits.folds(Prepared.classes(data, decision), decision.classes(outputSize), k, seed);
    }

    /** Runs the K folds of {@code spec} (read from {@code file}), each on a model from {@code models}. */
    public static CrossValidation run(Spec spec, Path file, Supplier<Model> models, int k, long seed,
            boolean stratify) throws SpecException {
        DataLoader.Loaded loaded = DataLoader.loadNamed(spec, file);
        if (!loaded.cells().columns().isEmpty()) {
            // each fold would fit its own categories, and so its own input width: one network cannot take them all
            throw new WorkflowError(spec.data().pos() + ": --folds does not take categorical columns ("
                    + String.join(", ", loaded.cells().columns()) + "); use split instead");
        }
        Model first = models.get();
        Decision decision = first.decision();
        if (stratify && decision == Decision.NONE) {
            throw new WorkflowError("--stratify needs class targets, but the output of network "
                    + spec.network().name() + " is not a class decision");
        }
        Dataset all = loaded.data();
        Splits.Parts parts = Prepared.parts(spec, all, decision);
        Dataset pool = all;
        if (parts != null) {
            int[] kept = java.util.stream.IntStream.concat(java.util.Arrays.stream(parts.training()),
                    java.util.Arrays.stream(parts.validation())).sorted().toArray();
            pool = Splits.rows(all, kept);
        }
        if (k > pool.size()) {
            throw new WorkflowError("--folds " + k + ": only " + pool.size() + " rows to divide"
                    + (parts != null ? " outside the test part" : ""));
        }
        int[][] folds = partition(pool, decision, first.outputSize(), k, seed, stratify);
        List<Fold> results = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            final int held = f;
            int[] training = java.util.stream.IntStream.range(0, k).filter(g -> g != held)
                    .flatMap(g -> java.util.Arrays.stream(folds[g])).sorted().toArray();
            Dataset trainingRows = Splits.rows(pool, training);
            Dataset validationRows = Splits.rows(pool, folds[f]);
            double[][] fitRows = trainingRows.x();
            InputScaling scaling = spec.workflow().scaling().map(sc -> Prepared.fit(sc, fitRows))
                    .orElse(InputScaling.NONE);
            Prepared prepared = new Prepared(spec, file, scaling.apply(trainingRows), scaling.apply(validationRows),
                    new Dataset(new double[0][], new double[0][]), scaling, loaded.inputNames(), loaded.classNames(),
                    trainingRows);
            Model model = f == 0 ? first : models.get();
            Fitting.fit(spec, model, prepared, new TrainingListener() { });
            Evaluation e = Evaluation.of(spec, model, prepared.validation());
            results.add(new Fold(training.length, folds[f].length, e.result().loss(), e.result().accuracy(),
                    e.mae()));
        }
        return new CrossValidation(pool.size(), parts != null && parts.test().length > 0, results);
    }

    /**
     * The report: a header, one line per fold (sizes, loss, and accuracy for a classifier or MAE for a regression),
     * then the mean and the standard deviation of each figure over the folds, computed from the unrounded figures.
     */
    public List<String> lines(int k, long seed, boolean stratify, boolean classifies, boolean hasLoss) {
        List<String> lines = new ArrayList<>();
        lines.add(k + "-fold cross-validation of the " + rows + (testHeldOut ? " rows outside the test part" : " rows")
                + ", folds drawn with seed "
                + seed + (stratify ? ", stratified by class" : "") + "; each fold trains a fresh model and is"
                + " measured in evaluation mode");
        String second = classifies ? "accuracy" : "mae";
        java.util.function.ToDoubleFunction<Fold> other = classifies ? Fold::accuracy : Fold::mae;
        int width = Integer.toString(k).length();
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            lines.add(String.format(java.util.Locale.ROOT, "fold %" + width + "d  training %5d  validation %5d%s",
                    f + 1, fold.trainingRows(), fold.validationRows(), figures(hasLoss, second, fold.loss(),
                            other.applyAsDouble(fold))));
        }
        String pad = " ".repeat(5 + width + 31);
        lines.add(String.format(java.util.Locale.ROOT, "%-" + pad.length() + "s%s", "mean",
                figures(hasLoss, second, mean(Fold::loss), mean(other))));
        lines.add(String.format(java.util.Locale.ROOT, "%-" + pad.length() + "s%s", "std",
                figures(hasLoss, second, std(Fold::loss), std(other))));
        lines.add("std: the population standard deviation over the " + k + " folds (each weighted 1/" + k
                + ", 003's variance)");
        return lines;
    }

    private static String figures(boolean hasLoss, String second, double loss, double other) {
        return (hasLoss ? String.format(java.util.Locale.ROOT, "  loss %.6f", loss) : "")
                + String.format(java.util.Locale.ROOT, "  %s %.6f", second, other);
    }

    /** The mean over the folds of {@code figure}. */
    public double mean(java.util.function.ToDoubleFunction<Fold> figure) {
        return folds.stream().mapToDouble(figure).sum() / folds.size();
    }

    /** The population standard deviation over the folds of {@code figure} (see the class comment). */
    public double std(java.util.function.ToDoubleFunction<Fold> figure) {
        double mean = mean(figure);
        double squares = folds.stream().mapToDouble(f -> {
            double d = figure.applyAsDouble(f) - mean;
            return d * d;
        }).sum();
        return Math.sqrt(squares / folds.size());
    }
}
