package nnspec.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import nnspec.pipeline.Backend;
import nnspec.runtime.Decision;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Metrics;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.support.HandCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-sample classes that {@link Trainer#evaluate} records for the classification metrics, and {@link
 * Decision#classOf}, on networks with literal weights evaluated without training (classes worked out by hand).
 */
class EvaluationClassesTest {
    // z = x0 - x1 of one sigmoid unit: 2, 2, 3 (target 1), -2, -2 (target 1), 1, -1, -3, -1, -2 (target 0)
    private static final String BINARY = """
            network Bin { input 2  dense 1 sigmoid weights [[1, -1]] bias [0] }
            train { loss bce  optimizer sgd lr 0.1  epochs 1 }
            """ + HandCounted.BINARY_DATA;

    // z = (x0, x1, -x0 - x1), arg-max per row: 0, 1, 2, 0, 1, 2, 1, 0
    private static final String THREE = """
            network Three { input 2  dense 3 softmax weights [[1, 0], [0, 1], [-1, -1]] }
            train { loss cce  optimizer sgd lr 0.1  epochs 1 }
            """ + HandCounted.THREE_CLASS_DATA;

    private static EpochResult evaluate(String text, Backend backend) {
        RandomSpecs.Case c = RandomSpecs.read("hand-worked", 0, text);
        Model model = backend.create(c.spec());
        return Trainer.evaluate(model, c.data(), 1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBinaryClassifiersClassesAreThoseOfItsThreshold(Backend backend) {
        EpochResult r = evaluate(BINARY, backend);
        assertEquals(2, r.classes());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 1, 0, 0, 0, 0}, r.predicted());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, r.actual());
        assertEquals(new Metrics.Binary(3, 1, 2, 4), r.binary());
        assertEquals(0.3, r.classificationError(), 1e-15);
        assertEquals(0.7, r.accuracy(), 1e-15);
        // class 0 first: m[predicted][actual]
        assertArrayEquals(new long[][] {{4, 2}, {1, 3}}, r.confusionMatrix());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aThreeClassClassifiersClassesAreTheArgMaxes(Backend backend) {
        EpochResult r = evaluate(THREE, backend);
        assertEquals(3, r.classes());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 1, 0}, r.predicted());
        assertArrayEquals(new int[] {0, 1, 2, 1, 2, 0, 1, 0}, r.actual());
        assertEquals(0.375, r.classificationError(), 0.0);
        assertEquals(0.625, r.accuracy(), 0.0);
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 1}, {1, 0, 1}}, r.confusionMatrix());
        assertThrows(IllegalStateException.class, r::binary, "binary counts need two classes");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRegressionRecordsNoClasses(Backend backend) {
        EpochResult r = evaluate("network R { input 1  dense 1 linear weights [[2]] }\n"
                + "train { loss mse  optimizer sgd lr 0.1  epochs 1 }\ndata {\n  1 -> 2\n  2 -> 3\n}\n", backend);
        assertFalse(r.hasClasses());
        assertEquals(0, r.predicted().length);
        assertEquals(0, r.actual().length);
        assertTrue(Double.isNaN(r.accuracy()));
        assertTrue(Double.isNaN(r.classificationError()));
        assertThrows(IllegalStateException.class, r::confusionMatrix);
        assertEquals(0.5, r.loss(), 1e-15, "squared errors 0 and 1");
    }

    @Test
    void theThreeNumberConstructorStillMakesAResultWithoutClasses() {
        EpochResult r = new EpochResult(4, 0.25, 0.5);
        assertEquals(4, r.epoch());
        assertEquals(0.25, r.loss(), 0.0);
        assertEquals(0.5, r.accuracy(), 0.0);
        assertFalse(r.hasClasses());
        assertEquals(r, new EpochResult(4, 0.25, 0.5));
    }

    @Test
    void theRecordedClassesCannotBeChangedFromOutside() {
        int[] predicted = {1, 0};
        EpochResult r = new EpochResult(1, Double.NaN, 0.5, 2, predicted, new int[] {1, 1});
        predicted[1] = 1;
        r.predicted()[0] = 0;
        assertArrayEquals(new int[] {1, 0}, r.predicted());
        assertEquals(new EpochResult(1, Double.NaN, 0.5, 2, new int[] {1, 0}, new int[] {1, 1}), r);
        assertThrows(IllegalArgumentException.class,
                () -> new EpochResult(1, 0.0, 0.0, 2, new int[] {1}, new int[] {1, 0}));
    }

    @Test
    void classOfSplitsAtTheThresholdsAndTakesTheFirstLargest() {
        assertEquals(0, Decision.THRESHOLD_HALF.classOf(new double[] {0.5}), "0.5 is not above 0.5");
        assertEquals(1, Decision.THRESHOLD_HALF.classOf(new double[] {Math.nextUp(0.5)}));
        assertEquals(0, Decision.THRESHOLD_ZERO.classOf(new double[] {0.0}));
        assertEquals(0, Decision.THRESHOLD_ZERO.classOf(new double[] {-1.0}));
        assertEquals(1, Decision.THRESHOLD_ZERO.classOf(new double[] {Double.MIN_VALUE}));
        assertEquals(1, Decision.ARGMAX.classOf(new double[] {1, 3, 3}), "first of a tie");
        assertEquals(2, Decision.ARGMAX.classOf(new double[] {-5, -4, -1}));
        assertThrows(IllegalStateException.class, () -> Decision.NONE.classOf(new double[] {1}));
        assertEquals(2, Decision.THRESHOLD_HALF.classes(1));
        assertEquals(2, Decision.THRESHOLD_ZERO.classes(1));
        assertEquals(5, Decision.ARGMAX.classes(5));
        assertEquals(0, Decision.NONE.classes(3));
    }

    @Test
    void classOfAgreesWithCorrectOnSeededVectors() {
        // values drawn from a small set so that ties and the thresholds themselves come up often
        double[] values = {-1.0, -0.5, 0.0, 0.25, 0.5, 0.75, 1.0};
        Random random = new Random(20240917L);
        for (Decision d : new Decision[] {Decision.THRESHOLD_HALF, Decision.THRESHOLD_ZERO, Decision.ARGMAX}) {
            for (int i = 0; i < 2000; i++) {
                int n = d == Decision.ARGMAX ? 2 + random.nextInt(3) : 1;
                double[] a = new double[n];
                double[] b = new double[n];
                for (int k = 0; k < n; k++) {
                    a[k] = values[random.nextInt(values.length)];
                    b[k] = values[random.nextInt(values.length)];
                }
                assertEquals(d.correct(a, b), d.classOf(a) == d.classOf(b), d + " " + a[0] + " " + b[0]);
            }
        }
    }
}
