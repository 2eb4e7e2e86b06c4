package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import nnspec.diagnostics.SpecException;
import nnspec.interpret.Interpreter;
import nnspec.model.Spec;
import nnspec.pipeline.Job;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import nnspec.runtime.EarlyStopping;
import nnspec.runtime.EpochReport;
import nnspec.runtime.Model;
import nnspec.runtime.Monitor;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingDivergedException;
import nnspec.runtime.TrainingListener;
import org.junit.jupiter.api.Test;

/**
 * {@link Trainer#fit}: the epoch's sample-wise average over a last partial batch, validation figures, early stopping
 * with and without restoring, and the divergence stop on a parameter. Expected numbers are worked by hand from a
 * linear unit yhat = w x + b under the mean squared error.
 */
class FitTest {

    private static Spec unit(double w, String lr, int epochs, int batch) throws SpecException {
        return SpecReader.parse("u.nn", "network U { input 1 dense 1 linear weights [[" + w + "]] }\n"
                + "train { loss mse optimizer sgd lr " + lr + " epochs " + epochs + " batch " + batch + " }\n"
                + "data { 0 -> 0 }\n");
    }

    private static Dataset rows(double[] x, double[] y) {
        double[][] xs = new double[x.length][];
        double[][] ys = new double[y.length][];
        for (int k = 0; k < x.length; k++) {
            xs[k] = new double[] {x[k]};
            ys[k] = new double[] {y[k]};
        }
        return new Dataset(xs, ys);
    }

    private static Model model(Spec spec) {
        return new Interpreter(spec.network(), spec.train());
    }

    @Test
    void theEpochLossAveragesOverSamplesNotOverBatches() throws SpecException {
        // w = 1, b = 0 and a learning rate too small to move them: the sample losses of x = 1..5 against 0 are
        // 1, 4, 9, 16, 25; batches of 2 give 2, 2 and a last batch of 1. Sample-wise: 55 / 5 = 11 (the mean of the
        // batch means, (2.5 + 12.5 + 25) / 3 = 13.33..., would weigh the last sample twice as much)
        Spec spec = unit(1, "1e-300", 1, 2);
        List<Integer> batchSizes = new ArrayList<>();
        Trainer.History history = Trainer.fit(model(spec), rows(new double[] {1, 2, 3, 4, 5}, new double[5]), null,
                Job.plan(spec.train()), null, new TrainingListener() {
                    @Override
                    public void afterStep(int epoch, int step, int batchSize, double[] x, double[] y, double[] yhat,
                            double loss, Model m) {
                        batchSizes.add(batchSize);
                    }
                });
        assertEquals(List.of(2, 2, 1), batchSizes, "the last partial batch is kept");
        assertEquals(11.0, history.last().loss(), 0.0);
        assertEquals(11.0, history.last().end().loss(), 0.0);
    }

    @Test
    void validationFiguresAreThoseOfTheModelAtTheEpochsEnd() throws SpecException {
        // one sample x = 1, y = 0 with w = 1, b = 0: step loss 1, gradients 2 and 2, lr 0.25: w = 0.5, b = -0.5,
        // which fit the sample (loss 0 in epoch 2, nothing moves). Validation x = 3, y = 0: (1.5 - 0.5)^2 = 1 after
        // each epoch (the model before epoch 1 would give 9)
        Spec spec = unit(1, "0.25", 2, 1);
        Trainer.History history = Trainer.fit(model(spec), rows(new double[] {1}, new double[] {0}),
                rows(new double[] {3}, new double[] {0}), Job.plan(spec.train()), null, new TrainingListener() {
                });
        assertEquals(1.0, history.epochs().get(0).validation().loss(), 0.0);
        assertEquals(1.0, history.epochs().get(1).validation().loss(), 0.0);
        assertEquals(1.0, history.epochs().get(0).loss(), 0.0, "the training figure before the update");
        assertEquals(0.0, history.epochs().get(1).loss(), 0.0);
    }

    @Test
    void aFlatLossStopsAfterPatienceEpochs() throws SpecException {
        // the loss cannot move (lr 1e-300): epoch 1 improves on infinity, epochs 2 and 3 do not; Keras stops when the
        // wait reaches the patience of 2, at epoch 3
        Spec spec = unit(1, "1e-300", 10, 1);
        Trainer.History history = Trainer.fit(model(spec), rows(new double[] {1}, new double[] {0}), null,
                Job.plan(spec.train()), new Trainer.Stopping(new EarlyStopping(EarlyStopping.Mode.MIN, 0, 2, false),
                        Monitor.LOSS), new TrainingListener() {
                });
        assertEquals(3, history.stoppedEpoch());
        assertEquals(1, history.bestEpoch());
        assertEquals(3, history.epochs().size());
    }

    @Test
    void restoringBringsBackTheBestEpochsParameters() throws SpecException {
        // training pulls yhat(1) = w + b towards 10 while the validation target at x = 1 is 0: the validation loss
        // grows every epoch, so epoch 1 is the best and patience 1 stops at epoch 2, restoring epoch 1's parameters
        Spec spec = unit(0, "0.05", 10, 1);
        List<double[]> ends = new ArrayList<>();
        Model model = model(spec);
        Trainer.History history = Trainer.fit(model, rows(new double[] {1}, new double[] {10}),
                rows(new double[] {1}, new double[] {0}), Job.plan(spec.train()),
                new Trainer.Stopping(new EarlyStopping(EarlyStopping.Mode.MIN, 0, 1, true), Monitor.VAL_LOSS),
                new TrainingListener() {
                    @Override
                    public void afterEpoch(EpochReport report, Model m) {
                        ends.add(m.parameters().clone());
                    }
                });
        assertEquals(2, history.stoppedEpoch());
        assertEquals(1, history.bestEpoch());
        assertArrayEquals(ends.get(0), model.parameters(), 0.0);
        // epoch 1: gradient of (w + b - 10)^2 at 0 is -20 for both, so w = b = 1
        assertArrayEquals(new double[] {1, 1}, model.parameters(), 1e-15);
    }

    @Test
    void aParameterThatOverflowsStopsTrainingNamingIt() throws SpecException {
        // x = 1, y = 0, w = 1: the loss 1 is finite, the gradient 2, and lr 1e308 sends w to 1 - 2e308 = -infinity at
        // the last (only) step of the last epoch
        Spec spec = unit(1, "1e308", 1, 1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.fit(model(spec),
                rows(new double[] {1}, new double[] {0}), null, Job.plan(spec.train()), null, new TrainingListener() {
                }));
        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
        assertEquals("parameter dense1.w[0][0]", e.quantity());
        assertEquals("parameter dense1.w[0][0] is -Infinity at epoch 1, step 1; lower the learning rate or check the"
                + " data for extreme values", e.getMessage());
    }
}
