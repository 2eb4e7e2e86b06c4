package nnspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Dataset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer of docs/language.md in each of its named variants, on a 2-2-1 network (tanh hidden layer, linear
 * output, loss mse) with literal seeded weights, trained on four rows as one batch in fixed order for
 * {@link #STEPS} steps under a step-decay schedule (so that forms that keep the rate inside the velocity part from
 * those that keep it outside). For each variant:
 * <ul>
 * <li>the two back ends agree on every loss and parameter after every step to 1e-12 relative;</li>
 * <li>each back end equals, after every step, a reference written here from the framework's documented algorithm
 * for that variant (torch.optim documentation pseudo-code; Keras 3's optimizer definitions for epsilon inside the
 * root and Adam's epsilon hat; the seed documents for the printed momentum forms), fed with the gradient of the
 * network computed here by hand (PyTorch MSELoss: (yhat - y)^2, mean over the batch) and with the schedule's
 * rates in closed form;</li>
 * <li>for the variants PyTorch implements, the parameters after the last step equal those PyTorch computed
 * ({@link #TORCH}).</li>
 * </ul>
 * Parameters are explicit in every case, so a wrong default cannot hide a wrong kernel (defaults are
 * OptimizerDefaults' business); epsilons are large (1e-2) so that where epsilon enters changes the trajectory
 * well beyond rounding.
 */
class OptimizerKernelTest {
    static final int STEPS = 20;
    /** Reference and kernel differ only in the order of roundings; 20 steps keep that below 1e-12. */
    static final double ORACLE = 1e-12;
    static final String SCHEDULE = "schedule step every 3 gamma 0.5 per step";

    /** The optimizer lines; every word a variant selects is written out. */
    static final List<String> CASES = List.of(
            "sgd lr 0.2 weight_decay 0",
            "sgd lr 0.2 weight_decay 0.05",
            "momentum lr 0.1 momentum 0.8 form pytorch dampening 0.1 weight_decay 0.02",
            "momentum lr 0.1 momentum 0.8 form ema",
            "momentum lr 0.1 momentum 0.8 form lr_inside_subtract",
            "momentum lr 0.1 momentum 0.8 form lr_inside_add",
            "nesterov lr 0.1 momentum 0.7 weight_decay 0.02",
            "adagrad lr 0.1 epsilon 0.01 epsilon_placement outside initial_accumulator 0",
            "adagrad lr 0.1 epsilon 0.01 epsilon_placement inside initial_accumulator 0.1",
            "adadelta lr 1.0 rho 0.8 epsilon 0.001",
            "rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement outside centered no momentum 0",
            "rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement inside centered no momentum 0",
            "rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement outside centered yes momentum 0",
            "rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement outside centered no momentum 0.5",
            "rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement inside centered yes momentum 0.5",
            "adam lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form paper weight_decay 0",
            "adam lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form hat weight_decay 0",
            "adam lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form paper weight_decay 0.05",
            "adamw lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form paper weight_decay 0.1",
            "adamw lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form hat weight_decay 0.1");

    /**
     * A second anchor, outside this file's own reading of the documentation: the parameters after the last step as
     * PyTorch 1.13.1 (Debian's python3-torch, float64) computes them for each variant it implements, with torch.optim's
     * SGD, Adagrad, Adadelta, RMSprop, Adam and AdamW, MSELoss and StepLR(step_size 3, gamma 0.5) stepped after every
     * optimizer step, from the same start and data. The Keras variants (epsilon inside the root, epsilon hat, a
     * nonzero initial accumulator) and the seed documents' momentum forms have no torch counterpart. The numbers were
     * copied from that run; CI does not need torch.
     */
    static final Map<String, double[]> TORCH = torch();

    private static Map<String, double[]> torch() {
        Map<String, double[]> torch = new HashMap<>();
        torch.put("sgd lr 0.2 weight_decay 0",
                new double[] {0.4708053475930132, 0.8035259655611797, 1.0034533516523536,
                    -0.7045196455550778, -0.8515604867318859, -0.04712955246173947,
                    0.6578093416905965, -0.6953099166717013, 0.40651975877252106});
        torch.put("sgd lr 0.2 weight_decay 0.05",
                new double[] {0.4408442339750008, 0.7714402229684203, 0.9509077366365679,
                    -0.6689311420156754, -0.8000203592701658, -0.0526257637879994,
                    0.6323880982968914, -0.6832417796796262, 0.382006605239782});
        torch.put("momentum lr 0.1 momentum 0.8 form pytorch dampening 0.1 weight_decay 0.02",
                new double[] {0.4551696809489945, 0.8354485738883478, 1.0470843769112836,
                    -0.6446965143260884, -0.8031769034138748, -0.09231377848349842,
                    0.6379305185343115, -0.7392410150552704, 0.4055958656915849});
        torch.put("nesterov lr 0.1 momentum 0.7 weight_decay 0.02",
                new double[] {0.4515942937065315, 0.8157209488460365, 1.0190808568512983,
                    -0.6616341260194928, -0.816134356986982, -0.07602367038781353,
                    0.6407066382771353, -0.7410019150985405, 0.40362751304034367});
        torch.put("adagrad lr 0.1 epsilon 0.01 epsilon_placement outside initial_accumulator 0",
                new double[] {0.5748146201072993, 0.934549845621521, 1.0123908199432747,
                    -0.6367222690580686, -0.7675471570129606, -0.07298826321810054,
                    0.6771029993151277, -0.6202825951708687, 0.2784616009303308});
        torch.put("adadelta lr 1.0 rho 0.8 epsilon 0.001",
                new double[] {0.5748068512042457, 0.9341799718445364, 1.0416620558474377,
                    -0.6134892055681308, -0.7610615580067247, -0.09858366623975325,
                    0.6561316928830591, -0.6850965442925304, 0.30048053414606735});
        torch.put("rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement outside centered no momentum 0",
                new double[] {0.5482633739401046, 0.8170957343502293, 0.898446526488919,
                    -0.7452203228024407, -0.8127876737059905, 0.027250106889744365,
                    0.7631725207271154, -0.5136657531922327, 0.19317459051225042});
        torch.put("rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement outside centered yes momentum 0",
                new double[] {0.550817096835841, 0.8249439318560637, 0.9090621214280393,
                    -0.7352799311049751, -0.8078702464133228, 0.01745277047014939,
                    0.7542349193629695, -0.5178484523612672, 0.20268346756861924});
        torch.put("rmsprop lr 0.01 rho 0.95 epsilon 0.01 epsilon_placement outside centered no momentum 0.5",
                new double[] {0.5709460811264627, 0.8898499740791899, 0.9734379209286869,
                    -0.6757776943134841, -0.7719483648827846, -0.04164164577213332,
                    0.6998050317318514, -0.5420182621154549, 0.25883851779721095});
        torch.put("adam lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form paper weight_decay 0",
                new double[] {0.506827307853704, 0.7575268491961237, 0.8228155691121503,
                    -0.8181420142526211, -0.8664470579108344, 0.09935307685549215,
                    0.8334455722444986, -0.4811757351990348, 0.12003846414603132});
        torch.put("adam lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form paper weight_decay 0.05",
                new double[] {0.5056628269571806, 0.7557570081681511, 0.8225425342830548,
                    -0.8178946042587381, -0.8658824535143029, 0.09934075592278603,
                    0.8333362174685184, -0.48007265172684005, 0.12001771928903936});
        torch.put("adamw lr 0.01 beta1 0.8 beta2 0.99 epsilon 0.01 epsilon_form paper weight_decay 0.1",
                new double[] {0.503905682969924, 0.7533280636541694, 0.8180831945654498,
                    -0.8131792973703802, -0.8611653164273326, 0.09860883745001726,
                    0.8283959557600711, -0.4786864500966822, 0.11947192266254393});
        return torch;
    }

    /** Word parameters; the count check compares the pairs the cases write with those the document names. */
    static final Set<String> WORD_KEYS = Set.of("form", "epsilon_placement", "centered", "epsilon_form");

    static final Dataset DATA = UpdateHarness.randomData(new Random(41), 4, 2, 1);
    static final double[] START = start(new Random(43));

    private static double[] start(Random random) {
        double[] p = new double[9];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.rint(128 * random.nextDouble() - 64) / 64;
        }
        return p;
    }

    static String specText(String optimizer) {
        double[] p = START;
        return "network Tiny {\n  input 2\n"
                + "  dense 2 tanh weights [[" + p[0] + ", " + p[1] + "], [" + p[2] + ", " + p[3] + "]] bias ["
                + p[4] + ", " + p[5] + "]\n"
                + "  dense 1 linear weights [[" + p[6] + ", " + p[7] + "]] bias [" + p[8] + "]\n}\n"
                + "train {\n  loss mse\n  optimizer " + optimizer + "\n  " + SCHEDULE + "\n"
                + "  epochs " + STEPS + "  batch " + DATA.size() + "  order fixed\n}\n" + UpdateHarness.dataBlock(DATA);
    }

    @TestFactory
    Stream<DynamicTest> everyVariantAgreesAcrossBackEndsAndFollowsTheDocumentedAlgorithm() {
        return CASES.stream().map(line -> DynamicTest.dynamicTest(line, () -> {
            String text = specText(line);
            UpdateHarness.Pair pair = UpdateHarness.Pair.of(UpdateHarness.read(text));
            UpdateHarness.differential(pair, DATA, pair.spec().train(), STEPS, text);
            List<double[]> expected = reference(line);
            for (Backend backend : Backend.values()) {
                List<double[]> rows = UpdateHarness.record(pair.fresh(backend), DATA, Job.plan(pair.spec().train()));
                assertEquals(STEPS, rows.size(), backend.keyword());
                for (int t = 0; t < STEPS; t++) {
                    UpdateHarness.assertRowsClose(expected.get(t), rows.get(t), ORACLE, backend.keyword() + " "
                            + line + ", step " + (t + 1) + " (value 0 is the loss, then the parameters)");
                }
                if (TORCH.containsKey(line)) {
                    double[] last = rows.get(STEPS - 1);
                    UpdateHarness.assertRowsClose(TORCH.get(line), java.util.Arrays.copyOfRange(last, 1, last.length),
                            ORACLE, backend.keyword() + " " + line + ", PyTorch's parameters after step " + STEPS);
                }
            }
        }));
    }

    /** Kinds and words of the optimizer table in docs/language.md, against those the cases write. */
    @Test
    void theCasesCoverEveryOptimizerAndNamedVariantOfTheLanguageDocument() {
        List<String> table = UpdateHarness.section(UpdateHarness.languageDoc(), "#### Optimizers", "#### Schedules");
        Set<String> kinds = new TreeSet<>();
        Set<String> words = new TreeSet<>();
        for (String line : CASES) {
            kinds.add(line.split(" ")[0]);
            words.addAll(UpdateHarness.wordsOf(line, WORD_KEYS));
        }
        assertEquals(UpdateHarness.tableKinds(table), kinds, "optimizer kinds");
        Set<String> documented = UpdateHarness.namedWords(table);
        assertEquals(WORD_KEYS, UpdateHarness.keys(documented), "word parameters of the optimizer table");
        assertEquals(documented, words, "named variants");
        Set<String> unknown = new TreeSet<>(TORCH.keySet());
        unknown.removeAll(CASES);
        assertEquals(Set.of(), unknown, "PyTorch anchors that name no case would never be compared");
    }

    // ---- the reference: hand-written gradient and documented update rules ----

    /** Loss before each step and the parameters after it, from {@link #START}. */
    static List<double[]> reference(String line) {
        String[] tokens = line.split(" ");
        String kind = tokens[0];
        Map<String, String> p = new HashMap<>();
        for (int k = 1; k + 1 < tokens.length; k += 2) {
            p.put(tokens[k], tokens[k + 1]);
        }
        double lr = Double.parseDouble(p.get("lr"));
        Rule rule = rule(kind, p, START.length);
        double[] w = START.clone();
        List<double[]> rows = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            double[] g = new double[w.length];
            double loss = lossAndGradient(w, g);
            // schedule step every 3 gamma 0.5 per step: lr 0.5^floor(t / 3), exact in binary
            rule.step(w, g, lr * Math.scalb(1.0, -(t / 3)));
            double[] row = new double[w.length + 1];
            row[0] = loss;
            System.arraycopy(w, 0, row, 1, w.length);
            rows.add(row);
        }
        return rows;
    }

    /**
     * Mean over the four rows of (yhat - y)^2 for yhat = v . tanh(W x + b) + c, and its gradient by the chain rule,
     * in the storage order of the Model interface: W row by row, b, v, c.
     */
    static double lossAndGradient(double[] w, double[] g) {
        double loss = 0;
        int n = DATA.size();
        for (int s = 0; s < n; s++) {
            double[] x = DATA.x()[s];
            double[] a = new double[2];
            for (int j = 0; j < 2; j++) {
                a[j] = Math.tanh(w[2 * j] * x[0] + w[2 * j + 1] * x[1] + w[4 + j]);
            }
            double yhat = w[6] * a[0] + w[7] * a[1] + w[8];
            double e = yhat - DATA.y()[s][0];
            loss += e * e;
            double d = 2 * e;
            for (int j = 0; j < 2; j++) {
                double delta = d * w[6 + j] * (1 - a[j] * a[j]);
                g[2 * j] += delta * x[0];
                g[2 * j + 1] += delta * x[1];
                g[4 + j] += delta;
                g[6 + j] += d * a[j];
            }
            g[8] += d;
        }
        for (int k = 0; k < g.length; k++) {
            g[k] /= n;
        }
        return loss / n;
    }

    interface Rule {
        void step(double[] w, double[] g, double lr);
    }

    static Rule rule(String kind, Map<String, String> p, int size) {
        return switch (kind) {
            case "sgd" -> sgd(0, 0, false, num(p, "weight_decay"));
            case "nesterov" -> sgd(num(p, "momentum"), 0, true, num(p, "weight_decay"));
            case "momentum" -> switch (p.get("form")) {
                case "pytorch" -> sgd(num(p, "momentum"), num(p, "dampening"), false, num(p, "weight_decay"));
                case "ema" -> ema(num(p, "momentum"), size);
                case "lr_inside_subtract" -> lrInside(num(p, "momentum"), size, -1);
                case "lr_inside_add" -> lrInside(num(p, "momentum"), size, +1);
                default -> throw new IllegalArgumentException(line(kind, p));
            };
            case "adagrad" -> adagrad(num(p, "epsilon"), p.get("epsilon_placement").equals("inside"),
                    num(p, "initial_accumulator"), size);
            case "adadelta" -> adadelta(num(p, "rho"), num(p, "epsilon"), size);
            case "rmsprop" -> rmsprop(num(p, "rho"), num(p, "epsilon"), p.get("epsilon_placement").equals("inside"),
                    p.get("centered").equals("yes"), num(p, "momentum"), size);
            case "adam" -> adam(num(p, "beta1"), num(p, "beta2"), num(p, "epsilon"), p.get("epsilon_form")
                    .equals("hat"), num(p, "weight_decay"), 0, size);
            case "adamw" -> adam(num(p, "beta1"), num(p, "beta2"), num(p, "epsilon"), p.get("epsilon_form")
                    .equals("hat"), 0, num(p, "weight_decay"), size);
            default -> throw new IllegalArgumentException(line(kind, p));
        };
    }

    private static String line(String kind, Map<String, String> p) {
        return kind + " " + p;
    }

    private static double num(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the case must write " + key + " out: " + p);
        }
        return Double.parseDouble(v);
    }

    /**
     * torch.optim.SGD: g += lambda w; b = g at the first step, else mu b + (1 - tau) g; g = g + mu b with Nesterov,
     * else b (b only when mu != 0); w -= lr g.
     */
    static Rule sgd(double mu, double dampening, boolean nesterov, double lambda) {
        return new Rule() {
            double[] b;

            @Override
            public void step(double[] w, double[] g, double lr) {
                boolean first = b == null;
                if (first) {
                    b = new double[w.length];
                }
                for (int k = 0; k < w.length; k++) {
                    double gk = g[k] + lambda * w[k];
                    if (mu != 0) {
                        b[k] = first ? gk : mu * b[k] + (1 - dampening) * gk;
                        gk = nesterov ? gk + mu * b[k] : b[k];
                    }
                    w[k] -= lr * gk;
                }
            }
        };
    }

    /** 003_be7c2a3ed43414a9.txt, 3.4.2: v = beta v + (1 - beta) g, w = w - lr v, from v = 0. */
    static Rule ema(double beta, int size) {
        double[] v = new double[size];
        return (w, g, lr) -> {
            for (int k = 0; k < w.length; k++) {
                v[k] = beta * v[k] + (1 - beta) * g[k];
                w[k] = w[k] - lr * v[k];
            }
        };
    }

    /**
     * The forms with the rate inside the velocity: 001_aa0c02345369f2d3.txt, Algorithm 8.2, v = beta v - lr g,
     * w = w + v (sign -1); 003_be7c2a3ed43414a9.txt, v = beta v + lr g, w = w - v (sign +1).
     */
    static Rule lrInside(double beta, int size, int sign) {
        double[] v = new double[size];
        return (w, g, lr) -> {
            for (int k = 0; k < w.length; k++) {
                v[k] = beta * v[k] + sign * lr * g[k];
                w[k] = w[k] - sign * v[k];
            }
        };
    }

    /**
     * torch.optim.Adagrad (lr_decay 0): G = G + g^2 from initial_accumulator_value; w -= lr g / (sqrt(G) + eps).
     * Keras 3 Adagrad puts eps inside: w -= lr g / sqrt(G + eps).
     */
    static Rule adagrad(double eps, boolean inside, double initial, int size) {
        double[] sum = new double[size];
        java.util.Arrays.fill(sum, initial);
        return (w, g, lr) -> {
            for (int k = 0; k < w.length; k++) {
                sum[k] = sum[k] + g[k] * g[k];
                double denominator = inside ? Math.sqrt(sum[k] + eps) : Math.sqrt(sum[k]) + eps;
                w[k] -= lr * g[k] / denominator;
            }
        };
    }

    /**
     * torch.optim.Adadelta: v = rho v + (1 - rho) g^2; dx = sqrt(u + eps) / sqrt(v + eps) g;
     * u = rho u + (1 - rho) dx^2; w -= lr dx.
     */
    static Rule adadelta(double rho, double eps, int size) {
        double[] v = new double[size];
        double[] u = new double[size];
        return (w, g, lr) -> {
            for (int k = 0; k < w.length; k++) {
                v[k] = rho * v[k] + (1 - rho) * g[k] * g[k];
                double dx = Math.sqrt(u[k] + eps) / Math.sqrt(v[k] + eps) * g[k];
                u[k] = rho * u[k] + (1 - rho) * dx * dx;
                w[k] -= lr * dx;
            }
        };
    }

    /**
     * torch.optim.RMSprop (alpha = rho): v = rho v + (1 - rho) g^2; centered: a = rho a + (1 - rho) g, v~ = v - a^2;
     * with momentum mu > 0: b = mu b + g / (sqrt(v~) + eps), w -= lr b; else w -= lr g / (sqrt(v~) + eps). Keras 3
     * RMSprop's placement: sqrt(v~ + eps).
     */
    static Rule rmsprop(double rho, double eps, boolean inside, boolean centered, double mu, int size) {
        double[] v = new double[size];
        double[] a = new double[size];
        double[] b = new double[size];
        return (w, g, lr) -> {
            for (int k = 0; k < w.length; k++) {
                v[k] = rho * v[k] + (1 - rho) * g[k] * g[k];
                double s = v[k];
                if (centered) {
                    a[k] = rho * a[k] + (1 - rho) * g[k];
                    s = s - a[k] * a[k];
                }
                double scaled = g[k] / (inside ? Math.sqrt(s + eps) : Math.sqrt(s) + eps);
                if (mu > 0) {
                    b[k] = mu * b[k] + scaled;
                    w[k] -= lr * b[k];
                } else {
                    w[k] -= lr * scaled;
                }
            }
        };
    }

    /**
     * torch.optim.Adam / AdamW: AdamW first w -= lr lambda_d w; Adam's coupled decay g += lambda_c w; m = b1 m + (1 -
     * b1) g; v = b2 v + (1 - b2) g^2; w -= lr m^ / (sqrt(v^) + eps) with m^ = m / (1 - b1^t), v^ = v / (1 - b2^t).
     * Keras 3 Adam (epsilon hat): alpha = lr sqrt(1 - b2^t) / (1 - b1^t); w -= alpha m / (sqrt(v) + eps).
     */
    static Rule adam(double b1, double b2, double eps, boolean hat, double coupled, double decoupled, int size) {
        double[] m = new double[size];
        double[] v = new double[size];
        int[] t = {0};
        return (w, g, lr) -> {
            t[0]++;
            double c1 = 1 - Math.pow(b1, t[0]);
            double c2 = 1 - Math.pow(b2, t[0]);
            for (int k = 0; k < w.length; k++) {
                w[k] -= lr * decoupled * w[k];
                double gk = g[k] + coupled * w[k];
                m[k] = b1 * m[k] + (1 - b1) * gk;
                v[k] = b2 * v[k] + (1 - b2) * gk * gk;
                if (hat) {
                    double alpha = lr * Math.sqrt(c2) / c1;
                    w[k] -= alpha * m[k] / (Math.sqrt(v[k]) + eps);
                } else {
                    w[k] -= lr * (m[k] / c1) / (Math.sqrt(v[k] / c2) + eps);
                }
            }
        };
    }
}
