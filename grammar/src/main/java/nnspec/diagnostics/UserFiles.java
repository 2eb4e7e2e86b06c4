package nnspec.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The one strict way nnspec reads a file a user named (a spec, an init file, a CSV data file): a regular file, no
 * larger than the caller's limit, read whole and decoded as strict UTF-8. Anything else ends in exactly one
 * diagnostic, which the caller words, because each kind of file is reported at its own place: a spec in itself,
 * an init or data file where the spec names it.
 */
public final class UserFiles {
    /** Java arrays stop a little short of {@code Integer.MAX_VALUE}. */
    private static final int LARGEST_LIMIT = Integer.MAX_VALUE - 16;

    private UserFiles() {
    }

    /** Why a file could not be read. */
    public enum Problem {
        INVALID_PATH, OUTSIDE, NO_SUCH_FILE, PERMISSION_DENIED, DIRECTORY, NOT_REGULAR, TOO_LARGE, NOT_UTF8, IO_ERROR
    }

    /** The reason given for a file outside every folder a spec may read. */
    public static final String OUTSIDE_REASON = "it is outside the spec's folder; a spec reads only files in its"
            + " folder and the folders below it, unless a folder is allowed (--allow-read DIR)";

    /**
     * Refuses {@code file}, a path a spec named and resolved against the spec's folder {@code base}, unless its real
     * location (symbolic links followed, {@code ..} resolved) is in {@code base}'s tree or in the tree of one of
     * {@code allowed}: a spec from elsewhere must not make nnspec read, say, {@code /etc} or a user's keys through an
     * absolute path, a {@code ../} or a link. The failure is {@link Problem#OUTSIDE}; where the file is is not said,
     * so a link's target is not disclosed either.
     */
    public static void confine(Path base, Path file, List<Path> allowed, Report report) throws SpecException {
        Path real = realPath(file);
        if (real.startsWith(realPath(base))) {
            return;
        }
        for (Path folder : allowed) {
            if (real.startsWith(realPath(folder))) {
                return;
            }
        }
        throw fail(report, Problem.OUTSIDE, OUTSIDE_REASON);
    }

    /**
     * Where {@code path} really is: the real path of its longest existing ancestor (links followed), then the rest of
     * its names, normalised. A path that does not exist yet still has a place, so it can be confined before the read
     * reports it missing.
     */
    static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath();
        Path root = absolute.getRoot();
        int names = absolute.getNameCount();
        for (int k = names; k > 0; k--) {
            try {
                Path real = root.resolve(absolute.subpath(0, k)).toRealPath();
                return k == names ? real : real.resolve(absolute.subpath(k, names)).normalize();
            } catch (IOException | SecurityException e) {
                // this ancestor does not exist (or cannot be resolved): try its parent
            }
        }
        return absolute.normalize();
    }

    /**
     * A file that could not be read. {@link #reason()} is the wording most callers print after
     * {@code "cannot read ...: "}; {@code size} and {@code limit} are set for {@link Problem#TOO_LARGE} only,
     * {@code badByte} for {@link Problem#NOT_UTF8} only.
     */
    public record Failure(Problem problem, String reason, long size, long limit, BadByte badByte) {
    }

    /**
     * The first byte that is not UTF-8: its offset from the start of the file, and its line and column (from 1,
     * lines ended by LF, CR LF or CR, and columns counted in characters, as the parser counts them).
     */
    public record BadByte(int offset, int line, int column) {
    }

    /** A caller's one diagnostic for a file it could not read. */
    @FunctionalInterface
    public interface Report {
        Diagnostic diagnostic(Failure failure);
    }

    /** A file's bytes, which its fingerprint is taken of, and its text. */
    public record Contents(byte[] bytes, String text) {
        /**
         * The text without a leading byte order mark, which some editors and spreadsheets write at the start of a
         * UTF-8 file although UTF-8 needs none.
         */
        public String textWithoutBom() {
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        }
    }

    /**
     * {@code name}, a path as the user wrote it in a spec, against {@code base}; a path the file system cannot
     * represent (one with a NUL character, say) is a {@link Problem#INVALID_PATH} failure, as if it were read.
     */
    public static Path resolve(Path base, String name, Report report) throws SpecException {
        try {
            return base.resolve(name);
        } catch (InvalidPathException e) {
            throw fail(report, Problem.INVALID_PATH, "it is not a valid path: " + e.getReason());
        }
    }

    /**
     * Reads {@code file} if it is a regular file of at most {@code maxBytes} bytes in strict UTF-8; otherwise
     * throws a {@link SpecException} with the single diagnostic {@code report} makes of the failure.
     */
    public static Contents read(Path file, int maxBytes, Report report) throws SpecException {
        if (maxBytes < 0 || maxBytes > LARGEST_LIMIT) {
            throw new IllegalArgumentException("a limit from 0 to " + LARGEST_LIMIT + " bytes; found " + maxBytes);
        }
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw fail(report, Problem.DIRECTORY, "it is a directory");
            }
            // Devices and pipes could block or never end; a spec, weights or data are always files on disk.
            if (!attributes.isRegularFile()) {
                throw fail(report, Problem.NOT_REGULAR, "it is not a regular file");
            }
            if (attributes.size() > maxBytes) {
                throw tooLarge(report, attributes.size(), maxBytes);
            }
            // One byte past the limit tells a file that grew after the size was read from one that did not.
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(maxBytes + 1);
            }
            if (bytes.length > maxBytes) {
                throw tooLarge(report, Math.max(Files.size(file), bytes.length), maxBytes);
            }
        } catch (NoSuchFileException e) {
            throw fail(report, Problem.NO_SUCH_FILE, "no such file");
        } catch (AccessDeniedException e) {
            throw fail(report, Problem.PERMISSION_DENIED, "permission denied");
        } catch (IOException e) {
            throw fail(report, Problem.IO_ERROR, e.getMessage());
        }
        return new Contents(bytes, decode(bytes, report));
    }

    private static String decode(byte[] bytes, Report report) throws SpecException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            // On an error the decoder stops with the input at the first byte of the bad sequence.
            BadByte bad = badByte(bytes, in.position());
            throw new SpecException(report.diagnostic(new Failure(Problem.NOT_UTF8, "it is not valid UTF-8", 0, 0,
                    bad)));
        }
        return out.flip().toString();
    }

    /** Where byte {@code offset} is, given that every byte before it is valid UTF-8. */
    private static BadByte badByte(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int k = 0; k < offset; k++) {
            // LF, CR LF and a CR alone each end a line, as SpecReader counts them
            if (bytes[k] == '\n' || bytes[k] == '\r' && (k + 1 == offset || bytes[k + 1] != '\n')) {
                line++;
                column = 1;
            } else if ((bytes[k] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new BadByte(offset, line, column);
    }

    /** The reason given for text of {@code size} bytes over a limit of {@code limit}, read from a file or not. */
    public static String tooLargeReason(long size, int limit) {
        String mebibytes = limit > 0 && limit % (1 << 20) == 0 ? " (" + (limit >> 20) + " MiB)" : "";
        return "it is " + size + " bytes; the limit is " + limit + mebibytes;
    }

    private static SpecException tooLarge(Report report, long size, int limit) {
        return new SpecException(report.diagnostic(new Failure(Problem.TOO_LARGE, tooLargeReason(size, limit), size,
                limit, null)));
    }

    private static SpecException fail(Report report, Problem problem, String reason) {
        return new SpecException(report.diagnostic(new Failure(problem, reason, 0, 0, null)));
    }
}
