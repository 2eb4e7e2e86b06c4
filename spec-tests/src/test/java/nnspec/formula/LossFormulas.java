package nnspec.formula;

import static nnspec.formula.LossCheckKit.require;

import java.util.ArrayList;
import java.util.List;

/**
 * Loss terms (LOSS-*), their derivatives (GRAD-mse, GRAD-mae, GRAD-huber, GRAD-bce, GRAD-sigmoid-bce, GRAD-cce,
 * GRAD-softmax-cce) and the log conventions (MISC-cce-clipping, MISC-log-base). Each printed form of a document is
 * judged by its own check ("printed form ...").
 */
final class LossFormulas {
    private LossFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.addAll(LossRegression.all());
        all.addAll(LossCrossEntropy.all());
        all.addAll(LossSoftmax.all());
        all.addAll(LossAggregates.all());
        return List.copyOf(all);
    }

    /** The sign-flip verdict shared by the printed MSE and MAE derivatives of 003: printed = -(true derivative). */
    static Check printedIsNegated(String what, java.util.function.DoubleBinaryOperator printed,
            java.util.function.DoubleBinaryOperator loss) {
        return Checks.property("printed form is wrong: " + what + " equals minus the finite-difference derivative"
                + " of the loss (1000 seeded points, off the kink)", () -> Cases.run(1000, Checks.SEED, 1,
                (random, size) -> {
                    double y = -2 + 4 * random.nextDouble();
                    double yhat = y + (random.nextBoolean() ? 1 : -1) * (0.05 + 2 * random.nextDouble());
                    double numeric = Checks.finiteDifference(x -> loss.applyAsDouble(x, y), yhat);
                    Checks.assertClose(-numeric, printed.applyAsDouble(yhat, y), 1e-9, "printed at yhat=" + yhat);
                    require(Math.abs(numeric) > 0.01, "the derivative is not 0 here, so the sign matters");
                }));
    }
}
