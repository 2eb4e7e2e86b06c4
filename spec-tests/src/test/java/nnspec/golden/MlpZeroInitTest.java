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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The multi-layer perceptron example of 000_a379626a3ad4bd0a.txt, "Example: multi-layer perceptron training",
 * with every weight 0: 2-2-1, ReLU hidden, sigmoid output, binary cross-entropy (natural log), SGD, eta = 0.1.
 *
 * <p>Oracle: with zero weights every hidden z is 0, ReLU(0) = 0 and ReLU'(0) = 0, so no hidden weight and neither
 * output weight ever receives a gradient and the network is the single bias b3: z = b3, yhat = 1 / (1 + e^-b3),
 * L = -[y ln yhat + (1 - y) ln(1 - yhat)], b3 := b3 - eta (yhat - y). The test iterates that recursion itself.
 */
class MlpZeroInitTest {
    private static final int[][] AND = {{0, 0, 0}, {0, 1, 0}, {1, 0, 0}, {1, 1, 1}};
    private static final String[] FROZEN = {"dense1.w[0][0]", "dense1.w[0][1]", "dense1.b[0]", "dense1.w[1][0]",
            "dense1.w[1][1]", "dense1.b[1]", "dense2.w[0][0]", "dense2.w[0][1]"};

    private static Map<String, Double> scalarOracle() {
        Map<String, Double> cells = new HashMap<>();
        double b3 = 0.0;
        for (int epoch = 1; epoch <= 100; epoch++) {
            for (int step = 1; step <= 4; step++) {
                int[] s = AND[step - 1];
                double z = b3;
                double yhat = 1.0 / (1.0 + Math.exp(-z));
                double loss = -(s[2] * Math.log(yhat) + (1 - s[2]) * Math.log(1.0 - yhat));
                b3 = b3 - 0.1 * (yhat - s[2]);
                String key = epoch + "/" + step + "/";
                cells.put(key + "x[0]", (double) s[0]);
                cells.put(key + "x[1]", (double) s[1]);
                cells.put(key + "y[0]", (double) s[2]);
                cells.put(key + "z", z);
                cells.put(key + "yhat[0]", yhat);
                cells.put(key + "loss", loss);
                cells.put(key + "dense2.b[0]", b3);
                for (String frozen : FROZEN) {
                    cells.put(key + frozen, 0.0);
                }
            }
        }
        return cells;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyPrintedCellMatchesOrIsAnErratum(Backend backend) throws Exception {
        Trace trace = Job.load(Repo.goldenSpec("mlp-zero-init")).trace(backend);
        Map<String, Double> oracle = scalarOracle();
        // 1e-12: the oracle uses Math, nnspec StrictMath and a fused delta; they differ in the last bits only
        DocumentCheck.check(DocumentTable.read("mlp-zero-init"), trace,
                (epoch, step, column) -> oracle.get(epoch + "/" + step + "/" + column), Errata.read(), 1e-12);
    }

    @Test
    void hiddenWeightsNeverLeaveZero() throws Exception {
        Trace trace = Job.load(Repo.goldenSpec("mlp-zero-init")).trace(Backend.INTERPRETER);
        assertEquals(400, trace.rows().size());
        for (double[] row : trace.rows()) {
            for (String frozen : FROZEN) {
                assertEquals(0.0, row[trace.column(frozen)], 0.0, frozen);
            }
        }
    }
}
