package nnspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.model.Workflow;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.pipeline.Fitting;
import nnspec.pipeline.Plots;
import nnspec.pipeline.Prepared;
import nnspec.pipeline.WorkflowError;
import nnspec.runtime.AtomicFiles;
import nnspec.runtime.EarlyStopping;
import nnspec.runtime.EpochReport;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;
import nnspec.runtime.Monitor;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingDivergedException;
import nnspec.runtime.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Compile the spec in memory and train it with the spec's plan and data: split, scaled and"
                + " stopped early as the spec asks.",
                "Prints the epochs' figures (training, and validation with a validation part), the final"
                        + " parameters of a small network, a summary of every part (training, validation, test) for the"
                        + " model at the end, and where the model was saved."})
final class TrainCommand extends Subcommand implements Callable<Integer> {
    /** Networks with at most this many parameters have them printed after training. */
    static final int PRINTED_PARAMETERS = 64;
    /** About this many epoch lines are printed unless --every says otherwise. */
    static final int EPOCH_LINES = 20;

    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "generated",
            description = "generated (default) or interpreter")
    String backend;

    @Option(names = "--numeric", paramLabel = "MODE", defaultValue = "fast", description = Options.NUMERIC_HELP)
    String numeric;

    @Option(names = "--every", paramLabel = "N",
            description = "print every N-th epoch (and always the last); default: about " + EPOCH_LINES
                    + " lines, every ceil(epochs / " + EPOCH_LINES + ")-th epoch")
    Integer every;

    @Option(names = "--figures", paramLabel = "F", defaultValue = "average",
            description = {"which training figures each epoch line prints: average (default; the sample-wise average"
                    + " over the epoch's steps, each sample measured before its step's update, as Keras prints and"
                    + " 003 section 1.9 defines) or end (the model at the epoch's end over the training part)."
                    + " Validation figures are always those of the model at the epoch's end"})
    String figures;

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", hideParamSyntax = true,
            description = {"what each epoch line prints, comma-separated, in the order given: loss, accuracy, error"
                    + " (classification error, the mean 0-1 loss), precision, recall, specificity (these three for"
                    + " single-output binary classifiers, class 1 positive); confusion prints the confusion matrix"
                    + " (rows predicted, columns actual) after the last epoch. A ratio with nothing to divide by"
                    + " (precision without a positive prediction, ...) prints n/a. Default: loss and accuracy,"
                    + " each where the spec defines it"})
    List<String> metrics;

    @Option(names = "--out", paramLabel = "DIR",
            description = "the folder for the trained model (model.nnm); default runs/NAME, NAME the spec's file name"
                    + " without .nn")
    Path outDir;

    @Option(names = "--progress", paramLabel = "P", defaultValue = "auto",
            description = "bar (a live progress bar over the training steps on standard error, showing the latest"
                    + " epoch's figures; the epoch lines are then left out), lines (an epoch line every --every epochs)"
                    + " or auto (default: bar when nnspec runs on a terminal, else lines)")
    String progress;

    @Option(names = "--plots", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "write the plots beside the model (default); --no-plots leaves them out")
    boolean plots;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue the run that wrote this checkpoint (OUT/checkpoint.nnm); the result equals that of"
                    + " a run never interrupted, to the bit")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "write OUT/checkpoint.nnm after every N-th epoch; default: as often as epochs are printed")
    Integer checkpointEvery;

    @Option(names = "--folds", paramLabel = "K",
            description = {"k-fold cross-validation instead of one training run (003 section 1.5): the rows outside"
                    + " the test part dealt into K folds; each fold trains a fresh model on the others and is measured"
                    + " on itself; prints each fold's figures, their mean and their (population) standard deviation."
                    + " Writes no model"})
    Integer folds;

    @Option(names = "--fold-seed", paramLabel = "S",
            description = "the seed of the shuffle that deals the folds; default: the split's seed, else 0")
    Long foldSeed;

    @Option(names = "--stratify", negatable = true,
            description = "deal each class evenly over the folds; default: as the spec's split says (else not)")
    Boolean stratify;

    @picocli.CommandLine.Mixin
    ReadOptions reading = new ReadOptions();

    @Override
    public Integer call() {
        if (folds != null) {
            return crossValidate();
        }
        if (every != null && every < 1) {
            throw new UserError("--every: must be at least 1, found " + every);
        }
        if (!figures.equals("average") && !figures.equals("end")) {
            throw new UserError("--figures: expected average or end, found '" + figures + "'");
        }
        Backend chosen = Options.backend(backend);
        List<TrainMetric> chosenMetrics = metrics == null ? null : TrainMetric.parse(metrics);
        Spec spec = Inputs.spec(specFile, reading.folders());
        Model model = chosen.create(spec, Options.numeric(numeric));
        if (chosenMetrics != null) {
            for (TrainMetric metric : chosenMetrics) {
                metric.requireDefinedFor(model, specFile);
            }
        }
        Prepared data = prepare(spec, model);
        ModelFile.Saved checkpoint = resume == null ? null : readCheckpoint(spec, model, data);
        Path out = outDir != null ? outDir : defaultOut(specFile);
        Path checkpointFile = out.resolve("checkpoint.nnm");
        int epochs = spec.train().epochs();
        int printEvery = every != null ? every : Math.max(1, (epochs + EPOCH_LINES - 1) / EPOCH_LINES);
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new UserError("--checkpoint-every: must be at least 1, found " + checkpointEvery);
        }
        int saveEvery = checkpointEvery != null ? checkpointEvery : printEvery;
        List<TrainMetric> columns = chosenMetrics != null ? chosenMetrics : TrainMetric.defaults(model);
        boolean average = figures.equals("average");
        if (!List.of("auto", "bar", "lines").contains(progress)) {
            throw new UserError("--progress: expected auto, bar or lines, found '" + progress + "'");
        }
        boolean showBar = progress.equals("bar") || progress.equals("auto") && System.console() != null;
        int firstEpoch = checkpoint == null ? 1 : checkpoint.training().position().epochsDone() + 1;
        long stepsPerEpoch = (data.training().size() + spec.train().batchSize() - 1) / spec.train().batchSize();
        me.tongfei.progressbar.ProgressBar bar = !showBar ? null : new me.tongfei.progressbar.ProgressBarBuilder()
                .setTaskName(spec.network().name())
                // an estimate over every epoch misleads when early stopping ends the run sooner; it also needs room
                .hideEta()
                .setInitialMax(stepsPerEpoch * (epochs - firstEpoch + 1))
                .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> {
                    // the library draws from its own thread, the first frames before the figures below are set;
                    // a frame without them has a longer bar, so only frames that carry them are shown
                    if (!line.contains(" epoch ")) {
                        return;
                    }
                    commandSpec.commandLine().getErr().print("\r" + line);
                    commandSpec.commandLine().getErr().flush();
                }, barWidth()))
                .build();
        String barMessageFormat = barMessageFormat(epochs, model.hasLoss(), data.validation().size() > 0);
        if (bar != null) {
            // placeholders of the final width until the first epoch ends, so the bar keeps its length from the start
            bar.setExtraMessage(String.format(Locale.ROOT, barMessageFormat.replaceAll("%(\\d+)\\.4f", "%$1s")
                    .replaceAll("%(\\d+)d", "%$1s"), "-", "-", "-"));
        }
        Trainer.History history;
        try {
            history = Fitting.fit(spec, model, data, new TrainingListener() {
                        @Override
                        public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y,
                                double[] yhat, double loss, Model m) {
                            if (bar != null) {
                                bar.step();
                            }
                        }

                        @Override
                        public void afterEpoch(EpochReport report, Model m) {
                            if (bar != null) {
                                bar.setExtraMessage(barMessage(barMessageFormat, report, average));
                            } else if (report.epoch() % printEvery == 0 || report.epoch() == epochs) {
                                out().println(epochLine(report, epochs, columns, average));
                            }
                        }

                        @Override
                        public void afterPosition(Trainer.Position position, Model m) {
                            if (position.epochsDone() % saveEvery == 0) {
                                write(checkpointFile, Fitting.checkpoint(spec, m, data, position));
                            }
                        }
                    }, checkpoint).history();
        } catch (WorkflowError e) {
            throw new UserError(e.getMessage());
        } catch (TrainingDivergedException e) {
            closeBar(bar);
            out().flush();
            commandSpec.commandLine().getErr().println(Inputs.divergedLine(specFile, e)
                    + (java.nio.file.Files.exists(checkpointFile) ? "; the last good checkpoint is " + checkpointFile
                            : ""));
            return Main.FAILED;
        }
        closeBar(bar);
        EpochReport last = history.last();
        if (bar != null || last.epoch() % printEvery != 0 && last.epoch() != epochs) {
            out().println(epochLine(last, epochs, columns, average));
        }
        if (chosenMetrics != null && chosenMetrics.contains(TrainMetric.CONFUSION)) {
            TrainMetric.confusionLines(average ? last.training() : last.end()).forEach(out()::println);
        }
        if (history.stoppedEpoch() > 0) {
            Workflow.EarlyStop s = spec.workflow().earlyStop().orElseThrow();
            out().println("stopped early at epoch " + history.stoppedEpoch() + ": " + s.monitor().keyword()
                    + " did not improve for " + s.patience() + " epoch" + (s.patience() == 1 ? "" : "s")
                    + (s.restoreBest() ? "; restored the parameters of epoch " + history.bestEpoch() : ""));
        } else if (spec.workflow().earlyStop().map(Workflow.EarlyStop::restoreBest).orElse(false)) {
            out().println("restored the parameters of epoch " + history.bestEpoch() + ", the best by "
                    + spec.workflow().earlyStop().orElseThrow().monitor().keyword());
        }
        if (model.parameterCount() <= PRINTED_PARAMETERS) {
            out().println("parameters:");
            for (int k = 0; k < model.parameterCount(); k++) {
                out().println("  " + model.parameterName(k) + " = " + model.parameters()[k]);
            }
        }
        summary(model, data, columns).forEach(out()::println);
        spec.workflow().humanError().ifPresent(human -> biasAndVariance(model, data, human).forEach(out()::println));
        // The model file and the plots are one output: written together or not at all, so a failed plot never
        // leaves a new model beside the previous run's plots.
        Path target = out.resolve("model.nnm");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(target, ModelFile.format(new Fitting(spec, model, data, history).saved())
                .getBytes(StandardCharsets.UTF_8));
        Map<Path, byte[]> plotFiles = plots ? plots(model, data, history, out) : Map.of();
        files.putAll(plotFiles);
        try {
            AtomicFiles.writeAll(files);
        } catch (IOException e) {
            throw Inputs.cannotWrite(target, e);
        }
        out().println("model: " + target);
        if (plots) {
            out().println("plots: " + String.join(", ", plotFiles.keySet().stream().map(Path::toString).toList()));
        }
        return 0;
    }

    private int crossValidate() {
        if (folds < 2) {
            throw new UserError("--folds: must be at least 2, found " + folds);
        }
        if (resume != null) {
            throw new UserError("--folds: cross-validation does not continue a checkpoint; leave out --resume");
        }
        Backend chosen = Options.backend(backend);
        nnspec.lower.NumericMode mode = Options.numeric(numeric);
        Spec spec = Inputs.spec(specFile, reading.folders());
        java.util.Optional<Workflow.Split> split = spec.workflow().split();
        long seed = foldSeed != null ? foldSeed : split.map(Workflow.Split::seed).orElse(0L);
        boolean stratified = stratify != null ? stratify : split.map(Workflow.Split::stratify).orElse(false);
        nnspec.pipeline.CrossValidation cv;
        try {
            cv = nnspec.pipeline.CrossValidation.run(spec, specFile, () -> chosen.create(spec, mode), folds, seed,
                    stratified);
        } catch (SpecException e) {
            throw Inputs.userError(e);
        } catch (WorkflowError e) {
            throw new UserError(e.getMessage());
        } catch (TrainingDivergedException e) {
            out().flush();
            commandSpec.commandLine().getErr().println(Inputs.divergedLine(specFile, e));
            return Main.FAILED;
        }
        Model probe = chosen.create(spec, mode);
        cv.lines(folds, seed, stratified, probe.decision() != nnspec.runtime.Decision.NONE, probe.hasLoss())
                .forEach(out()::println);
        return 0;
    }

    /** Loss, accuracy (classifiers) and decision regions (two-input classifiers), as PNG and SVG bytes for {@code out}. */
    private static Map<Path, byte[]> plots(Model model, Prepared data, Trainer.History history, Path out) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        try {
            if (model.hasLoss()) {
                files.putAll(Plots.render(Plots.loss(history), out.resolve("loss")));
            }
            if (model.decision() != nnspec.runtime.Decision.NONE) {
                files.putAll(Plots.render(Plots.accuracy(history), out.resolve("accuracy")));
                if (model.inputSize() == 2) {
                    files.putAll(Plots.render(Plots.decisionBoundary(model, data.unscaledTraining(),
                            point -> {
                                double[] scaled = new double[2];
                                data.scaling().transform(point, scaled);
                                return scaled;
                            }, data.classNames()), out.resolve("decision-boundary")));
                }
            }
        } catch (IOException e) {
            throw new UserError(out + ": cannot draw the plots: " + e.getMessage());
        }
        return files;
    }

    /**
     * The bar's width: one column less than the terminal's (a line that fills the last column wraps on many
     * terminals, and every redraw then starts a new line), at most {@link #BAR_WIDTH}; 80 columns where the
     * width is unknown.
     */
    static int barWidth() {
        int columns = new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err).getMaxRenderedLength();
        return barWidth(columns);
    }

    static int barWidth(int terminalColumns) {
        return Math.min(BAR_WIDTH, (terminalColumns > 1 ? terminalColumns : 80) - 1);
    }

    /** The widest bar, in columns. */
    static final int BAR_WIDTH = 120;

    /**
     * The format of the figures beside the bar, every field of a fixed width: the library shortens the bar by the
     * message's length, so a message that grew or shrank (epoch 9 to 10, a loss of 10.5 after 0.95) would make the
     * bar jump from one redraw to the next.
     */
    static String barMessageFormat(int epochs, boolean loss, boolean validation) {
        String number = loss ? "%7.4f" : "%6.4f";
        String name = loss ? "loss" : "accuracy";
        return "epoch %" + Integer.toString(epochs).length() + "d " + name + " " + number
                + (validation ? " val_" + name + " " + number : "");
    }

    /** The latest figures beside the bar: the epoch, its loss (or accuracy) and the validation one. */
    static String barMessage(String format, EpochReport report, boolean average) {
        EpochResult training = average ? report.training() : report.end();
        boolean loss = !Double.isNaN(training.loss());
        return report.hasValidation()
                ? String.format(Locale.ROOT, format, report.epoch(), loss ? training.loss() : training.accuracy(),
                        loss ? report.validation().loss() : report.validation().accuracy())
                : String.format(Locale.ROOT, format, report.epoch(), loss ? training.loss() : training.accuracy());
    }

    private void closeBar(me.tongfei.progressbar.ProgressBar bar) {
        if (bar != null) {
            bar.close();
            commandSpec.commandLine().getErr().println();
            commandSpec.commandLine().getErr().flush();
        }
    }

    private static void write(Path target, ModelFile.Saved saved) {
        try {
            ModelFile.write(target, saved);
        } catch (IOException e) {
            throw Inputs.cannotWrite(target, e);
        }
    }

    private ModelFile.Saved readCheckpoint(Spec spec, Model model, Prepared data) {
        ModelFile.Saved saved = Trained.read(resume, "checkpoint");
        String why = Fitting.cannotResume(spec, model, data, saved);
        if (why != null) {
            throw new UserError(resume + ": " + why);
        }
        return saved;
    }

    static Path defaultOut(Path spec) {
        String name = spec.getFileName().toString();
        return Path.of("runs", name.endsWith(".nn") ? name.substring(0, name.length() - 3) : name);
    }

    private Prepared prepare(Spec spec, Model model) {
        try {
            return Fitting.prepare(spec, specFile, model);
        } catch (SpecException e) {
            throw Inputs.userError(e);
        } catch (WorkflowError e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The final figures of the model as it ends, in evaluation mode, over each part the data was split into. */
    static List<String> summary(Model model, Prepared data, List<TrainMetric> columns) {
        List<String> lines = new ArrayList<>();
        lines.add("final model (evaluation mode):");
        String[] names = {"training", "validation", "test"};
        nnspec.runtime.Dataset[] parts = {data.training(), data.validation(), data.test()};
        for (int k = 0; k < names.length; k++) {
            if (parts[k].size() == 0) {
                continue;
            }
            EpochResult result = Trainer.evaluate(model, parts[k], 0);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s %5d samples", names[k],
                    parts[k].size()));
            for (TrainMetric metric : columns) {
                if (metric.isColumn()) {
                    line.append(metric.cell(result));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * 002_db2ef66716d01cf4.txt, "How to estimate bias and variance?": the avoidable bias E_train - E_human and the
     * variance estimate E_dev - E_train from the classification errors of the final model (the dev set is the
     * validation part, or the test part without one), and the verdict with a tolerance of 1 percentage point.
     */
    static List<String> biasAndVariance(Model model, Prepared data, double human) {
        if (model.decision() == nnspec.runtime.Decision.NONE) {
            return List.of("human_error: no classification error to compare (the output is not a class decision)");
        }
        nnspec.runtime.Dataset dev = data.validation().size() > 0 ? data.validation() : data.test();
        if (dev.size() == 0) {
            return List.of("human_error: no validation or test part to estimate the variance on");
        }
        double train = Trainer.evaluate(model, data.training(), 0).classificationError();
        double held = Trainer.evaluate(model, dev, 0).classificationError();
        nnspec.runtime.Metrics.Verdict verdict = nnspec.runtime.Metrics.biasVarianceVerdict(human, train, held, 0.01);
        return List.of(String.format(Locale.ROOT, "bias and variance (002): human error %.4f, training error %.4f,"
                + " %s error %.4f: avoidable bias %.4f, variance %.4f: %s", human, train,
                dev == data.validation() ? "validation" : "test", held,
                nnspec.runtime.Metrics.avoidableBias(human, train), nnspec.runtime.Metrics.varianceEstimate(train, held),
                verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    }

    /** The epoch line: the training figures chosen, then the same columns of the validation part, prefixed val_. */
    static String epochLine(EpochReport report, int epochs, List<TrainMetric> metrics, boolean average) {
        int width = Integer.toString(epochs).length();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d", report.epoch()));
        EpochResult training = average ? report.training() : report.end();
        for (TrainMetric metric : metrics) {
            if (metric.isColumn()) {
                line.append(metric.cell(training));
            }
        }
        if (report.hasValidation()) {
            for (TrainMetric metric : metrics) {
                if (metric.isColumn()) {
                    line.append(metric.cell(report.validation()).replaceFirst("^  ", "  val_"));
                }
            }
        }
        return line.toString();
    }
}
