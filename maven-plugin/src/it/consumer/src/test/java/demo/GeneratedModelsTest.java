package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import demo.checks.Or;
import demo.gates.And;
import nnspec.runtime.EpochResult;
import org.junit.jupiter.api.Test;

class GeneratedModelsTest {
    private static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

    @Test
    void xorTrainsToEveryAnswerRight() {
        Xor xor = new Xor();
        EpochResult last = xor.train(X, new double[][] {{0}, {1}, {1}, {0}});
        assertEquals(1000, last.epoch());
        assertEquals(1.0, last.accuracy());
        int[] expected = {0, 1, 1, 0};
        for (int n = 0; n < X.length; n++) {
            assertEquals(expected[n], xor.predictClass(X[n]), "sample " + n);
        }
    }

    @Test
    void thePerceptronsLearnAndAndOr() {
        And and = new And();
        assertEquals(1.0, and.train(X, new double[][] {{0}, {0}, {0}, {1}}).accuracy());
        Or or = new Or();
        assertEquals(1.0, or.train(X, new double[][] {{0}, {1}, {1}, {1}}).accuracy());
    }
}
