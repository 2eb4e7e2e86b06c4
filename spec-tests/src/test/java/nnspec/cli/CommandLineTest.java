package nnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nnspec command line as a user meets it: outputs, exit codes, and one-line errors without stack traces. */
class CommandLineTest {
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /**
     * Runs the command line; {@code train} without {@code --out} saves its model under a temporary folder rather
     * than the default runs/ of the working directory, and draws no plots (PlotsTest and WorkflowCommandTest do).
     */
    static Result run(String... args) {
        if (args.length > 0 && args[0].equals("train") && !List.of(args).contains("--out")
                && !List.of(args).contains("--help")) {
            String[] withOut = java.util.Arrays.copyOf(args, args.length + 3);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = scratch().toString();
            withOut[args.length + 2] = "--no-plots";
            args = withOut;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static Path scratch;

    static synchronized Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("nnspec-train");
                scratch.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return scratch;
    }

    static String spec(String name) {
        return Repo.goldenSpec(name).toString();
    }

    static void assertOneCleanErrorLine(Result r) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), "exactly one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void tracePerceptronAsCsvPrintsTwentyFourStepsEndingAtTheFinalForm() {
        Result r = run("trace", spec("perceptron-and"), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(25, lines.size(), "header and 24 steps");
        assertEquals("epoch,step,x[0],x[1],y[0],yhat[0],z,dense1.w[0][0],dense1.w[0][1],dense1.b[0]", lines.get(0));
        String[] last = lines.get(24).split(",");
        assertEquals(0.2, Double.parseDouble(last[7]), 1e-12);
        assertEquals(0.1, Double.parseDouble(last[8]), 1e-12);
        assertEquals(-0.2, Double.parseDouble(last[9]), 1e-12);
    }

    @Test
    void bothBackendsTraceTheSameMarkdownTableCells() {
        Result interpreted = run("trace", spec("perceptron-and"), "--backend", "interpreter");
        Result generated = run("trace", spec("perceptron-and"), "--backend", "generated");
        assertEquals(0, generated.code(), generated.err());
        assertEquals(tableOnly(interpreted.out()), tableOnly(generated.out()));
    }

    private static List<String> tableOnly(String markdown) {
        return markdown.lines().filter(l -> l.startsWith("|")).toList();
    }

    @Test
    void malformedSpecGetsOneLineWithItsPositionAndExitCode2(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.nn");
        Files.writeString(bad, "network Bad {\n  input 2\n  dense 1 sigmoid init zeros\n}\ntrain {\n  loss bce\n"
                + "  optimizer sgd lr 0.1\n  epochs 3 3\n}\ndata {\n  0 0 -> 0\n}\n");
        Result r = run("train", bad.toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().startsWith(bad + ":8:"), r.err());
    }

    @Test
    void missingSpecFileIsBadInput(@TempDir Path dir) {
        Result r = run("trace", dir.resolve("nothing.nn").toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("nothing.nn"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("trace", spec("perceptron-and"), "--colour");
        assertOneCleanErrorLine(r);
    }

    @Test
    void gradcheckPassesOnTheMlp() {
        Result r = run("gradcheck", spec("mlp-zero-init"), "--points", "3");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("dense1.w") && r.out().contains("dense2.b"), r.out());
    }

    @Test
    void gradcheckRefusesNoCoordinates() {
        Result r = run("gradcheck", spec("mlp-zero-init"), "--coordinates", "0");
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("--coordinates"), r.err());
    }

    @Test
    void gradcheckRefusesTheHeuristicPerceptronRule() {
        Result r = run("gradcheck", spec("perceptron-and"));
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("no gradient"), r.err());
    }

    @Test
    void compileWritesReadableJavaWithoutLoops(@TempDir Path dir) throws IOException {
        Result r = run("compile", spec("mlp-zero-init"), "-d", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<Path> written;
        try (Stream<Path> files = Files.walk(dir)) {
            written = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertEquals(1, written.size());
        String source = Files.readString(written.get(0));
        assertTrue(source.contains("mlp-zero-init.nn"), "header names the spec");
        assertFalse(source.contains("for (") || source.contains("while ("), "straight-line code:\n" + source);
    }

    @Test
    void compileWritesNothingWhenAnySpecIsBad(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.nn");
        Files.writeString(bad, "network {\n");
        Path out = dir.resolve("out");
        Result r = run("compile", spec("mlp-zero-init"), bad.toString(), "-d", out.toString());
        assertEquals(2, r.code());
        assertFalse(Files.exists(out), "no output for a failed compile");
    }

    @Test
    void trainLearnsXor() {
        Result r = run("train", Repo.root().resolve("examples/xor.nn").toString(), "--every", "100");
        assertEquals(0, r.code(), r.err());
        String lastEpoch = r.out().lines().filter(l -> l.startsWith("epoch")).reduce((a, b) -> b).orElseThrow();
        assertTrue(lastEpoch.endsWith("accuracy 1.0000"), lastEpoch);
    }

    @Test
    void trainLearnsIrisFromItsCsvWithTheReadmesRecipe() {
        // examples/iris.nn: cce from logits, Adam, a cosine schedule, an L2 penalty, Keras's defaults, a CSV file
        Result r = run("train", Repo.root().resolve("examples/iris.nn").toString(), "--every", "20");
        assertEquals(0, r.code(), r.err());
        String lastEpoch = r.out().lines().filter(l -> l.startsWith("epoch")).reduce((a, b) -> b).orElseThrow();
        double accuracy = Double.parseDouble(lastEpoch.substring(lastEpoch.lastIndexOf(' ') + 1));
        assertTrue(accuracy >= 0.9, lastEpoch);
    }

    @Test
    void divergingTrainingNamesEpochAndStep(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("diverge.nn");
        Files.writeString(spec, "network Diverge {\n  input 1\n  dense 1 linear init constant 1\n}\ntrain {\n"
                + "  loss mse\n  optimizer sgd lr 1e200\n  epochs 5\n}\ndata {\n  1 -> 0\n  2 -> 0\n}\n");
        Result r = run("train", spec.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.errLines().size(), "exactly one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().matches(".*epoch \\d+, step \\d+.*\\R?"), r.err());
    }

    /** issue 10: trace stops a diverging run as train does: one line naming epoch, step and quantity, exit 1. */
    @Test
    void divergingTraceExitsOneLikeTrain(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("diverge.nn");
        Files.writeString(spec, "network Diverge {\n  input 1\n  dense 1 linear init constant 1\n}\ntrain {\n"
                + "  loss mse\n  optimizer sgd lr 1e200\n  epochs 5\n}\ndata {\n  1 -> 0\n  2 -> 0\n}\n");
        Path table = dir.resolve("t.md");
        for (String backend : List.of("interpreter", "generated")) {
            Result trace = run("trace", spec.toString(), "--backend", backend, "-o", table.toString());
            Result train = run("train", spec.toString(), "--backend", backend, "--out", dir.resolve("run").toString());
            assertEquals(1, trace.code(), trace.err());
            assertEquals(List.of(trace.err().strip()), trace.errLines(), "exactly one line");
            assertTrue(trace.err().matches(".*: training diverged: \\S+ is \\S+ at epoch \\d+, step \\d+.*\\R?"),
                    trace.err());
            assertEquals(train.err().strip(), trace.err().strip(), "the same line as train's");
            assertFalse(Files.exists(table), "no partial table");
        }
    }

    @Test
    void traceToFileWritesTheWholeTable(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("t.csv");
        Result r = run("trace", spec("perceptron-and"), "--format", "csv", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(25, Files.readAllLines(out).size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
