package nnspec.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.model.Workflow;
import nnspec.read.SpecReader;
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
                       List<String> inputNames, List<String> classNames, Dataset unscaledTraining) {
    public Prepared {
        inputNames = List.copyOf(inputNames);
        classNames = List.copyOf(classNames);
    }

    /** Reads, checks, loads, splits and scales; {@code decision} turns targets into classes for a stratified split. */
    public static Prepared load(Path file, Decision decision) throws SpecException {
        Spec spec = SpecReader.read(file);
        return of(spec, file, DataLoader.loadNamed(spec, file), decision);
    }

    public static Prepared of(Spec spec, Path file, DataLoader.Loaded loaded, Decision decision) {
        Dataset all = loaded.data();
        Dataset training = all;
        Dataset validation = new Dataset(new double[0][], new double[0][]);
        Dataset test = validation;
        Splits.Parts parts = parts(spec, all, decision);
        if (parts != null) {
            training = Splits.rows(all, parts.training());
            validation = Splits.rows(all, parts.validation());
            test = Splits.rows(all, parts.test());
        }
        double[][] fitRows = training.x();
        InputScaling scaling = spec.workflow().scaling().map(sc -> fit(sc, fitRows)).orElse(InputScaling.NONE);
        return new Prepared(spec, file, scaling.apply(training), scaling.apply(validation), scaling.apply(test),
                scaling, loaded.inputNames(), loaded.classNames(), training);
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
