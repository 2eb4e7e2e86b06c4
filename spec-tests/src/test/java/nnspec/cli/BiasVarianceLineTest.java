package nnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import nnspec.interpret.Interpreter;
import nnspec.model.Spec;
import nnspec.pipeline.Prepared;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import nnspec.runtime.InputScaling;
import nnspec.runtime.Model;
import nnspec.support.HandCounted;
import org.junit.jupiter.api.Test;

/**
 * The bias and variance estimates of 002_db2ef66716d01cf4.txt ("How to estimate bias and variance?") that
 * {@code nnspec train} prints with {@code human_error}, from errors counted by hand: the three-class network of
 * MetricsCommandTest (literal weights, z = (x0, x1, -x0 - x1)) gets rows 4, 5 and 6 of HandCounted's data wrong.
 */
class BiasVarianceLineTest {
    @Test
    void avoidableBiasAndVarianceFromTheHandCountedErrors() throws Exception {
        Spec spec = SpecReader.parse("three.nn", """
                network Three {
                  input 2
                  dense 3 softmax weights [[1, 0], [0, 1], [-1, -1]] bias [0, 0, 0]
                }
                train { loss cce optimizer sgd lr 1e-300 epochs 1 }
                """ + HandCounted.THREE_CLASS_DATA + "human_error 0.2\n");
        Model model = new Interpreter(spec.network(), spec.train());
        double[][] x = {{2, 0}, {0, 2}, {-1, -1}, {2, 0}, {0, 3}, {-2, -1}, {1, 3}, {3, 1}};
        double[][] y = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}};
        // training rows 1-4 (row 4 wrong: error 1/4), validation rows 5-8 (rows 5 and 6 wrong: 2/4)
        Dataset training = new Dataset(java.util.Arrays.copyOfRange(x, 0, 4), java.util.Arrays.copyOfRange(y, 0, 4));
        Dataset validation = new Dataset(java.util.Arrays.copyOfRange(x, 4, 8), java.util.Arrays.copyOfRange(y, 4, 8));
        Prepared data = new Prepared(spec, Path.of("three.nn"), training, validation,
                new Dataset(new double[0][], new double[0][]), InputScaling.NONE, List.of(), List.of(), training);
        // avoidable bias 0.25 - 0.2 = 0.05, variance 0.5 - 0.25 = 0.25: the variance is the larger gap
        assertEquals(List.of("bias and variance (002): human error 0.2000, training error 0.2500, validation error"
                + " 0.5000: avoidable bias 0.0500, variance 0.2500: low bias high variance"),
                TrainCommand.biasAndVariance(model, data, spec.workflow().humanError().orElseThrow()));
    }
}
