package nnspec.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks of {@link TrainingStep} and {@link Peak} timed by this thread's CPU time instead of the wall clock:
 * samples per CPU-second, as issue 11 measured. On a machine shared with other work (load above the core count) a
 * wall-clock score counts the time the thread waited for a core; CPU time does not, though caches and the other
 * hyperthread are still shared, so the figures stay rougher than a quiet machine's. {@code bench/run.sh --cpu} runs
 * it and prints the same table from its output, which has the shape of JMH's JSON (benchmark, params, score).
 *
 * <p>Usage: {@code CpuTime WARMUP_SECONDS MEASURE_SECONDS [NETS]} (CPU seconds per benchmark; NETS, e.g. {@code LM},
 * picks nets and skips the peak).
 */
public final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTime() {
    }

    /** Calls of {@code body} per CPU-second, after {@code warmup} CPU-seconds of the same calls. */
    static double rate(Runnable body, double warmup, double measure) {
        run(body, warmup);
        return run(body, measure);
    }

    private static double run(Runnable body, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = THREADS.getCurrentThreadCpuTime();
        long calls = 0;
        long used;
        do {
            for (int k = 0; k < 16; k++) {
                body.run();
            }
            calls += 16;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        return calls / (used / 1e9);
    }

    public static void main(String[] args) {
        double warmup = Double.parseDouble(args[0]);
        double measure = Double.parseDouble(args[1]);
        List<String> results = new ArrayList<>();
        double[] sink = new double[1];
        String nets = args.length > 2 ? args[2] : "TSMLC";
        for (String net : nets.split("")) {
            for (String backend : new String[] {"generated", "interpreter"}) {
                TrainingStep step = new TrainingStep();
                step.net = net;
                step.backend = backend;
                step.numeric = "fast";
                step.setUp();
                double score = rate(() -> sink[0] += step.step(), warmup, measure);
                results.add(String.format(Locale.ROOT, "{\"benchmark\": \"nnspec.bench.TrainingStep.step\","
                        + " \"params\": {\"net\": \"%s\", \"backend\": \"%s\"}, \"primaryMetric\": {\"score\": %s}}",
                        net, backend, score));
                System.err.printf(Locale.ROOT, "%s %s: %.4g steps per CPU-second%n", net, backend, score);
            }
        }
        if (args.length > 2) {
            System.out.println("[" + String.join(",\n", results) + "]");
            return;
        }
        Peak peak = new Peak();
        double flopsPerCall = (1 << 16) * 12 * 2;
        for (String kind : new String[] {"scalar", "vector"}) {
            Runnable body = kind.equals("scalar") ? () -> sink[0] += peak.scalar() : () -> sink[0] += peak.vector();
            double score = rate(body, warmup, measure) * flopsPerCall;
            results.add(String.format(Locale.ROOT, "{\"benchmark\": \"nnspec.bench.Peak.%s\", \"params\": {},"
                    + " \"primaryMetric\": {\"score\": %s}}", kind, score));
        }
        System.out.println("[" + String.join(",\n", results) + "]");
        if (sink[0] == 42.0) {
            System.err.println("(the sink keeps the results alive)");
        }
    }
}
