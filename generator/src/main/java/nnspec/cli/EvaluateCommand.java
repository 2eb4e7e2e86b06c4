package nnspec.cli;

import java.util.concurrent.Callable;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.pipeline.Evaluation;
import nnspec.runtime.Dataset;
import picocli.CommandLine.Command;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a trained model on a CSV file with the spec's columns: loss, accuracy, error,"
                + " precision, recall and specificity (two classes, class 1 positive) and the confusion matrix"
                + " (positive class first) for a classifier; MSE, MAE and, with regression_limit, 003's regression"
                + " accuracy for a regression. The inputs are scaled as when the model was trained."})
final class EvaluateCommand extends Subcommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TrainedModelOptions model;

    @Override
    public Integer call() {
        Trained trained = model.load(commandSpec.commandLine().getErr());
        Dataset data;
        try {
            data = DataLoader.loadOther(trained.spec(), model.dataFile, trained.saved().inputNames(),
                    trained.saved().classNames()).data();
        } catch (SpecException e) {
            throw Inputs.userError(e);
        }
        Evaluation evaluation = Evaluation.of(trained.spec(), trained.model(),
                trained.saved().scaling().apply(data));
        evaluation.lines(trained.spec(), trained.saved().classNames()).forEach(out()::println);
        return 0;
    }
}
