package nnspec.determinism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nnspec.cli.Main;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict mode promises the same bits on every processor and JDK (StrictMath, docs/PERFORMANCE.md). This test runs
 * the command line on a second JDK, when the machine has one under /usr/lib/jvm (or {@code -Dnnspec.otherJdk=HOME}
 * names one), and compares with this JVM: the golden files (generated sources and the interpreter's traces) and a
 * strict training run of examples/xor.nn with the generated back end (its printed figures and model file). Without a second JDK it is skipped, saying so.
 * tools/determinism.sh does the same for every spec, with traces and the training of every example.
 */
class CrossJdkDeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void anotherJdkReproducesGoldenFilesAndStrictTraining() throws Exception {
        Optional<Path> other = otherJava();
        assumeTrue(other.isPresent(), "no JDK of another major version than " + Runtime.version().feature()
                + " under /usr/lib/jvm (nor -Dnnspec.otherJdk): cross-JDK determinism not checked here");
        Path java = other.get();
        Path root = Repo.root();

        // golden --check renders every golden file in memory and compares it with the checked-in one, which this
        // JDK's own suite also checks (GoldenFilesTest), so passing on the other JDK means identical bytes.
        Run golden = other(java, tmp, "golden", "--check", "--dir", root.resolve("golden").toString(),
                "--examples", root.resolve("examples").toString());
        assertEquals(0, golden.code, () -> "golden --check on " + java + ":\n" + golden.output);

        String xor = root.resolve("examples/xor.nn").toString();
        Path here = tmp.resolve("here");
        Path there = tmp.resolve("there");
        Files.createDirectories(here);
        Files.createDirectories(there);
        StringWriter out = new StringWriter();
        int trained = Main.run(new String[] {"train", "--numeric", "strict", "--no-plots", "--out",
                here.resolve("run").toString(), xor}, new PrintWriter(out, true), sink());
        assertEquals(0, trained);
        Run train = other(java, tmp, "train", "--numeric", "strict", "--no-plots", "--out",
                there.resolve("run").toString(), xor);
        assertEquals(0, train.code, train.output);
        assertArrayEquals(Files.readAllBytes(here.resolve("run/model.nnm")),
                Files.readAllBytes(there.resolve("run/model.nnm")), "xor.nn's strict model.nnm differs across JDKs");
        // The printed figures; the one line naming the output folder differs by construction.
        assertEquals(out.toString().replace(here.toString(), "OUT"), train.stdout.replace(there.toString(), "OUT"));
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter(), true);
    }

    private record Run(int code, String stdout, String output) {
    }

    /** The command line on the other JDK, with this JVM's class path (classes compiled for release 17). */
    private static Run other(Path java, Path tmp, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(tmp, "stdout", ".txt");
        Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("nnspec on " + java + " did not finish in 10 minutes: " + command);
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        return new Run(process.exitValue(), out, out + Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** A java launcher of another major version: -Dnnspec.otherJdk, else the first such JDK under /usr/lib/jvm. */
    static Optional<Path> otherJava() throws IOException {
        String named = System.getProperty("nnspec.otherJdk");
        if (named != null && !named.isBlank()) {
            Path java = Path.of(named, "bin", "java");
            return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        int mine = Runtime.version().feature();
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path java = home.resolve("bin/java");
                Path release = home.resolve("release");
                if (Files.isExecutable(java) && Files.isRegularFile(release) && feature(release) > 0
                        && feature(release) != mine) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }

    /** The major version in a JDK's release file ({@code JAVA_VERSION="25.0.3"}), or 0. */
    private static int feature(Path release) throws IOException {
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String major = v.startsWith("1.") ? v.substring(2) : v;
                int end = 0;
                while (end < major.length() && Character.isDigit(major.charAt(end))) {
                    end++;
                }
                return end == 0 ? 0 : Integer.parseInt(major.substring(0, end));
            }
        }
        return 0;
    }
}
