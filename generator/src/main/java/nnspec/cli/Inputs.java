package nnspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Job;
import nnspec.read.SpecReader;
import nnspec.runtime.AtomicFiles;
import nnspec.runtime.TrainingDivergedException;

/** Reading specs and writing outputs the way every subcommand does: errors as one line each, files whole or not at all. */
final class Inputs {
    private Inputs() {
    }

    static Spec spec(Path file, List<Path> allowRead) {
        try {
            return SpecReader.read(file, allowRead);
        } catch (SpecException e) {
            throw userError(e);
        }
    }

    static Job job(Path file, List<Path> allowRead) {
        try {
            return Job.load(file, allowRead);
        } catch (SpecException e) {
            throw userError(e);
        }
    }

    static UserError userError(SpecException e) {
        return new UserError(e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    /** The one line train and trace print when training diverges (they then exit 1). */
    static String divergedLine(Path file, TrainingDivergedException e) {
        return file + ": training diverged: " + e.getMessage();
    }

    /** Writes {@code text} to {@code target} through a temporary file and a rename, so no half-written file remains. */
    static void writeAtomically(Path target, String text) {
        writeAll(Map.of(target, text));
    }

    /** Writes every file of {@code files}, in order, or none of them ({@link AtomicFiles#writeAll}). */
    static void writeAll(Map<Path, String> files) {
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((target, text) -> bytes.put(target, text.getBytes(StandardCharsets.UTF_8)));
        try {
            AtomicFiles.writeAll(bytes);
        } catch (IOException e) {
            throw cannotWrite(files.keySet().iterator().next(), e);
        }
    }

    /** One line for a failed write, naming the file it concerns ({@link AtomicFiles.Failure#line}). */
    static UserError cannotWrite(Path target, IOException e) {
        return new UserError(AtomicFiles.Failure.line(target, e));
    }
}
