package nnspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write leaves no file descriptor open, whether committed or given up (closed without a commit, when it leaves no
 * temporary file either), so a long session of writes does not run out of descriptors. Oracle: the process's
 * own table of open descriptors, {@code /proc/self/fd} (Linux; the test is skipped elsewhere), counted for files in
 * this test's folder only.
 */
class AtomicFilesDescriptorsTest {
    @TempDir
    Path dir;

    private long openIn(Path folder) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(folder);
                } catch (IOException e) {
                    return false; // closed while listed
                }
            }).count();
        }
    }

    @Test
    void aWriteGivenUpClosesItsFile() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd here: open descriptors not counted");
        Path folder = dir.toRealPath();
        for (int k = 0; k < 5; k++) {
            AtomicFiles.Pending pending = AtomicFiles.begin(folder.resolve("out" + k + ".csv"));
            pending.stream().write(new byte[] {1, 2, 3});
            assertEquals(1, openIn(folder), "while writing file " + k);
            pending.close();
            assertEquals(0, openIn(folder), "after giving up file " + k);
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(0, left.count(), "no temporary file left");
        }
    }

    @Test
    void aWriteCommittedClosesItsFile() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd here: open descriptors not counted");
        Path folder = dir.toRealPath();
        AtomicFiles.write(folder.resolve("one.csv"), new byte[] {1});
        assertEquals(0, openIn(folder), "after AtomicFiles.write");
        try (AtomicFiles.Pending pending = AtomicFiles.begin(folder.resolve("two.csv"))) {
            pending.stream().write(new byte[] {2});
            pending.commit();
            assertEquals(0, openIn(folder), "after a commit, before the close");
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(2, left.count(), "the two files, no temporary one");
        }
    }

    /**
     * Oracle: {@link AtomicFiles.Failure}'s one-line form {@code TARGET: cannot write: REASON}, the reason in words
     * for the file-system errors that carry none of their own (the JDK leaves the reason of a NoSuchFileException or
     * AccessDeniedException null when the system call gave only the errno), else the error's own reason or message.
     */
    @Test
    void aFailureSaysWhyInOneLine() {
        Path t = Path.of("out.csv");
        java.util.Map<IOException, String> reasons = new java.util.LinkedHashMap<>();
        reasons.put(new java.nio.file.NoSuchFileException("/x/out.csv"), "no such folder");
        reasons.put(new java.nio.file.AccessDeniedException("/x/out.csv"), "permission denied");
        reasons.put(new java.nio.file.NotDirectoryException("/x"), "NotDirectoryException");
        reasons.put(new java.nio.file.FileSystemException("/x/out.csv", null, "No space left on device"),
                "No space left on device");
        reasons.put(new IOException("Input/output error"), "Input/output error");
        reasons.forEach((e, reason) -> assertEquals("out.csv: cannot write: " + reason,
                AtomicFiles.Failure.of(t, e).getMessage(), e.getClass().getSimpleName()));
        AtomicFiles.Failure already = AtomicFiles.Failure.of(t, new IOException("first"));
        org.junit.jupiter.api.Assertions.assertSame(already, AtomicFiles.Failure.of(Path.of("other"), already));
    }
}
