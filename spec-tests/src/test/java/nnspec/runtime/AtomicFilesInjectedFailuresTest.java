package nnspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures of {@link AtomicFiles} that a real file system does not produce on demand, injected through
 * {@link AtomicFiles.FileSystemCalls}: temporary names already taken, a chmod that fails, undos that fail, a file
 * system without POSIX permissions or hard links. Oracle: the class's documented contract (eleven names tried;
 * nothing left behind by a write given up; a failed undo reported with the failure that caused it, the replaced file
 * kept under the name given; permissions kept only where there are any; a group all or none without hard links),
 * checked against the folder's listing and the files' bytes.
 */
class AtomicFilesInjectedFailuresTest {
    @TempDir
    Path dir;

    /** Real file-system calls, except that the nonces are 0, 1, 2, ... and the hooks below may fail. */
    private static class Injected implements AtomicFiles.FileSystemCalls {
        private int next;
        IOException chmodFailure;
        IOException moveFailure;
        String failMoveFromNamesEndingIn = "";
        IOException deleteFailure;
        boolean posix = true;
        boolean hardLinks = true;
        int chmods;

        @Override
        public int nonce() {
            return next++;
        }

        @Override
        public Set<PosixFilePermission> permissions(Path file) throws IOException {
            if (!posix) {
                throw new UnsupportedOperationException("injected: no POSIX permissions");
            }
            return SYSTEM.permissions(file);
        }

        @Override
        public void setPermissions(Path file, Set<PosixFilePermission> mode) throws IOException {
            chmods++;
            if (chmodFailure != null) {
                throw chmodFailure;
            }
            SYSTEM.setPermissions(file, mode);
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            if (deleteFailure != null) {
                throw deleteFailure;
            }
            SYSTEM.deleteIfExists(file);
        }

        @Override
        public void link(Path link, Path existing) throws IOException {
            if (!hardLinks) {
                throw new IOException("injected: no hard links");
            }
            SYSTEM.link(link, existing);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            if (moveFailure != null && from.getFileName().toString().endsWith(failMoveFromNamesEndingIn)) {
                throw moveFailure;
            }
            SYSTEM.move(from, to);
        }
    }

    private Set<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String temporaryName(String target, int nonce) {
        return "." + target + "." + HexFormat.of().toHexDigits(nonce) + ".tmp";
    }

    /** Takes the temporary names of nonces 0 to {@code count - 1} for {@code target}; returns the listing after. */
    private Set<String> takeNames(String target, int count) throws IOException {
        for (int k = 0; k < count; k++) {
            Files.writeString(dir.resolve(temporaryName(target, k)), "taken " + k);
        }
        return listing();
    }

    @Test
    void tenTakenNamesAreSkippedAndTheEleventhNameIsUsed() throws IOException {
        Set<String> taken = takeNames("out.csv", 10);
        try (AtomicFiles.Pending pending = AtomicFiles.begin(dir.resolve("out.csv"), new Injected())) {
            Set<String> during = listing();
            during.removeAll(taken);
            assertEquals(Set.of(temporaryName("out.csv", 10)), during, "the one file added while writing");
            pending.stream().write("new".getBytes(StandardCharsets.UTF_8));
            pending.commit();
        }
        assertEquals("new", Files.readString(dir.resolve("out.csv")));
        for (int k = 0; k < 10; k++) {
            assertEquals("taken " + k, Files.readString(dir.resolve(temporaryName("out.csv", k))), "name " + k);
        }
    }

    @Test
    void elevenTakenNamesInARowAreAFailureThatLeavesNothing() throws IOException {
        Set<String> taken = takeNames("out.csv", 11);
        AtomicFiles.Failure failure = assertThrows(AtomicFiles.Failure.class,
                () -> AtomicFiles.begin(dir.resolve("out.csv"), new Injected()));
        assertInstanceOf(FileAlreadyExistsException.class, failure.getCause());
        assertEquals(dir.resolve("out.csv"), failure.target());
        assertEquals(taken, listing(), "no file added, none removed");
    }

    @Test
    void aPermissionThatCannotBeSetLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.nnm");
        Files.writeString(target, "old");
        Injected calls = new Injected();
        calls.chmodFailure = new IOException("injected chmod failure");
        AtomicFiles.Failure failure = assertThrows(AtomicFiles.Failure.class, () -> AtomicFiles.begin(target, calls));
        assertEquals(target + ": cannot write: injected chmod failure", failure.getMessage());
        assertEquals(Set.of("model.nnm"), listing(), "the temporary file deleted");
        assertEquals("old", Files.readString(target));
    }

    /**
     * Writes a.csv with {@code firstCalls} and b.csv, whose rename fails, as one group; returns the group's failure,
     * checked to name b.csv.
     */
    private AtomicFiles.Failure groupWhoseSecondRenameFails(Injected firstCalls) throws IOException {
        Injected secondCalls = new Injected();
        secondCalls.moveFailure = new IOException("injected rename failure");
        AtomicFiles.Pending a = AtomicFiles.begin(dir.resolve("a.csv"), firstCalls);
        AtomicFiles.Pending b = AtomicFiles.begin(dir.resolve("b.csv"), secondCalls);
        a.stream().write("new a".getBytes(StandardCharsets.UTF_8));
        b.stream().write("new b".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.Failure failure = assertThrows(AtomicFiles.Failure.class,
                () -> AtomicFiles.commitAll(List.of(a, b)));
        a.close();
        b.close();
        assertEquals(dir.resolve("b.csv") + ": cannot write: injected rename failure", failure.getMessage());
        return failure;
    }

    @Test
    void anUndoThatFailsIsReportedAndTheReplacedFileIsKept() throws IOException {
        Path first = dir.resolve("a.csv");
        Files.writeString(first, "old a");
        Injected firstCalls = new Injected();
        firstCalls.moveFailure = new IOException("injected undo failure");
        firstCalls.failMoveFromNamesEndingIn = ".old"; // the backup's name: only the undo fails, not the commit

        AtomicFiles.Failure failure = groupWhoseSecondRenameFails(firstCalls);

        assertEquals(1, failure.getSuppressed().length, "the one undo that failed");
        AtomicFiles.Failure undo = assertInstanceOf(AtomicFiles.Failure.class, failure.getSuppressed()[0]);
        assertEquals(first, undo.target());
        assertEquals(firstCalls.moveFailure, undo.getCause());
        String kept = undo.getMessage().substring(undo.getMessage().lastIndexOf(" kept as ") + " kept as ".length());
        assertEquals(first + ": cannot write: not put back; the file it replaced is kept as " + kept,
                undo.getMessage());
        assertEquals(failure.getMessage() + "; " + undo.getMessage(), AtomicFiles.Failure.line(first, failure),
                "the one line shown: the failure, then the undo that failed");
        assertEquals("old a", Files.readString(Path.of(kept)), "the replaced file, kept");
        assertEquals("new a", Files.readString(first), "the commit that could not be undone");
        assertEquals(new TreeSet<>(Set.of("a.csv", Path.of(kept).getFileName().toString())), listing(),
                "no new b.csv, no temporary file");
    }

    @Test
    void aNewFileThatCannotBeTakenBackIsReported() throws IOException {
        Injected firstCalls = new Injected();
        firstCalls.deleteFailure = new IOException("injected delete failure");
        AtomicFiles.Failure failure = groupWhoseSecondRenameFails(firstCalls);
        assertEquals(1, failure.getSuppressed().length, "the one undo that failed");
        AtomicFiles.Failure undo = assertInstanceOf(AtomicFiles.Failure.class, failure.getSuppressed()[0]);
        assertEquals(dir.resolve("a.csv") + ": cannot write: written, and could not be removed again",
                undo.getMessage());
        assertEquals(firstCalls.deleteFailure, undo.getCause());
        assertEquals(Set.of("a.csv"), listing(), "the new a.csv stays, as the message says; no temporary file");
    }

    /** With the system's calls: each write has its own random temporary name, so two of one file can run at once. */
    @Test
    void twoWritesOfOneFileAtOnceGetTheirOwnTemporaryFiles() throws IOException {
        Path target = dir.resolve("out.csv");
        try (AtomicFiles.Pending one = AtomicFiles.begin(target); AtomicFiles.Pending two = AtomicFiles.begin(target)) {
            one.stream().write("one".getBytes(StandardCharsets.UTF_8));
            two.stream().write("two".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, listing().size(), "two temporary files");
            one.commit();
            two.commit();
        }
        assertEquals("two", Files.readString(target), "the last commit wins");
        assertEquals(Set.of("out.csv"), listing());
    }

    @Test
    void withoutPosixPermissionsNoneAreSet() throws IOException {
        Path target = dir.resolve("model.nnm");
        Files.writeString(target, "old");
        Injected calls = new Injected();
        calls.posix = false;
        try (AtomicFiles.Pending pending = AtomicFiles.begin(target, calls)) {
            pending.stream().write("new".getBytes(StandardCharsets.UTF_8));
            pending.commit();
        }
        assertEquals(0, calls.chmods, "no permissions to keep, so none set");
        assertEquals("new", Files.readString(target));
        Injected posix = new Injected();
        AtomicFiles.begin(target, posix).close();
        assertEquals(1, posix.chmods, "with POSIX permissions, the replaced file's are set on the new one");
    }

    @Test
    void withoutHardLinksTheReplacedFileIsCopiedAndStillPutBack() throws IOException {
        Path first = dir.resolve("a.csv");
        Files.writeString(first, "old a");
        Injected firstCalls = new Injected();
        firstCalls.hardLinks = false;
        AtomicFiles.Failure failure = groupWhoseSecondRenameFails(firstCalls);
        assertEquals(0, failure.getSuppressed().length, "the undo worked");
        assertEquals("old a", Files.readString(first), "put back from the copy");
        assertEquals(Set.of("a.csv"), listing(), "no copy, no temporary file, no b.csv left");
    }
}
