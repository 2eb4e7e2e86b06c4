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

    /** The line as printed, with {@link #printable} characters only. */
    @Override
    public String toString() {
        return printable(pos + ": " + message);
    }

    /**
     * {@code text} safe to print on a terminal as one line: control characters (C0, DEL, C1, line and paragraph
     * separators) and the bidirectional overrides that reorder what a reader sees are written as a backslash, u and
     * four hex digits (BEL as {@code \}{@code u0007}); everything else is kept. A bad spec's raw bytes then never
     * reach the terminal, where an escape sequence could recolour or rewrite what was printed before.
     */
    public static String printable(String text) {
        StringBuilder s = null;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            boolean escape = c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
            if (escape && s == null) {
                s = new StringBuilder(text.length() + 16).append(text, 0, k);
            }
            if (s != null) {
                if (escape) {
                    s.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    s.append(c);
                }
            }
        }
        return s == null ? text : s.toString();
    }
}
