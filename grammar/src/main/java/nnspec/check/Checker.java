package nnspec.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.grammar.SpecSyntax;
import nnspec.grammar.SpecSyntax.Num;
import nnspec.grammar.SpecSyntax.Word;
import nnspec.model.Activation;
import nnspec.model.ConvLayer;
import nnspec.model.BatchNormLayer;
import nnspec.model.FlattenLayer;
import nnspec.model.PoolLayer;
import nnspec.model.Shape;
import nnspec.runtime.Convolution;
import nnspec.runtime.Pooling;
import nnspec.model.DataSpec;
import nnspec.model.DenseLayer;
import nnspec.model.Document;
import nnspec.model.DropoutLayer;
import nnspec.model.Init;
import nnspec.model.Layer;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.Optimizer;
import nnspec.model.Regularizer;
import nnspec.model.Schedule;
import nnspec.model.ParamSpec;
import nnspec.model.Params;
import nnspec.model.Convention;
import nnspec.model.SourcePos;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import nnspec.model.Workflow;

/**
 * Semantic checks and shape inference: {@link SpecSyntax} (the text as written) to a validated {@link Spec}.
 * Every check runs even after another fails, so one run reports every error of the file; the checks that
 * relate two parts (loss and output activation, data width and input size) run only when both parts are valid
 * on their own, so that one mistake gives one diagnostic.
 */
public final class Checker {
    static final int MAX_TRACE_DIGITS = 17;

    /**
     * The most units of a dense layer (2N for {@code dense N glu}). With {@link #MAX_VALUES} and
     * {@link #MAX_PARAMETERS} it bounds what the lowering, both back ends and the generated class allocate: the
     * limits are checked on exact (long) counts before anything of that size exists, and keep every count a
     * positive int.
     */
    public static final int MAX_UNITS = 1 << 20;
    /** The most values a layer may take or give (the input, a convolution's or pooling's image). */
    public static final int MAX_VALUES = 1 << 24;
    /** The most parameters of a network: weights, kernels and biases of every layer. */
    public static final int MAX_PARAMETERS = 1 << 24;
    private static final String VALUES_LIMIT = "nnspec's limit of values a layer takes or gives";

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final List<String> TRAIN_SETTINGS =
            List.of("loss", "optimizer", "rule", "schedule", "regularize", "convention", "epochs", "batch", "order",
                    "trace", "early_stop");
    private static final List<String> DATA_OPTIONS = List.of("inputs", "classes", "categorical", "split", "scale",
            "human_error", "regression_limit");
    private static final List<ParamSpec> SPLIT_PARAMS = List.of(
            ParamSpec.fraction("validation", 0.0, 0.0, "the fraction of the samples held out for validation"),
            ParamSpec.fraction("test", 0.0, 0.0, "the fraction of the samples held out for the final test"),
            ParamSpec.integer("seed", 0, 0.0, 0.0, "the seed of the shuffle that draws the parts"),
            ParamSpec.word("stratify", List.of("yes", "no"), "no", "no", "whether each class keeps its share"));
    private static final List<ParamSpec> MINMAX_PARAMS = List.of(
            ParamSpec.number("low", Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true, 0.0, 0.0,
                    "the value of a column's training minimum"),
            ParamSpec.number("high", Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true, 1.0, 1.0,
                    "the value of a column's training maximum"));
    private static final List<ParamSpec> EARLY_STOP_PARAMS = List.of(
            ParamSpec.word("monitor", List.of("val_loss", "val_accuracy", "loss", "accuracy"), "val_loss", "val_loss",
                    "the per-epoch figure watched (Keras's default val_loss)"),
            ParamSpec.integer("patience", 0, 0.0, 0.0, "epochs without improvement before stopping"),
            ParamSpec.nonNegative("min_delta", 0.0, 0.0, "the least change that counts as an improvement"),
            ParamSpec.word("restore_best", List.of("yes", "no"), "no", "no",
                    "whether the best epoch's parameters are restored at the end"));
    private static final List<String> INIT_KINDS = List.of("zeros", "constant", "file", "uniform", "glorot_uniform",
            "uniform_fanin", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform");
    private static final ParamSpec NORMAL = ParamSpec.word("normal", List.of("plain", "truncated"), "plain",
            "truncated", "a plain normal (PyTorch's xavier_normal_, kaiming_normal_) or Keras's normal truncated at"
                    + " two standard deviations");
    private static final ParamSpec HE_VARIANCE = ParamSpec.word("variance", List.of("standard", "doubled_glorot"),
            "standard", "standard", "2 / fan_in (He et al.; PyTorch and Keras), or 4 / (fan_in + fan_out) as"
                    + " " + Document.D002 + " prints");

    /** The named parameters of each init kind (after its numbers and seed). */
    private static List<ParamSpec> initParams(String kind) {
        return switch (kind) {
            case "glorot_normal", "lecun_normal" -> List.of(NORMAL);
            case "he_normal" -> List.of(HE_VARIANCE, NORMAL);
            case "he_uniform" -> List.of(HE_VARIANCE);
            default -> List.of();
        };
    }
    private static final List<String> ORDERS = List.of("fixed", "shuffled");

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** The folder of the spec file, against which init files are resolved. */
    private java.nio.file.Path baseDirectory = java.nio.file.Path.of("");
    /** Folders besides the spec's own tree that its init and data files may be in (--allow-read). */
    private List<java.nio.file.Path> allowRead = List.of();
    /** The train block's convention, resolved before anything whose defaults depend on it. */
    private Convention convention = Convention.PYTORCH;

    private Checker() {
    }

    /** Validates {@code syntax}; throws with every diagnostic found, in source order. */
    public static Spec check(SpecSyntax syntax, String sha256) throws SpecException {
        return check(syntax, sha256, List.of());
    }

    /**
     * {@link #check(SpecSyntax, String)}, the files the spec names confined to its folder's tree and the folders
     * {@code allowRead} (see {@link nnspec.diagnostics.UserFiles#confine}).
     */
    public static Spec check(SpecSyntax syntax, String sha256, List<java.nio.file.Path> allowRead)
            throws SpecException {
        Checker checker = new Checker();
        checker.allowRead = List.copyOf(allowRead);
        Spec spec = checker.spec(syntax, sha256);
        if (!checker.diagnostics.isEmpty()) {
            List<Diagnostic> sorted = new ArrayList<>(checker.diagnostics);
            sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
            throw new SpecException(sorted);
        }
        return spec;
    }

    private Spec spec(SpecSyntax syntax, String sha256) {
        convention = convention(syntax.train());
        java.nio.file.Path parent = java.nio.file.Path.of(syntax.fileName()).getParent();
        baseDirectory = parent == null ? java.nio.file.Path.of("") : parent;
        NetworkSpec network = network(syntax.network());
        TrainSpec train = train(syntax.train());
        if (network != null && train != null) {
            lossAgainstOutput(syntax.train(), train, network);
            ruleAgainstNetwork(syntax.train(), train, network);
            batchnormAgainstBatch(train, network);
        }
        DataSpec data = data(syntax.data(), network);
        if (network != null && train != null && data instanceof DataSpec.Inline inline) {
            targetsAgainstLoss((SpecSyntax.InlineData) syntax.data(), inline, TargetRule.of(train, network));
        }
        Workflow workflow = workflow(syntax.data(), syntax.train(), network);
        if (network == null || train == null || data == null || workflow == null) {
            return null;
        }
        return new Spec(syntax.fileName(), sha256, network, train, data, workflow);
    }

    // ---- network ------------------------------------------------------------------------------------------

    /** A layer as far as it could be resolved; a null field means that part has an error already reported. */
    private record LayerDraft(String name, SourcePos namePos, Integer inputs, Integer units, Activation activation,
                              Params activationParams, Init init, SourcePos pos, SpecSyntax.Dense syntax) {
        boolean complete() {
            return inputs != null && units != null && activation != null && activationParams != null && init != null;
        }
    }

    private NetworkSpec network(SpecSyntax.Network net) {
        Shape input = inputShape(net.inputSize());
        for (Word word : net.unknownItems()) {
            boolean afterLayer = net.items().stream().anyMatch(l -> before(l.pos(), word.pos()));
            report(word.pos(), DiagnosticCode.UNKNOWN_KEYWORD, afterLayer
                    ? "unknown layer or layer option '" + word.text()
                      + "'; expected one of " + LAYER_WORDS + ", init, weights, bias, name"
                    : "unknown layer '" + word.text() + "'; expected one of " + LAYER_WORDS);
        }
        if (net.layers().isEmpty()) {
            report(net.pos(), DiagnosticCode.MISSING_SETTING, "network " + net.name().text()
                    + " has no layer; expected at least one 'dense UNITS ACTIVATION'");
            return null;
        }
        List<SpecSyntax.Item> items = net.items();
        // one entry per item: a LayerDraft for a dense layer, the Layer of any other, null after an error
        List<Object> resolved = new ArrayList<>();
        List<LayerDraft> drafts = new ArrayList<>();
        List<Map.Entry<String, SourcePos>> names = new ArrayList<>();
        Map<String, Integer> counters = new HashMap<>();
        Shape shape = input;
        String from = "the input";
        for (int k = 0; k < items.size(); k++) {
            SpecSyntax.Item item = items.get(k);
            boolean last = k == items.size() - 1;
            Layer layer = null;
            if (item instanceof SpecSyntax.Dense dense) {
                int index = counters.merge("dense", 1, Integer::sum);
                Integer inputs = null;
                if (shape != null && shape.image()) {
                    report(dense.pos(), DiagnosticCode.SHAPE_MISMATCH, "dense layer " + denseName(dense, index)
                            + " takes a vector; " + from + " gives the image " + shape + " (write flatten before it)");
                } else if (shape != null) {
                    inputs = shape.size();
                }
                LayerDraft draft = layer(dense, index, inputs, last);
                drafts.add(draft);
                resolved.add(draft);
                names.add(Map.entry(draft.name(), draft.namePos()));
                shape = draft.units() == null ? null
                        : Shape.vector(draft.activation() == Activation.GLU ? draft.units() / 2 : draft.units());
                from = "layer " + draft.name();
                continue;
            } else if (item instanceof SpecSyntax.Dropout dropout) {
                String name = "dropout" + counters.merge("dropout", 1, Integer::sum);
                if (last) {
                    report(dropout.pos(), DiagnosticCode.DROPOUT_POSITION, "dropout after the output " + from
                            + "; dropout goes between layers, where the next layer takes its outputs");
                } else {
                    String owner = k == 0 ? "on the input" : "after " + from;
                    layer = dropout(dropout, owner, name, shape == null ? 0 : shape.size());
                }
            } else if (item instanceof SpecSyntax.Conv conv) {
                layer = conv(conv, counters.merge("conv", 1, Integer::sum), shape, from);
            } else if (item instanceof SpecSyntax.Pool pool) {
                layer = pool(pool, counters.merge("pool", 1, Integer::sum), shape, from);
            } else if (item instanceof SpecSyntax.BatchNorm batchnorm) {
                String name = "batchnorm" + counters.merge("batchnorm", 1, Integer::sum);
                SpecSyntax.Item previous = k == 0 ? null : items.get(k - 1);
                layer = batchnorm(batchnorm, name, previous, shape, from);
                if (layer != null) {
                    names.add(Map.entry(layer.name(), layer.pos()));
                }
            } else if (item instanceof SpecSyntax.Flatten flatten) {
                // PyTorch's Flatten leaves a vector as it is
                layer = shape == null ? null
                        : new FlattenLayer("flatten" + counters.merge("flatten", 1, Integer::sum), shape,
                                flatten.pos());
            } else {
                throw new IllegalStateException("an item the checker does not know: " + item);
            }
            if (layer != null && (layer.kind() == Layer.Kind.CONV || layer.kind() == Layer.Kind.POOL)
                    && !fits(outputShape(layer), layer.pos(), "the output of layer " + layer.name())) {
                layer = null;
            }
            if (last) {
                // the last item is not a dense layer: no network
                resolved.add(null);
            }
            if (last && !(item instanceof SpecSyntax.Dropout)) {
                report(item.pos(), DiagnosticCode.OUTPUT_LAYER, "the network ends with "
                        + (layer == null ? "this layer" : layer.name()) + "; the output layer must be a dense layer");
            }
            resolved.add(layer);
            if (layer == null) {
                shape = null;
            } else {
                if (layer.kind() == Layer.Kind.CONV || layer.kind() == Layer.Kind.POOL) {
                    names.add(Map.entry(layer.name(), layer.pos()));
                }
                if (layer.kind() != Layer.Kind.DROPOUT) {
                    shape = outputShape(layer);
                    from = "layer " + layer.name();
                }
            }
        }
        checkLayerNames(names);
        if (input == null || resolved.contains(null) || !drafts.stream().allMatch(LayerDraft::complete)
                || !parametersFit(net.name().text(), resolved)) {
            return null;
        }
        List<Layer> layers = new ArrayList<>();
        for (Object r : resolved) {
            if (r instanceof LayerDraft d) {
                layers.add(new DenseLayer(d.name(), d.inputs(), d.units(), d.activation(), d.activationParams(),
                        d.init(), d.pos()));
            } else {
                layers.add((Layer) r);
            }
        }
        return new NetworkSpec(net.name().text(), input, layers, net.pos());
    }

    private static final String LAYER_WORDS = "dense, dropout, conv, maxpool, avgpool, flatten, batchnorm";

    /**
     * {@code batchnorm [epsilon E] [momentum M] [convention C] [placement P] [name N]} right after a dense or conv
     * layer; null after an error. Its convention defaults to the train block's, and its epsilon and momentum to
     * that convention's.
     */
    private BatchNormLayer batchnorm(SpecSyntax.BatchNorm batchnorm, String name, SpecSyntax.Item previous,
            Shape shape, String from) {
        List<SpecSyntax.Param> given = new ArrayList<>();
        SpecSyntax.Param named = null;
        for (SpecSyntax.Param p : batchnorm.params()) {
            if (p.key().text().equals("name") && named != null) {
                // params() below never sees name, so its check for a key given twice does not cover this one
                report(p.key().pos(), DiagnosticCode.DUPLICATE_SETTING, "parameter 'name' of batchnorm " + name
                        + " given twice (first at line " + named.key().pos().line() + ", column "
                        + named.key().pos().column() + ")");
                return null;
            } else if (p.key().text().equals("name")) {
                named = p;
                name = p.value().text();
            } else {
                given.add(p);
            }
        }
        String owner = "batchnorm " + name;
        boolean dense = previous instanceof SpecSyntax.Dense;
        if (!dense && !(previous instanceof SpecSyntax.Conv)) {
            String after = previous == null ? "the first layer"
                    : previous instanceof SpecSyntax.Dropout ? "after a dropout"
                    : previous instanceof SpecSyntax.Pool pool ? "after a " + pool.kind().text() + " layer"
                    : previous instanceof SpecSyntax.Flatten ? "after flatten" : "after another batchnorm";
            report(batchnorm.pos(), DiagnosticCode.BATCHNORM_POSITION, owner + " is " + after + "; batchnorm goes"
                    + " right after a dense layer (per unit) or a conv layer (per channel)");
            return null;
        }
        Convention own = convention;
        for (SpecSyntax.Param p : given) {
            if (p.key().text().equals("convention") && p.value().text().equals("keras")) {
                own = Convention.KERAS;
            } else if (p.key().text().equals("convention") && p.value().text().equals("pytorch")) {
                own = Convention.PYTORCH;
            }
        }
        // name was taken above, so the list of accepted parameters adds it
        Params params = params(given, BatchNormLayer.PARAMS, own, owner, batchnorm.pos(), List.of("name"));
        if (params == null || shape == null) {
            return null;
        }
        BatchNormLayer.Placement placement = params.word("placement").equals("before")
                ? BatchNormLayer.Placement.BEFORE : BatchNormLayer.Placement.AFTER;
        if (placement == BatchNormLayer.Placement.BEFORE) {
            Word activation = dense ? ((SpecSyntax.Dense) previous).activation()
                    : ((SpecSyntax.Conv) previous).activation();
            Activation f = Arrays.stream(Activation.values()).filter(a -> a.keyword().equals(activation.text()))
                    .findFirst().orElse(null);
            if (f != null && (!f.elementwise() || f.random())) {
                report(batchnorm.pos(), DiagnosticCode.BATCHNORM_POSITION, owner + ": placement before needs an"
                        + " elementwise activation on " + from + " that does not draw at random; " + f.keyword()
                        + (f.random() ? " draws its slopes at random" : " couples its units")
                        + " (write placement after)");
                return null;
            }
        }
        int features = shape.image() ? shape.channels() : shape.size();
        return new BatchNormLayer(name, shape, features, params.number("epsilon"), params.number("momentum"),
                params.word("convention").equals("keras") ? Convention.KERAS : Convention.PYTORCH, placement,
                batchnorm.pos());
    }

    /**
     * PyTorch refuses to train batch normalisation on one value per channel (its variance would be 0 and the
     * unbiased running variance undefined): a batch of 1 after a dense layer, or on a 1x1 image.
     */
    private void batchnormAgainstBatch(TrainSpec train, NetworkSpec network) {
        for (Layer layer : network.layers()) {
            if (layer instanceof BatchNormLayer bn && train.batchSize() * bn.pixels() < 2) {
                report(bn.pos(), DiagnosticCode.BATCHNORM_BATCH, "batchnorm " + bn.name() + " would train on one"
                        + " value per feature (batch " + train.batchSize() + (bn.input().image() ? " of "
                        + bn.input() + " images" : "") + "): the batch variance is 0 (PyTorch refuses this too);"
                        + " use batch 2 or more");
            }
        }
    }

    private static String denseName(SpecSyntax.Dense dense, int index) {
        for (SpecSyntax.LayerOption option : dense.options()) {
            if (option instanceof SpecSyntax.NameOption n) {
                return n.name().text();
            }
        }
        return "dense" + index;
    }

    /** What a layer gives the next one. */
    private static Shape outputShape(Layer layer) {
        return switch (layer.kind()) {
            case DENSE -> Shape.vector(layer.outputs());
            case DROPOUT -> throw new IllegalStateException("dropout keeps the shape it takes");
            case CONV -> ((ConvLayer) layer).output();
            case POOL -> ((PoolLayer) layer).output();
            case FLATTEN -> Shape.vector(layer.outputs());
            case BATCHNORM -> ((BatchNormLayer) layer).input();
        };
    }

    /** {@code input 64} or {@code input 1x8x8}; null after reporting. */
    private Shape inputShape(Num size) {
        if (!size.text().contains("x")) {
            Integer n = count(size, "input", 1, MAX_VALUES, VALUES_LIMIT);
            return n == null ? null : Shape.vector(n);
        }
        int[] dims = dims(new Word(size.text(), size.pos()), "input", 3);
        if (dims == null) {
            return null;
        }
        Shape shape = Shape.image(dims[0], dims[1], dims[2]);
        return fits(shape, size.pos(), "input " + size.text()) ? shape : null;
    }

    /** Whether {@code shape} has at most {@link #MAX_VALUES} values, counted exactly; reports at {@code pos}. */
    private boolean fits(Shape shape, SourcePos pos, String what) {
        BigInteger values = BigInteger.valueOf(shape.channels()).multiply(BigInteger.valueOf(shape.height()))
                .multiply(BigInteger.valueOf(shape.width()));
        if (values.compareTo(BigInteger.valueOf(MAX_VALUES)) <= 0) {
            return true;
        }
        report(pos, DiagnosticCode.OUT_OF_RANGE, what + " has " + values + " values (" + shape.channels() + "x"
                + shape.height() + "x" + shape.width() + "); at most " + MAX_VALUES + " (" + VALUES_LIMIT + ")");
        return false;
    }

    /**
     * Whether the network's weights, kernels and biases number at most {@link #MAX_PARAMETERS}, counted exactly;
     * reports the total at the layer that passes the limit. {@code resolved} holds a {@link LayerDraft} per dense
     * layer and the {@link Layer} of any other, none null.
     */
    private boolean parametersFit(String network, List<Object> resolved) {
        BigInteger total = BigInteger.ZERO;
        SourcePos passed = null;
        String passedBy = null;
        for (Object r : resolved) {
            BigInteger own;
            String name;
            SourcePos pos;
            if (r instanceof LayerDraft d) {
                own = BigInteger.valueOf(d.inputs()).add(BigInteger.ONE).multiply(BigInteger.valueOf(d.units()));
                name = d.name();
                pos = d.pos();
            } else {
                Layer layer = (Layer) r;
                name = layer.name();
                pos = layer.pos();
                own = switch (layer.kind()) {
                    case CONV -> {
                        ConvLayer c = (ConvLayer) layer;
                        yield BigInteger.valueOf(c.input().channels()).multiply(BigInteger.valueOf(c.kernelH()))
                                .multiply(BigInteger.valueOf(c.kernelW())).add(BigInteger.ONE)
                                .multiply(BigInteger.valueOf(c.filters()));
                    }
                    case DENSE -> throw new IllegalStateException("dense layers are drafts here");
                    case DROPOUT, POOL, FLATTEN -> BigInteger.ZERO;
                    // gamma, beta and the running statistics: four per feature
                    case BATCHNORM -> BigInteger.valueOf(((BatchNormLayer) layer).parameterCount());
                };
            }
            total = total.add(own);
            if (passed == null && total.compareTo(BigInteger.valueOf(MAX_PARAMETERS)) > 0) {
                passed = pos;
                passedBy = "layer " + name + " (" + own + " parameters of its own)";
            }
        }
        if (passed == null) {
            return true;
        }
        report(passed, DiagnosticCode.OUT_OF_RANGE, "network " + network + " has " + total + " parameters; at most "
                + MAX_PARAMETERS + " (nnspec's limit of parameters per network), passed at " + passedBy);
        return false;
    }

    /** The {@code n} numbers of {@code AxB[xC]} (a single number for a square window), each at least 1. */
    private int[] dims(Word word, String what, int n) {
        String[] parts = word.text().split("x", -1);
        if (n == 2 && parts.length == 1) {
            parts = new String[] {parts[0], parts[0]};
        }
        String form = n == 3 ? "CHANNELSxHEIGHTxWIDTH" : "HEIGHTxWIDTH";
        if (parts.length != n) {
            report(word.pos(), DiagnosticCode.BAD_ARGUMENTS, what + " must be " + form + "; found " + word.text());
            return null;
        }
        int[] dims = new int[n];
        for (int k = 0; k < n; k++) {
            Integer d = count(new Num(parts[k], word.pos()), what + " (" + form + ")", 1, 1 << 20);
            if (d == null) {
                return null;
            }
            dims[k] = d;
        }
        return dims;
    }

    /** The options of a convolution or pooling layer, each at most once, and only those {@code allowed}. */
    private Map<String, SpecSyntax.WindowOption> windowOptions(List<SpecSyntax.WindowOption> options,
            List<String> allowed, String layer) {
        Map<String, SpecSyntax.WindowOption> first = firstOfEach(options, o -> o.keyword().text(),
                o -> o.keyword().pos(), "option", " in layer " + layer);
        for (SpecSyntax.WindowOption option : options) {
            if (!allowed.contains(option.keyword().text())) {
                report(option.keyword().pos(), DiagnosticCode.BAD_ARGUMENTS, "layer " + layer + " takes no "
                        + option.keyword().text() + "; its options are " + String.join(", ", allowed));
                return null;
            }
        }
        return first;
    }

    /**
     * {@code stride S} or {@code stride SHxSW} (and the like for dilation): one number for both axes or a pair
     * (rows, columns), as PyTorch's {@code stride=(sh, sw)}; {@code fallback} when absent; null after reporting.
     */
    private int[] optionPair(Map<String, SpecSyntax.WindowOption> options, String key, int[] fallback,
            String layer) {
        SpecSyntax.WindowOption option = options.get(key);
        if (option == null) {
            return fallback;
        }
        Word value = option.values().get(0);
        String[] parts = value.text().split("x", -1);
        if (parts.length > 2) {
            report(value.pos(), DiagnosticCode.BAD_ARGUMENTS, key + " of layer " + layer + " must be one number or"
                    + " a pair ROWSxCOLUMNS; found " + value.text());
            return null;
        }
        int[] pair = new int[2];
        for (int k = 0; k < 2; k++) {
            Integer n = count(new Num(parts[Math.min(k, parts.length - 1)], value.pos()), key + " of layer " + layer,
                    1, 1 << 20);
            if (n == null) {
                return null;
            }
            pair[k] = n;
        }
        return pair;
    }

    private Boolean optionYesNo(Map<String, SpecSyntax.WindowOption> options, String key, boolean fallback,
            String layer) {
        SpecSyntax.WindowOption option = options.get(key);
        if (option == null) {
            return fallback;
        }
        Word value = option.values().get(0);
        if (!value.text().equals("yes") && !value.text().equals("no")) {
            report(value.pos(), DiagnosticCode.BAD_ARGUMENTS, key + " of layer " + layer + " must be yes or no; found "
                    + value.text());
            return null;
        }
        return value.text().equals("yes");
    }

    /**
     * {@code padding valid | same | P | V,H | T,B,L,R}: zero rows and columns on each side; null after reporting.
     * "same" is Keras's (the least padding giving ceil(in / stride) outputs, the odd one after), which for stride 1
     * is PyTorch's {@code padding='same'}.
     */
    private ConvLayer.Padding padding(Map<String, SpecSyntax.WindowOption> options, Shape in, int kh, int kw,
            int[] stride, int[] dilation, String layer) {
        SpecSyntax.WindowOption option = options.get("padding");
        if (option == null) {
            return new ConvLayer.Padding(0, 0, 0, 0);
        }
        List<Word> values = option.values();
        String first = values.get(0).text();
        if (values.size() == 1 && first.equals("valid")) {
            return new ConvLayer.Padding(0, 0, 0, 0);
        }
        if (values.size() == 1 && first.equals("same")) {
            int vertical = Convolution.samePaddingTotal(in.height(), kh, stride[0], dilation[0]);
            int horizontal = Convolution.samePaddingTotal(in.width(), kw, stride[1], dilation[1]);
            int top = Convolution.samePaddingBefore(vertical);
            int left = Convolution.samePaddingBefore(horizontal);
            return new ConvLayer.Padding(top, vertical - top, left, horizontal - left);
        }
        if (values.size() != 1 && values.size() != 2 && values.size() != 4) {
            report(option.keyword().pos(), DiagnosticCode.BAD_ARGUMENTS, "padding of layer " + layer + " must be"
                    + " valid, same, P (every side), V,H (top and bottom, left and right) or T,B,L,R; found "
                    + values.size() + " numbers");
            return null;
        }
        int[] sides = new int[values.size()];
        for (int k = 0; k < sides.length; k++) {
            if (values.get(k).text().matches("[a-zA-Z_].*")) {
                report(values.get(k).pos(), DiagnosticCode.BAD_ARGUMENTS, "padding of layer " + layer
                        + " must be valid, same or numbers; found " + values.get(k).text());
                return null;
            }
            Integer side = count(new Num(values.get(k).text(), values.get(k).pos()), "padding of layer " + layer,
                    0, 1 << 20);
            if (side == null) {
                return null;
            }
            sides[k] = side;
        }
        return switch (sides.length) {
            case 1 -> new ConvLayer.Padding(sides[0], sides[0], sides[0], sides[0]);
            case 2 -> new ConvLayer.Padding(sides[0], sides[0], sides[1], sides[1]);
            default -> new ConvLayer.Padding(sides[0], sides[1], sides[2], sides[3]);
        };
    }

    /** {@code conv FILTERS KHxKW ...}; null after reporting. */
    private ConvLayer conv(SpecSyntax.Conv conv, int index, Shape in, String from) {
        String name = "conv" + index;
        for (SpecSyntax.LayerOption option : conv.options()) {
            if (option instanceof SpecSyntax.NameOption n) {
                name = n.name().text();
            }
        }
        Integer filters = count(conv.filters(), "filters of layer " + name, 1, MAX_UNITS,
                "nnspec's limit of filters per layer");
        int[] kernel = dims(conv.kernel(), "kernel of layer " + name, 2);
        Map<String, SpecSyntax.WindowOption> options = windowOptions(conv.windowOptions(),
                List.of("stride", "padding", "dilation"), name);
        Activation activation = keyword(conv.activation(), Activation.values(), Activation::keyword,
                DiagnosticCode.UNKNOWN_ACTIVATION, "activation");
        if (activation != null && (!activation.elementwise() || activation == Activation.RRELU)) {
            report(conv.activation().pos(), DiagnosticCode.BAD_ARGUMENTS, "activation " + activation.keyword()
                    + " on layer " + name + " is not one value at a time; a convolution takes an elementwise"
                    + " activation (relu, tanh, ...; rrelu not yet)");
            activation = null;
        }
        Params activationParams = activation == null ? null
                : activationParams(conv.activationParams(), conv.activation(), activation, name);
        Map<String, SpecSyntax.LayerOption> layerOptions = firstOfEach(conv.options(),
                SpecSyntax.LayerOption::keyword, SpecSyntax.LayerOption::pos, "option", " in layer " + name);
        Init init = new Init.GlorotUniform(index);
        for (SpecSyntax.LayerOption option : layerOptions.values()) {
            if (option instanceof SpecSyntax.InitOption i) {
                init = i.kind().text().equals("file") || i.path().isPresent() ? null : initKind(i, name, index);
                if (i.kind().text().equals("file") || i.path().isPresent()) {
                    report(i.pos(), DiagnosticCode.BAD_ARGUMENTS, "layer " + name + ": a convolution takes a drawn"
                            + " init (" + String.join(", ", INIT_KINDS.stream().filter(k -> !k.equals("file"))
                            .toList()) + "), not init file");
                }
            } else if (!(option instanceof SpecSyntax.NameOption)) {
                report(option.pos(), DiagnosticCode.BAD_ARGUMENTS, "layer " + name + ": a convolution takes init and"
                        + " name; not " + option.keyword());
                init = null;
            }
        }
        if (in != null && !in.image()) {
            report(conv.pos(), DiagnosticCode.SHAPE_MISMATCH, "conv layer " + name + " takes an image"
                    + " CHANNELSxHEIGHTxWIDTH; " + from + " gives a vector of " + in.size() + " values");
            return null;
        }
        if (options == null || filters == null || kernel == null || activationParams == null || init == null
                || in == null) {
            return null;
        }
        int[] stride = optionPair(options, "stride", new int[] {1, 1}, name);
        int[] dilation = optionPair(options, "dilation", new int[] {1, 1}, name);
        if (stride == null || dilation == null) {
            return null;
        }
        String dilationText = dilation[0] == dilation[1] ? Integer.toString(dilation[0])
                : dilation[0] + "x" + dilation[1];
        long extentH = (long) dilation[0] * (kernel[0] - 1) + 1;
        long extentW = (long) dilation[1] * (kernel[1] - 1) + 1;
        if (Math.max(extentH, extentW) > MAX_VALUES) {
            // no input is that large, and the padding and size formulas below count in int
            report(conv.kernel().pos(), DiagnosticCode.SHAPE_MISMATCH, "conv layer " + name + ": the kernel "
                    + kernel[0] + "x" + kernel[1] + " with dilation " + dilationText + " spans " + extentH + "x"
                    + extentW + " pixels, more than any input (" + VALUES_LIMIT + " is " + MAX_VALUES + ")");
            return null;
        }
        ConvLayer.Padding pad = padding(options, in, kernel[0], kernel[1], stride, dilation, name);
        if (pad == null) {
            return null;
        }
        int spanH = in.height() + pad.top() + pad.bottom() - dilation[0] * (kernel[0] - 1) - 1;
        int spanW = in.width() + pad.left() + pad.right() - dilation[1] * (kernel[1] - 1) - 1;
        if (spanH < 0 || spanW < 0) {
            report(conv.kernel().pos(), DiagnosticCode.SHAPE_MISMATCH, "conv layer " + name + ": the kernel "
                    + kernel[0] + "x" + kernel[1] + (dilation[0] > 1 || dilation[1] > 1 ? " with dilation "
                    + dilationText : "") + " does not fit the input " + in + " with padding " + pad);
            return null;
        }
        Shape out = Shape.image(filters,
                Convolution.outputSize(in.height(), kernel[0], stride[0], pad.top(), pad.bottom(), dilation[0]),
                Convolution.outputSize(in.width(), kernel[1], stride[1], pad.left(), pad.right(), dilation[1]));
        return new ConvLayer(name, in, filters, kernel[0], kernel[1], stride[0], stride[1], dilation[0], dilation[1],
                pad, activation, activationParams, init, out, conv.pos());
    }

    /** {@code maxpool KHxKW ...} or {@code avgpool ...}; null after reporting. */
    private PoolLayer pool(SpecSyntax.Pool pool, int index, Shape in, String from) {
        String name = pool.name().map(Word::text).orElse("pool" + index);
        PoolLayer.Mode mode = pool.kind().text().equals("maxpool") ? PoolLayer.Mode.MAX : PoolLayer.Mode.AVERAGE;
        int[] window = dims(pool.window(), "window of layer " + name, 2);
        Map<String, SpecSyntax.WindowOption> options = windowOptions(pool.windowOptions(),
                mode == PoolLayer.Mode.MAX ? List.of("stride", "padding", "ceil")
                        : List.of("stride", "padding", "ceil", "count_padding"), name);
        if (in != null && !in.image()) {
            report(pool.pos(), DiagnosticCode.SHAPE_MISMATCH, mode.keyword() + " layer " + name + " takes an image"
                    + " CHANNELSxHEIGHTxWIDTH; " + from + " gives a vector of " + in.size() + " values");
            return null;
        }
        if (window == null || options == null || in == null) {
            return null;
        }
        int[] stride = optionPair(options, "stride", new int[] {window[0], window[1]}, name);
        Boolean ceil = optionYesNo(options, "ceil", false, name);
        Boolean countPadding = optionYesNo(options, "count_padding", true, name);
        if (stride == null || ceil == null || countPadding == null) {
            return null;
        }
        ConvLayer.Padding pad = padding(options, in, window[0], window[1], stride, new int[] {1, 1}, name);
        if (pad == null) {
            return null;
        }
        if (2 * Math.max(pad.top(), pad.bottom()) > window[0] || 2 * Math.max(pad.left(), pad.right()) > window[1]) {
            report(options.get("padding").keyword().pos(), DiagnosticCode.OUT_OF_RANGE, "padding of layer " + name
                    + " must be at most half the window " + window[0] + "x" + window[1] + " on each side (as"
                    + " PyTorch's); found " + pad);
            return null;
        }
        if (in.height() + pad.top() + pad.bottom() < window[0] || in.width() + pad.left() + pad.right() < window[1]) {
            report(pool.window().pos(), DiagnosticCode.SHAPE_MISMATCH, mode.keyword() + " layer " + name
                    + ": the window " + window[0] + "x" + window[1] + " does not fit the input " + in
                    + " with padding " + pad);
            return null;
        }
        Shape out = Shape.image(in.channels(),
                Pooling.outputSize(in.height(), window[0], stride[0], pad.top(), pad.bottom(), ceil),
                Pooling.outputSize(in.width(), window[1], stride[1], pad.left(), pad.right(), ceil));
        return new PoolLayer(name, mode, in, window[0], window[1], stride[0], stride[1], pad, ceil, countPadding, out,
                pool.pos());
    }

    /** {@code dropout RATE} or {@code dropout keep Q}, with its scaling and seed; null after an error. */
    private DropoutLayer dropout(SpecSyntax.Dropout dropout, String where, String name, int width) {
        String owner = "dropout " + where;
        List<SpecSyntax.Param> given = new ArrayList<>(dropout.params());
        dropout.rate().ifPresent(rate -> given.add(0, new SpecSyntax.Param(new Word("rate", rate.pos()),
                new Word(rate.text(), rate.pos()))));
        boolean rate = given.stream().anyMatch(p -> p.key().text().equals("rate"));
        boolean keep = given.stream().anyMatch(p -> p.key().text().equals("keep"));
        if (rate && keep) {
            SpecSyntax.Param second = given.stream().filter(p -> p.key().text().equals("keep")).findFirst()
                    .orElseThrow();
            report(second.key().pos(), DiagnosticCode.CONFLICTING_SETTINGS, owner + " gives both a rate (the drop"
                    + " probability) and keep (the keep probability); give one");
            return null;
        }
        if (!rate && !keep) {
            report(dropout.pos(), DiagnosticCode.MISSING_SETTING, owner + " needs its rate: 'dropout 0.1' drops"
                    + " each output with probability 0.1, 'dropout keep 0.9' keeps it with probability 0.9");
            return null;
        }
        String unused = keep ? "rate" : "keep";
        List<ParamSpec> specs = DropoutLayer.PARAMS.stream().filter(p -> !p.name().equals(unused)).toList();
        Params params = params(given, specs, convention, owner, dropout.pos());
        if (params == null) {
            return null;
        }
        return new DropoutLayer(name, width, params.number(keep ? "keep" : "rate"),
                keep ? DropoutLayer.Rate.KEEP : DropoutLayer.Rate.DROP,
                params.word("scaling").equals("plain") ? DropoutLayer.Scaling.PLAIN : DropoutLayer.Scaling.INVERTED,
                (long) params.number("seed"), dropout.pos());
    }

    private LayerDraft layer(SpecSyntax.Dense dense, int index, Integer inputs, boolean output) {
        String name = "dense" + index;
        SourcePos namePos = dense.pos();
        for (SpecSyntax.LayerOption option : dense.options()) {
            if (option instanceof SpecSyntax.NameOption n) {
                name = n.name().text();
                namePos = n.name().pos();
                break;
            }
        }
        Map<String, SpecSyntax.LayerOption> options = firstOfEach(dense.options(), SpecSyntax.LayerOption::keyword,
                SpecSyntax.LayerOption::pos, "option", " in layer " + name);
        Activation activation = keyword(dense.activation(), Activation.values(), Activation::keyword,
                DiagnosticCode.UNKNOWN_ACTIVATION, "activation");
        // dense N glu: 2N affine units, a value half and a gate half, give N outputs
        boolean glu = activation == Activation.GLU;
        Integer units = count(dense.units(), "units of layer " + name, 1, glu ? MAX_UNITS / 2 : MAX_UNITS,
                glu ? "nnspec's limit of " + MAX_UNITS + " units per layer, and dense N glu has 2N"
                        : "nnspec's limit of units per layer");
        if (glu && units != null) {
            units = 2 * units;
        }
        if (activation != null && activation != Activation.GLU && !activation.elementwise() && units != null
                && units == 1) {
            report(dense.activation().pos(), DiagnosticCode.SOFTMAX_UNITS, activation.keyword() + " on layer " + name
                    + " needs at least 2 units; found 1 (for one unit use sigmoid)");
        }
        if (activation == Activation.SOFTMAX) {
            if (!output) {
                report(dense.activation().pos(), DiagnosticCode.SOFTMAX_POSITION, "softmax on layer " + name
                        + ", which is not the output layer; softmax is allowed only on the last layer");
            }
        }
        Params activationParams = activation == null ? null : activationParams(dense, activation, name);
        Init init = init(options, name, index, inputs, units);
        return new LayerDraft(name, namePos, inputs, units, activation, activationParams, init, dense.pos(), dense);
    }

    private Params activationParams(SpecSyntax.Dense dense, Activation activation, String layer) {
        return activationParams(dense.activationParams(), dense.activation(), activation, layer);
    }

    private Params activationParams(List<SpecSyntax.Param> given, Word written, Activation activation,
            String layer) {
        if (activation.params().isEmpty() && !given.isEmpty()) {
            Word word = given.get(0).key();
            report(word.pos(), DiagnosticCode.UNKNOWN_KEYWORD, "unknown layer option '" + word.text()
                    + "' (activation " + activation.keyword() + " takes no parameter); expected one of init, weights,"
                    + " bias, name");
            return null;
        }
        Params params = params(given, activation.params(), convention,
                "activation " + activation.keyword() + " of layer " + layer, written.pos());
        if (params != null && activation == Activation.RRELU && params.number("lower") > params.number("upper")) {
            report(written.pos(), DiagnosticCode.OUT_OF_RANGE, "activation rrelu of layer " + layer
                    + " needs lower <= upper; found lower " + params.number("lower") + " and upper "
                    + params.number("upper"));
            return null;
        }
        return params;
    }

    private Init init(Map<String, SpecSyntax.LayerOption> options, String layer, int index, Integer inputs,
                      Integer units) {
        SpecSyntax.LayerOption initOption = options.get("init");
        SpecSyntax.LayerOption weightsOption = options.get("weights");
        SpecSyntax.LayerOption biasOption = options.get("bias");
        if (initOption != null && weightsOption != null) {
            SpecSyntax.LayerOption later = before(initOption.pos(), weightsOption.pos()) ? weightsOption : initOption;
            report(later.pos(), DiagnosticCode.CONFLICTING_SETTINGS, "layer " + layer
                    + " has both init and weights; give one of them");
            return null;
        }
        if (weightsOption instanceof SpecSyntax.WeightsOption weights) {
            return literal(weights, (SpecSyntax.BiasOption) biasOption, layer, inputs, units);
        }
        if (biasOption != null) {
            report(biasOption.pos(), DiagnosticCode.MISSING_SETTING, "bias of layer " + layer
                    + " needs weights; write 'weights [[...]] bias [...]', or use init");
            return null;
        }
        if (initOption instanceof SpecSyntax.InitOption option) {
            if (option.kind().text().equals("file")) {
                return InitFile.read(option, layer, inputs, units, baseDirectory, allowRead, diagnostics);
            }
            if (option.path().isPresent()) {
                report(option.path().get().pos(), DiagnosticCode.BAD_ARGUMENTS, "init " + option.kind().text()
                        + " of layer " + layer + " takes no file; only init file does");
                return null;
            }
            return initKind(option, layer, index);
        }
        return new Init.GlorotUniform(index);
    }

    private Init initKind(SpecSyntax.InitOption option, String layer, int index) {
        String kind = option.kind().text();
        if (!INIT_KINDS.contains(kind)) {
            report(option.kind().pos(), DiagnosticCode.UNKNOWN_INIT, "unknown init '" + kind + "'; expected one of "
                    + String.join(", ", INIT_KINDS));
            return null;
        }
        int arity = switch (kind) {
            case "constant" -> 1;
            case "uniform" -> 2;
            default -> 0;
        };
        boolean seeded = !kind.equals("zeros") && !kind.equals("constant");
        Params params = params(option.params(), initParams(kind), convention, "init " + kind + " of layer " + layer,
                option.kind().pos());
        boolean ok = true;
        if (option.args().size() != arity) {
            String expected = switch (arity) {
                case 0 -> "no numbers";
                case 1 -> "1 number (the value)";
                default -> "2 numbers (low high)";
            };
            report(option.kind().pos(), DiagnosticCode.BAD_ARGUMENTS, "init " + kind + " of layer " + layer
                    + " takes " + expected + "; found " + option.args().size());
            ok = false;
        }
        if (!seeded && option.seed().isPresent()) {
            report(option.seed().get().pos(), DiagnosticCode.BAD_ARGUMENTS, "init " + kind + " of layer " + layer
                    + " takes no seed; found seed " + option.seed().get().text());
            ok = false;
        }
        List<Double> args = new ArrayList<>();
        for (Num arg : option.args()) {
            Double value = number(arg);
            ok &= value != null;
            args.add(value);
        }
        long seed = index;
        if (option.seed().isPresent()) {
            Long s = seed(option.seed().get(), "seed");
            if (s == null) {
                ok = false;
            } else {
                seed = s;
            }
        }
        if (!ok || params == null) {
            return null;
        }
        Init.Normal normal = params.words().getOrDefault("normal", "plain").equals("plain")
                ? Init.Normal.PLAIN : Init.Normal.TRUNCATED;
        Init.HeVariance variance = params.words().getOrDefault("variance", "standard").equals("standard")
                ? Init.HeVariance.STANDARD : Init.HeVariance.DOUBLED_GLOROT_002;
        return switch (kind) {
            case "uniform_fanin" -> new Init.UniformFanIn(seed);
            case "glorot_normal" -> new Init.GlorotNormal(seed, normal);
            case "he_normal" -> new Init.HeNormal(seed, variance, normal);
            case "he_uniform" -> new Init.HeUniform(seed, variance);
            case "lecun_normal" -> new Init.LecunNormal(seed, normal);
            case "lecun_uniform" -> new Init.LecunUniform(seed);
            case "zeros" -> new Init.Zeros();
            case "constant" -> new Init.Constant(args.get(0));
            case "uniform" -> {
                if (!(args.get(0) < args.get(1))) {
                    report(option.args().get(0).pos(), DiagnosticCode.UNIFORM_RANGE, "init uniform of layer " + layer
                            + " needs low < high; found low " + option.args().get(0).text() + " and high "
                            + option.args().get(1).text());
                    yield null;
                }
                if (!Double.isFinite(args.get(1) - args.get(0))) {
                    // the draw low + (high - low) u would be infinite or NaN for every weight
                    report(option.args().get(0).pos(), DiagnosticCode.UNIFORM_RANGE, "init uniform of layer " + layer
                            + " needs high - low at most " + Double.MAX_VALUE + "; found low "
                            + option.args().get(0).text() + " and high " + option.args().get(1).text());
                    yield null;
                }
                yield new Init.Uniform(args.get(0), args.get(1), seed);
            }
            case "glorot_uniform" -> new Init.GlorotUniform(seed);
            default -> throw new IllegalStateException(kind);
        };
    }

    private Init literal(SpecSyntax.WeightsOption weights, SpecSyntax.BiasOption bias, String layer, Integer inputs,
                         Integer units) {
        boolean ok = true;
        List<List<Double>> matrix = new ArrayList<>();
        for (SpecSyntax.NumList row : weights.rows()) {
            List<Double> values = numbers(row.values());
            ok &= values != null;
            matrix.add(values);
        }
        List<Double> biasValues = null;
        if (bias != null) {
            biasValues = numbers(bias.values().values());
            ok &= biasValues != null;
        }
        if (inputs != null && units != null) {
            List<Integer> widths = weights.rows().stream().map(r -> r.values().size()).distinct().toList();
            if (weights.rows().size() != units || widths.size() != 1 || widths.get(0) != inputs.intValue()) {
                String found = widths.size() == 1
                        ? weights.rows().size() + " x " + widths.get(0)
                        : weights.rows().size() + " rows of " + weights.rows().stream()
                                .map(r -> String.valueOf(r.values().size())).collect(Collectors.joining(", "))
                                + " entries";
                report(weights.pos(), DiagnosticCode.WEIGHTS_SHAPE, "weights of layer " + layer + " must be " + units
                        + " x " + inputs + " (units x inputs); found " + found);
                ok = false;
            }
            if (bias != null && bias.values().values().size() != units) {
                report(bias.pos(), DiagnosticCode.BIAS_LENGTH, "bias of layer " + layer + " must have " + units
                        + (units == 1 ? " entry" : " entries") + " (one per unit); found "
                        + bias.values().values().size());
                ok = false;
            }
        } else {
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new Init.Literal(matrix, biasValues != null ? biasValues : zeros(units));
    }

    private void checkLayerNames(List<Map.Entry<String, SourcePos>> names) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Map.Entry<String, SourcePos> d = names.get(i);
            Integer first = seen.putIfAbsent(d.getKey(), i);
            if (first != null) {
                report(d.getValue(), DiagnosticCode.DUPLICATE_NAME, "layer name '" + d.getKey()
                        + "' is already used by layer " + (first + 1) + " at line " + names.get(first).getValue().line()
                        + "; layer names must be different");
            }
        }
    }

    // ---- train --------------------------------------------------------------------------------------------

    /** The train block's convention (PyTorch's unless it names another); reported once, by {@link #train}. */
    private static Convention convention(SpecSyntax.Train train) {
        for (SpecSyntax.Setting setting : train.settings()) {
            if (setting instanceof SpecSyntax.ConventionSetting c) {
                for (Convention convention : Convention.values()) {
                    if (convention.keyword().equals(c.name().text())) {
                        return convention;
                    }
                }
            }
        }
        return Convention.PYTORCH;
    }

    private TrainSpec train(SpecSyntax.Train train) {
        for (Word word : train.unknownSettings()) {
            report(word.pos(), DiagnosticCode.UNKNOWN_KEYWORD, "unknown train setting '" + word.text()
                    + "'; expected one of " + String.join(", ", TRAIN_SETTINGS));
        }
        Map<String, SpecSyntax.Setting> settings = firstOfEach(train.settings(), SpecSyntax.Setting::keyword,
                SpecSyntax.Setting::pos, "setting", " in train");
        boolean ok = true;
        if (settings.get("convention") instanceof SpecSyntax.ConventionSetting c) {
            ok &= keyword(c.name(), Convention.values(), Convention::keyword, DiagnosticCode.UNKNOWN_CONVENTION,
                    "convention") != null;
        }

        Optional<Loss> loss = Optional.empty();
        if (settings.get("loss") instanceof SpecSyntax.LossSetting s) {
            Loss l = loss(s);
            ok &= l != null;
            loss = Optional.ofNullable(l);
        }

        Optimizer optimizer = null;
        SpecSyntax.Setting opt = settings.get("optimizer");
        SpecSyntax.Setting rule = settings.get("rule");
        if (opt != null && rule != null) {
            SpecSyntax.Setting later = before(opt.pos(), rule.pos()) ? rule : opt;
            report(later.pos(), DiagnosticCode.CONFLICTING_SETTINGS,
                    "train has both optimizer and rule; give one of them");
            ok = false;
        } else if (opt instanceof SpecSyntax.OptimizerSetting o) {
            optimizer = optimizer(o.kind(), o.params(), o.pos(), false);
            ok &= optimizer != null;
        } else if (rule instanceof SpecSyntax.RuleSetting r) {
            optimizer = optimizer(r.kind(), r.params(), r.pos(), true);
            ok &= optimizer != null;
        } else {
            report(train.pos(), DiagnosticCode.MISSING_SETTING,
                    "train has no optimizer or rule; expected 'optimizer sgd lr X' or 'rule perceptron lr X'");
            ok = false;
        }

        Optional<Schedule> schedule = Optional.empty();
        if (settings.get("schedule") instanceof SpecSyntax.ScheduleSetting s) {
            Schedule.Kind kind = keyword(s.kind(), Schedule.Kind.values(), Schedule.Kind::keyword,
                    DiagnosticCode.UNKNOWN_SCHEDULE, "schedule");
            Params params = kind == null ? null
                    : params(s.params(), kind.params(), convention, "schedule " + kind.keyword(), s.kind().pos());
            if (params != null && kind == Schedule.Kind.COSINE && params.word("form").equals("recursive")
                    && !params.word("after").equals("continue")) {
                report(s.kind().pos(), DiagnosticCode.CONFLICTING_SETTINGS, "schedule cosine form recursive follows"
                        + " PyTorch's recursion, which continues after the period; found after "
                        + params.word("after") + " (write after continue, or form closed)");
                params = null;
            }
            ok &= params != null;
            schedule = params == null ? Optional.empty() : Optional.of(new Schedule(kind, params));
        }

        Optional<Regularizer> regularizer = Optional.empty();
        if (settings.get("regularize") instanceof SpecSyntax.RegularizeSetting r) {
            Regularizer.Kind kind = keyword(r.kind(), Regularizer.Kind.values(), Regularizer.Kind::keyword,
                    DiagnosticCode.UNKNOWN_REGULARIZER, "regularizer");
            Params params = kind == null ? null
                    : params(r.params(), kind.params(), convention, "regularize " + kind.keyword(), r.kind().pos());
            ok &= params != null;
            regularizer = params == null ? Optional.empty() : Optional.of(new Regularizer(kind, params));
        }

        Integer epochs = null;
        if (settings.get("epochs") instanceof SpecSyntax.EpochsSetting e) {
            epochs = count(e.count(), "epochs", 1, Integer.MAX_VALUE);
        } else {
            report(train.pos(), DiagnosticCode.MISSING_SETTING, "train has no epochs; expected 'epochs N'");
        }
        ok &= epochs != null;

        Integer batch = 1;
        if (settings.get("batch") instanceof SpecSyntax.BatchSetting b) {
            batch = count(b.size(), "batch", 1, Integer.MAX_VALUE);
            ok &= batch != null;
        }

        TrainSpec.Order order = TrainSpec.Order.FIXED;
        long shuffleSeed = 0;
        if (settings.get("order") instanceof SpecSyntax.OrderSetting o) {
            String kind = o.kind().text();
            if (!ORDERS.contains(kind)) {
                report(o.kind().pos(), DiagnosticCode.UNKNOWN_ORDER, "unknown order '" + kind + "'; expected one of "
                        + String.join(", ", ORDERS));
                ok = false;
            } else if (kind.equals("fixed") && o.seed().isPresent()) {
                report(o.seed().get().pos(), DiagnosticCode.BAD_ARGUMENTS, "order fixed takes no seed; found seed "
                        + o.seed().get().text() + " (use order shuffled seed S)");
                ok = false;
            } else if (kind.equals("shuffled")) {
                order = TrainSpec.Order.SHUFFLED;
                if (o.seed().isPresent()) {
                    Long s = seed(o.seed().get(), "seed");
                    ok &= s != null;
                    shuffleSeed = s == null ? 0 : s;
                }
            }
        }

        Integer digits = TrainSpec.DEFAULT_TRACE_DIGITS;
        if (settings.get("trace") instanceof SpecSyntax.TraceSetting t) {
            digits = count(t.digits(), "trace digits", 0, MAX_TRACE_DIGITS);
            ok &= digits != null;
        }

        if (!ok) {
            return null;
        }
        return new TrainSpec(loss, optimizer, schedule, regularizer, convention, epochs, batch, order, shuffleSeed,
                digits, train.pos());
    }

    private Loss loss(SpecSyntax.LossSetting setting) {
        Loss.Kind kind = keyword(setting.kind(), Loss.Kind.values(), Loss.Kind::keyword, DiagnosticCode.UNKNOWN_LOSS,
                "loss");
        if (kind == null) {
            return null;
        }
        Params params = params(setting.params(), kind.params(), convention, "loss " + kind.keyword(),
                setting.kind().pos());
        double logBase = Math.E;
        boolean ok = params != null;
        if (setting.base().isPresent()) {
            Word base = setting.base().get();
            if (!kind.logarithmic()) {
                report(base.pos(), DiagnosticCode.BAD_ARGUMENTS, "loss " + kind.keyword()
                        + " takes no base; a log base applies to bce and cce only");
                return null;
            }
            if (!base.text().equals("e")) {
                if (beyondDouble(base.text(), base.pos())) {
                    return null;
                }
                Double value = parseNumber(base);
                if (value == null || !(value > 0) || value == 1) {
                    report(base.pos(), DiagnosticCode.LOG_BASE,
                            "log base must be a positive number other than 1, or e; found " + base.text());
                    return null;
                }
                logBase = value;
            }
        }
        return ok ? new Loss(kind, logBase, params) : null;
    }

    /** An optimizer ({@code rule} false) or an update rule ({@code rule} true) with its learning rate. */
    private Optimizer optimizer(Word kindWord, List<SpecSyntax.Param> given, SourcePos at, boolean rule) {
        Optimizer.Kind[] allowed = Arrays.stream(Optimizer.Kind.values())
                .filter(k -> (k == Optimizer.Kind.PERCEPTRON) == rule).toArray(Optimizer.Kind[]::new);
        Optimizer.Kind kind = keyword(kindWord, allowed, Optimizer.Kind::keyword,
                rule ? DiagnosticCode.UNKNOWN_RULE : DiagnosticCode.UNKNOWN_OPTIMIZER, rule ? "rule" : "optimizer");
        List<SpecSyntax.Param> lr = given.stream().filter(p -> p.key().text().equals("lr")).toList();
        List<SpecSyntax.Param> others = given.stream().filter(p -> !p.key().text().equals("lr")).toList();
        String owner = (rule ? "rule " : "optimizer ") + kindWord.text();
        Double rate = null;
        if (lr.isEmpty()) {
            report(kindWord.pos(), DiagnosticCode.MISSING_SETTING, owner + " needs a learning rate; write '"
                    + (rule ? "rule " : "optimizer ") + kindWord.text() + " lr X'");
        } else {
            Word value = lr.get(0).value();
            Double number = parseNumber(value);
            if (beyondDouble(value.text(), value.pos())) {
                rate = null;
            } else if (number == null || !(number > 0)) {
                report(value.pos(), DiagnosticCode.LEARNING_RATE,
                        "learning rate must be a positive finite number; found " + value.text());
            } else {
                rate = number;
            }
            for (SpecSyntax.Param again : lr.subList(1, lr.size())) {
                report(again.key().pos(), DiagnosticCode.DUPLICATE_SETTING, "parameter 'lr' of " + owner
                        + " given twice (first at line " + lr.get(0).key().pos().line() + ", column "
                        + lr.get(0).key().pos().column() + ")");
                rate = null;
            }
        }
        if (kind == null) {
            return null;
        }
        Params params = params(others, kind.params(), convention, owner, kindWord.pos());
        return rate == null || params == null ? null : new Optimizer(kind, rate, params);
    }

    private void lossAgainstOutput(SpecSyntax.Train syntax, TrainSpec train, NetworkSpec network) {
        DenseLayer out = network.outputLayer();
        Optional<SpecSyntax.LossSetting> lossSyntax = syntax.settings().stream()
                .filter(s -> s instanceof SpecSyntax.LossSetting).map(s -> (SpecSyntax.LossSetting) s).findFirst();
        if (train.loss().isEmpty()) {
            if (train.optimizer().followsGradient()) {
                SpecSyntax.Setting opt = syntax.settings().stream().filter(s -> s.keyword().equals("optimizer"))
                        .findFirst().orElseThrow();
                report(opt.pos(), DiagnosticCode.MISSING_LOSS, "optimizer " + train.optimizer().kind().keyword()
                        + " follows the gradient of a loss, but train has no loss; add 'loss mse' (or mae, bce, cce)");
            }
            return;
        }
        Loss loss = train.loss().get();
        Loss.Kind kind = loss.kind();
        SourcePos at = lossSyntax.orElseThrow().kind().pos();
        String outName = "output layer " + out.name();
        if (loss.fromLogits()) {
            if (out.activation() != Activation.LINEAR) {
                report(at, DiagnosticCode.LOGITS_NEED_LINEAR, "loss " + kind.keyword() + " from logits fuses the "
                        + (kind == Loss.Kind.CCE ? "softmax" : "sigmoid") + " into the loss and needs a linear output"
                        + " layer; " + outName + " uses " + out.activation().keyword());
            } else if (kind == Loss.Kind.CCE && out.units() < 2) {
                report(at, DiagnosticCode.SOFTMAX_UNITS, "loss cce from logits needs at least 2 output units; "
                        + outName + " has 1 (for one unit use loss bce from logits)");
            }
            return;
        }
        if (out.activation() == Activation.SOFTMAX && kind != Loss.Kind.CCE) {
            report(at, DiagnosticCode.SOFTMAX_NEEDS_CCE, "loss " + kind.keyword() + " on a softmax " + outName
                    + "; a softmax output is trained with loss cce");
        }
        if (kind == Loss.Kind.CCE && out.activation() != Activation.SOFTMAX) {
            report(at, DiagnosticCode.CCE_NEEDS_SOFTMAX, "loss cce needs a softmax output layer; " + outName
                    + " uses " + out.activation().keyword() + " (or write loss cce from logits on a linear output)");
        }
        if (kind == Loss.Kind.BCE && out.activation() != Activation.SIGMOID) {
            report(at, DiagnosticCode.BCE_NEEDS_SIGMOID, "loss bce needs a sigmoid output layer; " + outName
                    + " uses " + out.activation().keyword() + " (or write loss bce from logits on a linear output)");
        }
    }

    private void ruleAgainstNetwork(SpecSyntax.Train syntax, TrainSpec train, NetworkSpec network) {
        if (train.optimizer().kind() != Optimizer.Kind.PERCEPTRON) {
            return;
        }
        String found = null;
        if (network.denseLayers().size() != 1) {
            found = network.denseLayers().size() + " layers";
        } else if (network.outputLayer().activation() != Activation.STEP
                && network.outputLayer().activation() != Activation.SIGN) {
            found = "layer " + network.outputLayer().name() + " with activation "
                    + network.outputLayer().activation().keyword();
        }
        if (found != null) {
            SpecSyntax.Setting rule = syntax.settings().stream().filter(s -> s.keyword().equals("rule"))
                    .findFirst().orElseThrow();
            report(rule.pos(), DiagnosticCode.PERCEPTRON_NETWORK,
                    "rule perceptron needs a network of one dense layer with activation step (labels 0/1) or sign"
                            + " (labels -1/+1); found " + found);
        }
    }

    // ---- data ---------------------------------------------------------------------------------------------

    private DataSpec data(SpecSyntax.Data data, NetworkSpec network) {
        if (data instanceof SpecSyntax.CsvData csv) {
            return csv(csv, network);
        }
        SpecSyntax.InlineData inline = (SpecSyntax.InlineData) data;
        if (inline.rows().isEmpty()) {
            report(inline.pos(), DiagnosticCode.NO_DATA, "data block has no rows; expected rows 'x1 x2 ... -> y1 ...'");
            return null;
        }
        boolean ok = true;
        List<DataSpec.Row> rows = new ArrayList<>();
        for (SpecSyntax.Row row : inline.rows()) {
            List<Double> x = numbers(row.x());
            List<Double> y = numbers(row.y());
            if (x == null || y == null) {
                ok = false;
                continue;
            }
            if (network != null) {
                if (x.size() != network.inputSize()) {
                    report(row.pos(), DiagnosticCode.DATA_WIDTH, "row has " + plural(x.size(), "input") + "; network "
                            + network.name() + " has input " + network.inputSize());
                    ok = false;
                }
                if (y.size() != network.outputSize()) {
                    report(row.y().get(0).pos(), DiagnosticCode.DATA_WIDTH, "row has " + plural(y.size(), "target")
                            + "; output layer " + network.outputLayer().name() + " has "
                            + plural(network.outputSize(), "unit"));
                    ok = false;
                }
            }
            rows.add(new DataSpec.Row(x, y, row.pos()));
        }
        return ok ? new DataSpec.Inline(rows, inline.pos()) : null;
    }

    /** The first inline row whose targets the loss cannot take ({@link TargetRule}), at the offending number. */
    private void targetsAgainstLoss(SpecSyntax.InlineData syntax, DataSpec.Inline data, TargetRule rule) {
        List<double[]> ys = data.rows().stream()
                .map(r -> r.y().stream().mapToDouble(Double::doubleValue).toArray()).toList();
        TargetRule.Finding finding = rule.first(ys);
        if (finding != null) {
            List<Num> targets = syntax.rows().get(finding.row()).y();
            int output = finding.problem().output();
            report(targets.get(Math.max(0, output)).pos(), DiagnosticCode.TARGET_RANGE, "row " + (finding.row() + 1)
                    + ": " + finding.message());
        }
    }

    private DataSpec.Csv csv(SpecSyntax.CsvData csv, NetworkSpec network) {
        Map<String, SpecSyntax.DataOption> options = dataOptions(csv.options());
        List<String> targets = csv.targets().stream().map(Word::text).toList();
        boolean ok = distinct(csv.targets(), "target column");
        List<String> categorical = List.of();
        SpecSyntax.DataOption categoricalOption = options.get("categorical");
        if (categoricalOption != null) {
            ok &= distinct(categoricalOption.args(), "categorical column");
            categorical = categoricalOption.args().stream().map(Word::text).toList();
            for (Word column : categoricalOption.args()) {
                if (targets.contains(column.text())) {
                    report(column.pos(), DiagnosticCode.BAD_ARGUMENTS, "column '" + column.text() + "' is a target;"
                            + " categorical names input columns");
                    ok = false;
                }
            }
            if (categorical.isEmpty()) {
                report(categoricalOption.pos(), DiagnosticCode.MISSING_SETTING,
                        "categorical needs the names of the categorical input columns");
                ok = false;
            }
        }
        List<String> inputs = List.of();
        SpecSyntax.DataOption option1 = options.get("inputs");
        if (option1 != null) {
            SpecSyntax.DataOption o = option1;
            ok &= distinct(o.args(), "input column");
            inputs = o.args().stream().map(Word::text).toList();
            for (Word input : o.args()) {
                if (targets.contains(input.text())) {
                    report(input.pos(), DiagnosticCode.BAD_ARGUMENTS, "column '" + input.text()
                            + "' is a target; a column is either an input or a target");
                    ok = false;
                }
            }
            if (inputs.isEmpty()) {
                report(o.pos(), DiagnosticCode.MISSING_SETTING, "inputs needs the names of the input columns");
                ok = false;
            } else if (network != null && categorical.isEmpty() && inputs.size() != network.inputSize()) {
                report(o.pos(), DiagnosticCode.DATA_WIDTH, "inputs names " + plural(inputs.size(), "column")
                        + "; network " + network.name() + " has input " + network.inputSize());
                ok = false;
            }
        }
        List<String> classes = List.of();
        SpecSyntax.DataOption option2 = options.get("classes");
        if (option2 != null) {
            SpecSyntax.DataOption o = option2;
            ok &= distinct(o.args(), "class");
            classes = o.args().stream().map(Word::text).toList();
            if (targets.size() != 1 || network != null && network.outputSize() == 1) {
                report(o.pos(), DiagnosticCode.BAD_ARGUMENTS, "classes names the classes of one target column"
                        + " read by several output units (one-hot); this spec has " + plural(targets.size(), "target")
                        + (network == null ? "" : " and " + plural(network.outputSize(), "output unit")));
                ok = false;
            } else if (network != null && classes.size() != network.outputSize()) {
                report(o.pos(), DiagnosticCode.DATA_WIDTH, "classes names " + classes.size() + (classes.size() == 1 ? " class" : " classes")
                        + "; output layer " + network.outputLayer().name() + " has "
                        + plural(network.outputSize(), "unit"));
                ok = false;
            }
        }
        if (targets.size() > 1 && network != null && targets.size() != network.outputSize()) {
            report(csv.targets().get(1).pos(), DiagnosticCode.DATA_WIDTH, plural(targets.size(), "target column")
                    + "; output layer " + network.outputLayer().name() + " has "
                    + plural(network.outputSize(), "unit") + " (several targets are regression targets, one per unit)");
            ok = false;
        }
        if (categoricalOption != null && !inputs.isEmpty()) {
            for (Word column : categoricalOption.args()) {
                if (!inputs.contains(column.text())) {
                    report(column.pos(), DiagnosticCode.BAD_ARGUMENTS, "categorical column '" + column.text()
                            + "' is not among the inputs");
                    ok = false;
                }
            }
        }
        ok &= DataFiles.confined(csv.path(), baseDirectory, allowRead, diagnostics);
        return ok ? new DataSpec.Csv(csv.path().text(), targets, inputs, classes, categorical, csv.pos()) : null;
    }

    /** Reports a word given twice; true when all differ. */
    private boolean distinct(List<Word> words, String what) {
        Map<String, Word> seen = new HashMap<>();
        boolean ok = true;
        for (Word word : words) {
            Word earlier = seen.putIfAbsent(word.text(), word);
            if (earlier != null) {
                report(word.pos(), DiagnosticCode.DUPLICATE_SETTING, what + " '" + word.text() + "' given twice"
                        + " (first at line " + earlier.pos().line() + ", column " + earlier.pos().column() + ")");
                ok = false;
            }
        }
        return ok;
    }

    /** The data options by name, unknown and repeated ones reported. */
    private Map<String, SpecSyntax.DataOption> dataOptions(List<SpecSyntax.DataOption> options) {
        for (SpecSyntax.DataOption option : options) {
            if (!DATA_OPTIONS.contains(option.name().text())) {
                report(option.pos(), DiagnosticCode.UNKNOWN_KEYWORD, "unknown data option '" + option.name().text()
                        + "'; expected one of " + String.join(", ", DATA_OPTIONS));
            }
        }
        return firstOfEach(options, o -> o.name().text(), SpecSyntax.DataOption::pos, "data option", "");
    }

    // ---- workflow: split, scaling, early stopping ----------------------------------------------------------

    private Workflow workflow(SpecSyntax.Data data, SpecSyntax.Train train, NetworkSpec network) {
        Map<String, SpecSyntax.DataOption> options = new LinkedHashMap<>();
        for (SpecSyntax.DataOption option : data.options()) {
            options.putIfAbsent(option.name().text(), option);
        }
        if (data instanceof SpecSyntax.InlineData) {
            dataOptions(data.options());
            for (String csvOnly : List.of("inputs", "classes", "categorical")) {
                SpecSyntax.DataOption option3 = options.get(csvOnly);
                if (option3 != null) {
                    SpecSyntax.DataOption o = option3;
                    report(o.pos(), DiagnosticCode.BAD_ARGUMENTS, csvOnly + " names columns of a data csv file;"
                            + " inline rows have none");
                }
            }
        }
        boolean ok = true;
        Optional<Workflow.Split> split = Optional.empty();
        SpecSyntax.DataOption option4 = options.get("split");
        if (option4 != null) {
            SpecSyntax.DataOption o = option4;
            Params p = optionParams(o, o.args(), SPLIT_PARAMS, "split");
            if (p != null && !(p.number("validation") + p.number("test") < 1)) {
                report(o.pos(), DiagnosticCode.OUT_OF_RANGE, "split leaves no training samples: validation "
                        + p.number("validation") + " and test " + p.number("test") + " must add up to less than 1");
                p = null;
            } else if (p != null && p.number("validation") + p.number("test") == 0) {
                report(o.pos(), DiagnosticCode.MISSING_SETTING, "split holds nothing out; write 'split validation V"
                        + " test T' with a fraction above 0");
                p = null;
            }
            ok &= p != null;
            if (p != null) {
                split = Optional.of(new Workflow.Split(p.number("validation"), p.number("test"),
                        (long) p.number("seed"), p.word("stratify").equals("yes"), o.pos()));
            }
        }
        Optional<Workflow.Scaling> scaling = Optional.empty();
        SpecSyntax.DataOption option5 = options.get("scale");
        if (option5 != null) {
            SpecSyntax.DataOption o = option5;
            Workflow.Scaling.Kind kind = o.args().isEmpty() ? null : keyword(o.args().get(0),
                    Workflow.Scaling.Kind.values(), Workflow.Scaling.Kind::keyword, DiagnosticCode.BAD_ARGUMENTS,
                    "scaling");
            if (o.args().isEmpty()) {
                report(o.pos(), DiagnosticCode.MISSING_SETTING, "scale needs a kind: standardize or minmax");
            }
            Params p = kind == null ? null : optionParams(o, o.args().subList(1, o.args().size()),
                    kind == Workflow.Scaling.Kind.MINMAX ? MINMAX_PARAMS : List.of(), "scale " + kind.keyword());
            if (p != null && kind == Workflow.Scaling.Kind.MINMAX && !(p.number("low") < p.number("high"))) {
                report(o.pos(), DiagnosticCode.OUT_OF_RANGE, "scale minmax needs low < high; found low "
                        + p.number("low") + " and high " + p.number("high"));
                p = null;
            }
            ok &= p != null;
            if (p != null) {
                boolean minmax = kind == Workflow.Scaling.Kind.MINMAX;
                scaling = Optional.of(new Workflow.Scaling(kind, minmax ? p.number("low") : 0,
                        minmax ? p.number("high") : 0, o.pos()));
            }
        }
        Optional<Workflow.EarlyStop> earlyStop = Optional.empty();
        SpecSyntax.EarlyStopSetting stop = train.settings().stream()
                .filter(s -> s instanceof SpecSyntax.EarlyStopSetting).map(s -> (SpecSyntax.EarlyStopSetting) s)
                .findFirst().orElse(null);
        if (stop != null) {
            Params p = params(stop.params(), EARLY_STOP_PARAMS, Convention.PYTORCH, "early_stop", stop.pos());
            Workflow.Monitor monitor = p == null ? null
                    : Workflow.Monitor.valueOf(p.word("monitor").toUpperCase(java.util.Locale.ROOT));
            if (monitor != null && monitor.validation() && split.map(s -> s.validation() == 0).orElse(true)) {
                report(stop.pos(), DiagnosticCode.MISSING_SETTING, "early_stop monitors " + monitor.keyword()
                        + ", which needs a validation part: add 'split validation V' to the data (or monitor loss)");
                p = null;
            }
            ok &= p != null;
            if (p != null) {
                earlyStop = Optional.of(new Workflow.EarlyStop(monitor, (int) Math.min(Integer.MAX_VALUE,
                        p.number("patience")), p.number("min_delta"), p.word("restore_best").equals("yes"),
                        stop.pos()));
            }
        }
        Optional<Double> humanError = Optional.empty();
        SpecSyntax.DataOption human = options.get("human_error");
        if (human != null) {
            Double e = single(human, 0, false, 1, false);
            ok &= e != null;
            humanError = Optional.ofNullable(e);
        }
        Optional<Double> limit = Optional.empty();
        SpecSyntax.DataOption lim = options.get("regression_limit");
        if (lim != null) {
            Double l = single(lim, 0, true, Double.POSITIVE_INFINITY, true);
            ok &= l != null;
            limit = Optional.ofNullable(l);
        }
        return ok ? new Workflow(split, scaling, earlyStop, humanError, limit) : null;
    }

    /** The one number of a data option, in the given range, or null after reporting. */
    private Double single(SpecSyntax.DataOption option, double low, boolean lowOpen, double high, boolean highOpen) {
        String name = option.name().text();
        if (option.args().size() != 1) {
            report(option.pos(), DiagnosticCode.BAD_ARGUMENTS, name + " takes one number; found "
                    + option.args().size() + " arguments");
            return null;
        }
        ParamSpec spec = ParamSpec.number(name, low, lowOpen, high, highOpen, 0.0, 0.0, name);
        Params p = params(List.of(new SpecSyntax.Param(option.name(), option.args().get(0))), List.of(spec),
                Convention.PYTORCH, "data option " + name, option.pos());
        return p == null ? null : p.number(name);
    }

    /** The {@code key value} pairs of a data option's arguments, resolved against {@code specs}. */
    private Params optionParams(SpecSyntax.DataOption option, List<Word> args, List<ParamSpec> specs, String owner) {
        if (args.size() % 2 != 0) {
            Word last = args.get(args.size() - 1);
            report(last.pos(), DiagnosticCode.BAD_ARGUMENTS, owner + " takes 'key value' pairs; '" + last.text()
                    + "' has no value");
            return null;
        }
        List<SpecSyntax.Param> pairs = new ArrayList<>();
        for (int k = 0; k < args.size(); k += 2) {
            pairs.add(new SpecSyntax.Param(args.get(k), args.get(k + 1)));
        }
        return params(pairs, specs, Convention.PYTORCH, owner, option.pos());
    }

    // ---- named parameters ---------------------------------------------------------------------------------

    /**
     * Resolves {@code given} against {@code specs}: each given parameter must be known, given once, of its type
     * and in its range; each one left out takes its default under {@code convention}, and a required one left
     * out is reported at {@code at}. Returns null after reporting.
     */
    private Params params(List<SpecSyntax.Param> given, List<ParamSpec> specs, Convention convention, String owner,
                          SourcePos at) {
        return params(given, specs, convention, owner, at, List.of());
    }

    /** As above, where the caller takes the keys {@code alsoAccepted} itself: an unknown key's message lists them. */
    private Params params(List<SpecSyntax.Param> given, List<ParamSpec> specs, Convention convention, String owner,
                          SourcePos at, List<String> alsoAccepted) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        Map<String, Double> numbers = new HashMap<>();
        Map<String, String> words = new HashMap<>();
        Map<String, SpecSyntax.Param> seen = new HashMap<>();
        boolean ok = true;
        for (SpecSyntax.Param param : given) {
            String key = param.key().text();
            ParamSpec spec = byName.get(key);
            if (spec == null) {
                List<String> accepted = new ArrayList<>(byName.keySet());
                accepted.addAll(alsoAccepted);
                report(param.key().pos(), DiagnosticCode.UNKNOWN_KEYWORD, "unknown parameter '" + key + "' of "
                        + owner + "; expected " + (accepted.isEmpty() ? "none" : "one of "
                        + String.join(", ", accepted)));
                ok = false;
                continue;
            }
            SpecSyntax.Param earlier = seen.putIfAbsent(key, param);
            if (earlier != null) {
                report(param.key().pos(), DiagnosticCode.DUPLICATE_SETTING, "parameter '" + key + "' of " + owner
                        + " given twice (first at line " + earlier.key().pos().line() + ", column "
                        + earlier.key().pos().column() + ")");
                ok = false;
                continue;
            }
            Word value = param.value();
            switch (spec.type()) {
                case WORD -> {
                    if (!spec.words().contains(value.text())) {
                        report(value.pos(), DiagnosticCode.BAD_ARGUMENTS, key + " of " + owner + " must be "
                                + spec.range() + "; found " + value.text());
                        ok = false;
                    } else {
                        words.put(key, value.text());
                    }
                }
                case NUMBER, INTEGER -> {
                    if (beyondDouble(value.text(), value.pos())) {
                        ok = false;
                        continue;
                    }
                    Double number = parseNumber(value);
                    boolean integral = spec.type() == ParamSpec.Type.NUMBER
                            || (number != null && INTEGER.matcher(value.text()).matches());
                    if (number == null || !integral) {
                        report(value.pos(), number == null ? DiagnosticCode.BAD_ARGUMENTS : DiagnosticCode.NOT_INTEGER,
                                key + " of " + owner + " must be " + (spec.type() == ParamSpec.Type.INTEGER
                                        ? "an integer" : "a number") + "; found " + value.text());
                        ok = false;
                    } else if (!spec.inRange(number)) {
                        report(value.pos(), DiagnosticCode.OUT_OF_RANGE, key + " of " + owner + " must be "
                                + spec.range() + "; found " + value.text());
                        ok = false;
                    } else {
                        numbers.put(key, number);
                    }
                }
            }
        }
        for (ParamSpec spec : specs) {
            if (seen.containsKey(spec.name())) {
                continue;
            }
            Object fallback = spec.defaultFor(convention);
            if (fallback == null) {
                report(at, DiagnosticCode.MISSING_SETTING, owner + " needs " + spec.name() + " (" + spec.meaning()
                        + "); write '" + spec.name() + " X'");
                ok = false;
            } else if (fallback instanceof Double d) {
                numbers.put(spec.name(), d);
            } else {
                words.put(spec.name(), (String) fallback);
            }
        }
        return ok ? new Params(numbers, words) : null;
    }

    /**
     * A finite number written as a decimal literal, or null: a word, a quoted string, or a literal a double cannot
     * hold (which {@link #beyondDouble} reports).
     */
    private static Double parseNumber(Word word) {
        if (!Literals.numeral(word.text())) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(word.text());
        } catch (NumberFormatException e) {
            return null;
        }
        return Double.isFinite(value) && !Literals.roundsToZero(word.text(), value) ? value : null;
    }

    /**
     * Reports a decimal literal a double cannot hold ({@link Literals#problem}), the same way wherever a number is
     * written; true when reported. Words and representable numbers are left to the caller.
     */
    private boolean beyondDouble(String text, SourcePos pos) {
        String problem = Literals.problem(text);
        if (problem != null) {
            report(pos, DiagnosticCode.OUT_OF_RANGE, problem);
        }
        return problem != null;
    }

    // ---- numbers and names --------------------------------------------------------------------------------

    /** A finite double, or null after reporting a literal a double cannot hold ({@link #beyondDouble}). */
    private Double number(Num num) {
        if (beyondDouble(num.text(), num.pos())) {
            return null;
        }
        return Double.parseDouble(num.text());
    }

    private List<Double> numbers(List<Num> nums) {
        List<Double> values = new ArrayList<>();
        boolean ok = true;
        for (Num num : nums) {
            Double value = number(num);
            ok &= value != null;
            values.add(value);
        }
        return ok ? values : null;
    }

    /** An integer in [min, max], or null after reporting. */
    private Integer count(Num num, String what, int min, int max) {
        return count(num, what, min, max, max == Integer.MAX_VALUE ? "the largest int" : null);
    }

    /**
     * An integer in [min, max], or null after reporting; {@code limit} (null: none) says where a maximum comes
     * from, for the message of a number above it.
     */
    private Integer count(Num num, String what, int min, int max, String limit) {
        BigInteger value = integer(num, what);
        if (value == null) {
            return null;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            String range = limit != null ? "at least " + min : min + ".." + max;
            report(num.pos(), DiagnosticCode.OUT_OF_RANGE, what + " must be " + range + "; found " + num.text());
            return null;
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            report(num.pos(), DiagnosticCode.OUT_OF_RANGE, what + " must be " + (limit == null ? min + ".." + max
                    : "at most " + max + " (" + limit + ")") + "; found " + num.text());
            return null;
        }
        return value.intValueExact();
    }

    private Long seed(Num num, String what) {
        BigInteger value = integer(num, what);
        if (value == null) {
            return null;
        }
        if (value.bitLength() > 63) {
            report(num.pos(), DiagnosticCode.OUT_OF_RANGE, what + " must fit in a long (" + Long.MIN_VALUE + ".."
                    + Long.MAX_VALUE + "); found " + num.text());
            return null;
        }
        return value.longValueExact();
    }

    private BigInteger integer(Num num, String what) {
        if (!INTEGER.matcher(num.text()).matches()) {
            report(num.pos(), DiagnosticCode.NOT_INTEGER, what + " must be an integer; found " + num.text());
            return null;
        }
        return new BigInteger(num.text().startsWith("+") ? num.text().substring(1) : num.text());
    }

    private <T> T keyword(Word word, T[] values, Function<T, String> keyword, DiagnosticCode code, String what) {
        for (T value : values) {
            if (keyword.apply(value).equals(word.text())) {
                return value;
            }
        }
        report(word.pos(), code, "unknown " + what + " '" + word.text() + "'; expected one of "
                + Arrays.stream(values).map(keyword).collect(Collectors.joining(", ")));
        return null;
    }

    /** The first item of each keyword; later ones are reported as duplicates. */
    private <T> Map<String, T> firstOfEach(List<T> items, Function<T, String> keyword, Function<T, SourcePos> pos,
                                           String what, String where) {
        Map<String, T> first = new LinkedHashMap<>();
        for (T item : items) {
            T earlier = first.putIfAbsent(keyword.apply(item), item);
            if (earlier != null) {
                SourcePos at = pos.apply(earlier);
                report(pos.apply(item), DiagnosticCode.DUPLICATE_SETTING, what + " '" + keyword.apply(item)
                        + "' given twice" + where + " (first at line " + at.line() + ", column " + at.column() + ")");
            }
        }
        return first;
    }

    private static boolean before(SourcePos a, SourcePos b) {
        return a.line() < b.line() || (a.line() == b.line() && a.column() < b.column());
    }

    private static List<Double> zeros(int n) {
        List<Double> zeros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            zeros.add(0.0);
        }
        return zeros;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private void report(SourcePos pos, DiagnosticCode code, String message) {
        diagnostics.add(Diagnostic.of(pos, code, message));
    }
}
