package nnspec.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import nnspec.check.Checker;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
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

    /** Reads {@code file} as UTF-8; diagnostics name it as {@code file.toString()}. */
    public static Spec read(Path file) throws SpecException {
        String fileName = file.toString();
        SourcePos start = new SourcePos(fileName, 1, 1);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ,
                        "cannot read spec file: it is a directory"));
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooLarge(start, size);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ, "cannot read spec file: no such file"));
        } catch (AccessDeniedException e) {
            throw new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ,
                    "cannot read spec file: permission denied"));
        } catch (IOException e) {
            throw new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ,
                    "cannot read spec file: " + e.getMessage()));
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(start, bytes.length);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ,
                    "cannot read spec file: it is not valid UTF-8"));
        }
        return parse(fileName, text, bytes);
    }

    /** Parses {@code text} as if it were the contents of a file called {@code fileName}. */
    public static Spec parse(String fileName, String text) throws SpecException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(new SourcePos(fileName, 1, 1), bytes.length);
        }
        return parse(fileName, text, bytes);
    }

    private static Spec parse(String fileName, String text, byte[] bytes) throws SpecException {
        SpecSyntax syntax = SpecParser.parse(fileName, text);
        return Checker.check(syntax, sha256(bytes));
    }

    private static SpecException tooLarge(SourcePos start, long size) {
        return new SpecException(Diagnostic.of(start, DiagnosticCode.FILE_READ,
                "cannot read spec file: it is " + size + " bytes; the limit is " + MAX_BYTES + " (1 MiB)"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
