package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/**
 * nnspec-runtime is the one library a user's generated code needs (README, "Use nnspec in your Maven build"): the
 * runtime module declares no dependency, and generated classes import only the runtime and the JDK.
 */
class RuntimeLibraryTest {
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)(\\.\\*)?;", Pattern.MULTILINE);

    @Test
    void theRuntimeDeclaresNoDependency() throws IOException {
        String pom = Files.readString(Repo.root().resolve("runtime/pom.xml"));
        assertFalse(pom.contains("<dependency>"), "runtime/pom.xml must stay free of dependencies");
        assertFalse(pom.contains("<dependencies>"), "runtime/pom.xml must stay free of dependencies");
    }

    @Test
    void generatedClassesImportOnlyTheRuntimeAndTheJdk() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(Repo.golden().resolve("generated"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() >= 4, "golden/generated holds the generated sources: " + sources);
        for (Path source : sources) {
            Matcher m = IMPORT.matcher(Files.readString(source));
            int imports = 0;
            while (m.find()) {
                imports++;
                String name = m.group(2);
                assertTrue(name.startsWith("java.") || name.startsWith("nnspec.runtime."),
                        source.getFileName() + " imports " + name);
            }
            assertTrue(imports > 0, source + " has imports");
            assertEquals(-1, Files.readString(source).indexOf("nnspec.generate."), source + " names the generator");
        }
    }
}
