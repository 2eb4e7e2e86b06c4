package nnspec.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingDivergedException;
import nnspec.runtime.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Compile the spec in memory and train it with the spec's plan and data.",
                "Prints one line per epoch (loss and accuracy of the model at the epoch's end, over the training"
                        + " data) and then the final parameters."})
final class TrainCommand extends Subcommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "generated",
            description = "generated (default) or interpreter")
    String backend;

    @Option(names = "--every", paramLabel = "N", defaultValue = "1",
            description = "print every N-th epoch (and always the last); default ${DEFAULT-VALUE}")
    int every;

    @Override
    public Integer call() {
        if (every < 1) {
            throw new UserError("--every: must be at least 1, found " + every);
        }
        Backend chosen = Options.backend(backend);
        Job job = Inputs.job(specFile);
        Model model = chosen.create(job.spec());
        int epochs = job.spec().train().epochs();
        try {
            job.train(model, new TrainingListener() {
                @Override
                public void afterEpoch(EpochResult result, Model m) {
                    if (result.epoch() % every == 0 || result.epoch() == epochs) {
                        out().println(epochLine(result, epochs));
                    }
                }
            });
        } catch (TrainingDivergedException e) {
            throw Inputs.diverged(specFile, e);
        }
        out().println("parameters:");
        for (int k = 0; k < model.parameterCount(); k++) {
            out().println("  " + model.parameterName(k) + " = " + model.parameters()[k]);
        }
        return 0;
    }

    static String epochLine(EpochResult result, int epochs) {
        int width = Integer.toString(epochs).length();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d", result.epoch()));
        if (!Double.isNaN(result.loss())) {
            line.append(String.format(Locale.ROOT, "  loss %.6f", result.loss()));
        }
        if (!Double.isNaN(result.accuracy())) {
            line.append(String.format(Locale.ROOT, "  accuracy %.4f", result.accuracy()));
        }
        return line.toString();
    }
}
