package nnspec.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import nnspec.diagnostics.SpecException;
import nnspec.model.Activation;
import nnspec.model.DataSpec;
import nnspec.model.DenseLayer;
import nnspec.model.DropoutLayer;
import nnspec.model.Init;
import nnspec.model.Layer;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Optimizer;
import nnspec.model.SourcePos;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

    private static final String AND_PERCEPTRON = """
            // the perceptron worked example
            network AndPerceptron {
              input 2
              dense 1 step weights [[0, 0]] bias [0]
            }
            train {
              rule perceptron lr 0.1
              epochs 6
              batch 1
              order fixed
              trace digits 1
            }
            data {
              0 0 -> 0
              0 1 -> 0
              1 0 -> 0
              1 1 -> 1
            }
            """;

    private static final String ZERO_INIT_MLP = """
            network ZeroInitMlp {
              input 2
              dense 2 relu init zeros name hidden
              dense 1 sigmoid init zeros
            }
            train {
              loss bce            // `loss bce base 2` for bits
              optimizer sgd lr 0.1
              epochs 100  batch 1  order fixed
            }
            data csv "data/iris.csv" target species
            """;

    private static SourcePos at(int line, int column) {
        return new SourcePos("t.nn", line, column);
    }

    @Test
    void perceptronExampleBecomesTheExpectedRecords() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", AND_PERCEPTRON);

        DenseLayer layer = new DenseLayer("dense1", 2, 1, Activation.STEP,
                new Init.Literal(List.of(List.of(0.0, 0.0)), List.of(0.0)), at(4, 3));
        assertEquals(new NetworkSpec("AndPerceptron", 2, List.of(layer), at(2, 1)), spec.network());
        assertEquals(new TrainSpec(Optional.empty(), new Optimizer(Optimizer.Kind.PERCEPTRON, 0.1), 6, 1,
                TrainSpec.Order.FIXED, 0, 1, at(6, 1)), spec.train());
        assertEquals(new DataSpec.Inline(List.of(
                new DataSpec.Row(List.of(0.0, 0.0), List.of(0.0), at(14, 3)),
                new DataSpec.Row(List.of(0.0, 1.0), List.of(0.0), at(15, 3)),
                new DataSpec.Row(List.of(1.0, 0.0), List.of(0.0), at(16, 3)),
                new DataSpec.Row(List.of(1.0, 1.0), List.of(1.0), at(17, 3))), at(13, 1)), spec.data());
        assertEquals("t.nn", spec.fileName());
    }

    @Test
    void mlpExampleBecomesTheExpectedRecords() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", ZERO_INIT_MLP);

        assertEquals(new NetworkSpec("ZeroInitMlp", 2, List.of(
                new DenseLayer("hidden", 2, 2, Activation.RELU, new Init.Zeros(), at(3, 3)),
                new DenseLayer("dense2", 2, 1, Activation.SIGMOID, new Init.Zeros(), at(4, 3))), at(1, 1)),
                spec.network());
        assertEquals(new TrainSpec(Optional.of(Loss.of(Loss.Kind.BCE)), new Optimizer(Optimizer.Kind.SGD, 0.1), 100, 1,
                TrainSpec.Order.FIXED, 0, TrainSpec.DEFAULT_TRACE_DIGITS, at(6, 1)), spec.train());
        assertEquals(new DataSpec.Csv("data/iris.csv", "species", at(11, 1)), spec.data());
    }

    @Test
    void dropoutAttachesToTheDenseLayerBeforeIt() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", """
                network D {
                  input 2
                  dense 4 relu init zeros
                  dropout 0.25
                  dense 3 tanh init zeros name h
                  dropout keep 0.8 scaling plain seed 9
                  dense 1 sigmoid init zeros
                }
                train { loss bce optimizer sgd lr 0.1 epochs 1 }
                data { 0 0 -> 0 }
                """);
        // the layers in the order written: each dropout right after the dense layer whose outputs it drops
        List<Layer> layers = spec.network().layers();
        assertEquals(List.of(Layer.Kind.DENSE, Layer.Kind.DROPOUT, Layer.Kind.DENSE, Layer.Kind.DROPOUT,
                Layer.Kind.DENSE), layers.stream().map(Layer::kind).toList());
        assertEquals(new DropoutLayer("dropout1", 4, 0.25, DropoutLayer.Rate.DROP, DropoutLayer.Scaling.INVERTED, 0,
                at(4, 3)), layers.get(1));
        assertEquals(new DropoutLayer("dropout2", 3, 0.8, DropoutLayer.Rate.KEEP, DropoutLayer.Scaling.PLAIN, 9,
                at(6, 3)), layers.get(3));
        assertEquals(0.25, ((DropoutLayer) layers.get(1)).dropProbability());
        assertEquals(1.0 - 0.8, ((DropoutLayer) layers.get(3)).dropProbability());
        // dropout changes no width: the layer after takes the outputs of the layer before
        assertEquals(4, layers.get(2).inputs());
        assertEquals(3, layers.get(4).inputs());
        assertEquals(List.of("dense1", "h", "dense3"), spec.network().denseLayers().stream().map(DenseLayer::name)
                .toList());
    }

    @Test
    void sha256IsLowercaseHexAndIndependentOfTheFileName() throws SpecException {
        String text = minimal("");
        Spec spec = SpecReader.parse("t.nn", text);
        assertEquals(64, spec.sha256().length());
        assertTrue(spec.sha256().matches("[0-9a-f]{64}"));
        assertEquals(spec.sha256(), SpecReader.parse("other.nn", text).sha256());
    }

    @Test
    void readUsesThePathAsGivenAndTheFileBytes(@TempDir Path dir) throws IOException, SpecException {
        Path file = dir.resolve("and.nn");
        Files.writeString(file, AND_PERCEPTRON, StandardCharsets.UTF_8);
        Spec spec = SpecReader.read(file);
        assertEquals(file.toString(), spec.fileName());
        assertEquals(file.toString(), spec.network().pos().file());
        assertEquals(SpecReader.parse("x", AND_PERCEPTRON).sha256(), spec.sha256());
    }

    @Test
    void sha256MatchesAKnownDigest() throws SpecException {
        // printf 'network N { input 1 dense 1 linear } train { optimizer sgd lr 1 loss mse epochs 1 } data { 1 -> 1 }' | sha256sum
        String text = "network N { input 1 dense 1 linear } train { optimizer sgd lr 1 loss mse epochs 1 } data { 1 -> 1 }";
        assertEquals("498f148d78b97057e8440c753f2943655ad1078b0639dcb1820fc5dafb709e75", SpecReader.parse("t.nn", text).sha256());
    }

    /** One line of settings around a network of one linear unit on two inputs. */
    private static String minimal(String layerOptions) {
        return "network N { input 2 dense 1 linear " + layerOptions + " }\n"
                + "train { loss mse optimizer sgd lr 0.5 epochs 3 }\n"
                + "data { 1 2 -> 3 }\n";
    }

    private static Init init(String layerOptions) throws SpecException {
        return SpecReader.parse("t.nn", minimal(layerOptions)).network().denseLayers().get(0).init();
    }

    @Test
    void initVariantsAndTheirDefaultSeeds() throws SpecException {
        assertEquals(new Init.GlorotUniform(1), init(""));
        assertEquals(new Init.GlorotUniform(1), init("init glorot_uniform"));
        assertEquals(new Init.GlorotUniform(7), init("init glorot_uniform seed 7"));
        assertEquals(new Init.Zeros(), init("init zeros"));
        assertEquals(new Init.Constant(-0.25), init("init constant -0.25"));
        assertEquals(new Init.Uniform(-0.5, 0.5, 1), init("init uniform -0.5 0.5"));
        assertEquals(new Init.Uniform(-1e-3, 2.5E+2, -3), init("init uniform -1e-3 2.5E+2 seed -3"));
        assertEquals(new Init.Literal(List.of(List.of(1.0, -2.0)), List.of(0.0)), init("weights [[1, -2]]"));
        assertEquals(new Init.Literal(List.of(List.of(1.0, -2.0)), List.of(0.5)), init("bias [0.5] weights [[1,-2,]]"));
    }

    @Test
    void defaultSeedIsTheLayerIndexAndDefaultNamesFollowPosition() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", """
                network N {
                  input 3
                  dense 4 tanh
                  dense 5 relu name middle init uniform -1 1
                  dense 2 softmax
                }
                train { loss cce optimizer sgd lr 0.01 epochs 1 }
                data { 1 2 3 -> 0 1 }
                """);
        List<DenseLayer> layers = spec.network().denseLayers();
        assertEquals(List.of("dense1", "middle", "dense3"), layers.stream().map(DenseLayer::name).toList());
        assertEquals(List.of(3, 4, 5), layers.stream().map(DenseLayer::inputs).toList());
        assertEquals(new Init.GlorotUniform(1), layers.get(0).init());
        assertEquals(new Init.Uniform(-1, 1, 2), layers.get(1).init());
        assertEquals(new Init.GlorotUniform(3), layers.get(2).init());
        assertEquals(Activation.SOFTMAX, spec.network().outputLayer().activation());
    }

    @Test
    void everyActivationKeywordIsAccepted() throws SpecException {
        for (Activation a : List.of(Activation.STEP, Activation.SIGN, Activation.LINEAR, Activation.RELU,
                Activation.SIGMOID, Activation.TANH)) {
            String text = "network N { input 1 dense 2 " + a.keyword() + " dense 1 linear }\n"
                    + "train { loss mse optimizer sgd lr 1 epochs 1 }\ndata { 1 -> 1 }";
            assertEquals(a, SpecReader.parse("t.nn", text).network().denseLayers().get(0).activation());
        }
    }

    private static TrainSpec train(String settings, String outputActivation, int outputUnits) throws SpecException {
        String y = outputUnits == 1 ? "1" : "1 0";
        String text = "network N { input 1 dense " + outputUnits + " " + outputActivation + " }\n"
                + "train { " + settings + " }\n"
                + "data { 1 -> " + y + " }";
        return SpecReader.parse("t.nn", text).train();
    }

    @Test
    void lossesAndLogBases() throws SpecException {
        assertEquals(Loss.of(Loss.Kind.MSE), train("loss mse optimizer sgd lr 1 epochs 1", "linear", 1).loss().get());
        assertEquals(Loss.of(Loss.Kind.MAE), train("loss mae optimizer sgd lr 1 epochs 1", "linear", 1).loss().get());
        assertEquals(Loss.of(Loss.Kind.BCE, 2.0),
                train("loss bce base 2 optimizer sgd lr 1 epochs 1", "sigmoid", 1).loss().get());
        assertEquals(Loss.of(Loss.Kind.BCE, Math.E),
                train("loss bce base e optimizer sgd lr 1 epochs 1", "sigmoid", 1).loss().get());
        assertEquals(Loss.of(Loss.Kind.CCE, 10.0),
                train("loss cce base 10 optimizer sgd lr 1 epochs 1", "softmax", 2).loss().get());
        assertTrue(train("loss cce optimizer sgd lr 1 epochs 1", "softmax", 2).loss().get().naturalLog());
    }

    @Test
    void trainDefaultsAndShuffledOrder() throws SpecException {
        TrainSpec defaults = train("rule perceptron lr 1 epochs 2", "step", 1);
        assertEquals(1, defaults.batchSize());
        assertEquals(TrainSpec.Order.FIXED, defaults.order());
        assertEquals(0, defaults.shuffleSeed());
        assertEquals(TrainSpec.DEFAULT_TRACE_DIGITS, defaults.traceDigits());
        assertEquals(Optional.empty(), defaults.loss());

        TrainSpec shuffled = train("epochs 2 order shuffled seed 42 batch 4 trace digits 0 optimizer sgd lr 1e-3 "
                + "loss mse", "linear", 1);
        assertEquals(TrainSpec.Order.SHUFFLED, shuffled.order());
        assertEquals(42, shuffled.shuffleSeed());
        assertEquals(4, shuffled.batchSize());
        assertEquals(0, shuffled.traceDigits());
        assertEquals(new Optimizer(Optimizer.Kind.SGD, 1e-3), shuffled.optimizer());

        assertEquals(0, train("epochs 2 order shuffled optimizer sgd lr 1 loss mse", "linear", 1).shuffleSeed());
    }

    @Test
    void csvTargetMayBeQuotedOrAKeyword() throws SpecException {
        String net = "network N { input 1 dense 1 linear }\ntrain { loss mse optimizer sgd lr 1 epochs 1 }\n";
        assertEquals(new DataSpec.Csv("a b.csv", "sepal length", at(3, 1)),
                SpecReader.parse("t.nn", net + "data csv \"a b.csv\" target \"sepal length\"").data());
        assertEquals(new DataSpec.Csv("d.csv", "target", at(3, 1)),
                SpecReader.parse("t.nn", net + "data csv \"d.csv\" target target").data());
    }

    @Test
    void rowTargetsEndAtTheEndOfTheLine() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", """
                network N { input 2 dense 2 sigmoid }
                train { loss mse optimizer sgd lr 1 epochs 1 }
                data {
                  0 0 -> 0 1
                  1
                  1 -> 1 0
                  2 2 -> 0.5 -0.5
                }
                """);
        List<DataSpec.Row> rows = ((DataSpec.Inline) spec.data()).rows();
        assertEquals(List.of(
                new DataSpec.Row(List.of(0.0, 0.0), List.of(0.0, 1.0), at(4, 3)),
                new DataSpec.Row(List.of(1.0, 1.0), List.of(1.0, 0.0), at(5, 3)),
                new DataSpec.Row(List.of(2.0, 2.0), List.of(0.5, -0.5), at(7, 3))), rows);
    }

    @Test
    void commentsAndSettingsSharingALine() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", """
                /* block
                   comment */ network N { input 1 /* inline */ dense 1 linear } // trailing
                train { loss mse optimizer sgd lr 1 epochs 5 batch 2 order fixed trace digits 17 }
                data { 1 -> 1 // a comment between rows
                  2 -> 2 }
                """);
        assertEquals(new SourcePos("t.nn", 2, 15), spec.network().pos());
        assertEquals(17, spec.train().traceDigits());
        assertEquals(2, ((DataSpec.Inline) spec.data()).rows().size());
    }

    @Test
    void layerNamesMayBeKeywords() throws SpecException {
        Spec spec = SpecReader.parse("t.nn", minimal("name input"));
        assertEquals("input", spec.network().denseLayers().get(0).name());
    }

    @Test
    void missingFileIsOneDiagnosticAtLineOne(@TempDir Path dir) {
        Path file = dir.resolve("nope.nn");
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file));
        assertEquals(file + ":1:1: cannot read spec file: no such file", e.getMessage());
        assertEquals("file-read", e.diagnostics().get(0).code());
    }

    @Test
    void filesOverOneMebibyteAreRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.nn");
        Files.write(file, new byte[SpecReader.MAX_BYTES + 1]);
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file));
        assertEquals(file + ":1:1: cannot read spec file: it is 1048577 bytes; the limit is 1048576 (1 MiB)",
                e.getMessage());
    }

    @Test
    void invalidUtf8IsRejectedAtTheFirstBadByte(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.nn");
        Files.write(file, new byte[] {'n', (byte) 0xff, 'x'});
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file));
        assertEquals(file + ":1:2: cannot read spec file: it is not valid UTF-8", e.getMessage());
        // Two-byte characters before the bad byte count as one column each, as in the parser's positions.
        Files.write(file, "network N {\n  input 2 // \u00e9\u00e9".getBytes(StandardCharsets.UTF_8));
        Files.write(file, new byte[] {(byte) 0xc3, '\n'}, StandardOpenOption.APPEND);
        e = assertThrows(SpecException.class, () -> SpecReader.read(file));
        assertEquals(file + ":2:16: cannot read spec file: it is not valid UTF-8", e.getMessage());
        assertEquals("file-read", e.diagnostics().get(0).code());
    }
}
