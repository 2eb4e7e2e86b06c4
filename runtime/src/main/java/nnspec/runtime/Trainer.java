package nnspec.runtime;

import java.util.Random;

/** The training loop: drives any {@link Model} through a {@link TrainingPlan} over a {@link Dataset}. */
public final class Trainer {
    private Trainer() {
    }

    public static EpochResult train(Model model, Dataset data, TrainingPlan plan, TrainingListener listener) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        int n = data.size();
        model.trainingSamples(n);
        int[] order = new int[n];
        Random shuffler = new Random(plan.seed());
        double[] yhat = new double[model.outputSize()];
        EpochResult last = null;
        long stepsTaken = 0;
        for (int epoch = 1; epoch <= plan.epochs(); epoch++) {
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            if (plan.shuffle()) {
                shuffle(order, shuffler);
            }
            model.training(true);
            int step = 0;
            for (int from = 0; from < n; from += plan.batchSize()) {
                int to = Math.min(n, from + plan.batchSize());
                step++;
                model.zeroGradients();
                double lossSum = 0.0;
                for (int k = from; k < to; k++) {
                    double[] y = data.y()[order[k]];
                    model.forward(data.x()[order[k]], yhat);
                    if (model.hasLoss()) {
                        lossSum += model.loss(y);
                    }
                    model.backward(y);
                }
                double loss = model.hasLoss()
                        ? (plan.meanOverSamples() ? lossSum / (to - from) : lossSum) + model.penalty()
                        : Double.NaN;
                if (model.hasLoss() && !Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, step, loss);
                }
                model.update(plan.learningRate(stepsTaken, epoch), to - from);
                stepsTaken++;
                int lastSample = order[to - 1];
                listener.afterStep(epoch, step, to - from, data.x()[lastSample], data.y()[lastSample], yhat, loss,
                        model);
            }
            last = evaluate(model, data, epoch, yhat);
            listener.afterEpoch(last, model);
        }
        return last;
    }

    /**
     * The model's mean sample loss (plus its penalty) and accuracy over {@code data}, without changing the
     * parameters; for a classifier also each sample's predicted and actual class, from the same forward passes.
     */
    public static EpochResult evaluate(Model model, Dataset data, int epoch) {
        return evaluate(model, data, epoch, new double[model.outputSize()]);
    }

    private static EpochResult evaluate(Model model, Dataset data, int epoch, double[] yhat) {
        model.training(false);
        double lossSum = 0.0;
        int correct = 0;
        Decision decision = model.decision();
        boolean classifies = decision != Decision.NONE;
        int[] predicted = new int[classifies ? data.size() : 0];
        int[] actual = new int[predicted.length];
        for (int k = 0; k < data.size(); k++) {
            model.forward(data.x()[k], yhat);
            if (model.hasLoss()) {
                lossSum += model.loss(data.y()[k]);
            }
            if (classifies) {
                predicted[k] = decision.classOf(yhat);
                actual[k] = decision.classOf(data.y()[k]);
                if (decision.correct(yhat, data.y()[k])) {
                    correct++;
                }
            }
        }
        double loss = model.hasLoss() ? lossSum / data.size() + model.penalty() : Double.NaN;
        double accuracy = classifies ? (double) correct / data.size() : Double.NaN;
        return new EpochResult(epoch, loss, accuracy, decision.classes(model.outputSize()), predicted, actual);
    }

    /** Fisher-Yates, drawing from {@code random}. */
    static void shuffle(int[] order, Random random) {
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
    }
}
