package nnspec.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.model.Workflow;
import nnspec.read.SpecReader;
import nnspec.runtime.Categories;
import nnspec.runtime.Dataset;
import nnspec.runtime.Decision;
import nnspec.runtime.InputScaling;
import nnspec.runtime.Preprocessing;
import nnspec.runtime.Splits;

/**
 * A spec's data ready for a training run: split into training, validation and test parts as the spec's
 * {@code split} asks (validation and test empty without one), and scaled by its {@code scale}, fitted on the
 * training part only; with the names of the input columns and classes, and the training part as read (for
 * pictures in the data's own units).
 */
public record Prepared(Spec spec, Path file, Dataset training, Dataset validation, Dataset test, InputScaling scaling,
                       List<String> inputNames, List<String> classNames, Dataset unscaledTraining,
                       Categories categories) {
    public Prepared {
        inputNames = List.copyOf(inputNames);
        classNames = List.copyOf(classNames);
    }

    /** Without categorical input columns. */
    public Prepared(Spec spec, Path file, Dataset training, Dataset validation, Dataset test, InputScaling scaling,
                    List<String> inputNames, List<String> classNames, Dataset unscaledTraining) {
        this(spec, file, training, validation, test, scaling, inputNames, classNames, unscaledTraining,
                Categories.NONE);
    }

    /** Reads, checks, loads, splits and scales; {@code decision} turns targets into classes for a stratified split. */
    public static Prepared load(Path file, Decision decision) throws SpecException {
        Spec spec = SpecReader.read(file);
        return of(spec, file, DataLoader.loadNamed(spec, file), decision);
    }

    /**
     * Categorical columns are one-hot encoded after scaling, with categories fitted on the training part: the
     * scaling sees their placeholder 0 (a constant column, left constant) and the encoding replaces it, so one-hot
     * inputs stay 0 or 1.
     */
    public static Prepared of(Spec spec, Path file, DataLoader.Loaded loaded, Decision decision)
            throws SpecException {
        Dataset all = loaded.data();
        int[] everyRow = loaded.all();
        int[] trainingRows = everyRow;
        int[] validationRows = new int[0];
        int[] testRows = new int[0];
        Splits.Parts parts = parts(spec, all, decision);
        if (parts != null) {
            trainingRows = parts.training();
            validationRows = parts.validation();
            testRows = parts.test();
        }
        Dataset training = Splits.rows(all, trainingRows);
        double[][] fitRows = training.x();
        InputScaling scaling = spec.workflow().scaling().map(sc -> fit(sc, fitRows)).orElse(InputScaling.NONE);
        Categories categories = Categories.fit(loaded.cells().columns(), loaded.cells().cells(), trainingRows);
        // validation before test: each part's first unknown category is found in file order within the part
        Dataset encodedTraining = loaded.encoded(scaling.apply(training), trainingRows, categories, spec.network());
        Dataset validation = loaded.encoded(scaling.apply(Splits.rows(all, validationRows)), validationRows,
                categories, spec.network());
        Dataset test = loaded.encoded(scaling.apply(Splits.rows(all, testRows)), testRows, categories,
                spec.network());
        return new Prepared(spec, file, encodedTraining, validation, test, scaling, loaded.inputNames(),
                loaded.classNames(), loaded.encoded(training, trainingRows, categories, spec.network()), categories);
    }

    /** The parts the spec's {@code split} draws from {@code all}, or null without a split. */
    static Splits.Parts parts(Spec spec, Dataset all, Decision decision) {
        Optional<Workflow.Split> split = spec.workflow().split();
        if (split.isEmpty()) {
            return null;
        }
        Workflow.Split s = split.get();
        if (!s.stratify()) {
            return Splits.split(all.size(), s.validation(), s.test(), s.seed());
        }
        if (decision == Decision.NONE) {
            throw new WorkflowError(s.pos() + ": split stratify yes needs class targets, but the output of network "
                    + spec.network().name() + " is not a class decision");
        }
        return Splits.split(classes(all, decision), decision.classes(spec.network().outputSize()), s.validation(),
                s.test(), s.seed());
    }

    /** The class of each row's target. */
    static int[] classes(Dataset data, Decision decision) {
        int[] classes = new int[data.size()];
        for (int k = 0; k < classes.length; k++) {
            classes[k] = decision.classOf(data.y()[k]);
        }
        return classes;
    }

    /** The spec's scaling fitted on {@code trainingRows}. */
    static InputScaling fit(Workflow.Scaling scaling, double[][] trainingRows) {
        return switch (scaling.kind()) {
            case MINMAX -> new InputScaling(Preprocessing.MinMax.fit(trainingRows, scaling.low(), scaling.high()),
                    null);
            case STANDARDIZE -> new InputScaling(null, Preprocessing.Standardize.fit(trainingRows));
        };
    }
}
