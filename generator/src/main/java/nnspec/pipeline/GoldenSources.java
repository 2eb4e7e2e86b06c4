package nnspec.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import nnspec.generate.InMemoryCompiler;
import nnspec.generate.JavaGenerator;
import nnspec.model.Spec;

/**
 * The golden generated sources: the Java the generator writes for every golden spec and example, checked in under
 * {@code golden/generated/} so that a generator change reaches review as a diff. {@code nnspec golden} writes them
 * and a test compares them; both name and render them here so the two cannot disagree.
 *
 * <p>Files are flat, one per spec, named after the generated class ({@code AndPerceptron.java}) so that javac
 * accepts them as they are; the package is the one {@code nnspec compile} uses by default.
 */
public final class GoldenSources {
    /** The folder, inside the golden folder, that holds the sources. */
    public static final String FOLDER = "generated";

    /** The package of every golden source: {@code nnspec compile}'s default. */
    public static final String PACKAGE = InMemoryCompiler.PACKAGE;

    /** One spec's generated source and the file it belongs in. */
    public record Source(Path spec, String className, String fileName, String text) {
    }

    private GoldenSources() {
    }

    /** The {@code *.nn} files directly in {@code folder}, in name order. */
    public static List<Path> specsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".nn") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /** The generated source of {@code spec}, read from {@code file}. */
    public static Source of(Path file, Spec spec) {
        String className = JavaGenerator.className(spec);
        return new Source(file, className, className + ".java", JavaGenerator.generate(spec, PACKAGE));
    }

    /**
     * One line per file name that two sources would share, naming both specs; empty when every source has its own
     * file. Names are compared ignoring case: on the file systems of macOS and Windows {@code Xor.java} and
     * {@code XOR.java} are one file.
     */
    public static List<String> collisions(List<Source> sources) {
        Map<String, Source> byName = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (Source source : sources) {
            Source first = byName.putIfAbsent(source.fileName().toLowerCase(Locale.ROOT), source);
            if (first != null) {
                lines.add(source.spec() + ": its class " + source.className() + " would be written to the same golden"
                        + " source file as " + first.className() + " of " + first.spec() + "; rename one network");
            }
        }
        return lines;
    }

    /**
     * Whether {@code file}, found in the golden sources folder, is one {@code nnspec golden} may replace or delete:
     * a regular {@code .java} file. Anything else there (a README, a subfolder) is left alone.
     */
    public static boolean owned(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".java");
    }

    /** The owned files now in {@code folder} (none when it does not exist), in name order. */
    public static List<Path> ownedFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(GoldenSources::owned).sorted().toList();
        }
    }
}
