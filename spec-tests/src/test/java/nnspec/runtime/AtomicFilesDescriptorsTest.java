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
 * A write that is given up (closed without a commit) leaves nothing behind: no temporary file and no open file
 * descriptor, so a long session of refused or failed writes does not run out of descriptors. Oracle: the process's
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
}
