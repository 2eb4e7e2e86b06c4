package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Evaluation;
import nnspec.pipeline.Fitting;
import nnspec.pipeline.Prepared;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingListener;
import nnspec.support.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The examples learn their data: each trains as {@code nnspec train} does (generated back end, the spec's seeded
 * split, scaling and early stopping) and is measured on its 20% test part, which training never saw. The data sets
 * are in examples/data (a fresh clone has them).
 */
class ExamplesAccuracyTest {

    private static Fitting train(String example) throws Exception {
        Path file = Repo.root().resolve("examples").resolve(example + ".nn");
        Spec spec = SpecReader.read(file);
        Model model = Backend.GENERATED.create(spec);
        Prepared data = Fitting.prepare(spec, file, model);
        return Fitting.fit(spec, model, data, new TrainingListener() {
        });
    }

    @ParameterizedTest
    @CsvSource({"iris, 30, 0.95", "breast-cancer, 113, 0.95", "wine, 36, 0.95", "digits, 359, 0.96"})
    void heldOutTestAccuracy(String example, int testSamples, double least) throws Exception {
        Fitting fit = train(example);
        assertEquals(testSamples, fit.data().test().size(), "a 20% test part");
        Evaluation test = Evaluation.of(fit.spec(), fit.model(), fit.data().test());
        assertTrue(test.result().accuracy() >= least, example + " test accuracy " + test.result().accuracy());
    }

    @Test
    void theRegressionExplainsMostOfThePetalWidthVariance() throws Exception {
        // against the baseline of predicting the test part's own mean (MSE = its variance): R^2 >= 0.85 (a least-squares
        // plane on the same three measurements explains 0.938 of it over all 150 samples, by numpy.linalg.lstsq)
        Fitting fit = train("iris-petal-width");
        Evaluation test = Evaluation.of(fit.spec(), fit.model(), fit.data().test());
        double[][] y = fit.data().test().y();
        double mean = 0;
        for (double[] row : y) {
            mean += row[0] / y.length;
        }
        double variance = 0;
        for (double[] row : y) {
            variance += (row[0] - mean) * (row[0] - mean) / y.length;
        }
        assertTrue(1 - test.mse() / variance >= 0.85, "R^2 " + (1 - test.mse() / variance));
    }
}
