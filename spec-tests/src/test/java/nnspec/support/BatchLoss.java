package nnspec.support;

import nnspec.runtime.Dataset;
import nnspec.runtime.Model;

/** The mean loss over a data set and its gradient by the model's own backward pass, for gradient checks. */
public final class BatchLoss {
    private BatchLoss() {
    }

    /** The gradient of {@link #meanLoss} from the model's backward pass (sums over the samples, divided). */
    public static double[] meanGradient(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
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

    /**
     * Training mode with the model's random generators (dropout masks, rrelu slopes) back at their seeds and its
     * parameters kept, so that the next passes draw what the last replay drew: initialize() restarts the generators
     * and redraws the parameters, which are then put back.
     */
    public static void restartDraws(Model model) {
        double[] kept = model.parameters().clone();
        model.initialize();
        System.arraycopy(kept, 0, model.parameters(), 0, kept.length);
        model.training(true);
    }

    /** The mean of the sample losses at the model's current parameters. */
    public static double meanLoss(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        double sum = 0.0;
        for (int n = 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            sum += model.loss(data.y()[n]);
        }
        return sum / data.size();
    }
}
