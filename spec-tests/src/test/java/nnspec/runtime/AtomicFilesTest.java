package nnspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnspec.support.Fifos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer of every nnspec output: whole files or none, the permissions of a plain create, no links followed. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesAFileAndItsFoldersLeavingNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a/b/out.txt");
        AtomicFiles.write(target, utf8("text\n"));
        assertEquals("text\n", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aNewFileHasThePermissionsOfAPlainCreateAndAReplacedOneKeepsItsOwn() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path fresh = dir.resolve("fresh");
        AtomicFiles.write(fresh, utf8("x"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh),
                "0666 less the umask, not createTempFile's 0600");

        Path old = Files.writeString(dir.resolve("old"), "old");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));
        AtomicFiles.write(old, utf8("new"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
        assertEquals("new", Files.readString(old));
    }

    @Test
    void refusesToReplaceALinkAFolderOrAPipe() throws IOException, InterruptedException {
        Path real = Files.writeString(dir.resolve("real"), "real");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        AtomicFiles.Failure linked = assertThrows(AtomicFiles.NotRegularFile.class,
                () -> AtomicFiles.write(link, utf8("x")));
        assertEquals(link + ": cannot write: it is a symbolic link; only a regular file is replaced",
                linked.getMessage());
        assertEquals("real", Files.readString(real));
        assertTrue(Files.isSymbolicLink(link));

        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertThrows(AtomicFiles.NotRegularFile.class, () -> AtomicFiles.write(folder, utf8("x")));
        assertEquals(List.of("folder", "link", "real"), names(), "no temporary file left");

        // a pipe of its own, not /dev/null: see Fifos
        assumeTrue(Fifos.available(), "no mkfifo here");
        Path pipe = Fifos.make(dir.resolve("pipe"));
        assertEquals(pipe + ": cannot write: it is not a regular file (a device or a pipe); only a regular file is"
                + " replaced", assertThrows(AtomicFiles.NotRegularFile.class,
                        () -> AtomicFiles.write(pipe, utf8("x"))).getMessage());
        assertTrue(Files.readAttributes(pipe, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                "the pipe is still a pipe");
        assertEquals(List.of("folder", "link", "pipe", "real"), names(), "no temporary file left");
    }

    @Test
    void severalFilesAreAllWrittenOrNone() throws IOException {
        Path first = Files.writeString(dir.resolve("first"), "old first");
        Path second = dir.resolve("second");
        Path blocked = Files.createDirectory(dir.resolve("blocked"));
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(first, utf8("new first"));
        files.put(second, utf8("new second"));
        files.put(blocked, utf8("cannot go here"));
        AtomicFiles.Failure failure = assertThrows(AtomicFiles.Failure.class, () -> AtomicFiles.writeAll(files));
        assertEquals(blocked, failure.target());
        assertEquals("old first", Files.readString(first));
        assertFalse(Files.exists(second));
        assertEquals(List.of("blocked", "first"), names(), "no temporary file left");

        files.remove(blocked);
        AtomicFiles.writeAll(files);
        assertEquals("new first", Files.readString(first));
        assertEquals("new second", Files.readString(second));
        assertEquals(List.of("blocked", "first", "second"), names(), "no backup left");
    }

    @Test
    void aRenameThatFailsUndoesTheOnesBeforeIt() throws IOException {
        Path first = Files.writeString(dir.resolve("first"), "old first");
        Path fresh = dir.resolve("fresh");
        Path second = dir.resolve("second");
        AtomicFiles.Pending a = AtomicFiles.begin(first);
        AtomicFiles.Pending b = AtomicFiles.begin(fresh);
        AtomicFiles.Pending c = AtomicFiles.begin(second);
        a.stream().write(utf8("new first"));
        b.stream().write(utf8("new fresh"));
        c.stream().write(utf8("new second"));
        // between writing and renaming, something takes the last target's place
        Files.createDirectory(second);
        assertThrows(AtomicFiles.NotRegularFile.class, () -> AtomicFiles.commitAll(List.of(a, b, c)));
        for (AtomicFiles.Pending p : List.of(a, b, c)) {
            p.close();
        }
        assertEquals("old first", Files.readString(first), "the replaced file is put back");
        assertFalse(Files.exists(fresh), "the new file is taken away");
        assertEquals(List.of("first", "second"), names(), "no temporary file or backup left");
    }

    @Test
    void aStreamNotCommittedLeavesTheTargetAsItWas() throws IOException {
        Path target = Files.writeString(dir.resolve("t"), "before");
        try (AtomicFiles.Pending p = AtomicFiles.begin(target)) {
            p.stream().write(utf8("half a fi"));
        }
        assertEquals("before", Files.readString(target));
        assertEquals(List.of("t"), names());
    }

    @Test
    void modelFilesGoThroughIt() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("model.nnm"), Files.createFile(dir.resolve("elsewhere")));
        assertThrows(AtomicFiles.NotRegularFile.class, () -> ModelFile.writeAtomically(link, utf8("x")));
        Path model = dir.resolve("m.nnm");
        ModelFile.writeAtomically(model, utf8("bytes"));
        assertArrayEquals(utf8("bytes"), Files.readAllBytes(model));
    }
}
