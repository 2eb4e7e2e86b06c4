package nnspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Job;
import nnspec.read.SpecReader;
import nnspec.runtime.TrainingDivergedException;

/** Reading specs and writing outputs the way every subcommand does: errors as one line each, files whole or not at all. */
final class Inputs {
    private Inputs() {
    }

    static Spec spec(Path file) {
        try {
            return SpecReader.read(file);
        } catch (SpecException e) {
            throw userError(e);
        }
    }

    static Job job(Path file) {
        try {
            return Job.load(file);
        } catch (SpecException e) {
            throw userError(e);
        }
    }

    static UserError userError(SpecException e) {
        return new UserError(e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    static UserError diverged(Path file, TrainingDivergedException e) {
        return new UserError(file + ": training diverged: " + e.getMessage());
    }

    /** Writes {@code text} to {@code target} through a temporary file and a move, so no half-written file remains. */
    static void writeAtomically(Path target, String text) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            throw new UserError(target + ": cannot write: " + e.getMessage());
        }
    }
}
