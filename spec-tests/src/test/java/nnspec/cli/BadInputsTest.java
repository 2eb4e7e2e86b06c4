package nnspec.cli;

import static nnspec.cli.CommandLineTest.assertOneCleanErrorLine;
import static nnspec.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nnspec.cli.CommandLineTest.Result;
import nnspec.data.DataLoader;
import nnspec.generate.SpecCompiler;
import nnspec.runtime.AtomicFiles;
import nnspec.support.Fifos;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-input catalogue of docs/language.md, class by class, as a hostile user would try it (issue 13): each case
 * ends in one line naming the place and exit 2 (or 1 for a job whose output was lost), no stack trace, and nothing
 * written.
 */
class BadInputsTest {
    @TempDir
    Path dir;

    private static final String NETWORK = "network N {\n  input 1\n  dense 1 linear %s\n}\n"
            + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\n";

    /** A spec in {@code folder} whose data is the CSV {@code csvPath} (written as is into the spec). */
    private static Path csvSpec(Path folder, String csvPath) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve("s.nn"), String.format(NETWORK, "init zeros")
                + "data csv \"" + csvPath + "\" target y\n");
    }

    /** A spec in {@code folder} whose one layer reads {@code initPath}. */
    private static Path initSpec(Path folder, String initPath) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve("s.nn"), String.format(NETWORK, "init file \"" + initPath + "\"")
                + "data {\n  1 -> 1\n}\n");
    }

    private static void csv(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x,y\n0,0\n1,1\n");
    }

    private List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString()).sorted().toList();
        }
    }

    // --- 1. sizes, file types and paths

    @Test
    void aFifoAsSpecIsRefusedWithoutOpeningIt() throws Exception {
        assumeTrue(Fifos.available(), "no mkfifo here");
        Path spec = Fifos.make(dir.resolve("spec.nn"));
        // nothing writes to the pipe: opening it would block for ever
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("compile", spec.toString(), "--explain"));
        assertOneCleanErrorLine(r);
        assertEquals(spec + ":1:1: cannot read spec file: it is not a regular file\n", r.err());
    }

    @Test
    void aFifoAsInitFileOrDataFileIsRefusedAtItsPath() throws Exception {
        assumeTrue(Fifos.available(), "no mkfifo here");
        Path initSpec = initSpec(dir.resolve("a"), "w.txt");
        Fifos.make(dir.resolve("a/w.txt"));
        Result init = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("trace", initSpec.toString()));
        assertOneCleanErrorLine(init);
        assertEquals(initSpec + ":3:28: cannot read init file \"w.txt\": it is not a regular file\n", init.err());

        Path csvSpec = csvSpec(dir.resolve("b"), "d.csv");
        Fifos.make(dir.resolve("b/d.csv"));
        Result data = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("trace", csvSpec.toString()));
        assertOneCleanErrorLine(data);
        assertTrue(data.err().startsWith(csvSpec + ":10:1: cannot read data file \"d.csv\": it is not a regular file"),
                data.err());
    }

    @Test
    void devZeroAsSpecInitFileOrDataFileIsNotARegularFile() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        Result spec = run("compile", "/dev/zero", "--explain");
        assertOneCleanErrorLine(spec);
        assertEquals("/dev/zero:1:1: cannot read spec file: it is not a regular file\n", spec.err());

        // /dev is outside the spec's folder, so it must be allowed before the type is even looked at
        Path initSpec = initSpec(dir.resolve("a"), "/dev/zero");
        Result init = run("trace", initSpec.toString(), "--allow-read", "/dev");
        assertOneCleanErrorLine(init);
        assertTrue(init.err().endsWith("cannot read init file \"/dev/zero\": it is not a regular file\n"), init.err());

        Path csvSpec = csvSpec(dir.resolve("b"), "/dev/zero");
        Result data = run("trace", csvSpec.toString(), "--allow-read", "/dev");
        assertOneCleanErrorLine(data);
        assertTrue(data.err().endsWith("cannot read data file \"/dev/zero\": it is not a regular file\n"), data.err());

        // a model file or checkpoint named on the command line
        Result model = run("predict", CommandLineTest.spec("mlp-zero-init"), "--model", "/dev/zero", "--data",
                "/dev/zero");
        assertOneCleanErrorLine(model);
        assertEquals("/dev/zero: cannot read model file: it is not a regular file\n", model.err());
        Result resume = run("train", CommandLineTest.spec("mlp-zero-init"), "--resume", "/dev/zero");
        assertOneCleanErrorLine(resume);
        assertEquals("/dev/zero: cannot read checkpoint: it is not a regular file\n", resume.err());
    }

    @Test
    void aCsvOverItsLimitIsRefusedFromItsSizeBeforeAnyByteIsRead() throws IOException {
        Path spec = csvSpec(dir, "big.csv");
        // sparse: the size is set, no byte written, so the test costs no disk and proves nothing was read
        try (RandomAccessFile big = new RandomAccessFile(dir.resolve("big.csv").toFile(), "rw")) {
            big.setLength(DataLoader.MAX_BYTES + 1L);
        }
        Result r = run("trace", spec.toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().startsWith(spec + ":10:1: cannot read data file \"big.csv\": it is "
                + (DataLoader.MAX_BYTES + 1L) + " bytes; the limit is 268435456 (256 MiB)"), r.err());
    }

    @Test
    void aSpecOrInitFileOverItsLimitIsRefusedFromItsSize() throws IOException {
        Path spec = dir.resolve("big.nn");
        try (RandomAccessFile big = new RandomAccessFile(spec.toFile(), "rw")) {
            big.setLength((1 << 20) + 1L);
        }
        Result r = run("trace", spec.toString());
        assertOneCleanErrorLine(r);
        assertEquals(spec + ":1:1: cannot read spec file: it is 1048577 bytes; the limit is 1048576 (1 MiB)\n",
                r.err());

        Path initSpec = initSpec(dir.resolve("a"), "w.txt");
        try (RandomAccessFile big = new RandomAccessFile(dir.resolve("a/w.txt").toFile(), "rw")) {
            big.setLength((16 << 20) + 1L);
        }
        Result init = run("trace", initSpec.toString());
        assertOneCleanErrorLine(init);
        assertEquals(initSpec + ":3:28: init file \"w.txt\" is over 16 MiB\n", init.err());
    }

    @Test
    void aNulInAnInitFileOrDataPathIsAPositionedDiagnostic() throws IOException {
        Path initSpec = initSpec(dir.resolve("a"), "w\0.txt");
        Result init = run("trace", initSpec.toString());
        assertOneCleanErrorLine(init);
        assertEquals(initSpec + ":3:28: cannot read init file \"w\\u0000.txt\": it is not a valid path: Nul character"
                + " not allowed\n", init.err());

        Path csvSpec = csvSpec(dir.resolve("b"), "d\0.csv");
        Result data = run("train", csvSpec.toString());
        assertOneCleanErrorLine(data);
        assertEquals(csvSpec + ":10:10: cannot read data file \"d\\u0000.csv\": it is not a valid path: Nul character"
                + " not allowed\n", data.err());
    }

    // --- 2. the files a spec reads stay in its folder's tree unless allowed

    @Test
    void dataOutsideTheSpecsFolderIsRefusedByAbsolutePathDotDotOrLinkUnlessAllowed() throws IOException {
        Path project = dir.resolve("project");
        Path other = dir.resolve("other");
        csv(other.resolve("d.csv"));
        csv(project.resolve("sub/d.csv"));
        Files.createDirectories(project);
        Files.createSymbolicLink(project.resolve("link.csv"), other.resolve("d.csv"));
        String outside = ": it is outside the spec's folder; a spec reads only files in its folder and the folders"
                + " below it, unless a folder is allowed (--allow-read DIR)\n";
        for (String path : List.of(other.resolve("d.csv").toString(), "../other/d.csv", "link.csv",
                "sub/../../other/d.csv")) {
            Path spec = csvSpec(project, path);
            Result refused = run("trace", spec.toString(), "--format", "csv");
            assertOneCleanErrorLine(refused);
            assertEquals(spec + ":10:10: cannot read data file \"" + path + "\"" + outside, refused.err(), path);
            Result allowed = run("trace", spec.toString(), "--format", "csv", "--allow-read", other.toString());
            assertEquals(0, allowed.code(), path + ": " + allowed.err());
        }
        // inside the tree, through .. that stays inside, needs no permission
        Result inside = run("trace", csvSpec(project, "sub/../sub/d.csv").toString(), "--format", "csv");
        assertEquals(0, inside.code(), inside.err());
    }

    @Test
    void aSystemFileIsRefusedAndNothingOfItIsPrinted() throws IOException {
        assumeTrue(Files.isRegularFile(Path.of("/etc/passwd")));
        Path spec = csvSpec(dir, "/etc/passwd");
        Result r = run("train", spec.toString());
        assertOneCleanErrorLine(r);
        assertFalse(r.err().contains("root"), r.err());
        assertTrue(r.err().contains("outside the spec's folder"), r.err());
    }

    @Test
    void anInitFileBehindALinkOutIsRefusedForCompileAndTheMavenEntry() throws IOException, Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("w.txt"), "0.5 0.25\n");
        Path spec = initSpec(dir.resolve("project"), "w.txt");
        Files.createSymbolicLink(dir.resolve("project/w.txt"), other.resolve("w.txt"));
        Path out = dir.resolve("out");
        Result r = run("compile", spec.toString(), "-d", out.toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().startsWith(spec + ":3:28: cannot read init file \"w.txt\": it is outside"), r.err());
        assertFalse(Files.exists(out));
        // SpecCompiler, as the Maven plugin calls it, takes the same allowance
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(nnspec.diagnostics.SpecException.class,
                () -> SpecCompiler.compile(spec, "p", nnspec.lower.NumericMode.STRICT, List.of())).getMessage()
                .contains("outside the spec's folder"));
        assertEquals("N", SpecCompiler.compile(spec, "p", nnspec.lower.NumericMode.STRICT, List.of(other))
                .className());
        assertEquals(0, run("compile", spec.toString(), "-d", out.toString(), "--allow-read", other.toString())
                .code());
    }

    /** Every subcommand that reads a spec takes --allow-read and applies it. */
    @ParameterizedTest
    @ValueSource(strings = {"compile", "train", "evaluate", "predict", "trace", "gradcheck"})
    void everySpecReadingSubcommandConfinesTheSpecsFiles(String command) throws IOException {
        Path other = dir.resolve("other");
        csv(other.resolve("d.csv"));
        Path spec = csvSpec(dir.resolve("project"), "../other/d.csv");
        List<String> args = new ArrayList<>(List.of(command, spec.toString()));
        switch (command) {
            case "compile" -> args.add("--explain");
            case "evaluate", "predict" -> args.addAll(List.of("--model", dir.resolve("m.nnm").toString(), "--data",
                    other.resolve("d.csv").toString()));
            default -> {
            }
        }
        Result r = run(args.toArray(String[]::new));
        assertOneCleanErrorLine(r);
        assertTrue(r.err().startsWith(spec + ":10:10: cannot read data file \"../other/d.csv\": it is outside"),
                r.err());
        args.addAll(List.of("--allow-read", other.toString()));
        Result allowed = run(args.toArray(String[]::new));
        assertFalse(allowed.err().contains("outside"), allowed.err());
    }

    @Test
    void goldenTakesAllowReadToo() throws IOException {
        Path golden = dir.resolve("golden");
        Path other = dir.resolve("other");
        csv(other.resolve("d.csv"));
        csvSpec(golden.resolve("specs"), "../../other/d.csv");
        Files.createDirectories(dir.resolve("examples"));
        Result r = run("golden", "--dir", golden.toString(), "--examples", dir.resolve("examples").toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("outside the spec's folder"), r.err());
        assertFalse(Files.exists(golden.resolve("traces")));
    }

    @Test
    void aHugeNumeralInACsvCellIsQuotedShort() throws IOException {
        Path spec = csvSpec(dir, "d.csv");
        // 100,000 digits then an exponent: beyond the largest double, and far too long to echo whole
        Files.writeString(dir.resolve("d.csv"), "x,y\n0,0\n1" + "0".repeat(100_000) + "e400,1\n");
        Result r = run("trace", spec.toString());
        assertOneCleanErrorLine(r);
        // the first 18 characters and the last 18 (14 zeros and the exponent)
        assertEquals(dir.resolve("d.csv") + ":3:1: number 100000000000000000...00000000000000e400 is too large;"
                + " the largest is 1.7976931348623157E308 (column x)\n", r.err());
    }

    @Test
    void aMissingTargetColumnIsNamedWithoutEchoingTheFile() throws IOException {
        Path spec = Files.writeString(dir.resolve("s.nn"), String.format(NETWORK, "init zeros")
                + "data csv \"d.csv\" target label\n");
        Files.writeString(dir.resolve("d.csv"), "secret-1,secret-2\n0,0\n");
        Result r = run("trace", spec.toString());
        assertOneCleanErrorLine(r);
        assertEquals(spec + ":10:1: target column 'label' is not in the header of data file \"d.csv\" (2 columns)\n",
                r.err());
    }

    // --- 3. outputs

    @Test
    void dashOReplacesOnlyARegularFile() throws IOException, InterruptedException {
        String spec = CommandLineTest.spec("perceptron-and");
        Path target = Files.writeString(dir.resolve("target.txt"), "keep me\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.md"), target);
        Result r = run("trace", spec, "-o", link.toString());
        assertOneCleanErrorLine(r);
        assertEquals(link + ": cannot write: it is a symbolic link; only a regular file is replaced\n", r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep me\n", Files.readString(target));
        assertEquals(List.of("link.md", "target.txt"), filesIn(dir), "no temporary file left");

        // a pipe of its own, not /dev/null: see Fifos
        assumeTrue(Fifos.available(), "no mkfifo here");
        Path pipe = Fifos.make(dir.resolve("pipe.md"));
        Result traced = run("trace", spec, "-o", pipe.toString());
        assertOneCleanErrorLine(traced);
        assertEquals(pipe + ": cannot write: it is not a regular file (a device or a pipe); only a regular file is"
                + " replaced\n", traced.err());
        assertTrue(Files.readAttributes(pipe, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                "the pipe is still a pipe");
    }

    @Test
    void aNewOutputGetsThePermissionsOfAPlainCreateAndAReplacedOneKeepsItsOwn() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        // what this process's umask makes of a plain create: 0644 under umask 022
        Path plain = Files.createFile(dir.resolve("plain"));
        Path fresh = dir.resolve("fresh.md");
        assertEquals(0, run("trace", CommandLineTest.spec("perceptron-and"), "-o", fresh.toString()).code());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));

        Path kept = Files.writeString(dir.resolve("kept.md"), "old\n");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, run("trace", CommandLineTest.spec("perceptron-and"), "-o", kept.toString()).code());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertTrue(Files.readString(kept).contains("| epoch |"));
    }

    @Test
    void compileOfSeveralSpecsWritesAllOrNone() throws IOException {
        Path out = dir.resolve("out");
        Path xor = Repo.root().resolve("examples/xor.nn");
        // the second class's file cannot be written: a folder stands where it would go
        Files.createDirectories(out.resolve("nnspec/generated/Xor.java"));
        Result r = run("compile", CommandLineTest.spec("perceptron-and"), xor.toString(), "-d", out.toString());
        assertOneCleanErrorLine(r);
        assertEquals(out.resolve("nnspec/generated/Xor.java") + ": cannot write: it is a folder; only a regular file"
                + " is replaced\n", r.err());
        assertEquals(List.of(), filesIn(out), "the first spec's class is not written either");
    }

    /**
     * An undo that failed after a group's write failed (injected in AtomicFilesInjectedFailuresTest) says where the
     * replaced file was kept: the user's one line carries it after the failure that caused it.
     */
    @Test
    void anUndoThatFailedIsNamedOnTheSameLine() {
        IOException e = AtomicFiles.Failure.of(Path.of("b.csv"), new IOException("disk full"));
        e.addSuppressed(AtomicFiles.Failure.of(Path.of("a.csv"), new IOException("kept as .a.csv.1.tmp.old")));
        e.addSuppressed(new IOException("a suppressed close failure, not an undo"));
        assertEquals("b.csv: cannot write: disk full; a.csv: cannot write: kept as .a.csv.1.tmp.old",
                Inputs.cannotWrite(Path.of("b.csv"), e).getMessage());
    }

    @Test
    void goldenWritesAllOrNone() throws IOException {
        Path golden = dir.resolve("golden");
        Files.createDirectories(golden.resolve("specs"));
        Files.copy(Repo.goldenSpec("perceptron-and"), golden.resolve("specs/perceptron-and.nn"));
        Files.createDirectories(dir.resolve("examples"));
        Files.copy(Repo.root().resolve("examples/xor.nn"), dir.resolve("examples/xor.nn"));
        Files.createDirectories(golden.resolve("generated/Xor.java"));
        Result r = run("golden", "--dir", golden.toString(), "--examples", dir.resolve("examples").toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("Xor.java: cannot write: it is a folder"), r.err());
        assertEquals(List.of("specs/perceptron-and.nn"), filesIn(golden), "no trace or source written");
    }

    @Test
    void trainWritesItsModelAndPlotsAllOrNone() throws IOException {
        Path out = dir.resolve("run");
        // the last plot cannot be written: a folder stands where it would go
        Files.createDirectories(out.resolve("accuracy.svg"));
        Result r = run("train", Repo.root().resolve("examples/xor.nn").toString(), "--out", out.toString());
        assertOneCleanErrorLine(r);
        assertEquals(out.resolve("accuracy.svg") + ": cannot write: it is a folder; only a regular file is"
                + " replaced\n", r.err());
        // filesIn lists regular files: the checkpoint written during training stays, so the work is not lost
        assertEquals(List.of("checkpoint.nnm"), filesIn(out), "neither the model file nor another plot is written");
    }

    @Test
    void aFailedWriteToStandardOutputIsAnError() {
        // what /dev/full does: every write fails
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"trace", CommandLineTest.spec("perceptron-and")},
                new PrintWriter(new java.io.PrintStream(full), true), new PrintWriter(err, true));
        assertEquals(Main.FAILED, code);
        assertEquals("nnspec: cannot write to standard output; the output is incomplete\n", err.toString());
    }

    @Test
    void devFullAsStandardOutputFailsTheCommand() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "trace", CommandLineTest.spec("perceptron-and"))
                .redirectOutput(new java.io.File("/dev/full")).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), err);
        assertEquals("nnspec: cannot write to standard output; the output is incomplete\n", err);
    }

    // --- 4. trace streams

    @Test
    void traceStreamsItsRowsAndWritesTheSameBytesAsTheInMemoryTable() throws Exception {
        nnspec.pipeline.Job job = nnspec.pipeline.Job.load(Repo.goldenSpec("perceptron-and"));
        for (String format : List.of("csv", "md")) {
            StringWriter streamed = new StringWriter();
            TraceCommand.stream(job, nnspec.pipeline.Backend.INTERPRETER, format, streamed);
            assertEquals(TraceCommand.render(job, nnspec.pipeline.Backend.INTERPRETER, format), streamed.toString());
            Path file = dir.resolve("t." + format);
            assertEquals(0, run("trace", CommandLineTest.spec("perceptron-and"), "--format", format, "-o",
                    file.toString()).code());
            assertEquals(streamed.toString(), Files.readString(file));
        }
        // a trace given a sink keeps no rows: memory does not grow with the run
        nnspec.runtime.Model model = nnspec.pipeline.Backend.INTERPRETER.create(job.spec());
        int[] seen = {0};
        nnspec.runtime.Trace trace = new nnspec.runtime.Trace(model, row -> seen[0]++);
        job.train(model, trace);
        assertEquals(24, seen[0]);
        assertEquals(0, trace.rows().size());
    }

    @Test
    void aLongTraceRunsInAHeapFarSmallerThanItsTable() throws Exception {
        // 1,000 samples an epoch for 500 epochs: 500,000 rows of 9 numbers, about 50 MB as double[] rows alone, in a
        // 24 MB heap (few epochs, so the trainer's one report per epoch stays small)
        StringBuilder rows = new StringBuilder();
        for (int k = 0; k < 250; k++) {
            rows.append("  0 0 -> 0\n  0 1 -> 0\n  1 0 -> 0\n  1 1 -> 1\n");
        }
        String text = Files.readString(Repo.goldenSpec("perceptron-and")).replace("epochs 6", "epochs 500");
        text = text.substring(0, text.indexOf("data {")) + "data {\n" + rows + "}\n";
        Path spec = Files.writeString(dir.resolve("long.nn"), text);
        Path out = dir.resolve("long.csv");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "trace", spec.toString(), "--format", "csv", "-o", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        try (Stream<String> lines = Files.lines(out)) {
            assertEquals(1 + 500_000L, lines.count());
        }
    }

    @Test
    void anExactTraceStatesItsRowLimit() throws IOException {
        Path spec = Files.writeString(dir.resolve("long.nn"),
                Files.readString(Repo.goldenSpec("perceptron-and")).replace("epochs 6", "epochs 25001"));
        Result r = run("trace", spec.toString(), "--exact", "-o", dir.resolve("t.md").toString());
        assertOneCleanErrorLine(r);
        assertEquals(spec + ": epoch 25001, step 1: an exact trace holds at most 100000 rows; trace fewer epochs"
                + " exactly, or run without --exact for the double trace\n", r.err());
        assertFalse(Files.exists(dir.resolve("t.md")));
    }

    @Test
    void aTraceThatFailsMidwayLeavesNoFile() throws IOException {
        Path spec = Files.writeString(dir.resolve("diverge.nn"), "network D {\n  input 1\n  dense 1 linear init constant"
                + " 1\n}\ntrain {\n  loss mse\n  optimizer sgd lr 1e200\n  epochs 5\n}\ndata {\n  1 -> 0\n  2 -> 0\n}\n");
        Path out = dir.resolve("t.csv");
        Result r = run("trace", spec.toString(), "--format", "csv", "-o", out.toString());
        // a diverged run is a failed job (exit 1), as in train: README's exit codes
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(spec + ": training diverged: loss is Infinity at epoch 1, step 2; lower the learning rate"
                + " or check the data for extreme values"), r.errLines());
        assertEquals(List.of("diverge.nn"), filesIn(dir), "neither the table nor its temporary file");
    }

    // --- 5. spec text and options

    @Test
    void rawControlBytesOfABadSpecAreEscaped() throws IOException {
        Path spec = Files.writeString(dir.resolve("s.nn"), "network N {\n  input 2\u0007\u001b[2J\n}\n");
        Result r = run("compile", spec.toString(), "--explain");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(spec + ":2:10: unexpected character '\\u0007'\n" + spec
                + ":2:11: unexpected character '\\u001b'\n"), r.err());
        assertFalse(r.err().chars().anyMatch(c -> c < 0x20 && c != '\n'), "no raw control character: " + r.err());
    }

    @Test
    void aCarriageReturnAloneEndsALine() throws IOException {
        Path spec = Files.writeString(dir.resolve("cr.nn"), String.format(NETWORK, "init zeros")
                .replace("epochs 1", "epochs 2.5").replace('\n', '\r') + "data {\r  1 -> 1\r}\r");
        Result r = run("trace", spec.toString());
        assertOneCleanErrorLine(r);
        assertEquals(spec + ":8:10: epochs must be an integer; found 2.5\n", r.err());
        // and CR LF counts once
        Files.writeString(spec, Files.readString(spec).replace("\r", "\r\n"));
        assertEquals(spec + ":8:10: epochs must be an integer; found 2.5\n", run("trace", spec.toString()).err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "-1", "0", "Infinity", "x"})
    void aBadGradcheckThresholdIsAUsageError(String threshold) {
        Result r = run("gradcheck", CommandLineTest.spec("mlp-zero-init"), "--threshold", threshold);
        assertOneCleanErrorLine(r);
        assertTrue(r.err().contains("--threshold"), r.err());
    }

    @Test
    void aPackageOfThousandsOfCharactersIsCheckedWithoutOverflowingTheStack() {
        String valid = "a.".repeat(50_000) + "b";
        assertTrue(SpecCompiler.isPackageName(valid));
        assertFalse(SpecCompiler.isPackageName(valid + "."));
        assertFalse(SpecCompiler.isPackageName("a..b"));
        assertFalse(SpecCompiler.isPackageName("1a"));
        assertFalse(SpecCompiler.isPackageName(""));
        Result r = run("compile", CommandLineTest.spec("mlp-zero-init"), "--package", "a.".repeat(1500) + "1",
                "-d", dir.toString());
        assertOneCleanErrorLine(r);
        assertTrue(r.err().startsWith("--package: not a Java package name"), r.err());
    }

    @Test
    void aLongValidPackageIsWrittenOrRefusedInOneLine() {
        // one segment of 3,000 characters: a folder name longer than most file systems allow
        Result r = run("compile", CommandLineTest.spec("mlp-zero-init"), "--package", "p".repeat(3000), "-d",
                dir.resolve("out").toString());
        if (r.code() != 0) {
            assertOneCleanErrorLine(r);
            assertTrue(r.err().contains("cannot write"), r.err());
        }
    }
}
