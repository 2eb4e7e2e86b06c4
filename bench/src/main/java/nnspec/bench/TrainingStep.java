package nnspec.bench;

import java.util.concurrent.TimeUnit;
import nnspec.lower.NumericMode;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full training step of a net: zero the gradients, then for each sample of the batch the forward pass, the loss
 * and the backward pass (or, for a model that {@link Model#stepsByBatch() steps by whole batches}, the forward pass
 * of the batch, each sample's loss and the backward pass of the batch), then the optimizer's update; what
 * {@code nnspec.runtime.Trainer} does per step, without its listener. The score is steps per second; bench/run.sh
 * multiplies by the batch size for samples per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainingStep {
    @Param({"T", "S", "M", "L", "C"})
    public String net;

    @Param({"generated", "interpreter"})
    public String backend;

    /** The numeric mode; fast, the default of nnspec train, unless {@code -p numeric=strict} asks otherwise. */
    @Param({"fast"})
    public String numeric;

    private Model model;
    private Dataset data;
    private double[] yhat;
    private double[][] xs;
    private double[][] ys;
    private double[][] yhats;
    private int batch;
    private double learningRate;
    private int next;

    @Setup
    public void setUp() {
        Spec spec = Nets.spec(net);
        model = Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT)).create(spec, NumericMode.parse(numeric));
        data = Nets.data(model.inputSize(), model.outputSize(), 42);
        yhat = new double[model.outputSize()];
        batch = spec.train().batchSize();
        xs = new double[batch][];
        ys = new double[batch][];
        yhats = new double[batch][model.outputSize()];
        learningRate = spec.train().optimizer().learningRate();
        model.trainingSamples(data.size());
        model.training(true);
    }

    @Benchmark
    public double step() {
        model.zeroGradients();
        double loss = 0.0;
        if (model.stepsByBatch()) {
            // the trainer's batch step: one forward pass over the batch, each sample's loss, one backward pass
            for (int k = 0; k < batch; k++) {
                xs[k] = data.x()[next];
                ys[k] = data.y()[next];
                next = next + 1 == data.size() ? 0 : next + 1;
            }
            model.forwardBatch(xs, yhats, batch);
            for (int k = 0; k < batch; k++) {
                model.sample(k);
                loss += model.loss(ys[k]);
            }
            model.backwardBatch(ys, batch);
            model.update(learningRate, batch);
            return loss;
        }
        for (int k = 0; k < batch; k++) {
            double[] y = data.y()[next];
            model.forward(data.x()[next], yhat);
            loss += model.loss(y);
            model.backward(y);
            next = next + 1 == data.size() ? 0 : next + 1;
        }
        model.update(learningRate, batch);
        return loss;
    }
}
