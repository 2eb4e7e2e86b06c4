package nnspec.read;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import nnspec.check.Checker;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.diagnostics.UserFiles;
import nnspec.grammar.SpecParser;
import nnspec.grammar.SpecSyntax;
import nnspec.model.SourcePos;
import nnspec.model.Spec;

/**
 * Reads a .nn file into a validated {@link Spec}: {@link SpecParser} (all syntax errors) to {@link SpecSyntax}, then
 * {@link Checker} (all semantic errors). Any error ends in a {@link SpecException} listing every diagnostic.
 */
public final class SpecReader {
    /** Specs are small; anything larger is a mistake (a data file passed as a spec, say). */
    public static final int MAX_BYTES = 1 << 20;

    private SpecReader() {
    }

    /**
     * Reads {@code file} as UTF-8; diagnostics name it as {@code file.toString()}. The init and data files it names
     * must be in its folder's tree.
     */
    public static Spec read(Path file) throws SpecException {
        return read(file, List.of());
    }

    /**
     * {@link #read(Path)}, the spec's init and data files allowed in the folders {@code allowRead} as well as in the
     * spec's folder's tree.
     */
    public static Spec read(Path file, List<Path> allowRead) throws SpecException {
        String fileName = file.toString();
        SourcePos start = new SourcePos(fileName, 1, 1);
        // Bad UTF-8 is the one failure with a place in the file; the others concern the file as a whole.
        UserFiles.Contents contents = UserFiles.read(file, MAX_BYTES, failure -> Diagnostic.of(
                failure.badByte() == null ? start
                        : new SourcePos(fileName, failure.badByte().line(), failure.badByte().column()),
                DiagnosticCode.FILE_READ, "cannot read spec file: " + failure.reason()));
        return parse(fileName, contents.text(), contents.bytes(), allowRead);
    }

    /** Parses {@code text} as if it were the contents of a file called {@code fileName}. */
    public static Spec parse(String fileName, String text) throws SpecException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(new SourcePos(fileName, 1, 1), bytes.length);
        }
        return parse(fileName, text, bytes, List.of());
    }

    private static Spec parse(String fileName, String text, byte[] bytes, List<Path> allowRead)
            throws SpecException {
        SpecSyntax syntax = SpecParser.parse(fileName, lineFeeds(text));
        return Checker.check(syntax, sha256(bytes), allowRead);
    }

    /**
     * {@code text} with each CR that is not followed by LF (the line end of classic Mac OS) made an LF, so that lines
     * are counted as an editor counts them: the lexer starts a new line only at LF. CR LF stays, and every column
     * stays where it was.
     */
    static String lineFeeds(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int k = 0; k < chars.length; k++) {
            if (chars[k] == '\r' && (k + 1 == chars.length || chars[k + 1] != '\n')) {
                chars[k] = '\n';
            }
        }
        return new String(chars);
    }

    private static SpecException tooLarge(SourcePos start, long size) {
        return new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ,
                "cannot read spec file: " + UserFiles.tooLargeReason(size, MAX_BYTES)));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
