package nnspec.check;

import java.util.List;
import nnspec.model.Activation;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Optimizer;
import nnspec.model.TrainSpec;

/**
 * What the targets of a spec's loss must be, for inline rows (the checker) and CSV rows (the data loader) alike.
 * Outside these sets the loss still computes a number, but not the one it is defined for: bce of a target 2 is
 * negative, cce's fused gradient softmax(z) - y assumes the targets sum to 1, and the perceptron rule moves by
 * lr (y - yhat) x, which never settles when y is not a value the unit can give.
 */
public final class TargetRule {
    /**
     * How far a cce target row's sum may be from 1: rows written with six decimals (0.333333 0.333333 0.333334)
     * pass; a row that is not a distribution misses by far more.
     */
    public static final double SUM_TOLERANCE = 1e-6;

    private enum Kind { ANY, PROBABILITY, DISTRIBUTION, STEP_LABEL, SIGN_LABEL }

    /** A target row the loss cannot take: the output it is about (-1: the whole row) and why. */
    public record Problem(int output, String message) {
    }

    /** The first bad row of a data set, 0-based, its problem, and how many later rows have one too. */
    public record Finding(int row, Problem problem, int more) {
        /** The problem with the count of later bad rows, for a one-line message. */
        public String message() {
            return problem.message() + (more == 0 ? "" : " (and " + more + " more " + (more == 1 ? "row" : "rows")
                    + " after it)");
        }
    }

    private final Kind kind;

    private TargetRule(Kind kind) {
        this.kind = kind;
    }

    /** The rule of a checked spec's loss (or perceptron rule) on its output layer. */
    public static TargetRule of(TrainSpec train, NetworkSpec network) {
        if (train.optimizer().kind() == Optimizer.Kind.PERCEPTRON) {
            Activation unit = network.outputLayer().activation();
            return new TargetRule(unit == Activation.SIGN ? Kind.SIGN_LABEL : Kind.STEP_LABEL);
        }
        if (train.loss().isEmpty()) {
            return new TargetRule(Kind.ANY);
        }
        Loss.Kind loss = train.loss().get().kind();
        return new TargetRule(loss == Loss.Kind.BCE ? Kind.PROBABILITY
                : loss == Loss.Kind.CCE ? Kind.DISTRIBUTION : Kind.ANY);
    }

    /** Why the target row {@code y} does not fit the loss, or null when it does. */
    public Problem problem(double[] y) {
        switch (kind) {
            case ANY:
                return null;
            case PROBABILITY:
                for (int k = 0; k < y.length; k++) {
                    if (!(y[k] >= 0 && y[k] <= 1)) {
                        return new Problem(k, "target " + y[k] + of(k, y.length) + " is outside [0, 1]; loss bce"
                                + " takes the probability of class 1");
                    }
                }
                return null;
            case DISTRIBUTION:
                double sum = 0;
                for (int k = 0; k < y.length; k++) {
                    if (!(y[k] >= 0)) {
                        return new Problem(k, "target " + y[k] + of(k, y.length) + " is negative; loss cce takes"
                                + " a distribution over the " + y.length + " classes (non-negative, summing to 1),"
                                + " such as a one-hot row");
                    }
                    sum += y[k];
                }
                if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
                    return new Problem(-1, "targets sum to " + sum + "; loss cce takes a distribution over the "
                            + y.length + " classes (non-negative, summing to 1 within " + SUM_TOLERANCE + "), such as"
                            + " a one-hot row");
                }
                return null;
            case STEP_LABEL:
            case SIGN_LABEL:
                boolean sign = kind == Kind.SIGN_LABEL;
                for (int k = 0; k < y.length; k++) {
                    if (sign ? y[k] != -1 && y[k] != 1 : y[k] != 0 && y[k] != 1) {
                        return new Problem(k, "label " + y[k] + of(k, y.length) + " is not " + (sign ? "-1 or 1"
                                : "0 or 1") + ", the labels of rule perceptron on a " + (sign ? "sign" : "step")
                                + " unit");
                    }
                }
                return null;
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** The first row of {@code ys} that does not fit, or null. */
    public Finding first(List<double[]> ys) {
        Finding first = null;
        int more = 0;
        for (int n = 0; n < ys.size(); n++) {
            Problem problem = problem(ys.get(n));
            if (problem != null && first == null) {
                first = new Finding(n, problem, 0);
            } else if (problem != null) {
                more++;
            }
        }
        return first == null ? null : new Finding(first.row(), first.problem(), more);
    }

    private static String of(int k, int outputs) {
        return outputs == 1 ? "" : " (output " + (k + 1) + ")";
    }
}
