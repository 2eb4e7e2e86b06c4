package nnspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generate goal's staleness rule and clean-up, run on a folder of specs. Whether a run regenerated a class is
 * seen through a probe: the output is overwritten with a marker, which only a regeneration replaces.
 */
class GenerateMojoTest {
    private static final String PROBE = "// probe: not regenerated\n";

    @TempDir
    Path base;

    private Path sources;
    private Path output;
    private MavenProject project;

    @BeforeEach
    void folders() {
        sources = base.resolve("src/main/nn");
        output = base.resolve("target/generated-sources/nnspec");
        project = new MavenProject();
    }

    private static String spec(String name, String layer, int epochs) {
        return "network " + name + " {\n  input 2\n  " + layer + "\n}\ntrain {\n  loss bce\n  optimizer sgd lr 0.5\n"
                + "  epochs " + epochs + "\n}\ndata {\n  0 0 -> 0\n  1 1 -> 1\n}\n";
    }

    private static String spec(String name, int epochs) {
        return spec(name, "dense 1 sigmoid init uniform -1 1 seed 3", epochs);
    }

    private void write(String relative, String text) throws IOException {
        Path file = sources.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private GenerateMojo run(String packageName) throws Exception {
        return run(packageName, null);
    }

    /** A run with {@code numeric} configured, or left at its default when null. */
    private GenerateMojo run(String packageName, String numeric) throws Exception {
        GenerateMojo mojo = new GenerateMojo();
        if (numeric != null) {
            mojo.numeric = numeric;
        }
        mojo.project = project;
        mojo.sourceDirectory = sources.toFile();
        mojo.outputDirectory = output.toFile();
        mojo.stateFile = base.resolve("target/nnspec/generate.state").toFile();
        mojo.packageName = packageName;
        mojo.execute();
        return mojo;
    }

    private void run() throws Exception {
        run(null);
    }

    private void probe(String relative) throws IOException {
        Files.writeString(output.resolve(relative), PROBE);
    }

    private boolean regenerated(String relative) throws IOException {
        return !Files.readString(output.resolve(relative)).equals(PROBE);
    }

    @Test
    void theFolderIsThePackageAndTheOutputIsACompileSourceRoot() throws Exception {
        write("com/acme/xor.nn", spec("Xor", 10));
        run();
        String source = Files.readString(output.resolve("com/acme/Xor.java"));
        assertTrue(source.contains("package com.acme;"), source);
        assertTrue(source.contains("return new TrainingPlan(10, "), source);
        assertEquals(List.of(output.toString()), project.getCompileSourceRoots());
    }

    @Test
    void anUnchangedSpecIsNotRegeneratedAndAnEditedOneIs() throws Exception {
        write("a/one.nn", spec("One", 10));
        write("a/two.nn", spec("Two", 10));
        run();
        probe("a/One.java");
        probe("a/Two.java");
        Files.setLastModifiedTime(sources.resolve("a/one.nn"), FileTime.from(Instant.now().plusSeconds(60)));
        write("a/two.nn", spec("Two", 11));
        run();
        assertFalse(regenerated("a/One.java"), "same bytes, newer timestamp: contents decide");
        assertTrue(regenerated("a/Two.java"));
        assertTrue(Files.readString(output.resolve("a/Two.java")).contains("return new TrainingPlan(11, "));
    }

    @Test
    void anEditedInitFileRegeneratesTheSpecThatReadsIt() throws Exception {
        write("a/fixed.nn", spec("Fixed", "dense 1 sigmoid init file \"w.txt\"", 10));
        write("a/w.txt", "0.25, -0.5, 0.125\n");
        run();
        probe("a/Fixed.java");
        run();
        assertFalse(regenerated("a/Fixed.java"));
        write("a/w.txt", "0.75, -0.5, 0.125\n");
        run();
        assertTrue(regenerated("a/Fixed.java"));
        assertTrue(Files.readString(output.resolve("a/Fixed.java")).contains("0.75"));
    }

    @Test
    void anotherGeneratorVersionOrAMissingOutputRegenerates() throws Exception {
        write("a/one.nn", spec("One", 10));
        run();
        Path state = base.resolve("target/nnspec/generate.state");
        Files.writeString(state, Files.readString(state).replaceFirst("generator\t[^\n]*", "generator\tolder"));
        probe("a/One.java");
        run();
        assertTrue(regenerated("a/One.java"));
        Files.delete(output.resolve("a/One.java"));
        run();
        assertTrue(Files.isRegularFile(output.resolve("a/One.java")));
    }

    @Test
    void generatedClassesAreFastByDefaultStrictOnRequestAndASwitchRegenerates() throws Exception {
        // the spec's sigmoid and binary cross-entropy have fast twins (NumericMode.TWINS); strict calls StrictMath's
        write("a/one.nn", spec("One", 10));
        run();
        String fast = Files.readString(output.resolve("a/One.java"));
        assertTrue(fast.contains("FastActivations.sigmoid("), fast);
        run(null, "strict");
        String strict = Files.readString(output.resolve("a/One.java"));
        assertFalse(strict.contains("FastActivations") || strict.contains("FastLosses"), strict);
        assertTrue(strict.contains("Activations.sigmoid("), strict);
        probe("a/One.java");
        run(null, "strict");
        assertFalse(regenerated("a/One.java"), "same mode, same spec: nothing to do");
        run(null, "fast");
        assertTrue(regenerated("a/One.java"), "a switch of mode regenerates");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> run(null, "quick"));
        assertEquals("nnspec: <numeric> is 'quick'; expected fast or strict", e.getMessage());
    }

    @Test
    void theClassOfARemovedSpecOrRenamedNetworkIsDeletedWithItsEmptyFolders() throws Exception {
        write("a/b/gone.nn", spec("Gone", 10));
        write("a/kept.nn", spec("Kept", 10));
        run();
        Files.delete(sources.resolve("a/b/gone.nn"));
        write("a/kept.nn", spec("Renamed", 10));
        run();
        assertFalse(Files.exists(output.resolve("a/b")));
        assertFalse(Files.exists(output.resolve("a/Kept.java")));
        assertTrue(Files.isRegularFile(output.resolve("a/Renamed.java")));
        String state = Files.readString(base.resolve("target/nnspec/generate.state"));
        assertFalse(state.contains("gone.nn"), state);
    }

    @Test
    void aConfiguredPackageReplacesTheFolders() throws Exception {
        write("top.nn", spec("Top", 10));
        MojoFailureException e = assertThrows(MojoFailureException.class, this::run);
        assertTrue(e.getMessage().contains("top.nn is directly in"), e.getMessage());
        run("org.example.nets");
        assertTrue(Files.isRegularFile(output.resolve("org/example/nets/Top.java")));
    }

    @Test
    void aFolderThatIsNoPackageNameOrTwoSpecsOfOneClassFailTheBuild() throws Exception {
        write("my-nets/a.nn", spec("A", 10));
        MojoFailureException e = assertThrows(MojoFailureException.class, this::run);
        assertTrue(e.getMessage().contains("its folder my-nets is not a Java package name"), e.getMessage());
        Files.delete(sources.resolve("my-nets/a.nn"));
        write("p/a.nn", spec("Same", 10));
        write("p/b.nn", spec("Same", 10));
        e = assertThrows(MojoFailureException.class, this::run);
        assertTrue(e.getMessage().contains("both generate p/Same.java"), e.getMessage());
    }

    @Test
    void anInvalidSpecFailsTheBuildAndNothingIsWritten() throws Exception {
        write("p/a.nn", spec("A", 10));
        write("p/b.nn", spec("B", "dense 1 sigmoidd", 10));
        MojoFailureException e = assertThrows(MojoFailureException.class, this::run);
        assertEquals("nnspec: " + sources.resolve("p/b.nn") + " is not a valid spec: 1 error, listed above",
                e.getMessage());
        assertFalse(Files.exists(output.resolve("p")));
        assertFalse(Files.exists(base.resolve("target/nnspec/generate.state")));
    }

    @Test
    void anInitFileOutsideTheSpecsFolderNeedsAllowRead() throws Exception {
        Path shared = Files.createDirectories(base.resolve("shared"));
        Files.writeString(shared.resolve("w.txt"), "0.25, -0.5, 0.125\n");
        write("a/fixed.nn", spec("Fixed", "dense 1 sigmoid init file \"../../../../shared/w.txt\"", 10));
        MojoFailureException e = assertThrows(MojoFailureException.class, this::run);
        assertTrue(e.getMessage().contains("is not a valid spec: 1 error"), e.getMessage());
        assertFalse(Files.exists(output.resolve("a")));

        GenerateMojo mojo = new GenerateMojo();
        mojo.project = project;
        mojo.sourceDirectory = sources.toFile();
        mojo.outputDirectory = output.toFile();
        mojo.stateFile = base.resolve("target/nnspec/generate.state").toFile();
        mojo.allowRead = List.of(shared.toFile());
        mojo.execute();
        assertTrue(Files.readString(output.resolve("a/Fixed.java")).contains("0.125"));
    }

    @Test
    void severalChangedClassesAreWrittenAllOrNone() throws Exception {
        write("p/a.nn", spec("A", 10));
        write("p/b.nn", spec("B", 10));
        // a folder where B's class would go: B cannot be written, so A is not either
        Files.createDirectories(output.resolve("p/B.java"));
        assertThrows(org.apache.maven.plugin.MojoExecutionException.class, this::run);
        assertFalse(Files.exists(output.resolve("p/A.java")));
    }
}
