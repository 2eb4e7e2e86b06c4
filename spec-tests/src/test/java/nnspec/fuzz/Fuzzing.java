package nnspec.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.SpecException;

/**
 * What the fuzz targets share: a scratch folder the fuzzed bytes are written into (the readers under test take
 * files, and reading the file is part of what is fuzzed: size checks, strict UTF-8), and the one acceptable way
 * for bad input to end, a {@link SpecException} whose every diagnostic has a place and a message. Any other
 * throwable, an exhausted heap or a hang, is a finding.
 */
final class Fuzzing {
    /**
     * Executions of one target in a fuzzing run (JAZZER_FUZZ=1), the count issue 13 asks for; the system
     * property {@code jazzer.max_executions} overrides it. Regression runs (mvn verify) ignore it.
     */
    static final long LONG_RUN = 1_000_000;

    /** A fuzzing run's time limit, far above what {@link #LONG_RUN} needs; {@code jazzer.max_duration} overrides. */
    static final String LONG_RUN_LIMIT = "3h";

    private Fuzzing() {
    }

    /** A fresh folder per fuzz class, so the spec and the file it names sit side by side as a user has them. */
    static Path scratch(String name) {
        try {
            Path dir = Files.createTempDirectory("nnspec-fuzz-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The README's promise for bad input: every diagnostic names a file, a line and a column from 1. */
    static void assertPositioned(SpecException e) {
        assertFalse(e.diagnostics().isEmpty(), "a SpecException lists its diagnostics");
        for (Diagnostic d : e.diagnostics()) {
            assertNotNull(d.pos(), () -> "diagnostic without a place: " + d.message());
            assertNotNull(d.pos().file(), () -> "diagnostic without a file: " + d);
            assertTrue(d.pos().line() >= 1 && d.pos().column() >= 1, () -> "diagnostic outside the file: " + d);
            assertNotNull(d.code(), () -> "diagnostic without a catalogue entry: " + d);
            assertTrue(d.message() != null && !d.message().isBlank(), () -> "diagnostic without a message: " + d);
            // One line per diagnostic: a message that breaks the line cannot be told from the next diagnostic.
            assertFalse(d.message().contains("\n"), () -> "diagnostic message spans lines: " + d);
        }
    }
}
