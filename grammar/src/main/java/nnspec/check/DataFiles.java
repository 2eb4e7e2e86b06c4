package nnspec.check;

import java.nio.file.Path;
import java.util.List;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.diagnostics.UserFiles;
import nnspec.grammar.SpecSyntax;

/**
 * The place of a spec's {@code data csv} file, checked with the spec: the file is read later (by the data loader,
 * against the same folder), but whether the spec may read it at all is a property of the spec and its folders.
 */
final class DataFiles {
    private DataFiles() {
    }

    /** True when {@code path} resolves to a place the spec may read; else adds one diagnostic at the path. */
    static boolean confined(SpecSyntax.Word path, Path baseDirectory, List<Path> allowRead,
                            List<Diagnostic> diagnostics) {
        UserFiles.Report report = failure -> Diagnostic.of(path.pos(), DiagnosticCode.DATA_FILE,
                "cannot read data file \"" + path.text() + "\": " + failure.reason());
        try {
            UserFiles.confine(baseDirectory, UserFiles.resolve(baseDirectory, path.text(), report), allowRead, report);
            return true;
        } catch (SpecException e) {
            diagnostics.addAll(e.diagnostics());
            return false;
        }
    }
}
