package nnspec.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnspec.model.Activation;
import nnspec.model.Spec;
import nnspec.runtime.Activations;
import nnspec.runtime.Dataset;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Metrics;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;

/**
 * A model measured on one data set in evaluation mode, every metric the documents define for its kind of output:
 * loss; for a classifier accuracy, classification error, the confusion matrix and, for two classes, precision,
 * recall and specificity (class 1 positive); for a regression MSE, MAE and, with a limit, 003's regression
 * accuracy. {@code outputs} are the model's outputs turned into probabilities where the loss took logits.
 */
public record Evaluation(EpochResult result, double[][] outputs, double[][] targets, double mse, double mae) {

    public static Evaluation of(Spec spec, Model model, Dataset data) {
        EpochResult result = Trainer.evaluate(model, data, 0);
        double[][] outputs = predict(spec, model, data.x());
        return new Evaluation(result, outputs, data.y(), Metrics.meanSquaredError(outputs, data.y()),
                Metrics.meanAbsoluteError(outputs, data.y()));
    }

    /**
     * The outputs of {@code model} for each row of {@code x}, in evaluation mode; where the loss takes logits
     * ({@code from logits} on a linear output) they are turned into what the loss reads them as: the sigmoid of
     * the one logit, or the softmax of several.
     */
    public static double[][] predict(Spec spec, Model model, double[][] x) {
        model.training(false);
        boolean logits = spec.train().loss().map(l -> l.fromLogits()).orElse(false)
                && spec.network().outputLayer().activation() == Activation.LINEAR;
        double[][] outputs = new double[x.length][model.outputSize()];
        double[] z = new double[model.outputSize()];
        for (int n = 0; n < x.length; n++) {
            model.forward(x[n], z);
            if (logits && z.length == 1) {
                outputs[n][0] = Activations.sigmoid(z[0]);
            } else if (logits) {
                Activations.softmax(z, 0, outputs[n], 0, z.length);
            } else {
                System.arraycopy(z, 0, outputs[n], 0, z.length);
            }
        }
        return outputs;
    }

    public boolean classifies() {
        return result.hasClasses();
    }

    /** METRIC-regression-accuracy of 003 with limit lambda: rho = sigma(y) / lambda over this set's targets. */
    public double regressionAccuracy(double limit) {
        double[] y = flatten(targets);
        return Metrics.regressionAccuracy(flatten(outputs), y, Metrics.regressionPrecision(y, limit));
    }

    private static double[] flatten(double[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** Every metric, one {@code name value} line each, then the confusion matrix of a classifier. */
    public List<String> lines(Spec spec, List<String> classNames) {
        List<String> lines = new ArrayList<>();
        lines.add("samples " + targets.length);
        if (!Double.isNaN(result.loss())) {
            lines.add(String.format(Locale.ROOT, "loss %.6f", result.loss()));
        }
        if (classifies()) {
            lines.add(String.format(Locale.ROOT, "accuracy %.4f", result.accuracy()));
            lines.add(String.format(Locale.ROOT, "error %.4f", result.classificationError()));
            if (result.classes() == 2) {
                Metrics.Binary b = result.binary();
                lines.add("precision " + ratio(b.precision()));
                lines.add("recall " + ratio(b.recall()));
                lines.add("specificity " + ratio(b.specificity()));
            }
            lines.addAll(confusion(result, classNames));
        } else {
            lines.add(String.format(Locale.ROOT, "mse %.6f", mse));
            lines.add(String.format(Locale.ROOT, "mae %.6f", mae));
            spec.workflow().regressionLimit().ifPresent(limit -> lines.add(String.format(Locale.ROOT,
                    "regression accuracy %.4f (limit %s)", regressionAccuracy(limit), limit)));
        }
        return lines;
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * The confusion matrix, rows predicted and columns actual; for two classes the positive class (1) first, as the
     * documents print it (002_db2ef66716d01cf4.txt, "Evaluation metrics"), else in class order.
     */
    public static List<String> confusion(EpochResult result, List<String> classNames) {
        long[][] m = result.confusionMatrix();
        int k = m.length;
        int[] order = new int[k];
        for (int c = 0; c < k; c++) {
            order[c] = k == 2 ? 1 - c : c;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(classNames.size() == k ? classNames.get(c) : Integer.toString(c));
        }
        int width = 1;
        for (int c = 0; c < k; c++) {
            width = Math.max(width, names.get(c).length());
            for (long count : m[c]) {
                width = Math.max(width, Long.toString(count).length());
            }
        }
        int label = Math.max("predicted".length(), width);
        List<String> lines = new ArrayList<>();
        lines.add("confusion matrix (rows predicted, columns actual" + (k == 2 ? ", positive class first" : "") + "):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-" + label + "s", "predicted"));
        for (int a : order) {
            header.append("  ").append(String.format(Locale.ROOT, "%" + width + "s", names.get(a)));
        }
        lines.add(header.toString());
        for (int p : order) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + label + "s", names.get(p)));
            for (int a : order) {
                row.append("  ").append(String.format(Locale.ROOT, "%" + width + "d", m[p][a]));
            }
            lines.add(row.toString());
        }
        return lines;
    }
}
