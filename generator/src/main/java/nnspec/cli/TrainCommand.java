package nnspec.cli;

import java.nio.file.Path;
import java.util.List;
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
                        + " data, or the columns --metrics lists) and then the final parameters."})
final class TrainCommand extends Subcommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "generated",
            description = "generated (default) or interpreter")
    String backend;

    @Option(names = "--numeric", paramLabel = "MODE", defaultValue = "fast", description = Options.NUMERIC_HELP)
    String numeric;

    @Option(names = "--every", paramLabel = "N", defaultValue = "1",
            description = "print every N-th epoch (and always the last); default ${DEFAULT-VALUE}")
    int every;

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", hideParamSyntax = true,
            description = {"what each epoch line prints, comma-separated, in the order given: loss, accuracy, error"
                    + " (classification error, the mean 0-1 loss), precision, recall, specificity (these three for"
                    + " single-output binary classifiers, class 1 positive); confusion prints the confusion matrix"
                    + " (rows predicted, columns actual) after the last epoch. A ratio with nothing to divide by"
                    + " (precision without a positive prediction, ...) prints n/a. Default: loss and accuracy,"
                    + " each where the spec defines it"})
    List<String> metrics;

    @Override
    public Integer call() {
        if (every < 1) {
            throw new UserError("--every: must be at least 1, found " + every);
        }
        Backend chosen = Options.backend(backend);
        List<TrainMetric> chosenMetrics = metrics == null ? null : TrainMetric.parse(metrics);
        Job job = Inputs.job(specFile);
        Model model = chosen.create(job.spec(), Options.numeric(numeric));
        if (chosenMetrics != null) {
            for (TrainMetric metric : chosenMetrics) {
                metric.requireDefinedFor(model, specFile);
            }
        }
        int epochs = job.spec().train().epochs();
        EpochResult last;
        try {
            last = job.train(model, new TrainingListener() {
                @Override
                public void afterEpoch(EpochResult result, Model m) {
                    if (result.epoch() % every == 0 || result.epoch() == epochs) {
                        out().println(chosenMetrics == null
                                ? epochLine(result, epochs) : epochLine(result, epochs, chosenMetrics));
                    }
                }
            });
        } catch (TrainingDivergedException e) {
            throw Inputs.diverged(specFile, e);
        }
        if (chosenMetrics != null && chosenMetrics.contains(TrainMetric.CONFUSION)) {
            TrainMetric.confusionLines(last).forEach(out()::println);
        }
        out().println("parameters:");
        for (int k = 0; k < model.parameterCount(); k++) {
            out().println("  " + model.parameterName(k) + " = " + model.parameters()[k]);
        }
        return 0;
    }

    static String epochLine(EpochResult result, int epochs) {
        StringBuilder line = epochLabel(result, epochs);
        if (!Double.isNaN(result.loss())) {
            line.append(String.format(Locale.ROOT, "  loss %.6f", result.loss()));
        }
        if (!Double.isNaN(result.accuracy())) {
            line.append(String.format(Locale.ROOT, "  accuracy %.4f", result.accuracy()));
        }
        return line.toString();
    }

    /** The epoch line with the columns the user chose, in their order; the confusion matrix is not a column. */
    static String epochLine(EpochResult result, int epochs, List<TrainMetric> metrics) {
        StringBuilder line = epochLabel(result, epochs);
        for (TrainMetric metric : metrics) {
            if (metric.isColumn()) {
                line.append(metric.cell(result));
            }
        }
        return line.toString();
    }

    private static StringBuilder epochLabel(EpochResult result, int epochs) {
        int width = Integer.toString(epochs).length();
        return new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d", result.epoch()));
    }
}
