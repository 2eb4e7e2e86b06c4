package nnspec.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnspec.diagnostics.SpecException;
import nnspec.lower.BatchWise;
import nnspec.lower.NumericMode;
import nnspec.lower.Plan;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.EpochResult;
import nnspec.runtime.Model;
import nnspec.runtime.TrainingListener;
import nnspec.support.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example and golden spec trained to its last epoch in the fast numeric mode: each of the first
 * {@link #COMPARED_EPOCHS} epochs' loss within {@link #TRAINED_RELATIVE} of the strict run (the conformance suite's
 * reference), on both back ends; and the two back ends in fast mode agreeing on every epoch's loss and every final
 * parameter as closely as they must in strict mode (1e-12 relative, README), since they run the same fast kernels.
 * The bound is the kernels' tolerance (FastTwinsTest, at most 2e-13 relative per call) grown by a few epochs of
 * training. Later epochs are not compared with strict: training amplifies the first steps' differences without
 * bound (wine.nn's loss differs by 1.5e-11 at epoch 17 and 1.7e-9 at epoch 22), so a bound there would measure the
 * run's sensitivity, not the kernels.
 */
class FastModeExamplesTest {
    static final double TRAINED_RELATIVE = 1e-11;
    static final int COMPARED_EPOCHS = 10;
    static final double BACK_ENDS_RELATIVE = 1e-12;

    static Stream<Path> specs() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Repo.root().resolve("examples"), Repo.golden().resolve("specs"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 4, "the example and golden specs: " + files);
        return files.stream();
    }

    record Run(List<Double> losses, double[] parameters) {
    }

    static Run train(Job job, Backend backend, NumericMode mode) {
        return train(job, backend.create(job.spec(), mode));
    }

    static Run train(Job job, Model model) {
        return train(job, model, Job.plan(job.spec().train()));
    }

    static Run train(Job job, Model model, nnspec.runtime.TrainingPlan plan) {
        List<Double> losses = new ArrayList<>();
        nnspec.runtime.Trainer.train(model, job.data(), plan, new TrainingListener() {
            @Override
            public void afterEpoch(EpochResult result, Model m) {
                losses.add(result.loss());
            }
        });
        return new Run(losses, model.parameters().clone());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void fastTrainsWithinTheStatedToleranceOfStrictOnBothBackEnds(Path file) throws SpecException {
        Job job = Job.load(file);
        Run strict = train(job, Backend.INTERPRETER, NumericMode.STRICT);
        Run fastInterpreter = train(job, Backend.INTERPRETER, NumericMode.FAST);
        Run fastGenerated = train(job, Backend.GENERATED, NumericMode.FAST);
        for (Run fast : List.of(fastInterpreter, fastGenerated)) {
            String run = file.getFileName() + (fast == fastGenerated ? " generated" : " interpreter");
            assertEquals(strict.losses().size(), fast.losses().size());
            for (int e = 0; e < Math.min(COMPARED_EPOCHS, strict.losses().size()); e++) {
                close(run + ", loss of epoch " + (e + 1), strict.losses().get(e), fast.losses().get(e),
                        TRAINED_RELATIVE);
            }
            for (int e = 0; e < fast.losses().size(); e++) {
                close(run + ", loss of epoch " + (e + 1) + " against the fast interpreter's",
                        fastInterpreter.losses().get(e), fast.losses().get(e), BACK_ENDS_RELATIVE);
            }
            for (int k = 0; k < strict.parameters().length; k++) {
                close(run + ", parameter " + k + " against the fast interpreter's", fastInterpreter.parameters()[k],
                        fast.parameters()[k], BACK_ENDS_RELATIVE);
            }
        }
    }

    /**
     * Where the fast mode steps by whole batches (BatchWise: large dense layers, batches of more than one), the
     * batch-wise steps give the per-sample steps' bits on both back ends: every epoch's loss and every final
     * parameter the same double, over the first {@link #COMPARED_EPOCHS} epochs (hundreds of steps; a difference in
     * any bit would not shrink back to zero in later ones). The batched forward kernel keeps each sample's order of its partial sums and the
     * backward kernels add each element's terms in sample order (FastTwinsTest checks each kernel the same way), so
     * any difference here is a bug, not rounding. The comparison with strict above covers the batch-wise runs too.
     * The per-sample run is the same model behind {@link PerSample}, which hides its batch methods from the trainer.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void batchWiseStepsGiveThePerSampleStepsBits(Path file) throws SpecException {
        Job job = Job.load(file);
        Plan fast = NumericMode.FAST.apply(Plan.of(job.spec().network(), job.spec().train()));
        for (Backend backend : List.of(Backend.INTERPRETER, Backend.GENERATED)) {
            Model batchWise = backend.create(job.spec(), NumericMode.FAST);
            assertEquals(BatchWise.pays(fast), batchWise.stepsByBatch() && !batchWise.couplesBatch(),
                    file + " " + backend + ": steps by batch exactly when BatchWise says it pays");
            if (!BatchWise.pays(fast)) {
                continue;
            }
            // the spec's plan cut to its first epochs: hundreds of steps, partial last batches included, in seconds
            nnspec.runtime.TrainingPlan spec = Job.plan(job.spec().train());
            nnspec.runtime.TrainingPlan plan = new nnspec.runtime.TrainingPlan(Math.min(spec.epochs(),
                    COMPARED_EPOCHS), spec.batchSize(), spec.shuffle(), spec.seed(), spec.schedule(),
                    spec.schedulePerStep(), spec.meanOverSamples());
            Run byBatch = train(job, batchWise, plan);
            Run bySample = train(job, new PerSample(backend.create(job.spec(), NumericMode.FAST)), plan);
            assertEquals(bySample.losses(), byBatch.losses(), file + " " + backend + ": every epoch's loss");
            for (int k = 0; k < bySample.parameters().length; k++) {
                assertEquals(Double.doubleToRawLongBits(bySample.parameters()[k]),
                        Double.doubleToRawLongBits(byBatch.parameters()[k]), file + " " + backend + ": parameter "
                                + k);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void anExampleStepsByBatchInFastModeAndNoneInStrict() throws Exception {
        List<Path> paying = new ArrayList<>();
        for (Path file : specs().toList()) {
            Job job = Job.load(file);
            Plan plan = Plan.of(job.spec().network(), job.spec().train());
            assertFalse(BatchWise.pays(plan), file + ": strict mode never steps by batch for speed");
            assertFalse(Backend.GENERATED.create(job.spec(), NumericMode.STRICT).stepsByBatch()
                    && !plan.batchCoupled(), file + ": a strict generated class steps sample by sample");
            if (BatchWise.pays(NumericMode.FAST.apply(plan))) {
                paying.add(file.getFileName());
            }
        }
        // digits.nn: 64-64 relu, 64-10 softmax, batches of 32; the others are small, take batches of one, or draw
        assertEquals(List.of(Path.of("digits.nn")), paying);
    }

    /** A model's per-sample calls only: the trainer steps it sample by sample. */
    record PerSample(Model model) implements Model {
        public String name() {
            return model.name();
        }

        public int inputSize() {
            return model.inputSize();
        }

        public int outputSize() {
            return model.outputSize();
        }

        public int parameterCount() {
            return model.parameterCount();
        }

        public String parameterName(int index) {
            return model.parameterName(index);
        }

        public double[] parameters() {
            return model.parameters();
        }

        public double[] gradients() {
            return model.gradients();
        }

        public void initialize() {
            model.initialize();
        }

        public void forward(double[] x, double[] yhat) {
            model.forward(x, yhat);
        }

        public double outputPreActivation(int unit) {
            return model.outputPreActivation(unit);
        }

        public boolean hasLoss() {
            return model.hasLoss();
        }

        public double loss(double[] y) {
            return model.loss(y);
        }

        public double penalty() {
            return model.penalty();
        }

        public void training(boolean on) {
            model.training(on);
        }

        public void trainingSamples(int m) {
            model.trainingSamples(m);
        }

        public boolean followsGradient() {
            return model.followsGradient();
        }

        public void backward(double[] y) {
            model.backward(y);
        }

        public void zeroGradients() {
            model.zeroGradients();
        }

        public void update(double learningRate, int batchSize) {
            model.update(learningRate, batchSize);
        }

        public nnspec.runtime.optim.Optimizer optimizer() {
            return model.optimizer();
        }

        public nnspec.runtime.Decision decision() {
            return model.decision();
        }

        public nnspec.runtime.TrainingPlan trainingPlan() {
            return model.trainingPlan();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void fastSwapsOnlyKernelsThatHaveATwinAndStrictSwapsNone(Path file) throws Exception {
        Job job = Job.load(file);
        Plan plan = Plan.of(job.spec().network(), job.spec().train());
        assertEquals(plan, NumericMode.STRICT.apply(plan));
        Plan fast = NumericMode.FAST.apply(plan);
        // the fast plan is the strict plan with exactly the calls of twinned kernels renamed to their twins (every
        // dense layer's affine map among them), those with a cached form also given the softmax cache, every other
        // call as it was
        String expected = plan.toString();
        for (Map.Entry<Class<?>, Class<?>> twin : NumericMode.TWINS.entrySet()) {
            for (Map.Entry<String, java.lang.reflect.Method> method : FastTwinsTest.twinMethods().entrySet()) {
                String name = method.getKey().substring(method.getKey().indexOf('.') + 1);
                if (method.getKey().startsWith(twin.getValue().getSimpleName() + ".")) {
                    expected = expected.replaceAll("(?<![A-Za-z])" + twin.getKey().getSimpleName() + "\\." + name
                            + "\\[", twin.getValue().getSimpleName() + "." + name + "[");
                }
            }
            for (java.lang.reflect.Method method : twin.getValue().getMethods()) {
                if (FastTwinsTest.cachedForm(method)) {
                    expected = expected.replaceAll("(?<![A-Za-z])" + twin.getValue().getSimpleName() + "\\."
                            + method.getName() + "\\[([^\\]]*)\\]", twin.getValue().getSimpleName() + "."
                            + method.getName() + "[$1, SOFTMAX_CACHE, 0]");
                }
            }
        }
        assertEquals(expected, fast.toString(), file.toString());
        assertTrue(fast.toString().contains("FastDense.forward["), file + ": every dense layer has a twin");
        assertFalse(fast.toString().contains("FastActivations.relu"), "relu has no twin");
    }

    static void close(String what, double strict, double fast, double relative) {
        if (Double.isNaN(strict)) {
            assertTrue(Double.isNaN(fast), what + ": strict NaN (no loss), fast " + fast);
            return;
        }
        double error = Math.abs(fast - strict);
        assertTrue(error <= relative * Math.max(Math.abs(strict), 1e-3),
                what + ": strict " + strict + ", fast " + fast + ", error " + error + " above " + relative
                        + " relative");
    }
}
