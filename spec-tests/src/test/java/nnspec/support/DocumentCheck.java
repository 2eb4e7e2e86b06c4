package nnspec.support;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnspec.runtime.Trace;
import org.junit.jupiter.api.function.Executable;

/**
 * Checks a trace against a transcribed document table, cell by cell, at the precision each cell is printed
 * with, and against an independent oracle in full precision. A cell listed in the errata must read as the
 * erratum's printed value, and both the trace and the oracle must round to the erratum's correct value.
 */
public final class DocumentCheck {
    /** The value a column should have at a row, from a source other than the code under test. */
    @FunctionalInterface
    public interface Oracle {
        double value(int epoch, int step, String column);
    }

    private DocumentCheck() {
    }

    public static void check(DocumentTable table, Trace trace, Oracle oracle, Errata errata, double oracleTolerance) {
        List<Executable> checks = new ArrayList<>();
        Set<String> usedErrata = new HashSet<>();
        for (Map<String, String> row : table.rows()) {
            int epoch = Integer.parseInt(row.get("epoch"));
            int step = Integer.parseInt(row.get("step"));
            double[] traceRow = findRow(trace, epoch, step);
            for (String column : table.columns()) {
                if (column.equals("line") || column.equals("epoch") || column.equals("step")) {
                    continue;
                }
                String printed = row.get(column);
                double computed = cell(trace, traceRow, column);
                double expected = oracle.value(epoch, step, column);
                String where = table.name() + " line " + row.get("line") + " (epoch " + epoch + ", step " + step
                        + ") column " + column;
                checks.add(() -> assertEquals(expected, computed, oracleTolerance * Math.max(1.0, Math.abs(expected)),
                        where + ": trace disagrees with the independent oracle"));
                var erratum = errata.find(table.name(), epoch, step, column);
                int digits = DocumentTable.decimals(printed);
                if (erratum.isPresent()) {
                    usedErrata.add(erratum.get().id());
                    String correct = erratum.get().correct();
                    checks.add(() -> {
                        assertEquals(erratum.get().printed(), printed, where + ": erratum "
                                + erratum.get().id() + " records another printed value than the transcription");
                        assertTrue(sameNumber(round(expected, digits), correct), where + ": erratum "
                                + erratum.get().id() + " says " + correct + " but the oracle gives " + expected);
                        assertTrue(sameNumber(round(computed, digits), correct), where + ": erratum "
                                + erratum.get().id() + " says " + correct + " but the trace gives " + computed);
                        assertTrue(!sameNumber(correct, printed), where + ": erratum " + erratum.get().id()
                                + " is not an erratum: printed and correct agree");
                    });
                } else {
                    checks.add(() -> assertTrue(sameNumber(round(computed, digits), printed),
                            where + ": document prints " + printed + ", nnspec computes " + computed
                                    + " (rounds to " + round(computed, digits) + "); if the document is wrong,"
                                    + " prove it and add an ERRATUM row to golden/claims.csv"));
                }
            }
        }
        for (Errata.Entry e : errata.forTable(table.name())) {
            checks.add(() -> assertTrue(usedErrata.contains(e.id()),
                    "erratum " + e.id() + " names no cell of the transcription " + table.name()));
        }
        assertAll(table.name(), checks);
    }

    static double[] findRow(Trace trace, int epoch, int step) {
        int e = trace.column("epoch");
        int s = trace.column("step");
        for (double[] row : trace.rows()) {
            if (row[e] == epoch && row[s] == step) {
                return row;
            }
        }
        return fail("the trace has no row for epoch " + epoch + ", step " + step);
    }

    /** A trace cell; {@code y-yhat} is the perceptron table's error column, derived from two trace columns. */
    static double cell(Trace trace, double[] row, String column) {
        if (column.equals("y-yhat")) {
            return row[trace.column("y[0]")] - row[trace.column("yhat[0]")];
        }
        return row[trace.column(column)];
    }

    /** Rounded half-even on the exact binary value, as a plain decimal string. */
    public static String round(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Equal as numbers: "+1" and "1", "-0.0" and "0.0" are the same. */
    public static boolean sameNumber(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    }
}
