package nnspec.gradient;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.support.BatchLoss;
import nnspec.support.Repo;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated backward pass of the 2-2-1 ReLU / sigmoid / binary cross-entropy network of
 * golden/specs/mlp-zero-init.nn against finite differences of the loss (mean over the four AND samples), from
 * Commons Math's 5-point {@link FiniteDifferencesDifferentiator} with step 1e-3, whose error is O(h^4).
 */
class MlpGradientTest {
    private static final double TOLERANCE = 1e-7;
    private static final double STEP = 1e-3;
    /** Random points keep every hidden z at least this far from ReLU's kink, beyond the stencil's reach 2h. */
    private static final double KINK_MARGIN = 0.05;

    @Test
    void gradientAtZeroWeightsMatchesFiniteDifferences() throws Exception {
        Job job = Job.load(Repo.goldenSpec("mlp-zero-init"));
        Model model = Backend.GENERATED.create(job.spec());
        // the spec's own initialisation: all zeros
        assertMatchesFiniteDifferences(model, job.data(), "zero weights");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void gradientAtRandomWeightsMatchesFiniteDifferences(long seed) throws Exception {
        Job job = Job.load(Repo.goldenSpec("mlp-zero-init"));
        Model model = Backend.GENERATED.create(job.spec());
        Random random = new Random(seed);
        double[] p = model.parameters();
        do {
            for (int k = 0; k < p.length; k++) {
                p[k] = 2.0 * random.nextDouble() - 1.0;
            }
        } while (!clearOfKinks(p, job.data()));
        assertMatchesFiniteDifferences(model, job.data(), "seed " + seed + " weights " + java.util.Arrays.toString(p));
    }

    /** Hidden pre-activations z_j = w[j][0] x0 + w[j][1] x1 + b_j of the layout dense1.w, dense1.b. */
    private static boolean clearOfKinks(double[] p, Dataset data) {
        for (double[] x : data.x()) {
            for (int j = 0; j < 2; j++) {
                double z = p[2 * j] * x[0] + p[2 * j + 1] * x[1] + p[4 + j];
                if (Math.abs(z) < KINK_MARGIN) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertMatchesFiniteDifferences(Model model, Dataset data, String where) {
        double[] analytic = BatchLoss.meanGradient(model, data);
        double[] p = model.parameters();
        FiniteDifferencesDifferentiator differentiator = new FiniteDifferencesDifferentiator(5, STEP);
        List<Executable> checks = new ArrayList<>();
        for (int k = 0; k < p.length; k++) {
            int index = k;
            double centre = p[k];
            UnivariateFunction lossAlongK = t -> {
                double saved = p[index];
                p[index] = t;
                double loss = BatchLoss.meanLoss(model, data);
                p[index] = saved;
                return loss;
            };
            UnivariateDifferentiableFunction d = differentiator.differentiate(lossAlongK);
            double numeric = d.value(new DerivativeStructure(1, 1, 0, centre)).getPartialDerivative(1);
            double error = Math.abs(analytic[k] - numeric);
            double scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric));
            checks.add(() -> assertTrue(error <= TOLERANCE * scale || error <= 1e-12,
                    where + ": " + model.parameterName(index) + " analytic " + analytic[index] + ", numeric " + numeric
                            + ", relative error " + (error / scale)));
        }
        assertAll(checks);
    }
}
