package nnspec.diagnostics;

import nnspec.model.SourcePos;

/**
 * One error in a spec or its data: where, which catalogue entry ({@link DiagnosticCode#id()}), and a message
 * that says what was expected and what was found. Printed as {@code file:line:col: message}.
 */
public record Diagnostic(SourcePos pos, String code, String message) {

    public static Diagnostic of(SourcePos pos, DiagnosticCode code, String message) {
        return new Diagnostic(pos, code.id(), message);
    }

    @Override
    public String toString() {
        return pos + ": " + message;
    }
}
