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
 * <p>Usage: {@code CpuTime WARMUP_SECONDS MEASURE_SECONDS [NETS]}: CPU seconds per benchmark, the measurement in
 * 7 interleaved rounds (each benchmark's median is its score); NETS, e.g. {@code LM}, picks nets and skips the
 * peak.
 */
public final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 7;

    private CpuTime() {
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
        List<String> names = new ArrayList<>();
        List<Runnable> bodies = new ArrayList<>();
        for (String net : nets.split("")) {
            for (String backend : new String[] {"generated", "interpreter"}) {
                TrainingStep step = new TrainingStep();
                step.net = net;
                step.backend = backend;
                step.numeric = "fast";
                step.setUp();
                names.add(net + " " + backend);
                bodies.add(() -> sink[0] += step.step());
            }
        }
        for (Runnable body : bodies) {
            run(body, warmup);
        }
        // interleaved rounds, each benchmark's median: a burst of load on the shared machine hits one round of
        // every benchmark rather than all rounds of one
        double[][] rounds = new double[bodies.size()][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int b = 0; b < bodies.size(); b++) {
                rounds[b][r] = run(bodies.get(b), measure / ROUNDS);
            }
        }
        for (int b = 0; b < bodies.size(); b++) {
            double[] sorted = rounds[b].clone();
            java.util.Arrays.sort(sorted);
            double score = sorted[ROUNDS / 2];
            String[] nb = names.get(b).split(" ");
            results.add(String.format(Locale.ROOT, "{\"benchmark\": \"nnspec.bench.TrainingStep.step\","
                    + " \"params\": {\"net\": \"%s\", \"backend\": \"%s\"}, \"primaryMetric\": {\"score\": %s}}",
                    nb[0], nb[1], score));
            System.err.printf(Locale.ROOT, "%s: %.4g steps per CPU-second (rounds %.4g to %.4g)%n", names.get(b),
                    score, sorted[0], sorted[ROUNDS - 1]);
        }
        if (args.length > 2) {
            System.out.println("[" + String.join(",\n", results) + "]");
            return;
        }
        Peak peak = new Peak();
        double flopsPerCall = (1 << 16) * 12 * 2;
        for (String kind : new String[] {"scalar", "vector"}) {
            Runnable body = kind.equals("scalar") ? () -> sink[0] += peak.scalar() : () -> sink[0] += peak.vector();
            run(body, warmup);
            double score = run(body, measure) * flopsPerCall;
            results.add(String.format(Locale.ROOT, "{\"benchmark\": \"nnspec.bench.Peak.%s\", \"params\": {},"
                    + " \"primaryMetric\": {\"score\": %s}}", kind, score));
        }
        System.out.println("[" + String.join(",\n", results) + "]");
        if (sink[0] == 42.0) {
            System.err.println("(the sink keeps the results alive)");
        }
    }
}
