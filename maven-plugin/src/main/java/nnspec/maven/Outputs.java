package nnspec.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nnspec.runtime.AtomicFiles;
import org.apache.maven.plugin.MojoExecutionException;

/** Generated files: written whole or not at all, left untouched when their text is the same. */
final class Outputs {
    private Outputs() {
    }

    /**
     * Writes {@code text} to {@code target} through a temporary file and a rename; true when the file changed. An
     * unchanged file keeps its timestamp, so the compiler's own staleness check sees nothing to do.
     */
    static boolean write(Path target, String text) throws MojoExecutionException {
        return !writeAll(Map.of(target, text)).isEmpty();
    }

    /**
     * Writes every file of {@code files} whose text changed, all of them or none ({@link AtomicFiles#writeAll});
     * returns the files that changed.
     */
    static Set<Path> writeAll(Map<Path, String> files) throws MojoExecutionException {
        Map<Path, byte[]> changed = new LinkedHashMap<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
            try {
                if (Files.isRegularFile(file.getKey(), LinkOption.NOFOLLOW_LINKS)
                        && Arrays.equals(Files.readAllBytes(file.getKey()), bytes)) {
                    continue;
                }
            } catch (IOException e) {
                // unreadable: written anew, which reports the problem if it persists
            }
            changed.put(file.getKey(), bytes);
        }
        try {
            AtomicFiles.writeAll(changed);
        } catch (IOException e) {
            // a Failure names its own file; anything else is put on the first file of the group
            throw new MojoExecutionException("nnspec: " + AtomicFiles.Failure.line(changed.keySet().iterator().next(),
                    e), e);
        }
        return changed.keySet();
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
