package nnspec.generate;

import static nnspec.generate.Specs.glorot;
import static nnspec.generate.Specs.layer;
import static nnspec.generate.Specs.literal;
import static nnspec.generate.Specs.perceptron;
import static nnspec.generate.Specs.sgd;
import static nnspec.generate.Specs.uniform;
import static nnspec.generate.Specs.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import nnspec.interpret.Interpreter;
import nnspec.model.Activation;
import nnspec.model.Init;
import nnspec.model.Loss;
import nnspec.model.Optimizer;
import nnspec.model.Spec;
import nnspec.runtime.Model;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated code against the reference interpreter, step by step: after every sample the outputs, output
 * pre-activations, loss and gradients, after every update the parameters, must agree to 1e-12 relative. Each case
 * counts what it compared, so a case cannot pass by comparing nothing.
 */
class GeneratedModelDifferentialTest {
    private static final double TOLERANCE = 1e-12;

    /** How targets are drawn for a case. */
    enum Target { BINARY, SIGNED, ONE_HOT, REAL }

    record Case(String title, Spec spec, Target target, int batch, int steps, double learningRate) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("2-2-1 relu/sigmoid bce, zeros", Specs.mlpZeros(), Target.BINARY, 1, 60, 0.1),
                new Case("2-2-1 relu/sigmoid bce, glorot", sgd("mlpGlorot", 2, Loss.Kind.BCE,
                        layer("hidden", 2, Activation.RELU, glorot(7)),
                        layer("output", 1, Activation.SIGMOID, glorot(8))), Target.BINARY, 2, 60, 0.5),
                new Case("perceptron, step, literal zeros", perceptron("AndPerceptron", 2,
                        layer("output", 1, Activation.STEP, new Init.Literal(List.of(List.of(0.0, 0.0)),
                                List.of(0.0)))), Target.BINARY, 1, 40, 0.1),
                new Case("3-4-3 tanh/softmax cce", sgd("iris-ish", 3, Loss.Kind.CCE,
                        layer("hidden", 4, Activation.TANH, glorot(3)),
                        layer("output", 3, Activation.SOFTMAX, glorot(4))), Target.ONE_HOT, 3, 50, 0.3),
                new Case("3-4-3 tanh/softmax cce in bits", withLogBase(sgd("bits", 3, Loss.Kind.CCE,
                        layer("hidden", 4, Activation.TANH, glorot(5)),
                        layer("output", 3, Activation.SOFTMAX, glorot(6))), 2.0), Target.ONE_HOT, 2, 30, 0.3),
                new Case("2-3-1 sigmoid/linear mse", sgd("regression", 2, Loss.Kind.MSE,
                        layer("hidden", 3, Activation.SIGMOID, uniform(-0.7, 0.7, 11)),
                        layer("output", 1, Activation.LINEAR, uniform(-0.7, 0.7, 12))), Target.REAL, 2, 60, 0.05),
                new Case("2-3-1 relu/linear mae", sgd("robust", 2, Loss.Kind.MAE,
                        layer("hidden", 3, Activation.RELU, uniform(-1, 1, 13)),
                        layer("output", 1, Activation.LINEAR, new Init.Constant(0.25))), Target.REAL, 1, 60, 0.05),
                new Case("2-3-2 relu/sigmoid bce in bits, two outputs", withLogBase(sgd("twoOut", 2, Loss.Kind.BCE,
                        layer("hidden", 3, Activation.RELU, glorot(21)),
                        layer("output", 2, Activation.SIGMOID, glorot(22))), 2.0), Target.BINARY, 2, 40, 0.2),
                new Case("2-3-2 tanh/sigmoid cce by the chain rule", sgd("chainCce", 2, Loss.Kind.CCE,
                        layer("hidden", 3, Activation.TANH, glorot(23)),
                        layer("output", 2, Activation.SIGMOID, glorot(24))), Target.ONE_HOT, 2, 40, 0.2),
                new Case("2-3-1 sigmoid/sigmoid mse", sgd("chainMse", 2, Loss.Kind.MSE,
                        layer("hidden", 3, Activation.SIGMOID, glorot(25)),
                        layer("output", 1, Activation.SIGMOID, glorot(26))), Target.BINARY, 1, 40, 0.5),
                new Case("2-3-1 tanh/sign perceptron", perceptron("signNet", 2,
                        layer("hidden", 3, Activation.TANH, glorot(31)),
                        layer("output", 1, Activation.SIGN, glorot(32))), Target.SIGNED, 1, 40, 0.1),
                new Case("2-3-1 sigmoid/step mse", sgd("stepNet", 2, Loss.Kind.MSE,
                        layer("hidden", 3, Activation.SIGMOID, glorot(33)),
                        layer("output", 1, Activation.STEP, glorot(34))), Target.BINARY, 1, 20, 0.1),
                new Case("2-1 sign perceptron", perceptron("signPerceptron", 2,
                        layer("output", 1, Activation.SIGN, uniform(-1, 1, 35))), Target.SIGNED, 1, 30, 0.1),
                new Case("20-20-1 relu/sigmoid bce, 20x20 loop layer", sgd("wide", 20, Loss.Kind.BCE,
                        layer("hidden", 20, Activation.RELU, uniform(-0.3, 0.3, 41)),
                        layer("output", 1, Activation.SIGMOID, glorot(42))), Target.BINARY, 4, 30, 0.1),
                new Case("20-20-5-60-3 mixed loop and straight-line layers", sgd("mixed", 20, Loss.Kind.CCE,
                        layer("first", 20, Activation.TANH, glorot(51)),
                        layer("narrow", 5, Activation.RELU, uniform(-0.5, 0.5, 52)),
                        layer("broad", 60, Activation.SIGMOID, glorot(53)),
                        layer("output", 3, Activation.SOFTMAX, glorot(54))), Target.ONE_HOT, 3, 20, 0.2),
                new Case("4-20-20 sigmoid/linear mse, loop output layer", sgd("wideOut", 4, Loss.Kind.MSE,
                        layer("hidden", 20, Activation.SIGMOID, glorot(61)),
                        layer("output", 20, Activation.LINEAR, glorot(62))), Target.REAL, 2, 20, 0.05),
                new Case("17-17-2 literal loop layer, tanh/sigmoid bce", sgd("literalLoop", 17, Loss.Kind.BCE,
                        layer("hidden", 17, Activation.TANH, literal(17, 17, 71)),
                        layer("output", 2, Activation.SIGMOID, literal(2, 17, 72))), Target.BINARY, 2, 20, 0.1),
                new Case("1-256-3 relu/softmax cce, methods split into parts", sgd("fanOut", 1, Loss.Kind.CCE,
                        layer("hidden", 256, Activation.RELU, uniform(-1, 1, 91)),
                        layer("output", 3, Activation.SOFTMAX, glorot(92))), Target.ONE_HOT, 2, 10, 0.1),
                new Case("2-1-256 tanh/sigmoid bce, split loss and output delta", sgd("manyOut", 2, Loss.Kind.BCE,
                        layer("hidden", 1, Activation.TANH, uniform(-1, 1, 93)),
                        layer("output", 256, Activation.SIGMOID, glorot(94))), Target.BINARY, 2, 10, 0.1),
                new Case("2-1-256 tanh/linear mse, split chain-rule output delta", sgd("manyMse", 2, Loss.Kind.MSE,
                        layer("hidden", 1, Activation.TANH, uniform(-1, 1, 95)),
                        layer("output", 256, Activation.LINEAR, glorot(96))), Target.REAL, 2, 10, 0.1),
                new Case("awkward layer names", sgd("class", 3, Loss.Kind.MSE,
                        layer("class", 4, Activation.TANH, glorot(81)),
                        layer("hidden-layer", 3, Activation.RELU, glorot(82)),
                        layer("hiddenLayer", 3, Activation.TANH, glorot(83)),
                        layer("2nd", 1, Activation.LINEAR, glorot(84))), Target.REAL, 2, 20, 0.05));
    }

    @TestFactory
    Stream<DynamicTest> generatedCodeAgreesWithInterpreterStepByStep() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> {
            int compared = runDifferential(c);
            int perSample = c.spec().network().outputSize() * 3 + 1 + c.spec().network().parameterCount();
            assertTrue(compared >= c.steps() * c.batch() * perSample,
                    c.title() + ": only " + compared + " values compared");
        }));
    }

    private static Spec withLogBase(Spec spec, double base) {
        Loss loss = Loss.of(spec.train().loss().orElseThrow().kind(), base);
        var t = spec.train();
        return new Spec(spec.fileName(), spec.sha256(), spec.network(), new nnspec.model.TrainSpec(Optional.of(loss),
                t.optimizer(), t.epochs(), t.batchSize(), t.order(), t.shuffleSeed(), t.traceDigits(), t.pos()),
                spec.data());
    }

    /** Runs a case and returns how many values it compared. */
    static int runDifferential(Case c) {
        Spec spec = c.spec();
        Model generated = InMemoryCompiler.instantiate(spec);
        Model reference = new Interpreter(spec.network(), spec.train());
        int compared = 0;
        assertEquals(reference.name(), generated.name());
        assertEquals(reference.inputSize(), generated.inputSize());
        assertEquals(reference.outputSize(), generated.outputSize());
        assertEquals(reference.parameterCount(), generated.parameterCount());
        assertEquals(reference.hasLoss(), generated.hasLoss());
        assertEquals(reference.followsGradient(), generated.followsGradient());
        assertEquals(reference.decision(), generated.decision());
        for (int k = 0; k < reference.parameterCount(); k++) {
            assertEquals(reference.parameterName(k), generated.parameterName(k), "parameter name " + k);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> generated.parameterName(generated.parameterCount()));
        compared += compareArrays("initial parameters", reference, reference.parameters(), generated.parameters());

        Random random = new Random(c.title().hashCode());
        int in = spec.network().inputSize();
        int out = spec.network().outputSize();
        double[] yhatRef = new double[out];
        double[] yhatGen = new double[out];
        for (int step = 0; step < c.steps(); step++) {
            reference.zeroGradients();
            generated.zeroGradients();
            for (int s = 0; s < c.batch(); s++) {
                double[] x = input(random, in, c.target());
                double[] y = target(random, out, c.target());
                reference.forward(x, yhatRef);
                generated.forward(x, yhatGen);
                String where = "step " + step + " sample " + s;
                compared += compareArrays(where + " yhat", reference, yhatRef, yhatGen);
                for (int j = 0; j < out; j++) {
                    compared += compare(where + " z of output " + j, reference.outputPreActivation(j),
                            generated.outputPreActivation(j));
                }
                compared += compare(where + " loss", reference.loss(y), generated.loss(y));
                // the generated model must have copied x, not kept the caller's array
                Arrays.fill(x, Double.NaN);
                reference.backward(y);
                generated.backward(y);
                compared += compareArrays(where + " gradients", reference, reference.gradients(),
                        generated.gradients());
            }
            reference.update(c.learningRate(), c.batch());
            generated.update(c.learningRate(), c.batch());
            compared += compareArrays("step " + step + " parameters", reference, reference.parameters(),
                    generated.parameters());
        }
        reference.initialize();
        generated.initialize();
        compared += compareArrays("re-initialised parameters", reference, reference.parameters(),
                generated.parameters());
        return compared;
    }

    private static double[] input(Random random, int n, Target target) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = target == Target.BINARY && n == 2 ? random.nextInt(2) : 4 * random.nextDouble() - 2;
        }
        return x;
    }

    private static double[] target(Random random, int n, Target target) {
        double[] y = new double[n];
        switch (target) {
            case BINARY -> {
                for (int j = 0; j < n; j++) {
                    y[j] = random.nextInt(2);
                }
            }
            case SIGNED -> {
                for (int j = 0; j < n; j++) {
                    y[j] = random.nextBoolean() ? 1.0 : -1.0;
                }
            }
            case ONE_HOT -> y[random.nextInt(n)] = 1.0;
            case REAL -> {
                for (int j = 0; j < n; j++) {
                    y[j] = 2 * random.nextDouble() - 1;
                }
            }
        }
        return y;
    }

    private static int compareArrays(String what, Model names, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        for (int k = 0; k < expected.length; k++) {
            String label = names.parameterCount() == expected.length ? names.parameterName(k) : "[" + k + "]";
            compare(what + " " + label, expected[k], actual[k]);
        }
        return expected.length;
    }

    private static int compare(String what, double expected, double actual) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return 1;
        }
        if (expected == actual) {
            return 1;
        }
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        if (!(Math.abs(expected - actual) <= TOLERANCE * scale)) {
            fail(what + ": interpreter " + expected + ", generated " + actual);
        }
        return 1;
    }

    @Test
    void perceptronReproducesTheAndExampleFinalWeights() {
        // 000_a379626a3ad4bd0a.txt, "Example: perceptron training": after 6 epochs (0.2, 0.1), b = -0.2
        Spec spec = perceptron("and", 2, layer("output", 1, Activation.STEP,
                new Init.Literal(List.of(List.of(0.0, 0.0)), List.of(0.0))));
        Model model = InMemoryCompiler.instantiate(spec);
        double[][] xs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[] ys = {0, 0, 0, 1};
        double[] yhat = new double[1];
        for (int epoch = 0; epoch < 6; epoch++) {
            for (int s = 0; s < 4; s++) {
                model.zeroGradients();
                model.forward(xs[s], yhat);
                model.backward(new double[] {ys[s]});
                model.update(0.1, 1);
            }
        }
        assertEquals(0.2, model.parameters()[0], 1e-12);
        assertEquals(0.1, model.parameters()[1], 1e-12);
        assertEquals(-0.2, model.parameters()[2], 1e-12);
        assertTrue(Double.isNaN(model.loss(new double[] {1})));
        assertEquals(Optimizer.Kind.PERCEPTRON, spec.train().optimizer().kind());
    }
}
