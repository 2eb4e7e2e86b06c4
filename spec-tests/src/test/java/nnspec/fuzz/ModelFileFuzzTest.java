package nnspec.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.runtime.ModelFile;

/**
 * Fuzz target (d): a model file's or checkpoint's bytes through {@link ModelFile#read}. Its documented failures
 * (docs/model-file.md) are {@link ModelFile.BadModelFile}, one line naming file and line, and, for bytes that are
 * not UTF-8, the {@link CharacterCodingException} that reading text throws (the command line prints both as one
 * line); anything else is a finding. The checksum in the last line stops nearly every mutation at the end, which
 * would leave the checks before it unexplored, so each input is read a second time with the checksum made right:
 * the fields themselves then meet the fuzzer. The seed corpus (ModelFileFuzzTestInputs/) holds a model and a
 * checkpoint that {@code ./nnspec train} wrote.
 */
class ModelFileFuzzTest {
    private static final Path DIR = Fuzzing.scratch("model");
    private static final Path FILE = DIR.resolve("fuzzed.nnm");
    private static final Pattern CHECKSUM = Pattern.compile("(?m)^sha256 [^\n]*\n?\\z");

    @FuzzTest(maxExecutions = Fuzzing.LONG_RUN, maxDuration = Fuzzing.LONG_RUN_LIMIT)
    void modelFile(byte[] bytes) {
        read(bytes);
        byte[] fixed = withChecksum(bytes);
        if (fixed != null) {
            read(fixed);
        }
    }

    private static void read(byte[] bytes) {
        Fuzzing.write(FILE, bytes);
        try {
            ModelFile.Saved saved = ModelFile.read(FILE);
            assertNotNull(saved.network());
            assertNotNull(saved.parameters());
            assertTrue(saved.training() == null || saved.training().optimizer() != null,
                    "a checkpoint's training state has the optimizer's");
        } catch (ModelFile.BadModelFile e) {
            String message = e.getMessage();
            assertTrue(message.startsWith(FILE + ":"), () -> "the message names the file: " + message);
            assertTrue(!message.contains("\n"), () -> "the message is one line: " + message);
        } catch (CharacterCodingException e) {
            // Not UTF-8: the reader's documented IOException for undecodable text.
        } catch (IOException e) {
            throw new AssertionError("a regular file of bytes gave an unexpected I/O error", e);
        }
    }

    /** The input with its last line, when that is a {@code sha256} line, holding the right checksum; else null. */
    private static byte[] withChecksum(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Matcher m = CHECKSUM.matcher(text);
        if (!m.find()) {
            return null;
        }
        String body = text.substring(0, m.start());
        return (body + "sha256 " + ModelFile.sha256(body) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
