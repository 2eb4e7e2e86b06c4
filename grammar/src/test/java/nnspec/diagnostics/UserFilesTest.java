package nnspec.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import nnspec.model.SourcePos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict reader every user file goes through: what it accepts, and the one failure it reports otherwise. */
class UserFilesTest {
    @TempDir
    Path dir;

    /** Every failure the reader reported, so a test can see it made exactly one. */
    private final List<UserFiles.Failure> failures = new ArrayList<>();

    private final UserFiles.Report report = failure -> {
        failures.add(failure);
        return Diagnostic.of(new SourcePos("s.nn", 3, 7), DiagnosticCode.FILE_READ, "cannot read it: "
                + failure.reason());
    };

    private UserFiles.Failure failureOf(Path file, int maxBytes) {
        SpecException e = assertThrows(SpecException.class, () -> UserFiles.read(file, maxBytes, report));
        assertEquals(1, failures.size(), "one failure per file");
        assertEquals(List.of(Diagnostic.of(new SourcePos("s.nn", 3, 7), DiagnosticCode.FILE_READ,
                "cannot read it: " + failures.get(0).reason())), e.diagnostics(), "the report's diagnostic, alone");
        return failures.get(0);
    }

    private Path write(byte... bytes) throws IOException {
        return Files.write(dir.resolve("f.txt"), bytes);
    }

    @Test
    void readsTheBytesAndTheirText() throws IOException, SpecException {
        byte[] bytes = "a é 😀\r\nb".getBytes(StandardCharsets.UTF_8);
        UserFiles.Contents contents = UserFiles.read(write(bytes), bytes.length, report);
        assertArrayEquals(bytes, contents.bytes());
        assertEquals("a é 😀\r\nb", contents.text());
        assertEquals(List.of(), failures);
    }

    @Test
    void aPathIsResolvedAgainstTheFolderOrFailsLikeAFileThatCannotBeRead() throws SpecException {
        assertEquals(dir.resolve("sub/w.txt"), UserFiles.resolve(dir, "sub/w.txt", report));
        SpecException e = assertThrows(SpecException.class, () -> UserFiles.resolve(dir, "w\0.txt", report));
        assertEquals(1, e.diagnostics().size());
        assertEquals(UserFiles.Problem.INVALID_PATH, failures.get(0).problem());
        assertEquals("it is not a valid path: Nul character not allowed", failures.get(0).reason());
    }

    @Test
    void aMissingFile() {
        UserFiles.Failure failure = failureOf(dir.resolve("nope.txt"), 100);
        assertEquals(UserFiles.Problem.NO_SUCH_FILE, failure.problem());
        assertEquals("no such file", failure.reason());
    }

    @Test
    void aFileInsideAFileThatIsNotAFolder() throws IOException {
        UserFiles.Failure failure = failureOf(write((byte) 'x').resolve("inner.txt"), 100);
        assertEquals(UserFiles.Problem.IO_ERROR, failure.problem());
        assertEquals(dir.resolve("f.txt/inner.txt") + ": Not a directory", failure.reason());
    }

    @Test
    void aDirectory() {
        UserFiles.Failure failure = failureOf(dir, 100);
        assertEquals(UserFiles.Problem.DIRECTORY, failure.problem());
        assertEquals("it is a directory", failure.reason());
    }

    @Test
    void aDeviceIsNotARegularFile() {
        Path device = Path.of("/dev/null");
        assumeTrue(Files.exists(device), "needs a Unix /dev/null");
        UserFiles.Failure failure = failureOf(device, 100);
        assertEquals(UserFiles.Problem.NOT_REGULAR, failure.problem());
        assertEquals("it is not a regular file", failure.reason());
    }

    @Test
    void aFileAtTheLimitIsReadAndOneByteMoreIsNot() throws IOException, SpecException {
        assertEquals("0123456789", UserFiles.read(write("0123456789".getBytes(StandardCharsets.UTF_8)), 10, report)
                .text());
        UserFiles.Failure failure = failureOf(write("0123456789A".getBytes(StandardCharsets.UTF_8)), 10);
        assertEquals(UserFiles.Problem.TOO_LARGE, failure.problem());
        assertEquals("it is 11 bytes; the limit is 10", failure.reason());
        assertEquals(11, failure.size());
        assertEquals(10, failure.limit());
    }

    @Test
    void aLimitOfWholeMebibytesSaysSoInTheReason() {
        assertEquals("it is 1048577 bytes; the limit is 1048576 (1 MiB)", UserFiles.tooLargeReason(1048577, 1 << 20));
        assertEquals("it is 20000000 bytes; the limit is 16777216 (16 MiB)",
                UserFiles.tooLargeReason(20_000_000, 16 << 20));
        assertEquals("it is 1025 bytes; the limit is 1024", UserFiles.tooLargeReason(1025, 1024));
    }

    @Test
    void badUtf8IsReportedAtItsFirstBadByte() throws IOException {
        // "ab\n", then c, é (2 bytes) and 😀 (4 bytes) before the bad byte: line 2, column 4 in characters.
        byte[] good = "ab\ncé😀".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 2];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xff;
        bytes[good.length + 1] = 'z';
        UserFiles.Failure failure = failureOf(write(bytes), 100);
        assertEquals(UserFiles.Problem.NOT_UTF8, failure.problem());
        assertEquals("it is not valid UTF-8", failure.reason());
        assertEquals(new UserFiles.BadByte(good.length, 2, 4), failure.badByte());
    }

    @Test
    void utf8ThatJavaWouldOtherwiseRepairIsRejected() throws IOException {
        byte[][] cases = {
            {'a', (byte) 0xc3},                           // a sequence cut off by the end of the file
            {'a', (byte) 0xc0, (byte) 0x80},              // an overlong encoding of NUL
            {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
            {'a', (byte) 0x80},                           // a continuation byte with no lead byte
        };
        for (byte[] bytes : cases) {
            failures.clear();
            UserFiles.Failure failure = failureOf(write(bytes), 100);
            assertEquals(new UserFiles.BadByte(1, 1, 2), failure.badByte(), () -> HexFormat.of().formatHex(bytes));
        }
    }

    @Test
    void aByteOrderMarkIsKeptInTheTextAndDroppedOnlyOnRequest() throws IOException, SpecException {
        byte[] bytes = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a', ',', 'b'};
        UserFiles.Contents contents = UserFiles.read(write(bytes), 100, report);
        assertEquals("\uFEFFa,b", contents.text());
        assertEquals("a,b", contents.textWithoutBom());
        assertArrayEquals(bytes, contents.bytes(), "the fingerprint covers the mark");
        assertEquals("a\uFEFF", UserFiles.read(write((byte) 'a', (byte) 0xef, (byte) 0xbb, (byte) 0xbf), 100, report)
                .textWithoutBom(), "a mark after the start is text");
    }

    @Test
    void anEmptyFileIsEmptyText() throws IOException, SpecException {
        assertEquals("", UserFiles.read(write(), 0, report).text());
    }

    @Test
    void aBadByteIsPlacedOnItsLineWhateverTheLineEnds() throws IOException {
        // LF, CR LF and a CR alone each end one line: the bad byte is on line 4 in every case
        for (String ends : List.of("\n", "\r\n", "\r")) {
            failures.clear();
            byte[] good = ("a" + ends + "b" + ends + "c" + ends + "dd").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = java.util.Arrays.copyOf(good, good.length + 1);
            bytes[good.length] = (byte) 0xff;
            UserFiles.Failure failure = failureOf(write(bytes), 100);
            assertEquals(new UserFiles.BadByte(good.length, 4, 3), failure.badByte(), ends);
        }
    }

    @Test
    void aPathIsConfinedToTheFolderTreeByItsRealLocation() throws IOException, SpecException {
        Path base = Files.createDirectories(dir.resolve("spec"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createDirectories(base.resolve("sub"));
        Files.createSymbolicLink(base.resolve("out"), other);
        Files.createSymbolicLink(other.resolve("back"), base);
        // inside: plain, through .. that stays inside, not yet existing, through a link from outside back in
        for (String inside : List.of("w.txt", "sub/../w.txt", "sub/new/w.txt", "out/back/w.txt")) {
            UserFiles.confine(base, base.resolve(inside), List.of(), report);
        }
        for (String outside : List.of("../other/w.txt", "out/w.txt", "sub/../../other/w.txt", "/etc/passwd",
                "missing/../../other/w.txt")) {
            failures.clear();
            assertThrows(SpecException.class, () -> UserFiles.confine(base, base.resolve(outside), List.of(), report),
                    outside);
            assertEquals(UserFiles.Problem.OUTSIDE, failures.get(0).problem(), outside);
        }
        // an allowed folder, named any way, lets in what is below it
        UserFiles.confine(base, base.resolve("out/w.txt"), List.of(base.resolve("out")), report);
        UserFiles.confine(base, base.resolve("../other/x/y.txt"), List.of(other), report);
    }

    @Test
    void printableEscapesControlAndBidiCharactersOnly() {
        assertEquals("a\\u0007b\\u001b[2Jc\\u0000\\u202e\\u2028 é 😀 \\path", Diagnostic.printable(
                "a\u0007b\u001b[2Jc\u0000\u202e\u2028 é 😀 \\path"));
        assertEquals("t.nn:1:2: x\\u0009y", Diagnostic.of(new SourcePos("t.nn", 1, 2), DiagnosticCode.SYNTAX, "x\ty")
                .toString());
    }
}
