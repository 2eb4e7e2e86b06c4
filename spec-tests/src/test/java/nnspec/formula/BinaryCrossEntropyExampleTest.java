package nnspec.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import nnspec.runtime.Losses;
import nnspec.support.DocumentCheck;
import org.junit.jupiter.api.Test;

/**
 * 001_aa0c02345369f2d3.txt, "Binary cross entropy": a cat detector 80% sure of a cat that is there (y = 1,
 * p = 0.8) and 10% sure of a cat that is not (y = 0, p = 0.1), printed as losses 0.32 and 0.15. The slide writes
 * "log" without a base; only base 2 reproduces both values: -log2(0.8) = 0.3219 and -log2(0.9) = 0.1520. In the
 * natural log that every framework uses (PyTorch BCELoss, Keras binary_crossentropy) they are 0.2231 and 0.1054.
 */
class BinaryCrossEntropyExampleTest {
    @Test
    void bceInBitsReproducesThePrintedValues() {
        assertEquals("0.32", DocumentCheck.round(Losses.binaryCrossEntropy(0.8, 1.0, 2.0), 2));
        assertEquals("0.15", DocumentCheck.round(Losses.binaryCrossEntropy(0.1, 0.0, 2.0), 2));
    }

    @Test
    void bceInBitsEqualsTheClosedForm() {
        // -log2(p) = -ln(p) / ln(2), with Math (not the code under test) for the logs
        assertEquals(-Math.log(0.8) / Math.log(2.0), Losses.binaryCrossEntropy(0.8, 1.0, 2.0), 1e-15);
        assertEquals(-Math.log(0.9) / Math.log(2.0), Losses.binaryCrossEntropy(0.1, 0.0, 2.0), 1e-15);
    }

    @Test
    void naturalLogGivesTheFrameworksValuesNotThePrintedOnes() {
        double case1 = Losses.binaryCrossEntropy(0.8, 1.0, Math.E);
        double case2 = Losses.binaryCrossEntropy(0.1, 0.0, Math.E);
        // -ln 0.8 = ln 1.25 = 0.2231435513142097557... and -ln 0.9 = ln(10/9) = 0.1053605156578263012...
        assertEquals(0.22314355131420976, case1, 1e-15);
        assertEquals(0.10536051565782630, case2, 1e-15);
        assertNotEquals("0.32", DocumentCheck.round(case1, 2));
        assertNotEquals("0.15", DocumentCheck.round(case2, 2));
    }

    @Test
    void base10DoesNotReproduceThemEither() {
        assertNotEquals("0.32", DocumentCheck.round(Losses.binaryCrossEntropy(0.8, 1.0, 10.0), 2));
        assertNotEquals("0.15", DocumentCheck.round(Losses.binaryCrossEntropy(0.1, 0.0, 10.0), 2));
    }
}
