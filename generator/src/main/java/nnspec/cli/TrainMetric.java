package nnspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nnspec.runtime.Decision;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Metrics;
import nnspec.runtime.Model;

/** What {@code nnspec train --metrics} can print: a column of each epoch line, or the confusion matrix at the end. */
enum TrainMetric {
    LOSS("%.6f"),
    ACCURACY("%.4f"),
    /** METRIC-classification-error, the mean LOSS-zero-one, from the recorded classes (not 1 - accuracy). */
    ERROR("%.4f"),
    PRECISION("%.4f"),
    RECALL("%.4f"),
    SPECIFICITY("%.4f"),
    /** Not a column: the confusion matrix, printed once after the last epoch. */
    CONFUSION(null);

    private final String format;

    TrainMetric(String format) {
        this.format = format;
    }

    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isColumn() {
        return format != null;
    }

    private static String allowed() {
        List<String> names = Arrays.stream(values()).map(TrainMetric::keyword).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The metrics named in {@code names}, in that order; unknown, empty or repeated names are a usage error. */
    static List<TrainMetric> parse(List<String> names) {
        List<TrainMetric> metrics = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            TrainMetric metric = Arrays.stream(values()).filter(m -> m.keyword().equals(name)).findFirst()
                    .orElseThrow(() -> new UserError("--metrics: unknown metric '" + name + "'; expected "
                            + allowed()));
            if (metrics.contains(metric)) {
                throw new UserError("--metrics: '" + name + "' is listed twice");
            }
            metrics.add(metric);
        }
        return metrics;
    }

    /** What an epoch line prints without --metrics: loss and accuracy, each where the model defines it. */
    static List<TrainMetric> defaults(Model model) {
        List<TrainMetric> metrics = new ArrayList<>();
        if (model.hasLoss()) {
            metrics.add(LOSS);
        }
        if (model.decision() != Decision.NONE) {
            metrics.add(ACCURACY);
        }
        return metrics;
    }

    /** Refuses, before any training, a metric the model cannot give. */
    void requireDefinedFor(Model model, Path spec) {
        Decision decision = model.decision();
        switch (this) {
            case LOSS -> {
                if (!model.hasLoss()) {
                    throw refuse(spec + " trains without a loss (the perceptron rule), so there is no loss to print");
                }
            }
            case ACCURACY, ERROR, CONFUSION -> {
                if (decision == Decision.NONE) {
                    throw refuse(notAClassifier(spec));
                }
            }
            case PRECISION, RECALL, SPECIFICITY -> {
                if (decision == Decision.NONE) {
                    throw refuse(notAClassifier(spec));
                }
                if (decision == Decision.ARGMAX) {
                    throw refuse("needs a single-output binary classifier (class 1 positive), but " + spec + " has "
                            + model.outputSize() + " classes; use accuracy, error or confusion");
                }
            }
        }
    }

    private static String notAClassifier(Path spec) {
        return "needs a classifier, but the output of " + spec
                + " is not a class decision (a regression, or several outputs without an arg-max decision)";
    }

    private UserError refuse(String why) {
        return new UserError("--metrics " + keyword() + ": " + why);
    }

    /** This column's cell of an epoch line: two spaces, the name, a space, the value or n/a where it is undefined. */
    String cell(EpochResult result) {
        double value = switch (this) {
            case LOSS -> result.loss();
            case ACCURACY -> result.accuracy();
            case ERROR -> result.classificationError();
            case PRECISION -> result.binary().precision();
            case RECALL -> result.binary().recall();
            case SPECIFICITY -> result.binary().specificity();
            case CONFUSION -> throw new IllegalStateException("confusion is not a column");
        };
        return "  " + keyword() + " " + (Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value));
    }

    /**
     * The confusion matrix of {@code result} in the layout of {@link Metrics#confusionMatrix}: a heading line, then
     * a row per predicted class and a column per actual class, right-aligned.
     */
    static List<String> confusionLines(EpochResult result) {
        long[][] m = result.confusionMatrix();
        int classes = m.length;
        int width = ("actual " + (classes - 1)).length();
        for (long[] row : m) {
            for (long count : row) {
                width = Math.max(width, Long.toString(count).length());
            }
        }
        String rowLabel = "%-" + ("predicted " + (classes - 1)).length() + "s";
        List<String> lines = new ArrayList<>();
        lines.add("confusion matrix (rows predicted class, columns actual class):");
        StringBuilder header = new StringBuilder("  " + String.format(Locale.ROOT, rowLabel, ""));
        for (int a = 0; a < classes; a++) {
            header.append("  ").append(String.format(Locale.ROOT, "%" + width + "s", "actual " + a));
        }
        lines.add(header.toString());
        for (int p = 0; p < classes; p++) {
            StringBuilder row = new StringBuilder("  " + String.format(Locale.ROOT, rowLabel, "predicted " + p));
            for (int a = 0; a < classes; a++) {
                row.append("  ").append(String.format(Locale.ROOT, "%" + width + "d", m[p][a]));
            }
            lines.add(row.toString());
        }
        return lines;
    }
}
