package nnspec.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import nnspec.lower.NumericMode;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Model;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/**
 * The batch-wise training steps of a generated class allocate nothing once their arrays have grown to the batch
 * (docs/PERFORMANCE.md, "The runtime dense kernel"): after one step, the thread's allocated bytes
 * (com.sun.management.ThreadMXBean) do not move across 20 more steps of examples/digits.nn (the example that steps by
 * whole batches in fast mode). The first step may allocate: the batch rows and FastDense's per-thread scratch grow
 * there. The interpreter is not checked: its method-handle calls allocate until the JIT compiles them, sample by
 * sample as well (70,328 bytes in 20 per-sample steps of digits.nn, against 13,512 batch-wise, when measured).
 */
class BatchWiseAllocationTest {
    @Test
    void batchWiseStepsAllocateNothingAfterTheFirst() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long id = Thread.currentThread().getId();
        Job job = Job.load(Repo.root().resolve("examples/digits.nn"));
        int batch = job.spec().train().batchSize();
        double[][] x = new double[batch][];
        double[][] y = new double[batch][];
        for (int k = 0; k < batch; k++) {
            x[k] = job.data().x()[k];
            y[k] = job.data().y()[k];
        }
        Model model = Backend.GENERATED.create(job.spec(), NumericMode.FAST);
        assertTrue(model.stepsByBatch(), "digits.nn steps by whole batches in fast mode");
        double[][] yhat = new double[batch][model.outputSize()];
        model.training(true);
        double sink = step(model, x, y, yhat, batch);
        long before = threads.getThreadAllocatedBytes(id);
        for (int s = 0; s < 20; s++) {
            sink += step(model, x, y, yhat, batch);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertEquals(0, allocated, "bytes allocated by 20 batch-wise steps after the first");
        assertTrue(Double.isFinite(sink));
    }

    /** One step as the trainer takes it for a model that steps by whole batches; the batch's loss. */
    private static double step(Model model, double[][] x, double[][] y, double[][] yhat, int batch) {
        model.zeroGradients();
        model.forwardBatch(x, yhat, batch);
        double loss = 0.0;
        for (int k = 0; k < batch; k++) {
            model.sample(k);
            loss += model.loss(y[k]);
        }
        model.backwardBatch(y, batch);
        model.update(1e-3, batch);
        return loss;
    }
}
