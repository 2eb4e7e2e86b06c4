package nnspec.formula;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnspec.interpret.Interpreter;
import nnspec.runtime.Dataset;
import nnspec.runtime.Initializers;
import nnspec.runtime.Initializers.Normal;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import nnspec.runtime.TrainingPlan;

/** Initialisation claims about whole networks, on the reference interpreter. */
final class InitNetworks {
    private static final Dataset XOR = new Dataset(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[][] {{0}, {1}, {1}, {0}});
    private static final Dataset AND = new Dataset(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[][] {{0}, {0}, {0}, {1}});

    private InitNetworks() {
    }

    static List<Formula> all() {
        return List.of(symmetry(), vanishing());
    }

    private static Formula symmetry() {
        List<String> citations = List.of(InitFormulas.D1_INIT,
                Document.D000 + ", \"Example: multi-layer perceptron training\"",
                Document.D003 + ", \"Parameters\"");
        return new Formula("INIT-symmetry-breaking", "equal initial units stay equal; distinct ones stay distinct",
                "Initializers.constant, Initializers.glorotUniform, Interpreter, Trainer", citations,
                List.of("relu'(0) = 0 (as PyTorch), which makes 000's zero-initialised ReLU layer receive no gradient"),
                0.0, List.of(
                        Checks.property("constant 0.3 initialisation, 2-3-1 tanh/sigmoid, BCE, XOR, 200 epochs of"
                                + " batch 2: every hidden unit has bit-identical incoming weights, bias and outgoing"
                                + " weight (001: same initial parameters are updated the same way)", () -> {
                                    Interpreter net = NetworkModels.interpreter(2, "bce", "3 tanh init constant 0.3",
                                            "1 sigmoid init constant 0.3");
                                    Trainer.train(net, XOR, new TrainingPlan(200, 2, true, 5L, 0.5),
                                            new TrainingListener() { });
                                    double[] p = net.parameters();
                                    // layer 1: w[j][i] at 2j + i, b_j at 6 + j; layer 2: w[0][j] at 9 + j
                                    assertNotEquals(0.3, p[0], "the weights did not move");
                                    for (int j = 1; j < 3; j++) {
                                        assertEquals(p[0], p[2 * j], "w[" + j + "][0]");
                                        assertEquals(p[1], p[2 * j + 1], "w[" + j + "][1]");
                                        assertEquals(p[6], p[6 + j], "b[" + j + "]");
                                        assertEquals(p[9], p[9 + j], "out.w[0][" + j + "]");
                                    }
                                }),
                        Checks.property("Glorot-uniform initialisation (seed 3), same training: the three hidden"
                                + " units end with pairwise different weights", () -> {
                                    Interpreter net = NetworkModels.interpreter(2, "bce",
                                            "3 tanh init glorot_uniform seed 3", "1 sigmoid init glorot_uniform seed 4");
                                    Trainer.train(net, XOR, new TrainingPlan(200, 2, true, 5L, 0.5),
                                            new TrainingListener() { });
                                    double[] p = net.parameters();
                                    for (int j = 0; j < 3; j++) {
                                        for (int k = j + 1; k < 3; k++) {
                                            assertTrue(p[2 * j] != p[2 * k] || p[2 * j + 1] != p[2 * k + 1],
                                                    "units " + j + " and " + k + " are equal");
                                        }
                                    }
                                }),
                        Checks.property("000's zero-initialised 2-2-1 ReLU/sigmoid MLP on AND, 100 epochs of batch 1,"
                                + " lr 0.1: the hidden weights and biases are still exactly 0, only the output bias"
                                + " moves (000: gradients stop at the output layer)", () -> {
                                    Interpreter net = NetworkModels.interpreter(2, "bce", "2 relu init zeros",
                                            "1 sigmoid init zeros");
                                    Trainer.train(net, AND, new TrainingPlan(100, 1, false, 0L, 0.1),
                                            new TrainingListener() { });
                                    double[] p = net.parameters();
                                    for (int k = 0; k < 8; k++) {
                                        Checks.assertExactly(0.0, p[k], net.parameterName(k));
                                    }
                                    assertTrue(p[8] != 0.0, "the output bias did not move");
                                })));
    }

    private static final int WIDTH = 32;
    private static final int DEPTH = 10;
    private static final int DRAWS = 400;

    private static Interpreter deepLinear() {
        String[] layers = new String[DEPTH];
        java.util.Arrays.fill(layers, WIDTH + " linear init zeros");
        return NetworkModels.interpreter(WIDTH, "mse", layers);
    }

    private static Check signalGrowth(double c) {
        double expected = Math.pow(c, DEPTH);
        double relativeSd = Math.sqrt(Math.pow(1.0 + 2.0 / WIDTH, DEPTH) - 1.0) / Math.sqrt(DRAWS);
        return Checks.property("weights N(0, " + c + "/n), identity activation, " + DEPTH + " layers of " + WIDTH
                + ": the mean of ||z^L||^2/||x||^2 over " + DRAWS + " draws is within 5 standard errors of"
                + " (n sigma^2)^L = " + expected + " (closed form: a product of independent chi-square(n)/n factors)",
                () -> {
                    Interpreter net = deepLinear();
                    double[] p = net.parameters();
                    int stride = WIDTH * WIDTH + WIDTH;
                    java.util.Random inputs = new java.util.Random(99);
                    double sum = 0.0;
                    for (int draw = 0; draw < DRAWS; draw++) {
                        for (int l = 0; l < DEPTH; l++) {
                            Initializers.normal(p, l * stride, WIDTH * WIDTH, Math.sqrt(c / WIDTH),
                                    1000L * draw + l, Normal.PLAIN);
                        }
                        double[] x = new double[WIDTH];
                        double xx = 0.0;
                        for (int i = 0; i < WIDTH; i++) {
                            x[i] = inputs.nextDouble() - 0.5;
                            xx += x[i] * x[i];
                        }
                        double[] z = NetworkModels.forward(net, x);
                        double zz = 0.0;
                        for (double v : z) {
                            zz += v * v;
                        }
                        sum += zz / xx;
                    }
                    double mean = sum / DRAWS;
                    assertTrue(Math.abs(mean - expected) <= 5.0 * relativeSd * expected,
                            "mean ratio " + mean + ", expected " + expected + " +- " + 5.0 * relativeSd * expected);
                });
    }

    private static Formula vanishing() {
        return new Formula("INIT-vanishing-heuristic",
                "||z^L|| = ||W||^L ||x|| with identity activations: signals explode above 1, vanish below",
                "Interpreter (dense linear layers), Initializers.normal",
                List.of(Document.D002 + ", \"Vanishing gradient problem\"",
                        Document.D002 + ", \"Weight initialization\""),
                List.of("R(z) = z as the slide assumes; Gaussian weights, plain normal"), 0.0, List.of(
                        Checks.property("W = c I in each of " + DEPTH + " layers (c = 2, 1, 1/2): z^L = c^L x exactly"
                                + " (powers of two)", () -> {
                                    for (double c : new double[] {2.0, 1.0, 0.5}) {
                                        Interpreter net = deepLinear();
                                        double[] p = net.parameters();
                                        int stride = WIDTH * WIDTH + WIDTH;
                                        for (int l = 0; l < DEPTH; l++) {
                                            for (int j = 0; j < WIDTH; j++) {
                                                p[l * stride + j * WIDTH + j] = c;
                                            }
                                        }
                                        double[] x = new double[WIDTH];
                                        for (int i = 0; i < WIDTH; i++) {
                                            x[i] = (i - 16) / 8.0;
                                        }
                                        double[] z = NetworkModels.forward(net, x);
                                        for (int i = 0; i < WIDTH; i++) {
                                            Checks.assertExactly(Math.scalb(x[i], Math.getExponent(c) * DEPTH), z[i],
                                                    "c " + c + ", z[" + i + "]");
                                        }
                                    }
                                }),
                        signalGrowth(1.0), signalGrowth(2.0), signalGrowth(0.5)));
    }
}
