package nnspec.cli;

import java.util.concurrent.Callable;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.pipeline.Evaluation;
import nnspec.pipeline.Fitting;
import nnspec.pipeline.Prepared;
import nnspec.pipeline.WorkflowError;
import nnspec.runtime.Dataset;
import picocli.CommandLine.Command;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a trained model on a CSV file with the spec's columns: loss, accuracy, error,"
                + " precision, recall and specificity (two classes, class 1 positive) and the confusion matrix"
                + " (positive class first) for a classifier; MSE, MAE and, with regression_limit, 003's regression"
                + " accuracy for a regression. The inputs are scaled as when the model was trained.",
                "Without --data it measures the spec's own data (its inline rows or its CSV file): the test part when"
                        + " the spec's split holds one out, else its validation part, else every row, and says which."})
final class EvaluateCommand extends Subcommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TrainedModelOptions model;

    @Override
    public Integer call() {
        Trained trained = model.load(commandSpec.commandLine().getErr());
        if (model.dataFile == null) {
            return ownData(trained);
        }
        Dataset data;
        try {
            DataLoader.Loaded loaded = DataLoader.loadOther(trained.spec(), model.dataFile,
                    trained.saved().inputNames(), trained.saved().classNames(),
                    trained.saved().categories().columns());
            data = loaded.encoded(trained.saved().scaling().apply(loaded.data()), loaded.all(),
                    trained.saved().categories(), trained.spec().network());
        } catch (SpecException e) {
            throw Inputs.userError(e);
        }
        Evaluation evaluation = Evaluation.of(trained.spec(), trained.model(), data);
        evaluation.lines(trained.spec(), trained.saved().classNames()).forEach(out()::println);
        return 0;
    }

    /**
     * The spec's own data, split as training split it: the test part, which the model never saw, else the
     * validation part, else every row. The part is scaled by the statistics fitted now on the training part; they must be the model's,
     * else the data changed since training and the parts may not be the same rows.
     */
    private int ownData(Trained trained) {
        Prepared data;
        try {
            data = Prepared.of(trained.spec(), model.specFile, DataLoader.loadNamed(trained.spec(), model.specFile),
                    trained.model().decision());
        } catch (SpecException e) {
            throw Inputs.userError(e);
        } catch (WorkflowError e) {
            throw new UserError(e.getMessage());
        }
        if (!Fitting.sameScaling(data.scaling(), trained.saved().scaling())
                || !data.categories().equals(trained.saved().categories())) {
            throw new UserError(model.modelFile + ": its scaling statistics or categories differ from those of " + model.specFile
                    + "'s data now, so the data changed since training; give the data to measure with --data");
        }
        boolean test = data.test().size() > 0;
        boolean validation = !test && data.validation().size() > 0;
        Dataset part = test ? data.test() : validation ? data.validation() : data.training();
        out().println("data: " + (test ? "the test part of " : validation ? "the validation part of " : "every row of ")
                + "the spec's data");
        Evaluation.of(trained.spec(), trained.model(), part).lines(trained.spec(), trained.saved().classNames())
                .forEach(out()::println);
        return 0;
    }
}
