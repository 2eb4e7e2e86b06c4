package nnspec.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import nnspec.model.Activation;
import nnspec.model.DataSpec;
import nnspec.model.DenseLayer;
import nnspec.model.Init;
import nnspec.model.Layer;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Optimizer;
import nnspec.model.SourcePos;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;

/** Specs built directly from the model records, without the parser. */
final class Specs {
    static final SourcePos POS = new SourcePos("test.nn", 1, 1);

    private Specs() {
    }

    /** A layer description: name, units, activation, init; the input width is inferred by {@link #spec}. */
    record L(String name, int units, Activation activation, Init init) {
    }

    static L layer(String name, int units, Activation activation, Init init) {
        return new L(name, units, activation, init);
    }

    static Spec spec(String name, int inputs, Optional<Loss> loss, Optimizer.Kind rule, L... layers) {
        List<Layer> dense = new ArrayList<>();
        int width = inputs;
        for (L l : layers) {
            dense.add(new DenseLayer(l.name(), width, l.units(), l.activation(), l.init(), POS));
            width = l.units();
        }
        NetworkSpec network = new NetworkSpec(name, inputs, dense, POS);
        TrainSpec train = new TrainSpec(loss, new Optimizer(rule, 0.1), 10, 1, TrainSpec.Order.FIXED, 0L,
                TrainSpec.DEFAULT_TRACE_DIGITS, POS);
        String fileName = "specs/" + name + ".nn";
        return new Spec(fileName, sha256(fileName + network), network, train,
                new DataSpec.Inline(List.of(), POS));
    }

    static Spec sgd(String name, int inputs, Loss.Kind loss, L... layers) {
        return spec(name, inputs, Optional.of(Loss.of(loss)), Optimizer.Kind.SGD, layers);
    }

    static Spec perceptron(String name, int inputs, L... layers) {
        return spec(name, inputs, Optional.empty(), Optimizer.Kind.PERCEPTRON, layers);
    }

    static Init zeros() {
        return new Init.Zeros();
    }

    static Init glorot(long seed) {
        return new Init.GlorotUniform(seed);
    }

    static Init uniform(double low, double high, long seed) {
        return new Init.Uniform(low, high, seed);
    }

    static Init literal(int units, int inputs, long seed) {
        Random random = new Random(seed);
        List<List<Double>> weights = new ArrayList<>();
        List<Double> bias = new ArrayList<>();
        for (int j = 0; j < units; j++) {
            List<Double> row = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                row.add(random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2));
            }
            weights.add(row);
            bias.add(-random.nextDouble());
        }
        return new Init.Literal(weights, bias);
    }

    /** The 2-2-1 ReLU/sigmoid network of 000_a379626a3ad4bd0a.txt's MLP example, zero initialisation. */
    static Spec mlpZeros() {
        return sgd("mlp", 2, Loss.Kind.BCE,
                layer("hidden", 2, Activation.RELU, zeros()),
                layer("output", 1, Activation.SIGMOID, zeros()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
