package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated comments follow the variant the code builds: for each named variant, the generated source both calls
 * the variant's kernel (or builds its runtime object) and states that variant's formula, as the documents or the
 * framework write it (the expected texts are written here from those definitions), and not the other variant's.
 */
class GeneratedCommentsTest {
    /**
     * A spec's train settings or hidden layer (with the layers that follow it, if any), the text its comment must
     * hold, the code it must hold, and what not.
     */
    private record Case(String title, String activation, String train, String comment, String code, String not) {
    }

    private static final List<Case> CASES = List.of(
            new Case("adam, paper epsilon (Kingma and Ba, PyTorch)", "tanh", "optimizer adam lr 0.1",
                    "m_hat / (sqrt(v_hat) + eps)", "Adam.EpsilonForm.PAPER", "lr_t m / (sqrt(v) + eps)"),
            new Case("adam, epsilon hat (Keras)", "tanh", "optimizer adam lr 0.1 epsilon_form hat",
                    "lr_t m / (sqrt(v) + eps)", "Adam.EpsilonForm.EPSILON_HAT", "m_hat / (sqrt(v_hat) + eps)"),
            new Case("adamw, decoupled decay", "tanh", "optimizer adamw lr 0.1 weight_decay 0.01",
                    "decoupled weight decay", "Adam.WeightDecay.DECOUPLED", "coupled weight decay: g"),
            new Case("adagrad, epsilon outside the root (PyTorch)", "tanh", "optimizer adagrad lr 0.1",
                    "g / (sqrt(G) + eps)", "EpsilonPlacement.OUTSIDE_ROOT", "g / sqrt(G + eps)"),
            new Case("adagrad, epsilon inside the root (Keras)", "tanh",
                    "optimizer adagrad lr 0.1 epsilon_placement inside", "g / sqrt(G + eps)",
                    "EpsilonPlacement.INSIDE_ROOT", "g / (sqrt(G) + eps)"),
            new Case("rmsprop, epsilon inside, centered", "tanh",
                    "optimizer rmsprop lr 0.1 epsilon_placement inside centered yes", "g / sqrt(s + eps)",
                    "EpsilonPlacement.INSIDE_ROOT, true", "g / (sqrt(s) + eps)"),
            new Case("rmsprop, epsilon outside, with momentum", "tanh", "optimizer rmsprop lr 0.1 momentum 0.5",
                    "momentum 0.5", "EpsilonPlacement.OUTSIDE_ROOT, false, 0.5", "centered"),
            new Case("momentum, 003's average form", "tanh", "optimizer momentum lr 0.1 form ema",
                    "v := beta v + (1 - beta) g, w := w - lr v", "Momentum.Form.EMA", "dampening"),
            new Case("momentum, 001's form", "tanh", "optimizer momentum lr 0.1 form lr_inside_subtract",
                    "v := beta v - lr g, w := w + v", "Momentum.Form.LR_INSIDE_SUBTRACT", "(1 - beta) g"),
            new Case("momentum, 003's other form", "tanh", "optimizer momentum lr 0.1 form lr_inside_add",
                    "v := beta v + lr g, w := w - v", "Momentum.Form.LR_INSIDE_ADD", "(1 - beta) g"),
            new Case("momentum, PyTorch's", "tanh", "optimizer momentum lr 0.1 dampening 0.5",
                    "v := mu v + (1 - dampening) g", "Momentum.pytorch(", "v := beta v - lr g"),
            new Case("gelu, exact", "gelu", "optimizer sgd lr 0.1", "erf(z / sqrt 2)", "Activations.gelu(",
                    "0.044715"),
            new Case("gelu, tanh approximation", "gelu approximate tanh", "optimizer sgd lr 0.1",
                    "tanh(sqrt(2 / pi) (z + 0.044715 z^3))", "Activations.geluTanh(", "erf("),
            new Case("hard_sigmoid, Keras 3 and PyTorch", "hard_sigmoid", "optimizer sgd lr 0.1",
                    "relu6(z + 3) / 6", "Activations.hardSigmoid(", "0.2 z + 0.5"),
            new Case("hard_sigmoid, Keras 2", "hard_sigmoid form keras2", "optimizer sgd lr 0.1",
                    "clip(0.2 z + 0.5, 0, 1)", "Activations.hardSigmoidKeras2(", "relu6(z + 3)"),
            new Case("l2, lambda / 2", "tanh", "optimizer sgd lr 0.1\n  regularize l2 lambda 0.1 constant half",
                    "c = lambda / 2", "Regularization.Scale.HALF_LAMBDA", "c = lambda,"),
            new Case("l2, lambda / (2m) of 002", "tanh",
                    "optimizer sgd lr 0.1\n  regularize l2 lambda 0.1 constant half_m",
                    "c = lambda / (2 m)", "Regularization.Scale.LAMBDA_OVER_2M", "c = lambda / 2"),
            new Case("dropout given as the probability of keeping (Srivastava et al.)",
                    "tanh\n  dropout keep 0.75 seed 3", "optimizer sgd lr 0.1", "p = 1 - keep 0.75, masks",
                    "new ShuffleRandom(3L)", "p = 0.25, masks"),
            new Case("dropout given as the probability of dropping (PyTorch, Keras)", "tanh\n  dropout 0.25 seed 3",
                    "optimizer sgd lr 0.1", "p = 0.25, masks", "new ShuffleRandom(3L)", "p = 1 - keep"),
            new Case("sgd with coupled weight decay", "tanh", "optimizer sgd lr 0.1 weight_decay 0.01",
                    "g := g + weight_decay w", "new Sgd(PARAMETER_COUNT, 0.01)", "Adam"));

    private static String source(Case c) throws Exception {
        String text = "network N {\n  input 2\n  dense 4 " + c.activation() + "\n  dense 1 sigmoid\n}\n"
                + "train {\n  loss bce\n  " + c.train() + "\n  epochs 1\n}\ndata { 0 1 -> 1 }\n";
        return JavaGenerator.generate(SpecReader.parse("c.nn", text), "p");
    }

    @TestFactory
    Stream<DynamicTest> eachVariantsCommentStatesItsFormulaBesideItsKernel() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> {
            String source = source(c);
            assertTrue(source.contains(c.comment()), "no comment \"" + c.comment() + "\" in\n" + source);
            assertTrue(source.contains(c.code()), "no code \"" + c.code() + "\" in\n" + source);
            assertTrue(!source.contains(c.not()), "\"" + c.not() + "\" (another variant) in\n" + source);
        }));
    }

    /**
     * Average pooling's two divisors (PyTorch's {@code count_include_pad}: padded cells counted, its default; or left
     * out, as Keras and ONNX do): the comment names the one the spec asks for, and not the other.
     */
    @TestFactory
    Stream<DynamicTest> eachAveragePoolingDivisorIsNamedInItsComment() {
        return Stream.of("yes", "no").map(count -> DynamicTest.dynamicTest("count_padding " + count, () -> {
            String text = "network N {\n  input 1x4x4\n  avgpool 3x3 stride 2 padding 1 count_padding " + count
                    + "\n  flatten\n  dense 1 sigmoid\n}\ntrain {\n  loss bce\n  optimizer sgd lr 0.1\n  epochs 1\n}\n"
                    + "data { 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -> 1 }\n";
            String source = JavaGenerator.generate(SpecReader.parse("pool.nn", text), "p");
            String counted = "padded cells counted (PyTorch count_include_pad=True)";
            String notCounted = "padded cells not counted (PyTorch count_include_pad=False, Keras, ONNX)";
            String expected = count.equals("yes") ? counted : notCounted;
            String other = count.equals("yes") ? notCounted : counted;
            assertTrue(source.contains(expected), "no comment \"" + expected + "\" in\n" + source);
            assertTrue(!source.contains(other), "\"" + other + "\" (the other divisor) in\n" + source);
        }));
    }
}
