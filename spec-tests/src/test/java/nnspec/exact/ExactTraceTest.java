package nnspec.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nnspec.claims.WorkedExamples;
import nnspec.cli.Main;
import nnspec.diagnostics.SpecException;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Trace;
import nnspec.support.Repo;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnspec trace --exact}: the perceptron table of 000 "Example: perceptron training" in exact fractions,
 * cell by cell against the perceptron rule written here, and the double trace agreeing with it; rational networks
 * with MSE, MAE, batches and weight decay, whose double traces are the exact ones rounded; the refusals, one line
 * each, naming the first operation that is not rational.
 */
class ExactTraceTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void thePerceptronTableIsExactAndTheDoubleTraceAgrees() throws SpecException {
        Job job = Job.load(Repo.goldenSpec("perceptron-and"));
        ExactTrace exact = ExactTrace.run(job.spec(), job.data());
        // the rule written out independently of the generator, in fractions (the claims' oracle)
        List<WorkedExamples.PerceptronStep> steps = WorkedExamples.perceptron(BigFraction.ZERO, 6);
        List<String> columns = exact.columns();
        int row = 0;
        for (WorkedExamples.PerceptronStep s : steps) {
            BigFraction[] cells = exact.rows().get(row++);
            String where = "epoch " + s.epoch() + ", step " + s.step();
            assertEquals(s.z(), cells[columns.indexOf("z")], where);
            assertEquals(BigFraction.of(s.yhat()), cells[columns.indexOf("yhat[0]")], where);
            assertEquals(s.w1(), cells[columns.indexOf("dense1.w[0][0]")], where);
            assertEquals(s.w2(), cells[columns.indexOf("dense1.w[0][1]")], where);
            assertEquals(s.b(), cells[columns.indexOf("dense1.b[0]")], where);
        }
        assertEquals(24, row);
        assertEquals(BigFraction.of(-1, 10), exact.rows().get(11)[exact.columns().indexOf("z")],
                "epoch 3, step 4: z = -1/10, where the document prints 0.0 (claims.csv PER-e3s4-z)");
        assertAgree(exact, job.trace(Backend.INTERPRETER), 1e-15);
        assertAgree(exact, job.trace(Backend.GENERATED), 1e-15);
    }

    /** Every cell of the double trace within {@code tolerance} (relative, mixed) of the exact one, empty alike. */
    static void assertAgree(ExactTrace exact, Trace trace, double tolerance) {
        assertEquals(trace.columns(), exact.columns());
        assertEquals(trace.rows().size(), exact.rows().size());
        for (int r = 0; r < exact.rows().size(); r++) {
            BigFraction[] e = exact.rows().get(r);
            double[] d = trace.rows().get(r);
            for (int c = 0; c < e.length; c++) {
                String where = "row " + (r + 1) + ", " + exact.columns().get(c);
                if (e[c] == null) {
                    assertTrue(Double.isNaN(d[c]), where + ": empty in the exact trace only");
                    continue;
                }
                double value = e[c].doubleValue();
                assertTrue(Math.abs(value - d[c]) <= tolerance * Math.max(1, Math.abs(value)),
                        where + ": exact " + ExactTrace.format(e[c]) + ", double " + d[c]);
            }
        }
    }

    private static Path spec(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name + ".nn");
        Files.writeString(file, text);
        return file;
    }

    private static final String DATA = """
            data {
              0 1 -> 1 0 0.5
              1 0 -> 0 1 0
              1 1 -> 0.5 0.5 1
              -1 2 -> 0 0 1
              0.5 -0.5 -> 1 1 0
            }
            """;

    @Test
    void rationalNetworksMatchTheirDoubleTraces(@TempDir Path dir) throws IOException, SpecException {
        String twoLayers = """
                network Two {
                  input 2
                  dense 3 relu weights [[0.5, -1], [0.25, 0.75], [-0.5, 0.125]] bias [0.1, 0, -0.2]
                  dense 3 leaky_relu alpha 0.1 weights [[1, -0.5, 0.25], [0.5, 0.5, -1], [0.2, 0.3, 0.1]] bias [0, 0.1, 0]
                }
                train {
                  loss mse
                  optimizer sgd lr 0.05 weight_decay 0.01
                  epochs 2
                  batch 2
                  order fixed
                }
                """ + DATA;
        String oneLayer = """
                network One {
                  input 2
                  dense 3 linear init constant 0.25
                }
                train {
                  loss mae
                  optimizer sgd lr 0.5
                  epochs 5
                  batch 1
                  order fixed
                }
                """ + DATA;
        // (20 epochs of it reach an output equal to its target: exactly there sign(0) = 0, while the double
        // trace, a rounding away, takes a full step; the exact mode shows where the kink was hit)
        String piecewise = """
                network Piecewise {
                  input 2
                  dense 2 piecewise_linear weights [[0.5, -0.25], [1, 1]] bias [0, -0.5]
                  dense 3 sign weights [[1, 1], [1, -1], [-1, 0.5]] bias [0, 0, 0]
                }
                train {
                  loss mse
                  optimizer sgd lr 0.1
                  epochs 3
                  batch 5
                  order fixed
                }
                """ + DATA;
        for (String text : List.of(twoLayers, oneLayer, piecewise)) {
            Path file = spec(dir, text.substring(8, text.indexOf(' ', 8)), text);
            Job job = Job.load(file);
            ExactTrace exact = ExactTrace.run(job.spec(), job.data());
            assertAgree(exact, job.trace(Backend.INTERPRETER), 1e-12);
        }
    }

    @Test
    void aFractionIsPrintedAsAFractionAndADecimalAsItsExactDecimal(@TempDir Path dir) throws IOException {
        // mse over 3 outputs divides by 3: the loss of the first step is 1/3 of a decimal
        Path file = spec(dir, "thirds", """
                network Thirds {
                  input 2
                  dense 3 linear init zeros
                }
                train {
                  loss mse
                  optimizer sgd lr 0.1
                  epochs 1
                  batch 1
                  order fixed
                }
                """ + DATA);
        Result r = run("trace", file.toString(), "--exact", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        String[] first = lines.get(1).split(",", -1);
        // yhat = 0 for every output, y = (1, 0, 0.5): the loss is (1 + 0 + 1/4)/3 = 5/12
        assertEquals("5/12", first[header.indexOf("loss")]);
        // bias 0 - 0.1 * 2 (0 - 1)/3 = 1/15; weight from x[1] = 1 the same
        assertEquals("1/15", first[header.indexOf("dense1.b[0]")]);
        assertEquals("0.0", first[header.indexOf("dense1.w[1][0]")]);
        assertEquals("0.0", ExactTrace.format(BigFraction.ZERO));
        assertEquals("-0.125", ExactTrace.format(BigFraction.of(-1, 8)));
        assertEquals("3.0", ExactTrace.format(BigFraction.of(3)));
        assertEquals(new BigDecimal("0.0625"), new BigDecimal(ExactTrace.format(BigFraction.of(1, 16))));
        String markdown = run("trace", file.toString(), "--exact").out();
        assertTrue(markdown.contains("Arithmetic: exact"), markdown);
        assertTrue(markdown.contains("| 5/12 |"), markdown);
    }

    @Test
    void theRoundedDoubleTablePrintsWhatTheExactOneRounds() throws SpecException {
        Job job = Job.load(Repo.goldenSpec("perceptron-and"));
        ExactTrace exact = ExactTrace.run(job.spec(), job.data());
        Trace trace = job.trace(Backend.INTERPRETER);
        int digits = job.spec().train().traceDigits();
        for (int r = 0; r < exact.rows().size(); r++) {
            for (int c = 2; c < exact.columns().size(); c++) {
                BigFraction e = exact.rows().get(r)[c];
                String rounded = new BigDecimal(e.getNumerator()).divide(new BigDecimal(e.getDenominator()), digits,
                        RoundingMode.HALF_EVEN).toPlainString().replace("-0.0", "0.0");
                assertEquals(rounded, Trace.rounded(trace.rows().get(r)[c], digits), "row " + r + " column " + c);
            }
        }
    }

    @Test
    void aSpecThatIsNotRationalIsRefusedInOneLineNamingTheOperation(@TempDir Path dir) throws IOException {
        String[][] cases = {
            {"network N {\n  input 2\n  dense 1 sigmoid init zeros\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n"
                    + "  epochs 1\n  batch 1\n  order fixed\n}\n", ":3:3: activation sigmoid is not rational"},
            {"network N {\n  input 2\n  dense 1 linear init glorot_uniform seed 1\n}\ntrain {\n  loss mse\n"
                    + "  optimizer sgd lr 0.1\n  epochs 1\n  batch 1\n  order fixed\n}\n",
                ":3:3: init glorot_uniform draws random numbers"},
            {"network N {\n  input 2\n  dense 1 sigmoid init zeros\n}\ntrain {\n  loss bce\n  optimizer sgd lr 0.1\n"
                    + "  epochs 1\n  batch 1\n  order fixed\n}\n", ":3:3: activation sigmoid"},
            {"network N {\n  input 2\n  dense 1 linear init zeros\n}\ntrain {\n  loss huber\n  optimizer sgd lr 0.1\n"
                    + "  epochs 1\n  batch 1\n  order fixed\n}\n", ":5:1: loss huber is not in the exact mode"},
            {"network N {\n  input 2\n  dense 1 linear init zeros\n}\ntrain {\n  loss mse\n  optimizer adam lr 0.1\n"
                    + "  epochs 1\n  batch 1\n  order fixed\n}\n", ":5:1: optimizer adam is not in the exact mode"},
            {"network N {\n  input 2\n  dense 1 linear init zeros\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n"
                    + "  epochs 1\n  batch 1\n  order shuffled seed 3\n}\n", ":5:1: order shuffled"}};
        int k = 0;
        for (String[] c : cases) {
            Path file = spec(dir, "refused" + k++, c[0] + "data {\n  0 1 -> 1\n}\n");
            Result r = run("trace", file.toString(), "--exact");
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith(file + c[1]), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertEquals("", r.out(), "nothing printed but the refusal");
        }
    }

    @Test
    void numbersThatOutgrowTheBudgetStopInOneLine(@TempDir Path dir) throws IOException {
        Path file = spec(dir, "long", """
                network Long {
                  input 2
                  dense 3 relu weights [[0.5, -1], [0.25, 0.75], [-0.5, 0.125]] bias [0.1, 0, -0.2]
                  dense 3 linear weights [[1, -0.5, 0.25], [0.5, 0.5, -1], [0.2, 0.3, 0.1]] bias [0, 0.1, 0]
                }
                train {
                  loss mse
                  optimizer sgd lr 0.03
                  epochs 100
                  batch 1
                  order fixed
                }
                """ + DATA);
        Path out = dir.resolve("long.md");
        Result r = run("trace", file.toString(), "--exact", "-o", out.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(file + ": epoch "), r.err());
        assertFalse(Files.exists(out), "no half-written output");
    }
}
