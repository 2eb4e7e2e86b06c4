package nnspec.workflow;

import static nnspec.cli.CommandLineTestAccess.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nnspec.cli.CommandLineTestAccess.Result;
import nnspec.support.Repo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train with a split, then evaluate and predict with the saved model, as a user runs them. */
class WorkflowCommandTest {
    @TempDir
    static Path dir;
    static Result trained;

    static String iris() {
        return Repo.root().resolve("examples/iris.nn").toString();
    }

    @BeforeAll
    static void trainIris() {
        trained = run("train", iris(), "--out", dir.toString());
    }

    @Test
    void trainPrintsValidationColumnsTheSummaryAndWhereTheModelWent() {
        assertEquals(0, trained.code(), trained.err());
        List<String> epochs = trained.out().lines().filter(l -> l.startsWith("epoch")).toList();
        assertTrue(epochs.size() <= 21 && epochs.size() >= 2, "about 20 epoch lines: " + epochs.size());
        assertTrue(epochs.get(0).matches("epoch +\\d+  loss \\d\\.\\d{6}  accuracy \\d\\.\\d{4}  val_loss \\d\\.\\d{6}"
                + "  val_accuracy \\d\\.\\d{4}"), epochs.get(0));
        assertTrue(trained.out().contains("\n  training      90 samples  loss "), trained.out());
        assertTrue(trained.out().contains("\n  validation    30 samples  loss "), trained.out());
        assertTrue(trained.out().contains("\n  test          30 samples  loss "), trained.out());
        assertTrue(trained.out().contains("model: " + dir.resolve("model.nnm")), trained.out());
        assertTrue(Files.exists(dir.resolve("model.nnm")));
        assertFalse(trained.out().contains("parameters:"), "131 parameters are not printed");
    }

    @Test
    void evaluateNamesTheClassesOfTheConfusionMatrix() {
        Result r = run("evaluate", iris(), "--model", dir.resolve("model.nnm").toString(), "--data",
                Repo.root().resolve("examples/data/iris.csv").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("samples 150", lines.get(0));
        assertTrue(lines.get(2).startsWith("accuracy 0.9"), lines.get(2));
        assertTrue(r.out().contains("predicted       setosa  versicolor   virginica"), r.out());
    }

    @Test
    void predictWritesAClassAndEveryProbabilityPerRow() throws IOException {
        Path out = dir.resolve("p.csv");
        Result r = run("predict", iris(), "--model", dir.resolve("model.nnm").toString(), "--data",
                Repo.root().resolve("examples/data/iris.csv").toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(151, lines.size());
        assertEquals("class,p_setosa,p_versicolor,p_virginica", lines.get(0));
        String[] first = lines.get(1).split(",");
        assertEquals("setosa", first[0]);
        double sum = Double.parseDouble(first[1]) + Double.parseDouble(first[2]) + Double.parseDouble(first[3]);
        assertEquals(1.0, sum, 1e-12, "softmax probabilities sum to 1");
    }

    @Test
    void aDamagedModelIsOneLineAndExitCode2() throws IOException {
        Path damaged = dir.resolve("damaged.nnm");
        Files.writeString(damaged, Files.readString(dir.resolve("model.nnm")).replaceFirst("\nscaling standardize\nmean ",
                "\nscaling standardize\nmean 1"));
        Result r = run("evaluate", iris(), "--model", damaged.toString(), "--data",
                Repo.root().resolve("examples/data/iris.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("checksum"), r.err());
    }

    @Test
    void theProgressBarShowsTheStepsAndTheLatestFiguresInsteadOfEpochLines() {
        String xor = Repo.root().resolve("examples/xor.nn").toString();
        Result r = run("train", xor, "--progress", "bar", "--out", dir.resolve("xor").toString());
        assertEquals(0, r.code(), r.err());
        String last = r.err().substring(r.err().lastIndexOf('\r') + 1).strip();
        assertTrue(last.matches("Xor 100% \\[=+\\] 4000/4000 \\(\\d+:\\d\\d:\\d\\d\\) epoch 1000 loss +\\d\\.\\d{4}"), last);
        // every frame redraws the same width, so none wraps or leaves characters of a longer one behind, and the
        // bar between [ and ] keeps its length
        List<String> frames = java.util.Arrays.stream(r.err().split("\r")).filter(f -> f.startsWith("Xor"))
                .map(f -> f.replaceFirst("\\R[\\s\\S]*$", "")).toList();
        assertTrue(frames.size() >= 2, r.err());
        java.util.Set<Integer> widths = new java.util.HashSet<>();
        java.util.Set<Integer> bars = new java.util.HashSet<>();
        for (String frame : frames) {
            widths.add(frame.length());
            bars.add(frame.indexOf(']') - frame.indexOf('['));
        }
        assertEquals(1, widths.size(), "one width: " + frames);
        assertEquals(1, bars.size(), "one bar length: " + frames);
        List<String> epochLines = r.out().lines().filter(l -> l.startsWith("epoch")).toList();
        assertEquals(1, epochLines.size(), "only the last epoch's line: " + epochLines);
        double loss = Double.parseDouble(epochLines.get(0).split("\\s+")[3]);
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", loss), last.substring(last.length() - 6),
                "the bar shows the last epoch's loss, rounded");
        Result lines = run("train", xor, "--out", dir.resolve("xor").toString());
        assertEquals(20, lines.out().lines().filter(l -> l.startsWith("epoch")).count(), "every 50th of 1000 epochs");
        assertFalse(lines.err().contains("%"), lines.err());
    }

    /**
     * evaluate without --data measures the spec's own data: iris's test part (the same figures train's summary
     * printed for it), xor's inline rows (all four, each classified right after training); predict needs --data.
     */
    @Test
    void evaluateWithoutDataMeasuresTheSpecsOwnData() {
        assertEquals(0, trained.code(), trained.err());
        Result r = run("evaluate", iris(), "--model", dir.resolve("model.nnm").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("data: the test part of the spec's data", "samples 30"), lines.subList(0, 2));
        String summaryTest = trained.out().lines().filter(l -> l.startsWith("  test ")).findFirst().orElseThrow();
        assertTrue(summaryTest.contains(" " + lines.get(2) + "  "), lines.get(2) + " vs " + summaryTest);
        String xor = Repo.root().resolve("examples/xor.nn").toString();
        Result t = run("train", xor, "--out", dir.resolve("xor-own").toString());
        assertEquals(0, t.code(), t.err());
        Result e = run("evaluate", xor, "--model", dir.resolve("xor-own/model.nnm").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("data: every row of the spec's data\nsamples 4\n"), e.out());
        assertTrue(e.out().contains("\naccuracy 1.0000\n"), e.out());
        Result p = run("predict", xor, "--model", dir.resolve("xor-own/model.nnm").toString());
        assertEquals(2, p.code(), p.err());
        assertEquals(1, p.err().lines().count(), p.err());
        assertTrue(p.err().contains("--data"), p.err());
    }

    /** The bar fits the terminal with a column to spare, up to 120; the figures beside it have one width. */
    @Test
    void theBarsWidthAndFiguresAreFixed() {
        assertEquals(79, nnspec.cli.CommandLineTestAccess.barWidth(80));
        assertEquals(79, nnspec.cli.CommandLineTestAccess.barWidth(0), "unknown width: 80 columns");
        assertEquals(120, nnspec.cli.CommandLineTestAccess.barWidth(300));
        String format = nnspec.cli.CommandLineTestAccess.barMessageFormat(300, true, true);
        java.util.Set<Integer> lengths = new java.util.HashSet<>();
        for (int epoch : new int[] {1, 9, 10, 99, 300}) {
            for (double loss : new double[] {0.0, 0.12345, 9.5, 42.0}) {
                lengths.add(String.format(java.util.Locale.ROOT, format, epoch, loss, loss / 3).length());
            }
        }
        assertEquals(1, lengths.size(), format);
    }

    @Test
    void aMissingOrBadDataFileIsNamedWithItsRowAndColumn() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Result r = run("evaluate", iris(), "--model", dir.resolve("model.nnm").toString(), "--data", missing.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(missing + ":1:1: cannot read data file \"" + missing + "\": no such file", r.err().strip());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,x,0.2,setosa\n");
        Result p = run("predict", iris(), "--model", dir.resolve("model.nnm").toString(), "--data", bad.toString());
        assertEquals(2, p.code(), p.err());
        assertEquals(bad + ":2:3: not a number: 'x' in column petal_length", p.err().strip());
    }

    @Test
    void aModelOfAnotherNetworkIsRefused() {
        Result r = run("predict", Repo.root().resolve("examples/wine.nn").toString(), "--model",
                dir.resolve("model.nnm").toString(), "--data", Repo.root().resolve("examples/data/wine.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("holds network Iris"), r.err());
    }
}
