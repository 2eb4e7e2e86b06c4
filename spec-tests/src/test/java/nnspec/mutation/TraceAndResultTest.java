package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnspec.diagnostics.SpecException;
import nnspec.pipeline.Backend;
import nnspec.read.SpecReader;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Model;
import nnspec.runtime.Trace;
import org.junit.jupiter.api.Test;

/**
 * The trace's spelling of infinities, as README's "Trace format" states it (Java's {@code Infinity}, which
 * {@link Double#parseDouble} reads back), and the value semantics of {@link EpochResult}: a record whose arrays are
 * compared, hashed and printed by content (the contract of {@link Object#equals} and {@link Object#hashCode}).
 */
class TraceAndResultTest {
    @Test
    void anInfiniteNumberIsWrittenInfinityInTheCsvAndTheTable() throws SpecException {
        Model model = Backend.INTERPRETER.create(SpecReader.parse("inf.nn", "network Inf {\n  input 1\n"
                + "  dense 1 linear weights [[1]] bias [0]\n}\ntrain {\n  loss mse\n  optimizer sgd lr 0.1\n"
                + "  epochs 1\n}\ndata {\n  1 -> 1\n}\n"));
        Trace trace = new Trace(model);
        assertEquals(List.of("epoch", "step", "x[0]", "y[0]", "yhat[0]", "z", "loss", "dense1.w[0][0]", "dense1.b[0]"),
                trace.columns());
        model.forward(new double[] {2}, new double[1]);
        trace.afterStep(1, 1, 1, new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.NEGATIVE_INFINITY},
                new double[] {0.5}, Double.POSITIVE_INFINITY, model);
        String[] csv = trace.toCsv().split("\n")[1].split(",", -1);
        assertEquals("Infinity", csv[2]);
        assertEquals("-Infinity", csv[3]);
        assertEquals("Infinity", csv[6]);
        assertEquals(Double.POSITIVE_INFINITY, Double.parseDouble(csv[2]));
        assertEquals(Double.NEGATIVE_INFINITY, Double.parseDouble(csv[3]));
        assertEquals("Infinity", Trace.rounded(Double.POSITIVE_INFINITY, 3));
        assertEquals("-Infinity", Trace.rounded(Double.NEGATIVE_INFINITY, 0));
        assertEquals("", Trace.rounded(Double.NaN, 3));
    }

    @Test
    void epochResultsAreEqualExactlyWhenEveryComponentIs() {
        EpochResult a = new EpochResult(3, 0.25, 0.5, 2, new int[] {0, 1}, new int[] {1, 1});
        EpochResult same = new EpochResult(3, 0.25, 0.5, 2, new int[] {0, 1}, new int[] {1, 1});
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertEquals(a.toString(), same.toString());
        List<EpochResult> others = List.of(
                new EpochResult(4, 0.25, 0.5, 2, new int[] {0, 1}, new int[] {1, 1}),
                new EpochResult(3, 0.5, 0.5, 2, new int[] {0, 1}, new int[] {1, 1}),
                new EpochResult(3, 0.25, 1.0, 2, new int[] {0, 1}, new int[] {1, 1}),
                new EpochResult(3, 0.25, 0.5, 3, new int[] {0, 1}, new int[] {1, 1}),
                new EpochResult(3, 0.25, 0.5, 2, new int[] {1, 1}, new int[] {1, 1}),
                new EpochResult(3, 0.25, 0.5, 2, new int[] {0, 1}, new int[] {0, 1}));
        for (EpochResult other : others) {
            assertNotEquals(a, other, other.toString());
            assertNotEquals(a.toString(), other.toString());
        }
        assertNotEquals(a, "EpochResult");
        // NaN losses compare equal (Double.compare), so a result without a loss equals itself
        assertEquals(new EpochResult(1, Double.NaN, Double.NaN), new EpochResult(1, Double.NaN, Double.NaN));
        // content hashing: equal arrays in different objects, and a hash that is not one constant
        assertNotEquals(new EpochResult(1, 0.0, 0.0).hashCode(), new EpochResult(2, 0.0, 0.0).hashCode());
        assertTrue(a.toString().contains("predicted=[0, 1]") && a.toString().contains("actual=[1, 1]"), a.toString());
    }
}
