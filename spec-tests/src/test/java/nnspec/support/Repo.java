package nnspec.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the project's folders are, from the test's point of view. */
public final class Repo {
    private Repo() {
    }

    /** The repository root: Maven passes it as {@code nnspec.root}; otherwise found by walking up. */
    public static Path root() {
        String property = System.getProperty("nnspec.root");
        if (property != null && Files.isDirectory(Path.of(property, "golden"))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("golden")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (a folder with pom.xml and golden/)");
    }

    public static Path golden() {
        return root().resolve("golden");
    }

    public static Path goldenSpec(String name) {
        return golden().resolve("specs").resolve(name + ".nn");
    }

    /**
     * The four specification documents, which sit beside a developer's clone ({@code ../shared/seeds}) but not
     * beside a user's: tests that need them skip when they are absent.
     */
    public static Optional<Path> seeds() {
        Path seeds = root().resolveSibling("shared").resolve("seeds");
        return Files.isDirectory(seeds) ? Optional.of(seeds) : Optional.empty();
    }
}
