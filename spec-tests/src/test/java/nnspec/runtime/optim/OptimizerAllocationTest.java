package nnspec.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every optimizer's step allocates nothing, from the first step after construction on: the thread's allocated bytes
 * (com.sun.management.ThreadMXBean) do not move across a new optimizer's first 50 steps, with the JIT nowhere near
 * having compiled the step (escape analysis cannot hide an allocation here). One step of an earlier instance of the
 * same kind runs first, so that the JVM has loaded and initialised the classes the step uses (an enum switch's
 * table, for one): that happens once per JVM, not per step.
 */
class OptimizerAllocationTest {
    private static final int SIZE = 37;

    static Map<String, Supplier<Optimizer>> optimizers() {
        Map<String, Supplier<Optimizer>> all = new LinkedHashMap<>();
        all.put("sgd", () -> new Sgd(SIZE));
        all.put("sgd weight decay", () -> new Sgd(SIZE, 0.01));
        for (Momentum.Form form : Momentum.Form.values()) {
            all.put("momentum " + form, () -> new Momentum(SIZE, form, 0.9));
        }
        all.put("momentum pytorch nesterov", () -> Momentum.pytorch(SIZE, 0.9, 0.0, true, 0.01));
        all.put("adagrad", () -> new AdaGrad(SIZE, 1e-10));
        all.put("adadelta", () -> new AdaDelta(SIZE, 0.9, 1e-6));
        all.put("rmsprop centered momentum", () -> new RmsProp(SIZE, 0.99, 1e-8, EpsilonPlacement.INSIDE_ROOT, true,
                0.9));
        all.put("adam", () -> new Adam(SIZE, 0.9, 0.999, 1e-8));
        all.put("adam epsilon hat coupled", () -> new Adam(SIZE, 0.9, 0.999, 1e-7, Adam.EpsilonForm.EPSILON_HAT,
                Adam.WeightDecay.COUPLED, 0.01));
        all.put("adamw", () -> Adam.adamW(SIZE, 0.9, 0.999, 1e-8, 0.01));
        return all;
    }

    @Test
    void noOptimizerStepAllocatesFromTheFirstStepOn() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long id = Thread.currentThread().getId();
        double[] parameters = new double[SIZE];
        double[] gradient = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            parameters[i] = 0.1 * i - 1;
            gradient[i] = 0.05 * (i % 7) - 0.1;
        }
        threads.getThreadAllocatedBytes(id);
        long probe = threads.getThreadAllocatedBytes(id);
        long overhead = threads.getThreadAllocatedBytes(id) - probe;
        assertEquals(0, overhead, "reading the counter allocates");
        int checked = 0;
        for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
            e.getValue().get().step(parameters.clone(), gradient, 0.001);
            Optimizer optimizer = e.getValue().get();
            long before = threads.getThreadAllocatedBytes(id);
            for (int step = 0; step < 50; step++) {
                optimizer.step(parameters, gradient, 0.001);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertEquals(0, allocated, e.getKey() + ": bytes allocated by its first 50 steps");
            checked++;
        }
        assertEquals(Momentum.Form.values().length + 9, checked);
    }
}
