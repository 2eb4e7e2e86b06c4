package nnspec.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.apache.maven.plugin.MojoExecutionException;

/** Generated files: written whole or not at all, left untouched when their text is the same. */
final class Outputs {
    private Outputs() {
    }

    /**
     * Writes {@code text} to {@code target} through a temporary file and a move; true when the file changed. An
     * unchanged file keeps its timestamp, so the compiler's own staleness check sees nothing to do.
     */
    static boolean write(Path target, String text) throws MojoExecutionException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                return false;
            }
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write's failure is the one to report
                }
            }
            throw new MojoExecutionException("nnspec: cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes {@code relative} under {@code folder}, then its parent folders up to {@code folder} while they are
     * empty; true when the file existed.
     */
    static boolean delete(Path folder, String relative) throws MojoExecutionException {
        Path file = folder.resolve(relative).normalize();
        if (!file.startsWith(folder.normalize())) {
            return false;
        }
        try {
            boolean existed = Files.deleteIfExists(file);
            for (Path dir = file.getParent(); dir != null && !dir.equals(folder.normalize()); dir = dir.getParent()) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    break;
                }
            }
            return existed;
        } catch (IOException e) {
            throw new MojoExecutionException("nnspec: cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
