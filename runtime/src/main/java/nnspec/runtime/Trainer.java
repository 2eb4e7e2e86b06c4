package nnspec.runtime;


/** The training loop: drives any {@link Model} through a {@link TrainingPlan} over a {@link Dataset}. */
public final class Trainer {
    private Trainer() {
    }

    public static EpochResult train(Model model, Dataset data, TrainingPlan plan, TrainingListener listener) {
        History history = fit(model, data, null, plan, null, listener);
        return history.epochs().get(history.epochs().size() - 1).end();
    }

    /**
     * Early stopping by {@code rule} on the {@link Monitor} {@code monitor}; when the rule restores the best epoch's
     * parameters, they are put back at the end of training, stopped early or not (Keras 3).
     */
    public record Stopping(EarlyStopping rule, Monitor monitor) {
    }

    /**
     * What {@link #fit} did: every epoch's figures, the epoch early stopping stopped at (0: it ran every epoch, or
     * had no early stopping) and the best epoch by the monitored figure (0 without early stopping).
     */
    public record History(java.util.List<EpochReport> epochs, int stoppedEpoch, int bestEpoch) {
        public History {
            epochs = java.util.List.copyOf(epochs);
        }

        public EpochReport last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    /**
     * Keras's {@code fit}: trains on {@code data} with {@code plan}, after each epoch evaluates the model on the
     * training data and on {@code validation} (null: none), and stops early by {@code stopping} (null: never). A step
     * whose loss, or whose updated parameters, are not finite throws {@link TrainingDivergedException} naming the
     * epoch, the step and the first such quantity, as does an epoch's end whose evaluated training or validation
     * loss is not finite (the step named is the epoch's last); the parameters are then those after that step.
     */
    public static History fit(Model model, Dataset data, Dataset validation, TrainingPlan plan, Stopping stopping,
            TrainingListener listener) {
        return fit(model, data, validation, plan, stopping, listener, null);
    }

    /**
     * Where a run stands after an epoch: the epochs and steps done, the shuffler's state, early stopping's, the
     * states of the model's own generators ({@link Model#randomStates()}: dropout masks, randomised ReLU slopes) and
     * the figures of the epochs so far; with the model's parameters and optimizer state, all a run needs to continue
     * as if never interrupted, its history included.
     */
    public record Position(int epochsDone, long stepsTaken, long shufflerState, EarlyStopping.State stopping,
                           long[] randomStates, java.util.List<EpochReport> history) {
        public Position {
            randomStates = randomStates.clone();
            if (!(history instanceof EpochHistory.Snapshot)) {
                // from a checkpoint: its epochs must be the ones the trainer keeps ({@link EpochHistory})
                history = EpochHistory.of(history).snapshot();
            }
            int last = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
            if (last != epochsDone) {
                throw new IllegalArgumentException("a history up to epoch " + last + " after " + epochsDone
                        + " epochs done");
            }
        }

        @Override
        public long[] randomStates() {
            return randomStates.clone();
        }
    }

    /**
     * {@link #fit} continuing from {@code start} (null: from the beginning), with {@code model}'s parameters and
     * optimizer state already those of that position. Calls {@link TrainingListener#afterPosition} after each epoch.
     */
    public static History fit(Model model, Dataset data, Dataset validation, TrainingPlan plan, Stopping stopping,
            TrainingListener listener, Position start) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        int n = data.size();
        model.trainingSamples(n);
        int[] order = new int[n];
        ShuffleRandom shuffler = new ShuffleRandom(plan.seed());
        double[] yhat = new double[model.outputSize()];
        Decision decision = model.decision();
        Batch batched = model.couplesBatch() ? new Batch(plan.batchSize(), model.outputSize()) : null;
        EpochHistory reports = new EpochHistory();
        long stepsTaken = 0;
        int firstEpoch = 1;
        if (start != null) {
            firstEpoch = start.epochsDone() + 1;
            stepsTaken = start.stepsTaken();
            shuffler.restore(start.shufflerState());
            model.restoreRandomStates(start.randomStates());
            reports = EpochHistory.of(start.history());
            if (stopping != null && start.stopping() != null) {
                stopping.rule().restore(start.stopping());
            }
        }
        for (int epoch = firstEpoch; epoch <= plan.epochs(); epoch++) {
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            if (plan.shuffle()) {
                shuffle(order, shuffler);
            }
            model.training(true);
            int step = 0;
            double epochLoss = 0.0;
            int epochCorrect = 0;
            boolean classifies = decision != Decision.NONE;
            int[] predicted = new int[classifies ? n : 0];
            int[] actual = new int[predicted.length];
            for (int from = 0; from < n; from += plan.batchSize()) {
                int to = Math.min(n, from + plan.batchSize());
                step++;
                model.zeroGradients();
                double lossSum = 0.0;
                if (batched != null) {
                    lossSum = batchStep(model, data, order, from, to, batched, predicted, actual);
                    System.arraycopy(batched.yhat()[to - from - 1], 0, yhat, 0, yhat.length);
                    epochCorrect += batched.correct();
                }
                for (int k = batched != null ? to : from; k < to; k++) {
                    double[] y = data.y()[order[k]];
                    model.forward(data.x()[order[k]], yhat);
                    if (model.hasLoss()) {
                        lossSum += model.loss(y);
                    }
                    if (classifies) {
                        predicted[k] = decision.classOf(yhat);
                        actual[k] = decision.classOf(y);
                        if (decision.correct(yhat, y)) {
                            epochCorrect++;
                        }
                    }
                    model.backward(y);
                }
                double penalty = model.hasLoss() ? model.penalty() : 0.0;
                double loss = model.hasLoss()
                        ? (plan.meanOverSamples() ? lossSum / (to - from) : lossSum) + penalty
                        : Double.NaN;
                if (model.hasLoss() && !Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, step, loss);
                }
                epochLoss += lossSum + penalty * (to - from);
                model.update(plan.learningRate(stepsTaken, epoch), to - from);
                stepsTaken++;
                requireFiniteParameters(model, epoch, step);
                int lastSample = order[to - 1];
                listener.afterStep(epoch, step, to - from, data.x()[lastSample], data.y()[lastSample], yhat, loss,
                        model);
            }
            EpochResult end = evaluate(model, data, epoch, yhat);
            requireFinite(model, end, "training loss of the model at the epoch's end", epoch, step);
            listener.afterEpoch(end, model);
            EpochResult held = validation == null || validation.size() == 0 ? null
                    : evaluate(model, validation, epoch, yhat);
            requireFinite(model, held, "validation loss of the model at the epoch's end", epoch, step);
            EpochResult running = new EpochResult(epoch, model.hasLoss() ? epochLoss / n : Double.NaN,
                    classifies ? (double) epochCorrect / n : Double.NaN, decision.classes(model.outputSize()),
                    predicted, actual);
            EpochReport report = new EpochReport(epoch, running, end, held);
            reports.add(report);
            listener.afterEpoch(report, model);
            boolean stop = stopping != null && stopping.rule().afterEpoch(epoch, stopping.monitor().of(report),
                    model.parameters());
            if (stop) {
                return new History(reports.snapshot(), epoch, stopping.rule().bestEpoch());
            }
            listener.afterPosition(new Position(epoch, stepsTaken, shuffler.state(),
                    stopping == null ? null : stopping.rule().state(), model.randomStates(), reports.snapshot()), model);
        }
        if (stopping != null && stopping.rule().restoresBest()) {
            stopping.rule().restoreBest(model.parameters());
        }
        return new History(reports.snapshot(), 0, stopping == null ? 0 : stopping.rule().bestEpoch());
    }

    /** The arrays of one batch handed to a model that {@link Model#couplesBatch() couples} its samples. */
    private static final class Batch {
        final double[][] x;
        final double[][] y;
        final double[][] yhat;
        int correct;

        Batch(int size, int outputs) {
            x = new double[size][];
            y = new double[size][];
            yhat = new double[size][outputs];
        }

        double[][] yhat() {
            return yhat;
        }

        int correct() {
            return correct;
        }
    }

    /**
     * One step's forward and backward passes for a model that couples the samples of a batch: the same loss, class
     * and gradient bookkeeping as sample by sample, after one forward pass over the whole batch.
     */
    private static double batchStep(Model model, Dataset data, int[] order, int from, int to, Batch b,
            int[] predicted, int[] actual) {
        int count = to - from;
        for (int k = 0; k < count; k++) {
            b.x[k] = data.x()[order[from + k]];
            b.y[k] = data.y()[order[from + k]];
        }
        model.forwardBatch(b.x, b.yhat, count);
        Decision decision = model.decision();
        double lossSum = 0.0;
        b.correct = 0;
        for (int k = 0; k < count; k++) {
            if (model.hasLoss()) {
                model.sample(k);
                lossSum += model.loss(b.y[k]);
            }
            if (decision != Decision.NONE) {
                predicted[from + k] = decision.classOf(b.yhat[k]);
                actual[from + k] = decision.classOf(b.y[k]);
                if (decision.correct(b.yhat[k], b.y[k])) {
                    b.correct++;
                }
            }
        }
        model.backwardBatch(b.y, count);
        return lossSum;
    }

    /**
     * Finite parameters can still give an infinite loss on the whole data set (an output that overflows only in
     * evaluation mode, or on a sample the last step did not see): that ends training as a step's would, rather than
     * reaching the epoch's report as Infinity or NaN.
     */
    private static void requireFinite(Model model, EpochResult result, String quantity, int epoch, int step) {
        if (result != null && model.hasLoss() && !Double.isFinite(result.loss())) {
            throw new TrainingDivergedException(epoch, step, quantity, result.loss());
        }
    }

    private static void requireFiniteParameters(Model model, int epoch, int step) {
        double[] parameters = model.parameters();
        for (int i = 0; i < parameters.length; i++) {
            if (!Double.isFinite(parameters[i])) {
                throw new TrainingDivergedException(epoch, step, "parameter " + model.parameterName(i),
                        parameters[i]);
            }
        }
    }

    /**
     * The model's mean sample loss (plus its penalty) and accuracy over {@code data}, without changing the
     * parameters; for a classifier also each sample's predicted and actual class, from the same forward passes.
     */
    public static EpochResult evaluate(Model model, Dataset data, int epoch) {
        return evaluate(model, data, epoch, new double[model.outputSize()]);
    }

    static EpochResult evaluate(Model model, Dataset data, int epoch, double[] yhat) {
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
    static void shuffle(int[] order, java.util.Random random) {
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
    }
}
