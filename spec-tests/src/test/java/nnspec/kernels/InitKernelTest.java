package nnspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.diagnostics.SpecException;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every initialiser of docs/language.md in each named variant, one per layer of a deep network whose widths
 * alternate so that no layer has as many inputs as units (the He variances 2/inputs and 4/(inputs + units) part
 * there). The parameters each back end starts from, and those after {@link Model#initialize()} following training,
 * equal draws computed here: the documented formula applied to {@link java.util.Random}(seed), weights in storage
 * order (unit by unit, input by input), biases 0, with
 * <ul>
 * <li>uniform on [low, high): low + (high - low) nextDouble() (PyTorch uniform_(a, b));</li>
 * <li>Glorot uniform limit sqrt(6/(in + out)) (Keras GlorotUniform, PyTorch xavier_uniform_), uniform_fanin
 * 1/sqrt(in) (001_aa0c02345369f2d3.txt), He uniform sqrt(3 var), LeCun uniform sqrt(3/in) (Keras);</li>
 * <li>normals of standard deviation s: s nextGaussian() (PyTorch xavier_normal_, kaiming_normal_), or Keras's
 * truncated normal: scale s / 0.87962566103423978 (Keras VarianceScaling's constant), a draw with |g| &gt; 2
 * discarded and drawn again;</li>
 * <li>variances 2/(in + out) (Glorot), 2/in (He standard), 4/(in + out) (He as 002_db2ef66716d01cf4.txt prints
 * it), 1/in (LeCun).</li>
 * </ul>
 * A second network under convention keras checks the defaults: truncated normals and the layer's position as
 * seed. Both networks train 20 steps in both back ends, which agree on every loss and parameter to 1e-12.
 */
class InitKernelTest {
    /** The oracle repeats the kernel's arithmetic up to the order of a square root and a division. */
    static final double TOLERANCE = 1e-14;
    /** Keras's VarianceScaling: the standard deviation of N(0, 1) truncated to [-2, 2]. */
    static final double KERAS_TRUNCATED_SD = 0.87962566103423978;
    static final int INPUTS = 3;

    static final String[] PYTORCH_LAYERS = {
        "dense 4 tanh init zeros",
        "dense 3 tanh init constant 0.25",
        "dense 5 tanh init file \"w.txt\"",
        "dense 2 tanh init uniform -0.5 1.5 seed 11",
        "dense 4 tanh init glorot_uniform seed 12",
        "dense 3 tanh init uniform_fanin seed 13",
        "dense 5 tanh init glorot_normal seed 14 normal plain",
        "dense 2 tanh init glorot_normal seed 15 normal truncated",
        "dense 4 tanh init he_normal seed 16 variance standard normal plain",
        "dense 3 tanh init he_normal seed 17 variance standard normal truncated",
        "dense 5 tanh init he_normal seed 18 variance doubled_glorot normal plain",
        "dense 2 tanh init he_normal seed 19 variance doubled_glorot normal truncated",
        "dense 4 tanh init he_uniform seed 20 variance standard",
        "dense 3 tanh init he_uniform seed 21 variance doubled_glorot",
        "dense 5 tanh init lecun_normal seed 22 normal plain",
        "dense 2 tanh init lecun_normal seed 23 normal truncated",
        "dense 4 tanh init lecun_uniform seed 24",
        "dense 1 linear init glorot_uniform",
    };

    /** Defaults under keras: truncated normals, standard He variance, the 1-based layer position as seed. */
    static final String[] KERAS_LAYERS = {
        "dense 4 tanh init glorot_normal",
        "dense 2 tanh init he_normal",
        "dense 5 tanh init lecun_normal",
        "dense 3 tanh init he_uniform",
        "dense 1 linear init uniform -1 1",
    };

    /** Layer 3's file: five units of three inputs, then the bias, commas and spaces mixed as the format allows. */
    static final double[][] FILE_ROWS = {{0.5, -1, 0.25, 0.125}, {-2, 0.3, 0, -0.5}, {1.5, 1, -0.75, 2},
        {0.1, 0.2, 0.3, 0.4}, {-0.1, -0.2, -0.3, -0.4}};

    static final Dataset DATA = UpdateHarness.randomData(new Random(71), 4, INPUTS, 1);

    static Job load(Path dir, String[] layers, String convention) throws Exception {
        StringBuilder file = new StringBuilder("# unit rows: weights from input 0 up, then the bias\n");
        for (double[] row : FILE_ROWS) {
            file.append(row[0]).append(", ").append(row[1]).append(' ').append(row[2]).append(", ").append(row[3])
                    .append('\n');
        }
        Files.writeString(dir.resolve("w.txt"), file);
        StringBuilder text = new StringBuilder("network Inits {\n  input " + INPUTS + "\n");
        for (String layer : layers) {
            text.append("  ").append(layer).append('\n');
        }
        text.append("}\ntrain {\n  loss mse\n  optimizer sgd lr 0.05\n  convention ").append(convention)
                .append("\n  epochs 5  batch 1  order fixed\n}\n").append(UpdateHarness.dataBlock(DATA));
        Path spec = dir.resolve(convention + ".nn");
        Files.writeString(spec, text);
        try {
            return Job.load(spec);
        } catch (SpecException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + text, e);
        }
    }

    @Test
    void pytorchNetworkStartsAtTheDocumentedDraws(@TempDir Path dir) throws Exception {
        check(load(dir, PYTORCH_LAYERS, "pytorch"), PYTORCH_LAYERS, false);
    }

    @Test
    void kerasDefaultsStartAtTheDocumentedDraws(@TempDir Path dir) throws Exception {
        check(load(dir, KERAS_LAYERS, "keras"), KERAS_LAYERS, true);
    }

    private static void check(Job job, String[] layers, boolean keras) {
        double[] expected = expected(layers, keras);
        UpdateHarness.Pair pair = UpdateHarness.Pair.of(job.spec());
        for (Backend backend : Backend.values()) {
            Model model = pair.fresh(backend);
            assertParameters(expected, model, layers, backend.keyword() + " after construction");
        }
        UpdateHarness.differential(pair, job.data(), job.spec().train(), 20, String.join("\n", layers));
        for (Backend backend : Backend.values()) {
            Model model = pair.fresh(backend);
            UpdateHarness.record(model, job.data(), Job.plan(job.spec().train()));
            model.initialize();
            assertParameters(expected, model, layers, backend.keyword() + " after training and initialize()");
        }
    }

    private static void assertParameters(double[] expected, Model model, String[] layers, String context) {
        assertEquals(expected.length, model.parameterCount(), context + ": parameter count");
        double[] actual = model.parameters();
        for (int k = 0; k < expected.length; k++) {
            double e = expected[k];
            if (!(Math.abs(actual[k] - e) <= TOLERANCE * Math.abs(e)) && !(e == 0 && actual[k] == 0)) {
                throw new org.opentest4j.AssertionFailedError(context + ": " + model.parameterName(k) + " = "
                        + actual[k] + ", the documented draw is " + e + " (layer " + layerOf(model, k, layers) + ")",
                        e, actual[k]);
            }
        }
    }

    private static String layerOf(Model model, int k, String[] layers) {
        String name = model.parameterName(k);
        int position = Integer.parseInt(name.substring("dense".length(), name.indexOf('.')));
        return position + ": " + layers[position - 1];
    }

    /** Every layer's parameters in storage order, from its spec line alone. */
    static double[] expected(String[] layers, boolean keras) {
        List<Double> all = new ArrayList<>();
        int in = INPUTS;
        for (int l = 0; l < layers.length; l++) {
            String[] t = layers[l].split(" ");
            int out = Integer.parseInt(t[1]);
            String kind = t[4];
            long seed = l + 1;
            boolean truncated = keras;
            String variance = "standard";
            for (int k = 5; k + 1 < t.length; k++) {
                switch (t[k]) {
                    case "seed" -> seed = Long.parseLong(t[k + 1]);
                    case "normal" -> truncated = t[k + 1].equals("truncated");
                    case "variance" -> variance = t[k + 1];
                    default -> {
                    }
                }
            }
            double[] w = new double[in * out];
            double[] b = new double[out];
            Random random = new Random(seed);
            double heVariance = variance.equals("standard") ? 2.0 / in : 4.0 / (in + out);
            switch (kind) {
                case "zeros" -> {
                }
                case "constant" -> {
                    java.util.Arrays.fill(w, Double.parseDouble(t[5]));
                    java.util.Arrays.fill(b, Double.parseDouble(t[5]));
                }
                case "file" -> {
                    for (int j = 0; j < out; j++) {
                        System.arraycopy(FILE_ROWS[j], 0, w, j * in, in);
                        b[j] = FILE_ROWS[j][in];
                    }
                }
                case "uniform" -> uniform(w, random, Double.parseDouble(t[5]), Double.parseDouble(t[6]));
                case "glorot_uniform" -> symmetric(w, random, Math.sqrt(6.0 / (in + out)));
                case "uniform_fanin" -> symmetric(w, random, 1.0 / Math.sqrt(in));
                case "he_uniform" -> symmetric(w, random, Math.sqrt(3.0 * heVariance));
                case "lecun_uniform" -> symmetric(w, random, Math.sqrt(3.0 / in));
                case "glorot_normal" -> normal(w, random, Math.sqrt(2.0 / (in + out)), truncated);
                case "he_normal" -> normal(w, random, Math.sqrt(heVariance), truncated);
                case "lecun_normal" -> normal(w, random, Math.sqrt(1.0 / in), truncated);
                default -> throw new IllegalArgumentException(layers[l]);
            }
            for (double v : w) {
                all.add(v);
            }
            for (double v : b) {
                all.add(v);
            }
            in = out;
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static void uniform(double[] w, Random random, double low, double high) {
        for (int k = 0; k < w.length; k++) {
            w[k] = low + (high - low) * random.nextDouble();
        }
    }

    static void symmetric(double[] w, Random random, double limit) {
        uniform(w, random, -limit, limit);
    }

    static void normal(double[] w, Random random, double sd, boolean truncated) {
        for (int k = 0; k < w.length; k++) {
            double g = random.nextGaussian();
            while (truncated && Math.abs(g) > 2) {
                g = random.nextGaussian();
            }
            w[k] = truncated ? sd / KERAS_TRUNCATED_SD * g : sd * g;
        }
    }

    private static final Pattern INIT_ROW = Pattern.compile("^\\| `init (\\w+)");

    @Test
    void theLayersCoverEveryInitialiserAndNamedVariantOfTheLanguageDocument() {
        List<String> table = UpdateHarness.section(UpdateHarness.languageDoc(), "| option | meaning |",
                "`weights` and `init` exclude");
        Set<String> kinds = new TreeSet<>();
        for (String line : table) {
            Matcher m = INIT_ROW.matcher(line);
            if (m.find()) {
                kinds.add(m.group(1));
            }
        }
        Set<String> documented = new TreeSet<>(UpdateHarness.namedWords(table));
        documented.addAll(UpdateHarness.pairs(table, "variance"));
        assertEquals(Set.of("normal", "variance"), UpdateHarness.keys(documented), "word parameters");
        Set<String> covered = new TreeSet<>();
        Set<String> words = new TreeSet<>();
        for (String layer : PYTORCH_LAYERS) {
            covered.add(layer.split(" ")[4]);
            words.addAll(UpdateHarness.wordsOf(layer, Set.of("normal", "variance")));
        }
        assertEquals(kinds, covered, "init kinds");
        assertEquals(11, kinds.size(), "docs/language.md lists 11 initialisers: " + kinds);
        assertEquals(documented, words, "named variants");
    }
}
