package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnspec.diagnostics.SpecException;
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
 * The PyTorch cross-check of convolution, pooling and flatten: {@code fixtures/torch_cnns.txt}, written by
 * {@code torch_cnns.py} (same folder; PyTorch 1.13, float64) and checked in, holds two small CNNs' explicit
 * starting weights, their data and their parameters after each training step. The same networks written in the
 * .nn language, started from the same weights and trained in the same order by each back end, give the same
 * parameters after every step, to 1e-12 (relative, absolute below 1).
 */
class TorchCnnFixtureTest {
    private static final String RESOURCE = "/fixtures/torch_cnns.txt";

    /** Network A of the script: conv with padding, tanh, max pooling, flatten, cross-entropy on logits, SGD. */
    private static final String A = """
            network A {
              input 1x5x5
              conv 2 3x3 padding 1 tanh
              maxpool 2x2
              flatten
              dense 3 linear
            }
            train {
              loss cce from logits
              optimizer sgd lr 0.1
              epochs 2  batch 2
            }
            """;

    /**
     * Network B: a strided, padded conv with ReLU, a conv with padding per side (top 1, right 1: PyTorch's
     * F.pad(x, (0, 1, 1, 0))) and sigmoid, average pooling with padding, ceil mode and padded cells not counted,
     * flatten, mse, Adam.
     */
    private static final String B = """
            network B {
              input 2x6x6
              conv 3 3x3 stride 2 padding 1 relu
              conv 2 2x2 padding 1,0,0,1 sigmoid
              avgpool 2x2 stride 1 padding 1 ceil yes count_padding no
              flatten
              dense 2 linear
            }
            train {
              loss mse
              optimizer adam lr 0.01
              epochs 2  batch 2
            }
            """;

    private record Run(List<double[]> x, List<double[]> y, List<double[]> steps) {
    }

    private static Map<String, Run> fixture() throws IOException {
        Map<String, Run> runs = new LinkedHashMap<>();
        try (InputStream in = TorchCnnFixtureTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "missing resource " + RESOURCE);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.strip().split(" ");
                if (f[0].equals("torch")) {
                    continue;
                }
                Run run = runs.computeIfAbsent(f[0], k -> new Run(new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>()));
                double[] values = Arrays.stream(f, 3, f.length).mapToDouble(Double::parseDouble).toArray();
                List<double[]> list = switch (f[1]) {
                    case "x" -> run.x();
                    case "y" -> run.y();
                    default -> run.steps();
                };
                assertEquals(list.size(), Integer.parseInt(f[2]), "fixture out of order: " + f[0] + " " + f[1]);
                list.add(values);
            }
        }
        return runs;
    }

    private static Spec spec(String network, Run run) throws SpecException {
        StringBuilder data = new StringBuilder("data {\n");
        for (int n = 0; n < run.x().size(); n++) {
            for (double v : run.x().get(n)) {
                data.append(' ').append(v);
            }
            data.append(" ->");
            for (double v : run.y().get(n)) {
                data.append(' ').append(v);
            }
            data.append('\n');
        }
        return SpecReader.parse("torch.nn", network + data + "}\n");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bothCnnsFollowPyTorchStepByStep(Backend backend) throws Exception {
        Map<String, Run> runs = fixture();
        assertEquals(List.of("A", "B"), List.copyOf(runs.keySet()));
        int compared = 0;
        for (Map.Entry<String, Run> entry : runs.entrySet()) {
            Run run = entry.getValue();
            Spec spec = spec(entry.getKey().equals("A") ? A : B, run);
            Model model = backend.create(spec);
            double[] start = run.steps().get(0);
            assertEquals(start.length, model.parameterCount(), entry.getKey() + ": parameter count");
            System.arraycopy(start, 0, model.parameters(), 0, start.length);
            List<double[]> after = new ArrayList<>();
            Dataset data = new Dataset(run.x().toArray(double[][]::new), run.y().toArray(double[][]::new));
            Trainer.train(model, data, Job.plan(spec.train()), new TrainingListener() {
                @Override
                public void afterStep(int epoch, int step, int batch, double[] x, double[] y, double[] yhat,
                        double loss, Model m) {
                    after.add(m.parameters().clone());
                }
            });
            assertEquals(run.steps().size() - 1, after.size(), entry.getKey() + ": steps");
            for (int step = 0; step < after.size(); step++) {
                double[] expected = run.steps().get(step + 1);
                double[] actual = after.get(step);
                for (int k = 0; k < expected.length; k++) {
                    if (!Checks.close(expected[k], actual[k], 1e-12)) {
                        throw new AssertionFailedError(entry.getKey() + ", step " + (step + 1) + ", "
                                + model.parameterName(k) + ": PyTorch " + expected[k] + ", nnspec " + actual[k]);
                    }
                    compared++;
                }
            }
        }
        // A: conv 2 x 1 x 3 x 3 + 2, dense 3 x 8 + 3; B: 3 x 2 x 3 x 3 + 3, 2 x 3 x 2 x 2 + 2, 2 x 32 + 2; four steps each
        assertEquals(4 * (20 + 27) + 4 * (57 + 26 + 66), compared, "values compared");
    }
}
