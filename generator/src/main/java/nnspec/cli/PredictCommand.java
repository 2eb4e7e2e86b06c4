package nnspec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.pipeline.Evaluation;
import nnspec.runtime.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a trained model: reads the model's input columns from a CSV file (other columns"
                + " are ignored), scales them as in training, and writes one CSV row per input row: for a"
                + " classifier the class and the probability of each class, for a regression the values."})
final class PredictCommand extends Subcommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TrainedModelOptions model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the predictions here (default: print)")
    Path output;

    @Override
    public Integer call() {
        if (model.dataFile == null) {
            throw new UserError("nnspec: Missing required option: '--data=CSV' (see nnspec predict --help)");
        }
        Trained trained = model.load(commandSpec.commandLine().getErr());
        double[][] scaled;
        try {
            DataLoader.Loaded loaded = DataLoader.loadInputs(trained.spec(), model.dataFile,
                    trained.saved().inputNames(), trained.saved().categories().columns());
            double[][] x = loaded.data().x();
            scaled = loaded.encoded(trained.saved().scaling().apply(new nnspec.runtime.Dataset(x,
                    new double[x.length][0])), loaded.all(), trained.saved().categories(),
                    trained.spec().network()).x();
        } catch (SpecException e) {
            throw Inputs.userError(e);
        }
        double[][] outputs = Evaluation.predict(trained.spec(), trained.model(), scaled);
        String text = csv(outputs, trained.model().decision(), trained.saved().classNames());
        if (output == null) {
            out().print(text);
        } else {
            Inputs.writeAtomically(output, text);
        }
        return 0;
    }

    /**
     * The predictions as CSV: {@code class,p_NAME...} for a classifier (for one sigmoid output p_0 = 1 - p and
     * p_1 = p), {@code y0,y1...} for a regression. Numbers in full precision.
     */
    static String csv(double[][] outputs, Decision decision, List<String> classNames) {
        StringBuilder s = new StringBuilder();
        int width = outputs.length == 0 ? 0 : outputs[0].length;
        boolean classifies = decision != Decision.NONE;
        int classes = classifies ? decision.classes(width) : 0;
        List<String> names = classNames.size() == classes ? classNames
                : java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        if (classifies) {
            s.append("class");
            for (String name : names) {
                s.append(",p_").append(name);
            }
        } else {
            for (int j = 0; j < width; j++) {
                s.append(j == 0 ? "" : ",").append("y").append(j);
            }
        }
        s.append('\n');
        for (double[] yhat : outputs) {
            if (classifies) {
                s.append(names.get(decision.classOf(yhat)));
                if (width == 1 && decision == Decision.THRESHOLD_HALF) {
                    s.append(',').append(1 - yhat[0]).append(',').append(yhat[0]);
                } else if (width == 1) {
                    s.append(',').append(yhat[0] > 0 ? 0.0 : 1.0).append(',').append(yhat[0] > 0 ? 1.0 : 0.0);
                } else {
                    for (double p : yhat) {
                        s.append(',').append(p);
                    }
                }
            } else {
                for (int j = 0; j < width; j++) {
                    s.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s", yhat[j]));
                }
            }
            s.append('\n');
        }
        return s.toString();
    }
}
