package nnspec.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named pipes made with the system's {@code mkfifo}: what a test uses for "not a regular file" when it must write
 * there. Never a real device: a mutant that lets a write through renames a file over its target, and as root that
 * turns /dev/null into a regular file for the whole machine (it happened during run T2 of docs/VERIFICATION.md).
 */
public final class Fifos {
    private Fifos() {
    }

    /** Whether this system has {@code mkfifo}; tests that need a pipe assume it. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/mkfifo")) || Files.isExecutable(Path.of("/bin/mkfifo"));
    }

    /** Makes a named pipe at {@code file}; returns it. */
    public static Path make(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + file);
        return file;
    }
}
