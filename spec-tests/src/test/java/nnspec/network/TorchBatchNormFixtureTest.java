package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nnspec.formula.Checks;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * The PyTorch cross-check of batch normalisation: {@code fixtures/torch_batchnorm.txt}, written by
 * {@code torch_batchnorm.py} (same folder; Debian's PyTorch 1.13, float64) and checked in, holds a small network
 * with a BatchNorm2d before a ReLU and a BatchNorm1d after a tanh: its explicit starting weights, its data, its
 * parameters and running statistics after each training step, and its evaluation-mode outputs after training.
 * The same network in the .nn language, started from the same numbers and trained in the same order by each back
 * end, gives the same values, to 1e-12 (relative, absolute below 1).
 */
class TorchBatchNormFixtureTest {
    private static final String RESOURCE = "/fixtures/torch_batchnorm.txt";

    /** Network C of the script. */
    private static final String C = """
            network C {
              input 1x4x4
              conv 2 2x2 relu
              batchnorm placement before
              flatten
              dense 4 tanh
              batchnorm momentum 0.2 epsilon 0.001
              dense 2 linear
            }
            train {
              loss mse
              optimizer sgd lr 0.1
              epochs 2  batch 3
            }
            """;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void followsPyTorchStepByStepAndEvaluatesWithItsRunningStatistics(Backend backend) throws Exception {
        List<double[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        List<double[]> steps = new ArrayList<>();
        List<double[]> eval = new ArrayList<>();
        try (InputStream in = TorchBatchNormFixtureTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "missing resource " + RESOURCE);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.strip().split(" ");
                if (f[0].equals("torch")) {
                    continue;
                }
                List<double[]> list = switch (f[1]) {
                    case "x" -> x;
                    case "y" -> y;
                    case "eval" -> eval;
                    default -> steps;
                };
                assertEquals(list.size(), Integer.parseInt(f[2]), "fixture out of order: " + line);
                list.add(Arrays.stream(f, 3, f.length).mapToDouble(Double::parseDouble).toArray());
            }
        }
        StringBuilder data = new StringBuilder("data {\n");
        for (int n = 0; n < x.size(); n++) {
            for (double v : x.get(n)) {
                data.append(' ').append(v);
            }
            data.append(" ->");
            for (double v : y.get(n)) {
                data.append(' ').append(v);
            }
            data.append('\n');
        }
        Spec spec = SpecReader.parse("torch.nn", C + data + "}\n");
        Model model = backend.create(spec);
        double[] start = steps.get(0);
        assertEquals(start.length, model.parameterCount(), "parameter count");
        System.arraycopy(start, 0, model.parameters(), 0, start.length);
        List<double[]> after = new ArrayList<>();
        Dataset dataset = new Dataset(x.toArray(double[][]::new), y.toArray(double[][]::new));
        Trainer.train(model, dataset, Job.plan(spec.train()), new TrainingListener() {
            @Override
            public void afterStep(int epoch, int step, int batch, double[] xs, double[] ys, double[] yhat,
                    double loss, Model m) {
                after.add(m.parameters().clone());
            }
        });
        assertEquals(steps.size() - 1, after.size(), "steps");
        int compared = 0;
        for (int step = 0; step < after.size(); step++) {
            double[] expected = steps.get(step + 1);
            for (int k = 0; k < expected.length; k++) {
                if (!Checks.close(expected[k], after.get(step)[k], 1e-12)) {
                    throw new AssertionFailedError("step " + (step + 1) + ", " + model.parameterName(k)
                            + ": PyTorch " + expected[k] + ", nnspec " + after.get(step)[k]);
                }
                compared++;
            }
        }
        for (int n = 0; n < x.size(); n++) {
            double[] out = model.predict(x.get(n));
            for (int j = 0; j < out.length; j++) {
                if (!Checks.close(eval.get(n)[j], out[j], 1e-12)) {
                    throw new AssertionFailedError("evaluation of sample " + n + ", output " + j + ": PyTorch "
                            + eval.get(n)[j] + ", nnspec " + out[j]);
                }
                compared++;
            }
        }
        // conv 2 x 4 + 2, batchnorm 4 x 2, dense 4 x 18 + 4, batchnorm 4 x 4, dense 2 x 4 + 2: 120 per step, four
        // steps; then 6 samples of 2 outputs
        assertEquals(4 * 120 + 12, compared, "values compared");
    }
}
