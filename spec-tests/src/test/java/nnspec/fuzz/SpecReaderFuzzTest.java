package nnspec.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

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
