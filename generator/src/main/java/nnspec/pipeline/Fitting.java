package nnspec.pipeline;

import java.nio.file.Path;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.model.Workflow;
import nnspec.runtime.Decision;
import nnspec.runtime.EarlyStopping;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;
import nnspec.runtime.Monitor;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;

/** A spec's whole training run as {@code nnspec train} does it: data prepared, model fitted, early stopping. */
public record Fitting(Spec spec, Model model, Prepared data, Trainer.History history) {

    /** Loads and prepares the data of {@code spec} (read from {@code file}) for {@code model}. */
    public static Prepared prepare(Spec spec, Path file, Model model) throws SpecException {
        return Prepared.of(spec, file, DataLoader.loadNamed(spec, file), model.decision());
    }

    /** Trains {@code model} on {@code data} with the spec's plan and early stopping. */
    public static Fitting fit(Spec spec, Model model, Prepared data, TrainingListener listener) {
        Trainer.Stopping stopping = spec.workflow().earlyStop().map(s -> stopping(s, model)).orElse(null);
        Trainer.History history = Trainer.fit(model, data.training(), data.validation(), Job.plan(spec.train()),
                stopping, listener);
        return new Fitting(spec, model, data, history);
    }

    /** The spec's early stopping for {@code model}, refused where the model cannot give the monitored figure. */
    public static Trainer.Stopping stopping(Workflow.EarlyStop stop, Model model) {
        Monitor monitor = Monitor.valueOf(stop.monitor().name());
        if (monitor.mode() == EarlyStopping.Mode.MAX && model.decision() == Decision.NONE) {
            throw new WorkflowError(stop.pos() + ": early_stop monitors " + stop.monitor().keyword()
                    + ", but network " + model.name() + " is not a classifier; monitor a loss");
        }
        if (monitor.mode() == EarlyStopping.Mode.MIN && !model.hasLoss()) {
            throw new WorkflowError(stop.pos() + ": early_stop monitors " + stop.monitor().keyword()
                    + ", but the perceptron rule trains without a loss; monitor an accuracy");
        }
        return new Trainer.Stopping(new EarlyStopping(monitor.mode(), stop.minDelta(), stop.patience(),
                stop.restoreBest()), monitor);
    }

    /** What a model file of this run holds. */
    public ModelFile.Saved saved() {
        return new ModelFile.Saved(spec.network().name(), spec.sha256(), model.parameters(), data.scaling(),
                data.inputNames(), data.classNames());
    }
}
