package nnspec.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Trace;
import nnspec.support.DocumentCheck;
import nnspec.support.DocumentTable;
import nnspec.support.Errata;
import nnspec.support.Repo;
import org.apache.commons.numbers.fraction.Fraction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The perceptron worked example of 000_a379626a3ad4bd0a.txt, "Example: perceptron training": AND, w1 = w2 = b = 0,
 * learning rate 0.1, one sample per update, six epochs. The oracle replays the rule w := w + eta (y - yhat) x in
 * exact rational arithmetic, so no rounding can hide a wrong cell.
 */
class PerceptronAndTest {
    private static final int[][] AND = {{0, 0, 0}, {0, 1, 0}, {1, 0, 0}, {1, 1, 1}};

    /** Trace column values per (epoch, step), exact. */
    private static Map<String, Fraction> exactTrace() {
        Map<String, Fraction> cells = new HashMap<>();
        Fraction eta = Fraction.of(1, 10);
        Fraction w1 = Fraction.ZERO;
        Fraction w2 = Fraction.ZERO;
        Fraction b = Fraction.ZERO;
        for (int epoch = 1; epoch <= 6; epoch++) {
            for (int step = 1; step <= 4; step++) {
                int[] s = AND[step - 1];
                Fraction z = w1.multiply(s[0]).add(w2.multiply(s[1])).add(b);
                int yhat = z.signum() > 0 ? 1 : 0;
                int error = s[2] - yhat;
                w1 = w1.add(eta.multiply(error * s[0]));
                w2 = w2.add(eta.multiply(error * s[1]));
                b = b.add(eta.multiply(error));
                String key = epoch + "/" + step + "/";
                cells.put(key + "x[0]", Fraction.of(s[0]));
                cells.put(key + "x[1]", Fraction.of(s[1]));
                cells.put(key + "y[0]", Fraction.of(s[2]));
                cells.put(key + "z", z);
                cells.put(key + "yhat[0]", Fraction.of(yhat));
                cells.put(key + "y-yhat", Fraction.of(error));
                cells.put(key + "dense1.w[0][0]", w1);
                cells.put(key + "dense1.w[0][1]", w2);
                cells.put(key + "dense1.b[0]", b);
            }
        }
        return cells;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyPrintedCellMatchesOrIsAnErratum(Backend backend) throws Exception {
        Trace trace = Job.load(Repo.goldenSpec("perceptron-and")).trace(backend);
        Map<String, Fraction> exact = exactTrace();
        DocumentCheck.check(DocumentTable.read("perceptron-and"), trace,
                (epoch, step, column) -> exact.get(epoch + "/" + step + "/" + column).doubleValue(),
                Errata.read(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void traceHasTwentyFourStepsEndingAtTheFinalPerceptronForm(Backend backend) throws Exception {
        Trace trace = Job.load(Repo.goldenSpec("perceptron-and")).trace(backend);
        assertEquals(24, trace.rows().size());
        double[] last = trace.rows().get(23);
        // the final form printed by the document: w1 = 0.2, w2 = 0.1, b = -0.2
        assertEquals(0.2, last[trace.column("dense1.w[0][0]")], 1e-12);
        assertEquals(0.1, last[trace.column("dense1.w[0][1]")], 1e-12);
        assertEquals(-0.2, last[trace.column("dense1.b[0]")], 1e-12);
    }
}
