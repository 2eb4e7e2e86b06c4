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
        return fit(spec, model, data, listener, null);
    }

    /**
     * {@link #fit} continuing from {@code checkpoint} (null: from the start): its parameters and optimizer state are
     * put into {@code model} first.
     */
    public static Fitting fit(Spec spec, Model model, Prepared data, TrainingListener listener,
            ModelFile.Saved checkpoint) {
        lastBatchNormalisable(spec, data.training().size());
        Trainer.Stopping stopping = spec.workflow().earlyStop().map(s -> stopping(s, model)).orElse(null);
        Trainer.Position start = null;
        if (checkpoint != null) {
            System.arraycopy(checkpoint.parameters(), 0, model.parameters(), 0, model.parameterCount());
            if (model.optimizer() != null) {
                model.optimizer().restore(checkpoint.training().optimizer());
            }
            start = checkpoint.training().position();
        }
        Trainer.History history = Trainer.fit(model, data.training(), data.validation(), Job.plan(spec.train()),
                stopping, listener, start);
        return new Fitting(spec, model, data, history);
    }

    /**
     * The checker refuses batch 1 before a batch normalisation of one value per feature; a training part of n
     * samples with n mod batch = 1 still ends each epoch with such a batch, which PyTorch refuses too.
     */
    private static void lastBatchNormalisable(Spec spec, int samples) {
        int batch = spec.train().batchSize();
        if (samples % batch != 1) {
            return;
        }
        for (nnspec.model.Layer layer : spec.network().layers()) {
            if (layer instanceof nnspec.model.BatchNormLayer bn && bn.pixels() == 1) {
                throw new WorkflowError(spec.fileName() + ": the training part holds " + samples + " samples, so"
                        + " each epoch's last batch holds 1 sample, on which batchnorm " + bn.name() + " would"
                        + " normalise one value per feature; choose a batch size that leaves at least 2");
            }
        }
    }

    /**
     * Why a run of {@code spec} cannot continue from {@code checkpoint}, or null when it can: the checkpoint must be
     * of this spec's exact bytes, hold training state, stop before the last epoch, have been prepared from the same
     * data (the same scaling statistics) and hold a state for each of the network's random generators.
     */
    public static String cannotResume(Spec spec, Model model, Prepared data, ModelFile.Saved checkpoint) {
        if (checkpoint.training() == null) {
            return "is a trained model, not a checkpoint (no training state)";
        }
        if (!checkpoint.specSha256().equals(spec.sha256())) {
            return "was written by a run of another version of the spec (sha256 " + checkpoint.specSha256()
                    + ", the spec's is " + spec.sha256() + ")";
        }
        if (checkpoint.parameters().length != model.parameterCount()) {
            return "holds " + checkpoint.parameters().length + " parameters; the network has " + model.parameterCount();
        }
        if (checkpoint.training().position().epochsDone() >= spec.train().epochs()) {
            return "is at epoch " + checkpoint.training().position().epochsDone() + ", the last; nothing is left to train";
        }
        if (!sameScaling(checkpoint.scaling(), data.scaling())
                || !checkpoint.categories().equals(data.categories())) {
            return "was prepared from other data: its scaling statistics or categories differ from those of the data now";
        }
        int generators = model.randomStates().length;
        if (checkpoint.training().position().randomStates().length != generators) {
            return "holds " + checkpoint.training().position().randomStates().length + " random generator states;"
                    + " network " + spec.network().name() + " draws from " + generators;
        }
        return null;
    }

    /** Whether two scalings hold the same statistics, to the bit (as a model file writes them). */
    public static boolean sameScaling(nnspec.runtime.InputScaling a, nnspec.runtime.InputScaling b) {
        return ModelFile.format(new ModelFile.Saved("", "", new double[0], a, java.util.List.of(), java.util.List.of()))
                .equals(ModelFile.format(new ModelFile.Saved("", "", new double[0], b, java.util.List.of(),
                        java.util.List.of())));
    }

    /** What a checkpoint after {@code position} holds. */
    public static ModelFile.Saved checkpoint(Spec spec, Model model, Prepared data, Trainer.Position position) {
        double[] optimizer = model.optimizer() == null ? new double[0] : model.optimizer().state();
        return new ModelFile.Saved(spec.network().name(), spec.sha256(), model.parameters(), data.scaling(),
                data.inputNames(), data.classNames(), new ModelFile.TrainingState(position, optimizer),
                data.categories());
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
                data.inputNames(), data.classNames(), null, data.categories());
    }
}
