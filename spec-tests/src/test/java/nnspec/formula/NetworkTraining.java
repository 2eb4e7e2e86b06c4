package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nnspec.interpret.Interpreter;
import nnspec.runtime.Dataset;
import nnspec.runtime.EarlyStopping;
import nnspec.runtime.EarlyStopping.Mode;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import nnspec.runtime.TrainingPlan;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/** TRAIN-epoch/batch/step, TRAIN-early-stopping and REG-data-augmentation with the runtime Trainer. */
final class NetworkTraining {
    private static final String D2_EARLY = Document.D002 + ", \"Early stopping\"";
    private static final String D1_EARLY = Document.D001 + ", \"Regularization: early-stopping\"";
    private static final String D3_EARLY = Document.D003 + ", \"Regularization\" (2.2, Early Stopping)";

    private NetworkTraining() {
    }

    static List<Formula> all() {
        return List.of(epochs(), earlyStoppingRule(), earlyStoppingTraining(), noiseAsL2(), earlyStoppingShrinks());
    }

    private static Formula epochs() {
        return new Formula("TRAIN-epoch/batch/step", "an epoch is ceil(n / B) steps of batches of B (the last smaller)",
                "Trainer.train, TrainingPlan",
                List.of(Document.D000 + ", \"Training a neural network\"",
                        Document.D000 + ", \"Example: perceptron training\"",
                        Document.D001 + ", \"Learning Algorithm: forward propagation\" (Epoch)",
                        Document.D003 + ", \"1.4 Optimizers\"", Document.D003 + ", \"Batches\""),
                List.of("the last batch of an epoch holds n - (ceil(n/B) - 1) B samples"), 0.0, List.of(
                        Checks.property("n = 1..13 samples, B = 1..6, 3 epochs: ceil(n / B) steps per epoch numbered"
                                + " 1.., batch sizes B except the last, summing to n; 3 ceil(n / B) updates in all",
                                () -> {
                                    for (int n = 1; n <= 13; n++) {
                                        for (int b = 1; b <= 6; b++) {
                                            Dataset data = rows(n);
                                            Interpreter net = NetworkModels.interpreter(1, "mse", "1 linear init zeros");
                                            List<int[]> steps = new ArrayList<>();
                                            Trainer.train(net, data, new TrainingPlan(3, b, true, 7L, 0.01),
                                                    new TrainingListener() {
                                                        @Override
                                                        public void afterStep(int epoch, int step, int batchSize,
                                                                double[] x, double[] y, double[] yhat, double loss,
                                                                Model model) {
                                                            steps.add(new int[] {epoch, step, batchSize});
                                                        }
                                                    });
                                            int perEpoch = (n + b - 1) / b;
                                            assertEquals(3 * perEpoch, steps.size(), "n " + n + ", B " + b);
                                            for (int e = 1; e <= 3; e++) {
                                                int sum = 0;
                                                for (int s = 0; s < perEpoch; s++) {
                                                    int[] row = steps.get((e - 1) * perEpoch + s);
                                                    assertArrayEquals(new int[] {e, s + 1,
                                                        s < perEpoch - 1 ? b : n - (perEpoch - 1) * b}, row);
                                                    sum += row[2];
                                                }
                                                assertEquals(n, sum);
                                            }
                                        }
                                    }
                                }),
                        Checks.property("batch 1, shuffled: each epoch visits every sample exactly once (n = 9, 4"
                                + " epochs); 000's 'classic perceptron has 1 batch' means batch size 1, i.e. n steps"
                                + " per epoch", () -> {
                                    Dataset data = rows(9);
                                    Interpreter net = NetworkModels.interpreter(1, "mse", "1 linear init zeros");
                                    int[][] seen = new int[5][9];
                                    Trainer.train(net, data, new TrainingPlan(4, 1, true, 3L, 0.01),
                                            new TrainingListener() {
                                                @Override
                                                public void afterStep(int epoch, int step, int batchSize, double[] x,
                                                        double[] y, double[] yhat, double loss, Model model) {
                                                    seen[epoch][(int) x[0]]++;
                                                }
                                            });
                                    for (int e = 1; e <= 4; e++) {
                                        for (int k = 0; k < 9; k++) {
                                            assertEquals(1, seen[e][k], "epoch " + e + " sample " + k);
                                        }
                                    }
                                })));
    }

    private static Dataset rows(int n) {
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int k = 0; k < n; k++) {
            x[k] = new double[] {k};
            y[k] = new double[] {0.5 * k};
        }
        return new Dataset(x, y);
    }

    /** Runs {@code values} through a fresh rule; parameters[0] holds the epoch number. Returns stop epoch or 0. */
    private static int run(EarlyStopping rule, double[] values, double[] parameters) {
        for (int e = 1; e <= values.length; e++) {
            parameters[0] = e;
            if (rule.afterEpoch(e, values[e - 1], parameters)) {
                return e;
            }
        }
        return 0;
    }

    private static Formula earlyStoppingRule() {
        return new Formula("TRAIN-early-stopping", "patience rule: stop after `patience` epochs without an improvement"
                + " of more than min delta (Keras EarlyStopping)", "EarlyStopping.afterEpoch, EarlyStopping.restoreBest",
                List.of(D1_EARLY, D2_EARLY, D3_EARLY, "Keras EarlyStopping documentation"),
                List.of("improvement: value + min_delta < best (min) or value - min_delta > best (max), strict",
                        "never stops at the first epoch; an improving epoch never stops"), 0.0, List.of(
                        Checks.property("hand-worked sequences (expected stop and best epochs from the Keras rule):"
                                + " (1, .8, .85, .82, .9) patience 2 -> stop 4, best 2; min delta .05 on (1, .97, .96,"
                                + " .9) patience 2 -> stop 3, best 1; patience 0 on (1, 1.1) -> stop 2; max mode"
                                + " (.5, .6, .6, .59) patience 2 -> stop 4, best 2 (ties do not improve); a"
                                + " steadily improving run never stops", () -> {
                                    double[] p = new double[1];
                                    EarlyStopping a = new EarlyStopping(Mode.MIN, 0.0, 2, false);
                                    assertEquals(4, run(a, new double[] {1, .8, .85, .82, .9}, p));
                                    assertEquals(2, a.bestEpoch());
                                    assertEquals(0.8, a.best());
                                    EarlyStopping b = new EarlyStopping(Mode.MIN, 0.05, 2, false);
                                    assertEquals(3, run(b, new double[] {1, .97, .96, .9}, p));
                                    assertEquals(1, b.bestEpoch());
                                    assertEquals(2, run(new EarlyStopping(Mode.MIN, 0, 0, false),
                                            new double[] {1, 1.1}, p));
                                    EarlyStopping c = new EarlyStopping(Mode.MAX, 0, 2, false);
                                    assertEquals(4, run(c, new double[] {.5, .6, .6, .59}, p));
                                    assertEquals(2, c.bestEpoch());
                                    EarlyStopping d = new EarlyStopping(Mode.MIN, 0, 1, false);
                                    assertEquals(0, run(d, new double[] {5, 4, 3, 2, 1, .5}, p));
                                    assertFalse(d.stopped());
                                }),
                        Checks.property("baseline 0.5: improvements that do not beat it leave the wait running"
                                + " ((.9, .95, .97) patience 2 -> stop 2); restoreBest copies back the best epoch's"
                                + " parameters at the stop, or on request after a run that did not stop", () -> {
                                    double[] p = new double[1];
                                    EarlyStopping a = new EarlyStopping(Mode.MIN, 0, 2, false, 0.5);
                                    assertEquals(2, run(a, new double[] {.9, .95, .97}, p));
                                    EarlyStopping r = new EarlyStopping(Mode.MIN, 0, 3, true);
                                    assertEquals(6, run(r, new double[] {3, 2, 1.5, 1.6, 1.7, 1.8, 0.1}, p));
                                    assertEquals(3.0, p[0], "restored parameters of epoch 3");
                                    EarlyStopping s = new EarlyStopping(Mode.MIN, 0, 5, true);
                                    assertEquals(0, run(s, new double[] {3, 1, 2}, p));
                                    assertEquals(3.0, p[0]);
                                    s.restoreBest(p);
                                    assertEquals(2.0, p[0], "restoreBest after the last epoch");
                                })));
    }

    private static Formula earlyStoppingTraining() {
        return new Formula("TRAIN-early-stopping", "early stopping on a real training run (interpreter, validation loss)",
                "EarlyStopping, Trainer.train, Trainer.evaluate", List.of(D1_EARLY, D2_EARLY),
                List.of("monitor validation loss, min delta 1e-4, patience 5, restore best"), 0.0, List.of(
                        Checks.property("1-4-1 tanh regression on 12 noisy points, one Trainer epoch at a time: it"
                                + " stops exactly patience epochs after its best epoch, and the restored parameters"
                                + " give the best validation loss again", () -> {
                                    java.util.Random random = new java.util.Random(11);
                                    double[][] x = new double[12][];
                                    double[][] y = new double[12][];
                                    double[][] vx = new double[12][];
                                    double[][] vy = new double[12][];
                                    for (int k = 0; k < 12; k++) {
                                        x[k] = new double[] {k / 6.0 - 1};
                                        y[k] = new double[] {Math.sin(3 * x[k][0]) + 0.3 * random.nextGaussian()};
                                        vx[k] = new double[] {k / 6.0 - 0.95};
                                        vy[k] = new double[] {Math.sin(3 * vx[k][0])};
                                    }
                                    Dataset train = new Dataset(x, y);
                                    Dataset validation = new Dataset(vx, vy);
                                    Interpreter net = NetworkModels.interpreter(1, "mse",
                                            "4 tanh init glorot_uniform seed 2", "1 linear init glorot_uniform seed 3");
                                    EarlyStopping rule = new EarlyStopping(Mode.MIN, 1e-4, 5, true);
                                    TrainingPlan oneEpoch = new TrainingPlan(1, 4, false, 0L, 0.1);
                                    int epoch = 0;
                                    boolean stopped = false;
                                    while (!stopped && epoch < 3000) {
                                        epoch++;
                                        Trainer.train(net, train, oneEpoch, new TrainingListener() { });
                                        EpochResult r = Trainer.evaluate(net, validation, epoch);
                                        stopped = rule.afterEpoch(epoch, r.loss(), net.parameters());
                                    }
                                    assertTrue(stopped, "did not stop within 3000 epochs");
                                    assertEquals(rule.bestEpoch() + 5, rule.stoppedEpoch());
                                    assertEquals(rule.best(), Trainer.evaluate(net, validation, epoch).loss(),
                                            "validation loss of the restored parameters");
                                })));
    }

    private static Formula noiseAsL2() {
        return new Formula("REG-data-augmentation",
                "noise augmentation of a linear model's inputs equals L2 in expectation: E[(w.(x+e) + b - y)^2] ="
                        + " (w.x + b - y)^2 + s^2 ||w||^2",
                "Interpreter (linear unit, mse), Trainer data as augmented copies",
                List.of(Document.D000 + ", \"Data augmentation\" (Gaussian noise, prevents overfitting)",
                        Document.D001 + ", \"Regularization: data augmentation\"",
                        Document.D003 + ", \"Preprocessing\" (copies with slight modifications)",
                        "Bishop 1995, Training with noise is equivalent to Tikhonov regularization"),
                List.of("noise with zero mean and variance s^2 per input, independent; here the 2^d sign patterns"
                        + " +-s, whose average is that expectation exactly"), 1e-12, List.of(
                        Checks.property("100 random linear units (d = 1..5 inputs) and samples: the mean loss over the"
                                + " 2^d augmented copies equals clean loss + s^2 ||w||^2, and the mean weight gradient"
                                + " equals the clean one + 2 s^2 w", () ->
                                Cases.run(100, Checks.SEED + 40, 5, (random, size) -> {
                                    int d = size;
                                    double s = 0.1 + random.nextDouble();
                                    Interpreter net = NetworkModels.interpreter(d, "mse", "1 linear init zeros");
                                    double[] p = net.parameters();
                                    double[] wb = Cases.uniform(random, d + 1, -1, 1);
                                    System.arraycopy(wb, 0, p, 0, d + 1);
                                    double[] x = Cases.uniform(random, d, -2, 2);
                                    double[] y = {random.nextDouble()};
                                    int copies = 1 << d;
                                    double[][] ax = new double[copies][];
                                    double[][] ay = new double[copies][];
                                    for (int c = 0; c < copies; c++) {
                                        ax[c] = x.clone();
                                        for (int i = 0; i < d; i++) {
                                            ax[c][i] += ((c >> i) & 1) == 0 ? s : -s;
                                        }
                                        ay[c] = y;
                                    }
                                    Dataset augmented = new Dataset(ax, ay);
                                    Dataset clean = new Dataset(new double[][] {x}, new double[][] {y});
                                    double w2 = 0;
                                    for (int i = 0; i < d; i++) {
                                        w2 += p[i] * p[i];
                                    }
                                    Checks.assertClose(NetworkModels.lossSum(net, clean) + s * s * w2,
                                            NetworkModels.lossSum(net, augmented) / copies, 1e-12, "loss");
                                    double[] ga = NetworkModels.gradientSum(net, augmented);
                                    double[] gc = NetworkModels.gradientSum(net, clean);
                                    for (int i = 0; i < d; i++) {
                                        Checks.assertClose(gc[i] + 2 * s * s * p[i], ga[i] / copies, 1e-12, "dw_" + i);
                                    }
                                    Checks.assertClose(gc[d], ga[d] / copies, 1e-12, "db (no penalty on the bias)");
                                }))));
    }

    private static Formula earlyStoppingShrinks() {
        return new Formula("REG-data-augmentation",
                "early stopping as regularisation: stopped earlier, the weights are smaller",
                "Trainer.train (full-batch gradient descent), Interpreter (linear unit, mse)",
                List.of(D2_EARLY, Document.D001 + ", \"In essence...\" (a smaller volume of parameter space)",
                        D3_EARLY, "Goodfellow, Bengio, Courville 2016, section 7.8"),
                List.of("gradient descent from 0 with learning rate 0.5 / lambda_max of the loss Hessian"), 1e-12,
                List.of(Checks.property("least squares, 3 inputs + bias, 20 rows, 60 full-batch steps: the"
                        + " parameters after t steps equal w* - (I - lr H)^t w* (closed form, Commons Math linear"
                        + " algebra) and their norm never decreases, so stopping at t keeps ||w|| <= ||w at any later"
                        + " step||", () -> {
                            java.util.Random random = new java.util.Random(5);
                            int n = 20;
                            double[][] x = new double[n][];
                            double[][] y = new double[n][];
                            double[][] design = new double[n][4];
                            for (int k = 0; k < n; k++) {
                                x[k] = new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                                y[k] = new double[] {1 + 2 * x[k][0] - x[k][1] + 0.5 * random.nextGaussian()};
                                design[k] = new double[] {x[k][0], x[k][1], x[k][2], 1};
                            }
                            RealMatrix a = MatrixUtils.createRealMatrix(design);
                            RealVector target = MatrixUtils.createRealVector(new double[n]);
                            for (int k = 0; k < n; k++) {
                                target.setEntry(k, y[k][0]);
                            }
                            // mean loss (1/n) sum (a.w - y)^2: Hessian H = (2/n) A^T A, minimiser w* = (A^T A)^-1 A^T y
                            RealMatrix h = a.transpose().multiply(a).scalarMultiply(2.0 / n);
                            RealVector wStar = MatrixUtils.inverse(a.transpose().multiply(a))
                                    .operate(a.transpose().operate(target));
                            double lambdaMax = new EigenDecomposition(h).getRealEigenvalues()[0];
                            for (double lambda : new EigenDecomposition(h).getRealEigenvalues()) {
                                lambdaMax = Math.max(lambdaMax, lambda);
                            }
                            double lr = 0.5 / lambdaMax;
                            RealMatrix step = MatrixUtils.createRealIdentityMatrix(4).subtract(h.scalarMultiply(lr));
                            Interpreter net = NetworkModels.interpreter(3, "mse", "1 linear init zeros");
                            List<double[]> history = new ArrayList<>();
                            Trainer.train(net, new Dataset(x, y), new TrainingPlan(60, n, false, 0L, lr),
                                    new TrainingListener() {
                                        @Override
                                        public void afterEpoch(EpochResult result, Model model) {
                                            history.add(model.parameters().clone());
                                        }
                                    });
                            RealMatrix power = MatrixUtils.createRealIdentityMatrix(4);
                            double previousNorm = 0;
                            for (int t = 1; t <= 60; t++) {
                                power = power.multiply(step);
                                RealVector expected = wStar.subtract(power.operate(wStar));
                                double[] w = history.get(t - 1);
                                for (int i = 0; i < 4; i++) {
                                    Checks.assertClose(expected.getEntry(i), w[i], 1e-12, "step " + t + " p" + i);
                                }
                                double norm = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2] + w[3] * w[3]);
                                assertTrue(norm >= previousNorm * (1 - 1e-15), "norm fell at step " + t);
                                previousNorm = norm;
                            }
                            assertTrue(previousNorm < wStar.getNorm(), "not yet at the minimiser");
                        })));
    }
}
