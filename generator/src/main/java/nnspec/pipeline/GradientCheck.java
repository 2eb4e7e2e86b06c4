package nnspec.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;

/**
 * Compares a model's backward pass with central finite differences of its loss, the mean sample loss over a data
 * set: dL/dp ~ (L(p + h) - L(p - h)) / 2h with h = {@link #STEP} * max(1, |p|). The error of one parameter is
 * |analytic - numeric| / max(|analytic|, |numeric|, {@link #FLOOR}): relative, except for gradients so small that
 * the difference quotient's rounding error (about 1e-16 / h) dominates them.
 *
 * <p>The loss is the training loss: every pass runs in training mode with the model's random draws (dropout masks,
 * randomised ReLU slopes) restarted from their seeds, so each evaluation sees the same draws and the gradient of
 * that one training loss is what is compared.
 */
public final class GradientCheck {
    /** About the cube root of machine epsilon: balances truncation (h^2) against rounding (eps / h). */
    public static final double STEP = 1e-5;
    public static final double FLOOR = 1e-6;
    public static final double DEFAULT_THRESHOLD = 1e-6;

    /** The worst parameter of one tensor ({@code dense1.w}, {@code dense1.b}, ...) over all points. */
    public record TensorError(String tensor, double error, String parameter, int point, double analytic,
            double numeric) {
    }

    private GradientCheck() {
    }

    /**
     * Checks at {@code points} parameter vectors drawn uniformly from [-1, 1) with {@link Random}({@code seed}).
     * The model's parameters are left at the last point.
     */
    public static List<TensorError> atRandomPoints(Model model, Dataset data, int points, long seed) {
        Random random = new Random(seed);
        Map<String, TensorError> worst = new LinkedHashMap<>();
        for (int point = 1; point <= points; point++) {
            double[] p = model.parameters();
            for (int k = 0; k < p.length; k++) {
                p[k] = 2.0 * random.nextDouble() - 1.0;
            }
            for (TensorError e : atCurrentPoint(model, data, point)) {
                worst.merge(e.tensor(), e, (a, b) -> b.error() > a.error() ? b : a);
            }
        }
        return new ArrayList<>(worst.values());
    }

    /** Checks every parameter at the model's current parameters; the worst per tensor. */
    public static List<TensorError> atCurrentPoint(Model model, Dataset data, int point) {
        double[] analytic = analyticGradient(model, data);
        double[] p = model.parameters();
        Map<String, TensorError> worst = new LinkedHashMap<>();
        for (int k = 0; k < p.length; k++) {
            double saved = p[k];
            double h = STEP * Math.max(1.0, Math.abs(saved));
            p[k] = saved + h;
            double up = meanLoss(model, data);
            p[k] = saved - h;
            double down = meanLoss(model, data);
            p[k] = saved;
            double numeric = (up - down) / (2.0 * h);
            double error = Math.abs(analytic[k] - numeric)
                    / Math.max(FLOOR, Math.max(Math.abs(analytic[k]), Math.abs(numeric)));
            String name = model.parameterName(k);
            TensorError e = new TensorError(tensorOf(name), error, name, point, analytic[k], numeric);
            worst.merge(e.tensor(), e, (a, b) -> b.error() > a.error() ? b : a);
        }
        return new ArrayList<>(worst.values());
    }

    /** The gradient of the mean sample loss, from the model's backward pass. */
    public static double[] analyticGradient(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        restartDraws(model);
        model.zeroGradients();
        for (int n = 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            model.backward(data.y()[n]);
        }
        double[] g = model.gradients().clone();
        for (int k = 0; k < g.length; k++) {
            g[k] /= data.size();
        }
        return g;
    }

    public static double meanLoss(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        restartDraws(model);
        double sum = 0.0;
        for (int n = 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            sum += model.loss(data.y()[n]);
        }
        return sum / data.size();
    }

    /**
     * Training mode, with the random generators back at their seeds and the parameters kept: {@link Model#initialize}
     * restarts the generators (and redraws the parameters, which are put back).
     */
    static void restartDraws(Model model) {
        double[] p = model.parameters();
        double[] kept = p.clone();
        model.initialize();
        System.arraycopy(kept, 0, p, 0, p.length);
        model.training(true);
    }

    static String tensorOf(String parameterName) {
        int bracket = parameterName.indexOf('[');
        return bracket < 0 ? parameterName : parameterName.substring(0, bracket);
    }
}
