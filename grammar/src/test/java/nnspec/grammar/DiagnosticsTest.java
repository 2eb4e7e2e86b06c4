package nnspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The diagnostics catalogue, one case (or more) per code: the input and the exact lines printed. Every code of
 * the spec stages must have a case here; the data codes are covered by the generator's DataLoaderTest.
 */
class DiagnosticsTest {

    private record Case(DiagnosticCode code, String name, String text, String expected) {
    }

    private static final String NET = "network N { input 2 dense 1 sigmoid }\n";
    private static final String TRAIN = "train { loss mse optimizer sgd lr 0.1 epochs 3 }\n";
    private static final String DATA = "data { 0 1 -> 1 }\n";
    private static final String TRAIN_BATCH_2 = "train { loss mse optimizer sgd lr 0.1 epochs 3 batch 2 }\n";

    private static Case c(DiagnosticCode code, String name, String text, String expected) {
        return new Case(code, name, text, expected);
    }

    private static final List<Case> CASES = List.of(
            c(DiagnosticCode.SYNTAX, "row without targets", NET + TRAIN + "data { 0 1 -> }\n",
                    "t.nn:3:15: missing number before '}'"),
            c(DiagnosticCode.SYNTAX, "character outside the language", NET + "train { loss mse # }\n" + DATA,
                    "t.nn:2:18: unexpected character '#'"),
            c(DiagnosticCode.SYNTAX, "input must come first", "network N { dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:13: unexpected 'dense'; expected 'input'"),
            c(DiagnosticCode.SYNTAX, "text after the data", NET + TRAIN + DATA + "-> 2\n",
                    "t.nn:4:1: unexpected '->'; expected {end of file, name}"),
            c(DiagnosticCode.SYNTAX, "unterminated string", NET + TRAIN + "data csv \"a.csv target y\n",
                    "t.nn:3:10: unterminated string \"a.csv target y; a string ends with \" on the same line\n"
                    + "t.nn:4:1: unexpected end of file; expected string"),

            c(DiagnosticCode.UNKNOWN_KEYWORD, "unknown train setting", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 stop_early patience 20 }\n" + DATA,
                    "t.nn:2:48: unknown train setting 'stop_early'; expected one of loss, optimizer, rule, schedule, "
                    + "regularize, convention, epochs, batch, order, trace, early_stop"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "unknown data option", NET + TRAIN + DATA + "extra\n",
                    "t.nn:4:1: unknown data option 'extra'; expected one of inputs, classes, categorical, split, scale, human_error,"
                    + " regression_limit"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "unknown split parameter", NET + TRAIN + DATA + "split tset 0.2\n",
                    "t.nn:4:7: unknown parameter 'tset' of split; expected one of validation, test, seed, stratify"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "unknown early_stop parameter", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 early_stop monitor loss patince 2 }\n" + DATA,
                    "t.nn:2:72: unknown parameter 'patince' of early_stop; expected one of monitor, patience, "
                    + "min_delta, restore_best"),
            c(DiagnosticCode.BAD_ARGUMENTS, "unknown scaling", NET + TRAIN + DATA + "scale normalize\n",
                    "t.nn:4:7: unknown scaling 'normalize'; expected one of standardize, minmax"),
            c(DiagnosticCode.BAD_ARGUMENTS, "split argument without value", NET + TRAIN + DATA
                    + "split test 0.2 seed\n",
                    "t.nn:4:16: split takes 'key value' pairs; 'seed' has no value"),
            c(DiagnosticCode.BAD_ARGUMENTS, "columns of inline rows", NET + TRAIN + DATA + "inputs a b\n",
                    "t.nn:4:1: inputs names columns of a data csv file; inline rows have none"),
            c(DiagnosticCode.BAD_ARGUMENTS, "classes of a single output", NET + TRAIN
                    + "data csv \"d.csv\" target y\nclasses a b\n",
                    "t.nn:4:1: classes names the classes of one target column read by several output units (one-hot);"
                    + " this spec has 1 target and 1 output unit"),
            c(DiagnosticCode.BAD_ARGUMENTS, "input column that is a target", NET + TRAIN
                    + "data csv \"d.csv\" target y\ninputs a y\n",
                    "t.nn:4:10: column 'y' is a target; a column is either an input or a target"),
            c(DiagnosticCode.OUT_OF_RANGE, "split fraction", NET + TRAIN + DATA + "split test 1\n",
                    "t.nn:4:12: test of split must be in [0, 1); found 1"),
            c(DiagnosticCode.OUT_OF_RANGE, "split without training part", NET + TRAIN + DATA
                    + "split validation 0.5 test 0.5\n",
                    "t.nn:4:1: split leaves no training samples: validation 0.5 and test 0.5 must add up to less than 1"),
            c(DiagnosticCode.OUT_OF_RANGE, "min-max range", NET + TRAIN + DATA + "scale minmax low 1 high 1\n",
                    "t.nn:4:1: scale minmax needs low < high; found low 1.0 and high 1.0"),
            c(DiagnosticCode.OUT_OF_RANGE, "negative patience", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 early_stop monitor loss patience -1 }\n" + DATA,
                    "t.nn:2:81: patience of early_stop must be an integer of at least 0; found -1"),
            c(DiagnosticCode.MISSING_SETTING, "early stopping on validation without a split", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 early_stop patience 2 }\n" + DATA,
                    "t.nn:2:48: early_stop monitors val_loss, which needs a validation part: add 'split validation V'"
                    + " to the data (or monitor loss)"),
            c(DiagnosticCode.MISSING_SETTING, "split holding nothing out", NET + TRAIN + DATA + "split seed 3\n",
                    "t.nn:4:1: split holds nothing out; write 'split validation V test T' with a fraction above 0"),
            c(DiagnosticCode.DUPLICATE_SETTING, "data option twice", NET + TRAIN + DATA
                    + "scale standardize\nscale minmax\n",
                    "t.nn:5:1: data option 'scale' given twice (first at line 4, column 1)"),
            c(DiagnosticCode.DUPLICATE_SETTING, "class twice", "network N { input 2 dense 2 softmax }\n"
                    + "train { loss cce optimizer sgd lr 0.1 epochs 3 }\ndata csv \"d.csv\" target y\nclasses a a\n",
                    "t.nn:4:11: class 'a' given twice (first at line 4, column 9)"),
            c(DiagnosticCode.DATA_WIDTH, "classes against output units", "network N { input 2 dense 2 softmax }\n"
                    + "train { loss cce optimizer sgd lr 0.1 epochs 3 }\ndata csv \"d.csv\" target y\nclasses a b c\n",
                    "t.nn:4:1: classes names 3 classes; output layer dense1 has 2 units"),
            c(DiagnosticCode.DATA_WIDTH, "inputs against input size", NET + TRAIN
                    + "data csv \"d.csv\" target y\ninputs a\n",
                    "t.nn:4:1: inputs names 1 column; network N has input 2"),
            c(DiagnosticCode.DATA_WIDTH, "regression targets against output units", NET + TRAIN
                    + "data csv \"d.csv\" target y, z\n",
                    "t.nn:3:28: 2 target columns; output layer dense1 has 1 unit (several targets are regression"
                    + " targets, one per unit)"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "unknown layer option", "network N { input 2 dense 1 sigmoid dropuot 0.1 }\n"
                    + TRAIN + DATA,
                    "t.nn:1:37: unknown layer option 'dropuot' (activation sigmoid takes no parameter); expected one of "
                    + "init, weights, bias, name"),
            c(DiagnosticCode.UNKNOWN_ACTIVATION, "misspelt activation", "network N { input 2 dense 1 relux }\n"
                    + TRAIN + DATA,
                    "t.nn:1:29: unknown activation 'relux'; expected one of step, sign, linear, piecewise_linear, relu, "
                    + "leaky_relu, rrelu, elu, celu, selu, gelu, sigmoid, hard_sigmoid, log_sigmoid, tanh, hard_tanh, "
                    + "tanh_shrink, softplus, softsign, sparse_plus, squareplus, silu, hard_silu, mish, relu6, "
                    + "exponential, hard_shrink, soft_shrink, threshold, softmax, log_softmax, sparsemax, glu"),
            c(DiagnosticCode.UNKNOWN_INIT, "misspelt init", "network N { input 2 dense 1 sigmoid init glorot }\n"
                    + TRAIN + DATA,
                    "t.nn:1:42: unknown init 'glorot'; expected one of zeros, constant, file, uniform, glorot_uniform, "
                    + "uniform_fanin, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform"),
            c(DiagnosticCode.UNKNOWN_LOSS, "misspelt loss", NET + "train { loss mes optimizer sgd lr 0.1 epochs 3 }\n"
                    + DATA,
                    "t.nn:2:14: unknown loss 'mes'; expected one of mse, mae, huber, bce, cce"),
            c(DiagnosticCode.UNKNOWN_OPTIMIZER, "misspelt optimizer", NET
                    + "train { loss mse optimizer adma lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:28: unknown optimizer 'adma'; expected one of sgd, momentum, nesterov, adagrad, adadelta, "
                    + "rmsprop, adam, adamw"),
            c(DiagnosticCode.UNKNOWN_SCHEDULE, "misspelt schedule", NET
                    + "train { loss mse optimizer sgd lr 0.1 schedule cosin period 10 epochs 3 }\n" + DATA,
                    "t.nn:2:48: unknown schedule 'cosin'; expected one of constant, step, exponential, inverse_time, "
                    + "cosine, cyclical, linear"),
            c(DiagnosticCode.UNKNOWN_REGULARIZER, "misspelt regularizer", NET
                    + "train { loss mse optimizer sgd lr 0.1 regularize l3 lambda 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:50: unknown regularizer 'l3'; expected one of l1, l2, elastic"),
            c(DiagnosticCode.UNKNOWN_CONVENTION, "unknown convention", NET
                    + "train { loss mse optimizer sgd lr 0.1 convention jax epochs 3 }\n" + DATA,
                    "t.nn:2:50: unknown convention 'jax'; expected one of pytorch, keras"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "unknown parameter", NET
                    + "train { loss mse optimizer adam lr 0.1 beta 0.9 epochs 3 }\n" + DATA,
                    "t.nn:2:40: unknown parameter 'beta' of optimizer adam; expected one of beta1, beta2, epsilon, "
                    + "epsilon_form, weight_decay"),
            c(DiagnosticCode.OUT_OF_RANGE, "beta outside [0, 1)", NET
                    + "train { loss mse optimizer adam lr 0.1 beta2 1 epochs 3 }\n" + DATA,
                    "t.nn:2:46: beta2 of optimizer adam must be in [0, 1); found 1"),
            c(DiagnosticCode.OUT_OF_RANGE, "negative lambda", NET
                    + "train { loss mse optimizer sgd lr 0.1 regularize l2 lambda -0.01 epochs 3 }\n" + DATA,
                    "t.nn:2:60: lambda of regularize l2 must be in [0, infinity); found -0.01"),
            c(DiagnosticCode.OUT_OF_RANGE, "negative leaky slope", "network N { input 2 dense 1 leaky_relu alpha -1 }\n"
                    + TRAIN + DATA,
                    "t.nn:1:46: alpha of activation leaky_relu of layer dense1 must be in [0, 1); found -1"),
            c(DiagnosticCode.OUT_OF_RANGE, "rrelu bounds the wrong way round", "network N { input 2 dense 1 rrelu "
                    + "lower 0.3 upper 0.1 }\n" + TRAIN + DATA,
                    "t.nn:1:29: activation rrelu of layer dense1 needs lower <= upper; found lower 0.3 and upper 0.1"),
            c(DiagnosticCode.OUT_OF_RANGE, "dropout rate 1", "network N { input 2 dense 3 relu dropout 1 dense 1 sigmoid }\n"
                    + TRAIN + DATA,
                    "t.nn:1:42: rate of dropout after layer dense1 must be in [0, 1); found 1"),
            c(DiagnosticCode.OUT_OF_RANGE, "dropout keeping nothing", "network N { input 2 dense 3 relu dropout keep 0"
                    + " dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:47: keep of dropout after layer dense1 must be in (0, 1]; found 0"),
            c(DiagnosticCode.CONFLICTING_SETTINGS, "dropout with rate and keep", "network N { input 2 dense 3 relu"
                    + " dropout 0.1 keep 0.9 dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:46: dropout after layer dense1 gives both a rate (the drop probability) and keep (the keep"
                    + " probability); give one"),
            c(DiagnosticCode.MISSING_SETTING, "dropout without its rate", "network N { input 2 dense 3 relu dropout"
                    + " seed 3 dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:34: dropout after layer dense1 needs its rate: 'dropout 0.1' drops each output with"
                    + " probability 0.1, 'dropout keep 0.9' keeps it with probability 0.9"),
            c(DiagnosticCode.DROPOUT_POSITION, "dropout on the output", "network N { input 2 dense 1 sigmoid dropout 0.1"
                    + " }\n" + TRAIN + DATA,
                    "t.nn:1:37: dropout after the output layer dense1; dropout goes between layers, where the next"
                    + " layer takes its outputs"),
            c(DiagnosticCode.BATCHNORM_POSITION, "batchnorm on the input", "network N { input 2 batchnorm dense 1"
                    + " sigmoid }\n" + TRAIN_BATCH_2 + DATA,
                    "t.nn:1:21: batchnorm batchnorm1 is the first layer; batchnorm goes right after a dense layer (per unit)"
                    + " or a conv layer (per channel)"),
            c(DiagnosticCode.BATCHNORM_POSITION, "batchnorm after dropout", "network N { input 2 dense 3 relu"
                    + " dropout 0.5 batchnorm dense 1 sigmoid }\n" + TRAIN_BATCH_2 + DATA,
                    "t.nn:1:46: batchnorm batchnorm1 is after a dropout; batchnorm goes right after a dense layer (per unit) or a"
                    + " conv layer (per channel)"),
            c(DiagnosticCode.BATCHNORM_POSITION, "batchnorm before a coupled activation", "network N { input 2"
                    + " dense 4 glu batchnorm placement before dense 1 sigmoid }\n" + TRAIN_BATCH_2 + DATA,
                    "t.nn:1:33: batchnorm batchnorm1: placement before needs an elementwise activation on layer dense1 that does"
                    + " not draw at random; glu couples its units (write placement after)"),
            c(DiagnosticCode.BATCHNORM_BATCH, "batchnorm trained on batches of 1", "network N { input 2 dense 3 relu"
                    + " batchnorm dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:34: batchnorm batchnorm1 would train on one value per feature (batch 1): the batch variance is 0"
                    + " (PyTorch refuses this too); use batch 2 or more"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "batchnorm setting misspelt", "network N { input 2 dense 3 relu"
                    + " batchnorm eps 0.1 dense 1 sigmoid }\n" + TRAIN_BATCH_2 + DATA,
                    "t.nn:1:44: unknown parameter 'eps' of batchnorm batchnorm1; expected one of epsilon, momentum, convention,"
                    + " placement, name"),
            c(DiagnosticCode.UNKNOWN_KEYWORD, "batchnorm name misspelt", "network N { input 2 dense 3 relu"
                    + " batchnorm nmae bn1 dense 1 sigmoid }\n" + TRAIN_BATCH_2 + DATA,
                    "t.nn:1:44: unknown parameter 'nmae' of batchnorm batchnorm1; expected one of epsilon, momentum,"
                    + " convention, placement, name"),
            c(DiagnosticCode.OUT_OF_RANGE, "batchnorm momentum above 1", "network N { input 2 dense 3 relu"
                    + " batchnorm momentum 1.5 dense 1 sigmoid }\n" + TRAIN_BATCH_2 + DATA,
                    "t.nn:1:53: momentum of batchnorm batchnorm1 must be in [0, 1]; found 1.5"),
            c(DiagnosticCode.SHAPE_MISMATCH, "dense on an image", "network N { input 1x2x2 dense 1 sigmoid }\n"
                    + TRAIN + DATA,
                    "t.nn:1:25: dense layer dense1 takes a vector; the input gives the image 1x2x2 (write flatten"
                    + " before it)"),
            c(DiagnosticCode.SHAPE_MISMATCH, "conv on a vector", "network N { input 4 conv 2 2x2 relu flatten dense 1"
                    + " sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:21: conv layer conv1 takes an image CHANNELSxHEIGHTxWIDTH; the input gives a vector of 4"
                    + " values"),
            c(DiagnosticCode.SHAPE_MISMATCH, "kernel larger than its input", "network N { input 1x2x2 conv 2 3x3 relu"
                    + " flatten dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:32: conv layer conv1: the kernel 3x3 does not fit the input 1x2x2 with padding 0"),
            c(DiagnosticCode.SHAPE_MISMATCH, "pooling window larger than its input", "network N { input 1x2x2 conv 2"
                    + " 2x2 relu maxpool 2x2 flatten dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:49: maxpool layer pool1: the window 2x2 does not fit the input 2x1x1 with padding 0"),
            c(DiagnosticCode.OUTPUT_LAYER, "network ending in flatten", "network N { input 2 dense 1 sigmoid flatten }\n"
                    + TRAIN + DATA,
                    "t.nn:1:37: the network ends with flatten1; the output layer must be a dense layer"),
            c(DiagnosticCode.OUT_OF_RANGE, "pooling padding over half the window", "network N { input 1x4x4 avgpool"
                    + " 2x2 padding 2 flatten dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:37: padding of layer pool1 must be at most half the window 2x2 on each side (as PyTorch's);"
                    + " found 2"),
            c(DiagnosticCode.BAD_ARGUMENTS, "ceil on a convolution", "network N { input 1x4x4 conv 1 2x2 ceil yes relu"
                    + " flatten dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:36: layer conv1 takes no ceil; its options are stride, padding, dilation"),
            c(DiagnosticCode.BAD_ARGUMENTS, "a kernel of three numbers", "network N { input 1x4x4 conv 1 2x2x2 relu"
                    + " flatten dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:32: kernel of layer conv1 must be HEIGHTxWIDTH; found 2x2x2"),
            c(DiagnosticCode.BAD_ARGUMENTS, "softmax on a convolution", "network N { input 1x4x4 conv 1 2x2 softmax"
                    + " flatten dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:36: activation softmax on layer conv1 is not one value at a time; a convolution takes an"
                    + " elementwise activation (relu, tanh, ...; rrelu not yet)"),
            c(DiagnosticCode.MISSING_SETTING, "schedule without its period", NET
                    + "train { loss mse optimizer sgd lr 0.1 schedule cosine epochs 3 }\n" + DATA,
                    "t.nn:2:48: schedule cosine needs period (T, the length of the half cosine); write 'period X'"),
            c(DiagnosticCode.CONFLICTING_SETTINGS, "recursive cosine that holds", NET
                    + "train { loss mse optimizer sgd lr 0.1 schedule cosine period 5 form recursive after hold "
                    + "epochs 3 }\n" + DATA,
                    "t.nn:2:48: schedule cosine form recursive follows PyTorch's recursion, which continues after the "
                    + "period; found after hold (write after continue, or form closed)"),
            c(DiagnosticCode.INIT_FILE, "missing init file", "network N { input 2 dense 1 sigmoid init file "
                    + "\"no-such-weights.txt\" }\n" + TRAIN + DATA,
                    "t.nn:1:47: cannot read init file \"no-such-weights.txt\": no such file"),
            c(DiagnosticCode.BAD_ARGUMENTS, "init file without its file", "network N { input 2 dense 1 sigmoid init "
                    + "file }\n" + TRAIN + DATA,
                    "t.nn:1:42: init file of layer dense1 needs the file: init file \"PATH\""),
            c(DiagnosticCode.MISSING_SETTING, "optimizer without a learning rate", NET
                    + "train { loss mse optimizer adam epochs 3 }\n" + DATA,
                    "t.nn:2:28: optimizer adam needs a learning rate; write 'optimizer adam lr X'"),
            c(DiagnosticCode.BAD_ARGUMENTS, "a word where a number belongs", NET
                    + "train { loss mse optimizer momentum lr 0.1 momentum high epochs 3 }\n" + DATA,
                    "t.nn:2:53: momentum of optimizer momentum must be a number; found high"),
            c(DiagnosticCode.UNKNOWN_RULE, "rule not in v1", "network N { input 2 dense 1 step }\n"
                    + "train { rule hebb lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:14: unknown rule 'hebb'; expected one of perceptron"),
            c(DiagnosticCode.UNKNOWN_ORDER, "unknown order", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 order random }\n" + DATA,
                    "t.nn:2:54: unknown order 'random'; expected one of fixed, shuffled"),

            c(DiagnosticCode.DUPLICATE_SETTING, "epochs twice", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 epochs 4 }\n" + DATA,
                    "t.nn:2:48: setting 'epochs' given twice in train (first at line 2, column 39)"),
            c(DiagnosticCode.DUPLICATE_SETTING, "batchnorm name twice", "network N { input 2 dense 3 relu"
                    + " batchnorm name a name b dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:51: parameter 'name' of batchnorm a given twice (first at line 1, column 44)"),
            c(DiagnosticCode.DUPLICATE_SETTING, "layer option twice",
                    "network N { input 2 dense 1 sigmoid init zeros init zeros }\n" + TRAIN + DATA,
                    "t.nn:1:48: option 'init' given twice in layer dense1 (first at line 1, column 37)"),
            c(DiagnosticCode.DUPLICATE_NAME, "two layers called h",
                    "network N { input 2 dense 2 relu name h dense 1 sigmoid name h }\n" + TRAIN + DATA,
                    "t.nn:1:62: layer name 'h' is already used by layer 1 at line 1; layer names must be different"),
            c(DiagnosticCode.DUPLICATE_NAME, "explicit name equal to a default name",
                    "network N { input 2 dense 2 relu name dense2 dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:46: layer name 'dense2' is already used by layer 1 at line 1; layer names must be "
                    + "different"),
            c(DiagnosticCode.MISSING_SETTING, "no epochs", NET + "train { loss mse optimizer sgd lr 0.1 }\n" + DATA,
                    "t.nn:2:1: train has no epochs; expected 'epochs N'"),
            c(DiagnosticCode.MISSING_SETTING, "no optimizer or rule", NET + "train { loss mse epochs 3 }\n" + DATA,
                    "t.nn:2:1: train has no optimizer or rule; expected 'optimizer sgd lr X' or 'rule perceptron lr X'"),
            c(DiagnosticCode.MISSING_SETTING, "bias without weights",
                    "network N { input 2 dense 1 sigmoid bias [0] }\n" + TRAIN + DATA,
                    "t.nn:1:37: bias of layer dense1 needs weights; write 'weights [[...]] bias [...]', or use init"),
            c(DiagnosticCode.MISSING_SETTING, "no layer", "network N { input 2 }\n" + TRAIN + DATA,
                    "t.nn:1:1: network N has no layer; expected at least one 'dense UNITS ACTIVATION'"),
            c(DiagnosticCode.CONFLICTING_SETTINGS, "optimizer and rule", "network N { input 2 dense 1 step }\n"
                    + "train { loss mse optimizer sgd lr 0.1 rule perceptron lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:39: train has both optimizer and rule; give one of them"),
            c(DiagnosticCode.CONFLICTING_SETTINGS, "init and weights",
                    "network N { input 2 dense 1 sigmoid weights [[1, 2]] init zeros }\n" + TRAIN + DATA,
                    "t.nn:1:54: layer dense1 has both init and weights; give one of them"),
            c(DiagnosticCode.BAD_ARGUMENTS, "uniform with one bound",
                    "network N { input 2 dense 1 sigmoid init uniform 1 }\n" + TRAIN + DATA,
                    "t.nn:1:42: init uniform of layer dense1 takes 2 numbers (low high); found 1"),
            c(DiagnosticCode.BAD_ARGUMENTS, "zeros with a seed",
                    "network N { input 2 dense 1 sigmoid init zeros seed 3 }\n" + TRAIN + DATA,
                    "t.nn:1:53: init zeros of layer dense1 takes no seed; found seed 3"),
            c(DiagnosticCode.BAD_ARGUMENTS, "base on mse", NET
                    + "train { loss mse base 2 optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:23: loss mse takes no base; a log base applies to bce and cce only"),
            c(DiagnosticCode.BAD_ARGUMENTS, "fixed order with a seed", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 order fixed seed 1 }\n" + DATA,
                    "t.nn:2:65: order fixed takes no seed; found seed 1 (use order shuffled seed S)"),

            c(DiagnosticCode.NOT_INTEGER, "fractional epochs", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 2.5 }\n" + DATA,
                    "t.nn:2:46: epochs must be an integer; found 2.5"),
            c(DiagnosticCode.NOT_INTEGER, "exponent in units", "network N { input 2 dense 1e1 sigmoid }\n"
                    + TRAIN + DATA,
                    "t.nn:1:27: units of layer dense1 must be an integer; found 1e1"),
            c(DiagnosticCode.OUT_OF_RANGE, "zero batch", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 batch 0 }\n" + DATA,
                    "t.nn:2:54: batch must be at least 1; found 0"),
            c(DiagnosticCode.OUT_OF_RANGE, "zero units", "network N { input 2 dense 0 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:27: units of layer dense1 must be at least 1; found 0"),
            c(DiagnosticCode.OUT_OF_RANGE, "zero input", "network N { input 0 dense 1 sigmoid }\n" + TRAIN
                    + "data { -> 1 }\n".replace("data { -> 1 }", "data { 1 -> 1 }"),
                    "t.nn:1:19: input must be at least 1; found 0"),
            c(DiagnosticCode.OUT_OF_RANGE, "too many trace digits", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3 trace digits 18 }\n" + DATA,
                    "t.nn:2:61: trace digits must be 0..17; found 18"),
            c(DiagnosticCode.OUT_OF_RANGE, "weight beyond double",
                    "network N { input 2 dense 1 sigmoid weights [[1e999, 0]] }\n" + TRAIN + DATA,
                    "t.nn:1:47: number 1e999 is too large; the largest is 1.7976931348623157E308"),
            c(DiagnosticCode.OUT_OF_RANGE, "epochs beyond int", NET
                    + "train { loss mse optimizer sgd lr 0.1 epochs 3000000000 }\n" + DATA,
                    "t.nn:2:46: epochs must be at most 2147483647 (the largest int); found 3000000000"),
            c(DiagnosticCode.TARGET_RANGE, "bce target above 1", NET
                    + "train { loss bce optimizer sgd lr 0.1 epochs 3 }\n" + "data { 0 1 -> 2 }\n",
                    "t.nn:3:15: row 1: target 2.0 is outside [0, 1]; loss bce takes the probability of class 1"),
            c(DiagnosticCode.LEARNING_RATE, "zero learning rate", NET
                    + "train { loss mse optimizer sgd lr 0 epochs 3 }\n" + DATA,
                    "t.nn:2:35: learning rate must be a positive finite number; found 0"),
            c(DiagnosticCode.OUT_OF_RANGE, "infinite learning rate", NET
                    + "train { loss mse optimizer sgd lr 1e400 epochs 3 }\n" + DATA,
                    "t.nn:2:35: number 1e400 is too large; the largest is 1.7976931348623157E308"),
            c(DiagnosticCode.LEARNING_RATE, "negative learning rate", NET
                    + "train { loss mse optimizer sgd lr -0.5 epochs 3 }\n" + DATA,
                    "t.nn:2:35: learning rate must be a positive finite number; found -0.5"),
            c(DiagnosticCode.UNIFORM_RANGE, "uniform low above high",
                    "network N { input 2 dense 1 sigmoid init uniform 1 -1 }\n" + TRAIN + DATA,
                    "t.nn:1:50: init uniform of layer dense1 needs low < high; found low 1 and high -1"),
            c(DiagnosticCode.LOG_BASE, "base one", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss bce base 1 optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:23: log base must be a positive number other than 1, or e; found 1"),
            c(DiagnosticCode.LOG_BASE, "base not a number", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss bce base ten optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:23: log base must be a positive number other than 1, or e; found ten"),

            c(DiagnosticCode.WEIGHTS_SHAPE, "three weights for two inputs",
                    "network N { input 2 dense 1 sigmoid weights [[1, 2, 3]] }\n" + TRAIN + DATA,
                    "t.nn:1:37: weights of layer dense1 must be 1 x 2 (units x inputs); found 1 x 3"),
            c(DiagnosticCode.WEIGHTS_SHAPE, "ragged rows",
                    "network N { input 2 dense 2 relu weights [[1, 2], [3]] dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:34: weights of layer dense1 must be 2 x 2 (units x inputs); found 2 rows of 2, 1 "
                    + "entries"),
            c(DiagnosticCode.BIAS_LENGTH, "two biases for one unit",
                    "network N { input 2 dense 1 sigmoid weights [[1, 2]] bias [0, 0] }\n" + TRAIN + DATA,
                    "t.nn:1:54: bias of layer dense1 must have 1 entry (one per unit); found 2"),
            c(DiagnosticCode.SOFTMAX_UNITS, "softmax on one unit", "network N { input 2 dense 1 softmax }\n"
                    + "train { loss cce optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:1:29: softmax on layer dense1 needs at least 2 units; found 1 (for one unit use sigmoid)"),
            c(DiagnosticCode.SOFTMAX_POSITION, "softmax on a hidden layer",
                    "network N { input 2 dense 2 softmax dense 2 softmax }\n"
                    + "train { loss cce optimizer sgd lr 0.1 epochs 3 }\n" + "data { 0 1 -> 1 0 }\n",
                    "t.nn:1:29: softmax on layer dense1, which is not the output layer; softmax is allowed only on "
                    + "the last layer"),
            c(DiagnosticCode.SOFTMAX_NEEDS_CCE, "softmax trained with mse", "network N { input 2 dense 2 softmax }\n"
                    + TRAIN + "data { 0 1 -> 1 0 }\n",
                    "t.nn:2:14: loss mse on a softmax output layer dense1; a softmax output is trained with loss cce"),
            c(DiagnosticCode.CCE_NEEDS_SOFTMAX, "cce on sigmoid outputs", "network N { input 2 dense 2 sigmoid }\n"
                    + "train { loss cce optimizer sgd lr 0.1 epochs 3 }\n" + "data { 0 1 -> 1 0 }\n",
                    "t.nn:2:14: loss cce needs a softmax output layer; output layer dense1 uses sigmoid (or write loss "
                    + "cce from logits on a linear output)"),
            c(DiagnosticCode.BCE_NEEDS_SIGMOID, "bce on a linear output", "network N { input 2 dense 1 linear }\n"
                    + "train { loss bce optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:14: loss bce needs a sigmoid output layer; output layer dense1 uses linear (or write loss "
                    + "bce from logits on a linear output)"),
            c(DiagnosticCode.LOGITS_NEED_LINEAR, "bce from logits on a sigmoid output", NET
                    + "train { loss bce from logits optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:14: loss bce from logits fuses the sigmoid into the loss and needs a linear output layer; "
                    + "output layer dense1 uses sigmoid"),
            c(DiagnosticCode.SOFTMAX_UNITS, "cce from logits on one unit", "network N { input 2 dense 1 linear }\n"
                    + "train { loss cce from logits optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:14: loss cce from logits needs at least 2 output units; output layer dense1 has 1 (for one "
                    + "unit use loss bce from logits)"),
            c(DiagnosticCode.MISSING_LOSS, "sgd without a loss", NET + "train { optimizer sgd lr 0.1 epochs 3 }\n"
                    + DATA,
                    "t.nn:2:9: optimizer sgd follows the gradient of a loss, but train has no loss; add 'loss mse' "
                    + "(or mae, bce, cce)"),
            c(DiagnosticCode.PERCEPTRON_NETWORK, "perceptron on a sigmoid unit", NET
                    + "train { rule perceptron lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:9: rule perceptron needs a network of one dense layer with activation step (labels 0/1) or sign (labels -1/+1); found layer "
                    + "dense1 with activation sigmoid"),
            c(DiagnosticCode.PERCEPTRON_NETWORK, "perceptron on two layers",
                    "network N { input 2 dense 2 step dense 1 step }\n"
                    + "train { rule perceptron lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:9: rule perceptron needs a network of one dense layer with activation step (labels 0/1) or sign (labels -1/+1); found 2 layers"),

            c(DiagnosticCode.DATA_WIDTH, "three inputs for input 2", NET + TRAIN + "data {\n  0 1 -> 1\n  0 1 2 -> 1\n}\n",
                    "t.nn:5:3: row has 3 inputs; network N has input 2"),
            c(DiagnosticCode.DATA_WIDTH, "two targets for one unit", NET + TRAIN + "data {\n  0 1 -> 1 0\n}\n",
                    "t.nn:4:10: row has 2 targets; output layer dense1 has 1 unit"),
            c(DiagnosticCode.NO_DATA, "empty data block", NET + TRAIN + "data {\n}\n",
                    "t.nn:3:1: data block has no rows; expected rows 'x1 x2 ... -> y1 ...'"));

    @TestFactory
    Stream<DynamicTest> eachCaseReportsExactlyTheExpectedLines() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.code().id() + ": " + c.name(), () -> {
            SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse("t.nn", c.text()));
            assertEquals(c.expected(), e.getMessage());
            assertEquals(c.code().id(), e.diagnostics().get(0).code());
        }));
    }

    @Test
    void unreadableFileIsOneFileReadDiagnostic() {
        Path missing = Path.of("no", "such", "dir", "x.nn");
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(missing));
        assertEquals(List.of(new Diagnostic(new nnspec.model.SourcePos(missing.toString(), 1, 1), "file-read",
                "cannot read spec file: no such file")), e.diagnostics());
    }

    @Test
    void syntaxErrorsStopAfterFifty() {
        String text = "network N { input 2 " + "# ".repeat(60) + "dense 1 sigmoid }\n" + TRAIN + DATA;
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse("t.nn", text));
        assertEquals(51, e.diagnostics().size());
        assertEquals("t.nn:1:121: too many syntax errors; stopping after 50", e.diagnostics().get(50).toString());
        assertEquals(DiagnosticCode.TOO_MANY_ERRORS.id(), e.diagnostics().get(50).code());
    }

    @Test
    void allErrorsOfAFileAreReportedInSourceOrder() {
        String text = """
                network N { input 2 dense 1 relux init zeros init zeros }
                train { loss mes optimizer sgd lr -1 epochs 0 }
                data { 0 1 2 -> 1 }
                """;
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse("t.nn", text));
        assertEquals(List.of("unknown-activation", "duplicate-setting", "unknown-loss", "learning-rate",
                "out-of-range"), e.diagnostics().stream().map(Diagnostic::code).toList());
    }

    @Test
    void everySpecDiagnosticCodeHasACase() {
        Set<String> covered = CASES.stream().map(c -> c.code().id()).collect(Collectors.toCollection(TreeSet::new));
        covered.add(DiagnosticCode.FILE_READ.id()); // unreadableFileIsOneFileReadDiagnostic
        Set<String> missing = Arrays.stream(DiagnosticCode.values())
                .filter(code -> code.stage() != DiagnosticCode.Stage.DATA)
                .map(DiagnosticCode::id)
                .filter(id -> !covered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            fail("diagnostic codes without a case in DiagnosticsTest: " + missing);
        }
    }

    @Test
    void languageDocumentListsEveryCode() throws IOException {
        String root = System.getProperty("nnspec.root", "..");
        Path doc = Path.of(root, "docs", "language.md");
        if (!Files.exists(doc)) {
            doc = Path.of("..", "docs", "language.md");
        }
        String text = Files.readString(doc);
        Set<String> missing = Arrays.stream(DiagnosticCode.values())
                .map(DiagnosticCode::id)
                .filter(id -> !text.contains("| `" + id + "` |"))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            fail("codes missing from the catalogue table of " + doc + ": " + missing);
        }
    }

    @Test
    void codesAreUniqueAndDiagnosticPrintsFileLineColumnMessage() {
        assertEquals(DiagnosticCode.values().length,
                Arrays.stream(DiagnosticCode.values()).map(DiagnosticCode::id).distinct().count());
        Diagnostic d = Diagnostic.of(new nnspec.model.SourcePos("a.nn", 3, 7), DiagnosticCode.SYNTAX, "bad");
        assertEquals("a.nn:3:7: bad", d.toString());
        assertEquals("a.nn:3:7: bad\na.nn:4:1: worse",
                new SpecException(List.of(d, new Diagnostic(new nnspec.model.SourcePos("a.nn", 4, 1), "syntax",
                        "worse"))).getMessage());
    }
}
