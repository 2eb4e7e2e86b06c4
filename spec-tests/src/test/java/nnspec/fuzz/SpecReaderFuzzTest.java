package nnspec.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.read.SpecReader;

/**
 * Fuzz target (a): a spec file's bytes through {@link SpecReader#read}, the parser and the {@link
 * nnspec.check.Checker}. The seed corpus (SpecReaderFuzzTestInputs/) holds examples/ and golden/specs. In
 * {@code mvn verify} only the corpus runs; docs/VERIFICATION.md ("Fuzzing") has the command for a long run.
 */
class SpecReaderFuzzTest {
    private static final Path DIR = Fuzzing.scratch("spec");
    private static final Path SPEC = DIR.resolve("fuzzed.nn");

    // The grammar's keywords (NN.g4) and common words of the checker, which the fuzzer would find only slowly:
    // ANTLR's lexer matches keywords in its DFA, not through the string comparisons Jazzer learns words from.
    @DictionaryEntries({"avgpool", "base", "batch", "bias", "ceil", "conv", "convention", "count_padding", "csv",
            "data", "dense", "digits", "dilation", "dropout", "early_stop", "epochs", "flatten", "init", "input",
            "loss", "lr", "maxpool", "name", "network", "optimizer", "order", "padding", "regularize", "rule",
            "schedule", "seed", "stride", "target", "trace", "train", "weights", "relu", "tanh", "sigmoid", "softmax",
            "glu", "step", "sign", "linear", "mse", "bce", "cce", "sgd", "adam", "momentum", "file", "glorot_uniform",
            "zeros", "shuffled", "fixed", "classes", "split", "scale", "standardize", "minmax", "->", "\"w.txt\"",
            "2147483648", "1e308", "-0.0"})
    @FuzzTest(maxExecutions = Fuzzing.LONG_RUN, maxDuration = Fuzzing.LONG_RUN_LIMIT)
    void specReader(byte[] bytes) {
        Fuzzing.write(SPEC, bytes);
        try {
            Spec spec = SpecReader.read(SPEC);
            assertNotNull(spec.network());
        } catch (SpecException e) {
            Fuzzing.assertPositioned(e);
        }
    }
}
