package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.cli.CommandLineTestAccess;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a NaN or infinity anywhere in training stops it, in both back ends, naming the epoch, the step and the
 * quantity, also at the last step of the last epoch and at the epoch's end; nnspec train then exits 1 with one
 * line and writes nothing. Oracle: the arithmetic of each case, worked out in its comment.
 */
class DivergenceTest {
    /**
     * y = w x + b with w = 1, b = 0, mae, lr 1e8, samples (1, 0) then (1e300, 0). Step 1: loss 1, dL/dw = dL/db = 1,
     * so w = 1 - 1e8, b = -1e8. Step 2: yhat = (1 - 1e8) 1e300 - 1e8, about -1e308, finite, and so is its loss;
     * dL/dw = -1e300, dL/db = -1, so w = 1 - 1e8 + 1e308 = 1e308 (1e8 vanishes beside it), b = 0: finite. The
     * epoch's end then evaluates 1e308 * 1e300, which is infinite: every step and parameter was finite, the model
     * at the end is not.
     */
    private static final String EVALUATION_OVERFLOWS = "network E {\n  input 1\n  dense 1 linear weights [[1]]\n}\n"
            + "train { loss mae optimizer sgd lr 1e8 epochs 1 batch 1 }\ndata {\n  1 -> 0\n  1e300 -> 0\n}\n";

    /** mse of w x with w = 1 at the third and last sample, x = 1e300: (1e300 - 0)^2 is infinite at step 3. */
    private static final String LAST_STEP_OVERFLOWS = "network L {\n  input 1\n  dense 1 linear weights [[1]]\n}\n"
            + "train { loss mse optimizer sgd lr 0.01 epochs 1 batch 1 }\ndata {\n  1 -> 1\n  2 -> 2\n  1e300 -> 0\n}\n";

    private static double[][] column(double... values) {
        double[][] rows = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            rows[k] = new double[] {values[k]};
        }
        return rows;
    }

    @Test
    void anInfiniteLossAtTheLastStepStopsBothBackEnds() throws SpecException {
        Spec spec = SpecReader.parse("l.nn", LAST_STEP_OVERFLOWS);
        for (Backend backend : Backend.values()) {
            Model model = backend.create(spec);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> model.train(column(1, 2, 1e300), column(1, 2, 0)), backend.keyword());
            assertEquals(1, e.epoch(), backend.keyword());
            assertEquals(3, e.step(), backend.keyword());
            assertEquals("loss", e.quantity(), backend.keyword());
        }
    }

    @Test
    void anInfiniteLossOfTheModelAtTheEpochsEndStopsBothBackEnds() throws SpecException {
        Spec spec = SpecReader.parse("e.nn", EVALUATION_OVERFLOWS);
        for (Backend backend : Backend.values()) {
            Model model = backend.create(spec);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> model.train(column(1, 1e300), column(0, 0)), backend.keyword());
            assertEquals(1, e.epoch(), backend.keyword());
            assertEquals(2, e.step(), backend.keyword());
            assertEquals("training loss of the model at the epoch's end", e.quantity(), backend.keyword());
            assertEquals(1e308, model.parameters()[0], 0.0, backend.keyword());
        }
    }

    /** Before: "loss Infinity" in the summary and exit 0. Now one line, exit 1, and no output folder. */
    @Test
    void trainExitsOneWithOneLineAndWritesNothing(@TempDir Path dir) throws Exception {
        for (String text : new String[] {EVALUATION_OVERFLOWS, LAST_STEP_OVERFLOWS}) {
            Path spec = dir.resolve("s.nn");
            Files.writeString(spec, text);
            Path out = dir.resolve("out");
            for (String backend : new String[] {"generated", "interpreter"}) {
                CommandLineTestAccess.Result r = CommandLineTestAccess.run("train", spec.toString(), "--out",
                        out.toString(), "--no-plots", "--backend", backend);
                assertEquals(1, r.code(), r.err());
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().startsWith(spec + ": training diverged: "), r.err());
                assertTrue(r.err().contains(" at epoch 1, step "), r.err());
                assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
                assertFalse(Files.exists(out), "nothing written");
            }
        }
    }
}
