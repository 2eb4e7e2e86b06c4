package nnspec.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import nnspec.runtime.optim.Cosine;
import nnspec.runtime.optim.Cyclical;
import nnspec.runtime.optim.Exponential;
import nnspec.runtime.optim.InverseTime;
import nnspec.runtime.optim.LinearThenConstant;
import nnspec.runtime.optim.Schedule;
import nnspec.runtime.optim.StepDecay;
import org.apache.commons.numbers.fraction.BigFraction;
import org.opentest4j.AssertionFailedError;

/**
 * Registry entries of the learning-rate schedules (SCHED-*); see {@link Formula}. Values at known points from
 * exact fractions (Commons Numbers) where the schedule is rational, closed forms otherwise; properties; PyTorch 1.13
 * ({@link OptimizerTorchFixture}).
 */
final class ScheduleFormulas {
    private static final String D0 = OptimizerFormulas.D0;
    private static final String D1 = OptimizerFormulas.D1;
    private static final String D3 = OptimizerFormulas.D3;
    private static final String D0_SCHEDULING = D0 + ", \"Learning rate scheduling\"";

    private ScheduleFormulas() {
    }

    static List<Formula> all() {
        return List.of(step(), exponential(), cosine(), cyclical(), inverseTime(), linearThenConstant(),
                robbinsMonro());
    }

    /** Values of {@code s} at t = 0 .. n - 1 against exact fractions rounded once. */
    private static Check exactValues(String source, Schedule s, int n, LongFunction<BigFraction> expected) {
        double[] pairs = new double[2 * n];
        for (int t = 0; t < n; t++) {
            pairs[2 * t] = t;
            pairs[2 * t + 1] = expected.apply(t).doubleValue();
        }
        return Checks.values(source + ", exact fractions", x -> s.rate((long) x), 1e-15, pairs);
    }

    private static Check closedValues(String source, Schedule s, double tolerance, double... pairs) {
        return Checks.values(source, x -> s.rate((long) x), tolerance, pairs);
    }

    private static Formula step() {
        BigFraction lr0 = BigFraction.of(1, 10);
        BigFraction half = BigFraction.of(1, 2);
        StepDecay s = new StepDecay(0.1, 0.5, 3);
        return new Formula("SCHED-step", "lr0 gamma^floor(t / k)", "new StepDecay(lr0, gamma, k)",
                List.of(D0_SCHEDULING + " (step decay)", "PyTorch torch.optim.lr_scheduler.StepLR documentation"),
                List.of("t counts epochs in 000 (the caller's unit)"), 1e-12, List.of(
                        exactValues("lr0 = 1/10, gamma = 1/2, k = 3: (1/10) (1/2)^floor(t/3), t = 0..12", s, 13,
                                t -> lr0.multiply(half.pow((int) (t / 3)))),
                        Checks.property("constant within each block of k, times gamma at each block start, 100 "
                                + "seeded schedules", () -> Cases.run(100, Checks.SEED + 20, 10, (random, size) -> {
                                    double gamma = 0.05 + 0.9 * random.nextDouble();
                                    StepDecay d = new StepDecay(1.0, gamma, size);
                                    for (long t = 1; t < 10L * size; t++) {
                                        double ratio = d.rate(t) / d.rate(t - 1);
                                        Checks.assertClose(t % size == 0 ? gamma : 1.0, ratio, 1e-12, "t = " + t);
                                    }
                                })),
                        OptimizerTorchFixture.scheduleCheck("step_k3_gamma0.5", s)));
    }

    private static Formula exponential() {
        BigFraction lr0 = BigFraction.of(1, 10);
        BigFraction gamma = BigFraction.of(9, 10);
        Exponential discrete = Exponential.discrete(0.1, 0.9);
        Exponential halving = Exponential.continuous(0.1, Math.log(2));
        return new Formula("SCHED-exponential", "lr0 gamma^t and lr0 e^(-k t)",
                "Exponential.discrete(lr0, gamma), Exponential.continuous(lr0, k)",
                List.of(D0_SCHEDULING + " (exponential decay)",
                        "PyTorch torch.optim.lr_scheduler.ExponentialLR documentation"),
                List.of("closed form (PyTorch multiplies by gamma each step: equal to rounding)",
                        "k is a decay rate per unit of t"), 1e-12, List.of(
                        exactValues("lr0 = 1/10, gamma = 9/10: (1/10)(9/10)^t, t = 0..30", discrete, 31,
                                t -> lr0.multiply(gamma.pow((int) t))),
                        closedValues("continuous form with k = ln 2 halves each unit: lr0 / 2^t (closed form)",
                                halving, 1e-14, 0, 0.1, 1, 0.05, 2, 0.025, 5, 0.1 / 32, 10, 0.1 / 1024),
                        Checks.property("continuous(k) = discrete(e^(-k)), 100 seeded k, t up to 200",
                                () -> Cases.run(100, Checks.SEED + 21, 10, (random, size) -> {
                                    double k = 0.001 + 0.5 * random.nextDouble();
                                    for (long t = 0; t <= 200; t++) {
                                        Checks.assertClose(Exponential.discrete(1, Math.exp(-k)).rate(t),
                                                Exponential.continuous(1, k).rate(t), 1e-12, "k " + k + ", t " + t);
                                    }
                                })),
                        Checks.property("000's wording is wrong: k is a decay rate per epoch, not 'a step size in "
                                + "epoch', and T (named there) does not occur: halving k doubles the time to the "
                                + "same rate, rate_k(t) = rate_{k/2}(2t)", () -> {
                                    for (long t = 0; t < 50; t++) {
                                        Checks.assertClose(Exponential.continuous(0.1, 0.3).rate(t),
                                                Exponential.continuous(0.1, 0.15).rate(2 * t), 1e-14, "t " + t);
                                    }
                                }),
                        OptimizerTorchFixture.scheduleCheck("exponential_gamma0.9", discrete)));
    }

    private static Formula cosine() {
        double lr0 = 0.1;
        double min = 0.01;
        Cosine c8 = new Cosine(lr0, min, 8);
        double q = Math.sqrt(2) / 2;
        return new Formula("SCHED-cosine", "eta_min + (lr0 - eta_min)(1 + cos(pi t / T)) / 2",
                "new Cosine(lr0, etaMin, T), new Cosine(lr0, etaMin, T, Cosine.AfterPeriod), Cosine.recursive",
                List.of(D0_SCHEDULING + " (cosine annealing)", "Loshchilov and Hutter 2017, SGDR",
                        "PyTorch torch.optim.lr_scheduler.CosineAnnealingLR documentation",
                        "Keras keras.optimizers.schedules.CosineDecay documentation"),
                List.of("AfterPeriod.CONTINUE (PyTorch, default), HOLD (Keras), RESTART (SGDR)",
                        "closed form; PyTorch's recursion as Cosine.recursive"), 1e-12, List.of(
                        closedValues("T = 8: lr0 at 0, lr0 - (lr0 - min)(1 - sqrt(2)/2)/2 at T/4, the mean at T/2, "
                                + "min + (lr0 - min)(1 - sqrt(2)/2)/2 at 3T/4, min at T (closed form)", c8, 1e-15,
                                0, lr0, 2, min + (lr0 - min) * (1 + q) / 2, 4, (lr0 + min) / 2, 6,
                                min + (lr0 - min) * (1 - q) / 2, 8, min),
                        Checks.property("after T the conventions part: CONTINUE mirrors (rate(T + s) = rate(T - s), "
                                + "lr0 again at 2T), HOLD stays at min, RESTART repeats (rate(T + s) = rate(s))",
                                () -> {
                                    Cosine hold = new Cosine(lr0, min, 8, Cosine.AfterPeriod.HOLD);
                                    Cosine restart = new Cosine(lr0, min, 8, Cosine.AfterPeriod.RESTART);
                                    for (long s = 0; s <= 8; s++) {
                                        Checks.assertClose(c8.rate(8 - s), c8.rate(8 + s), 1e-15, "mirror " + s);
                                        Checks.assertExactly(min, hold.rate(8 + s), "hold " + s);
                                        Checks.assertClose(c8.rate(s % 8), restart.rate(8 + s), 1e-15,
                                                "restart " + s);
                                        Checks.assertExactly(c8.rate(s), hold.rate(s), "hold before T, " + s);
                                    }
                                    Checks.assertClose(lr0, c8.rate(16), 1e-15, "CONTINUE at 2T");
                                }),
                        Checks.property("PyTorch's recursion from lr0 gives the closed form (to 1e-12) for t up to "
                                + "5T, through its 0/0 branch at T + 1 and 3T + 1, T = 1..20", () -> {
                                    for (long period = 1; period <= 20; period++) {
                                        Cosine closed = new Cosine(lr0, min, period);
                                        double rate = lr0;
                                        for (long t = 1; t <= 5 * period; t++) {
                                            rate = Cosine.recursive(rate, t, lr0, min, period);
                                            Checks.assertClose(closed.rate(t), rate, 1e-12, "T " + period + ", t " + t);
                                        }
                                    }
                                }),
                        Checks.property("where recursive and closed forms part: an outside change of the rate "
                                + "(halved at t = 3, T = 10) is carried by the recursion, scaled, rate - min = "
                                + "(closed - min) (r3 - min) / (closed(3) - min) up to T, and forgotten from T + 1 "
                                + "(the 0/0 branch adds an absolute amount); the closed form never sees it", () -> {
                                    Cosine closed = new Cosine(lr0, min, 10);
                                    double rate = lr0;
                                    double r3 = 0;
                                    for (long t = 1; t <= 25; t++) {
                                        rate = Cosine.recursive(rate, t, lr0, min, 10);
                                        if (t == 3) {
                                            rate /= 2;
                                            r3 = rate;
                                        }
                                        double expected = t < 3 ? closed.rate(t)
                                                : t <= 10 ? min + (closed.rate(t) - min) * (r3 - min)
                                                        / (closed.rate(3) - min) : closed.rate(t);
                                        Checks.assertClose(expected, rate, 1e-12, "t " + t);
                                        if (t > 3 && t < 10 && Math.abs(rate - closed.rate(t)) < 1e-3) {
                                            throw new AssertionFailedError("forms did not part at t " + t);
                                        }
                                    }
                                }),
                        OptimizerTorchFixture.scheduleCheck("cosine_T10_min0.01", new Cosine(lr0, min, 10))));
    }

    private static double smith(long t, long s) {
        double cycle = Math.floor(1 + t / (2.0 * s));
        double x = Math.abs((double) t / s - 2 * cycle + 1);
        return Math.max(0, 1 - x);
    }

    private static Formula cyclical() {
        Cyclical sym = new Cyclical(0.01, 0.1, 4);
        Cyclical asym = new Cyclical(0.01, 0.1, 3, 5);
        return new Formula("SCHED-cyclical", "triangular: lr_min + (lr_max - lr_min) triangular(t)",
                "new Cyclical(lrMin, lrMax, stepSize), new Cyclical(lrMin, lrMax, stepUp, stepDown)",
                List.of(D0_SCHEDULING + " (cyclical learning rate)",
                        "Smith 2017, Cyclical Learning Rates for Training Neural Networks (triangular policy)",
                        "PyTorch torch.optim.lr_scheduler.CyclicLR documentation (mode triangular)"),
                List.of("t counts optimizer steps (Smith, PyTorch)", "starts at lr_min, peaks at stepUp"), 1e-12,
                List.of(
                        closedValues("step size 4: min at 0, mean at 2, max at 4, mean at 6, min at 8 and 16, max "
                                + "at 12 (closed form)", sym, 1e-15, 0, 0.01, 2, 0.055, 4, 0.1, 6, 0.055, 8, 0.01,
                                12, 0.1, 16, 0.01),
                        closedValues("up 3, down 5: max at 3, 1/3 of the way at 1, 3/5 at 5, min at 8 (closed form)",
                                asym, 1e-15, 0, 0.01, 1, 0.01 + 0.09 / 3, 3, 0.1, 5, 0.01 + 0.09 * 3 / 5, 8, 0.01),
                        Checks.property("symmetric case = Smith's max(0, 1 - |t/s - 2 floor(1 + t/(2s)) + 1|), "
                                + "100 seeded step sizes, t up to 1000", () -> Cases.run(100, Checks.SEED + 22, 50,
                                        (random, size) -> {
                                            Cyclical c = new Cyclical(0.0, 1.0, size);
                                            for (long t = 0; t <= 1000; t++) {
                                                Checks.assertClose(smith(t, size), c.triangular(t), 1e-12,
                                                        "s " + size + ", t " + t);
                                            }
                                        })),
                        OptimizerTorchFixture.scheduleCheck("cyclic_triangular_min0.01_up4_down4", sym),
                        OptimizerTorchFixture.scheduleCheck("cyclic_triangular_min0.01_up3_down5", asym)));
    }

    private static Formula inverseTime() {
        InverseTime s = new InverseTime(0.1, 0.5);
        return new Formula("SCHED-inverse-time", "lr0 / (1 + beta t)", "new InverseTime(lr0, beta)",
                List.of(D3 + ", \"Learning Rate Decay\"", "Keras keras.optimizers.schedules.InverseTimeDecay "
                        + "documentation (decay_steps 1, staircase false)"),
                List.of("t counts steps or epochs (the caller's unit)"), 1e-12, List.of(
                        exactValues("lr0 = 1/10, beta = 1/2: 1 / (5 (2 + t)), t = 0..12", s, 13,
                                t -> BigFraction.of(1, 5 * (2 + (int) t))),
                        Checks.property("strictly decreasing for beta > 0 and lr(t) (1 + beta t) = lr0, 100 seeded",
                                () -> Cases.run(100, Checks.SEED + 23, 10, (random, size) -> {
                                    double beta = Math.pow(10, -5 + 5 * random.nextDouble());
                                    InverseTime d = new InverseTime(0.3, beta);
                                    for (long t = 1; t <= 100; t++) {
                                        if (!(d.rate(t) < d.rate(t - 1))) {
                                            throw new AssertionFailedError("not decreasing at " + t);
                                        }
                                        Checks.assertClose(0.3, d.rate(t) * (1 + beta * t), 1e-14, "t " + t);
                                    }
                                })),
                        OptimizerTorchFixture.scheduleCheck("inverse_time_beta0.5", s)));
    }

    private static Formula linearThenConstant() {
        LinearThenConstant s = new LinearThenConstant(0.1, 0.001, 10);
        BigFraction lr0 = BigFraction.of(1, 10);
        BigFraction lrTau = BigFraction.of(1, 1000);
        return new Formula("SCHED-linear-then-constant",
                "(1 - k/tau) lr0 + (k/tau) lr_tau until tau, then lr_tau", "new LinearThenConstant(lr0, lrTau, tau)",
                List.of(D1 + ", \"Stochastic gradient descent (SGD)\"",
                        "PyTorch torch.optim.lr_scheduler.LinearLR documentation"),
                List.of("k counts iterations (optimizer steps)", "lr_tau = 0.01 lr0 as 001 suggests"), 1e-12, List.of(
                        exactValues("lr0 = 1/10, lr_tau = lr0/100, tau = 10, k = 0..14", s, 15, k -> {
                            if (k >= 10) {
                                return lrTau;
                            }
                            BigFraction alpha = BigFraction.of((int) k, 10);
                            return BigFraction.ONE.subtract(alpha).multiply(lr0).add(alpha.multiply(lrTau));
                        }),
                        Checks.property("linear before tau (second differences 0), continuous at tau, constant "
                                + "after, 100 seeded", () -> Cases.run(100, Checks.SEED + 24, 50, (random, size) -> {
                                    double lr0d = random.nextDouble();
                                    LinearThenConstant d = new LinearThenConstant(lr0d, lr0d / 100, size + 1);
                                    for (long k = 1; k < size; k++) {
                                        Checks.assertClose(0, d.rate(k + 1) - 2 * d.rate(k) + d.rate(k - 1), 1e-14,
                                                "k " + k);
                                    }
                                    long tau = size + 1;
                                    Checks.assertClose(d.rate(tau - 1) + (d.rate(tau - 1) - d.rate(tau - 2)),
                                            d.rate(tau), 1e-14, "at tau");
                                    Checks.assertExactly(lr0d / 100, d.rate(tau + 5), "after tau");
                                })),
                        OptimizerTorchFixture.scheduleCheck("linear_start1_end0.01_tau10", s)));
    }

    /** sum_{t<n} rate(t)^power, Neumaier-compensated so that a million terms keep 1e-12 relative accuracy. */
    private static double partialSum(Schedule s, long n, int power) {
        double sum = 0;
        double compensation = 0;
        for (long t = 0; t < n; t++) {
            double term = Math.pow(s.rate(t), power);
            double next = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
        }
        return sum + compensation;
    }

    private static Formula robbinsMonro() {
        return new Formula("SCHED-robbins-monro", "sum lr_k = infinity and sum lr_k^2 < infinity",
                "InverseTime, Schedule.constant, Exponential, LinearThenConstant (properties of schedules)",
                List.of(D1 + ", \"Stochastic gradient descent (SGD)\"", "Robbins and Monro 1951"),
                List.of("the sums start at t = 0 (001 at k = 1: the same conditions)"), 1e-12, List.of(
                        Checks.property("inverse time meets both: partial sums of lr exceed (lr0/beta) ln(1 + beta N) "
                                + "(integral bound), which grows without bound; partial sums of lr^2 stay below "
                                + "lr0^2 (1 + 1/beta) for every N (integral bound)", () -> {
                                    double lr0 = 0.1;
                                    double beta = 0.5;
                                    InverseTime s = new InverseTime(lr0, beta);
                                    double sum = 0;
                                    double squares = 0;
                                    for (long t = 0, n = 1; t < 10_000_000L; t++) {
                                        double r = s.rate(t);
                                        sum += r;
                                        squares += r * r;
                                        if (t + 1 == n) {
                                            double lower = lr0 / beta * Math.log(1 + beta * n);
                                            if (!(sum >= lower) || !(squares <= lr0 * lr0 * (1 + 1 / beta))) {
                                                throw new AssertionFailedError("N " + n + ": sum " + sum + " (lower "
                                                        + lower + "), squares " + squares);
                                            }
                                            n *= 10;
                                        }
                                    }
                                    if (!(sum > 3)) {
                                        throw new AssertionFailedError("sum of rates did not pass 30 lr0: " + sum);
                                    }
                                }),
                        Checks.property("a constant rate fails sum lr^2 < infinity: sum_{t<N} lr^2 = N lr^2 "
                                + "(exact), beyond any bound", () -> {
                                    for (long n = 10; n <= 100_000; n *= 10) {
                                        Checks.assertClose(n * 0.01, partialSum(Schedule.constant(0.1), n, 2), 1e-12,
                                                "N " + n);
                                    }
                                }),
                        Checks.property("exponential decay fails sum lr = infinity: sum_{t<N} lr0 gamma^t = lr0 "
                                + "(1 - gamma^N) / (1 - gamma) < lr0 / (1 - gamma) (geometric series)", () -> {
                                    Schedule s = Exponential.discrete(0.1, 0.9);
                                    for (long n = 1; n <= 10_000; n *= 10) {
                                        double sum = partialSum(s, n, 1);
                                        Checks.assertClose(0.1 * (1 - Math.pow(0.9, n)) / 0.1, sum, 1e-12, "N " + n);
                                        if (!(sum < 1.0 + 1e-12)) {
                                            throw new AssertionFailedError("exceeded lr0 / (1 - gamma)");
                                        }
                                    }
                                }),
                        Checks.property("001 prints these conditions next to its linear-then-constant schedule, "
                                + "which fails sum lr^2 < infinity: after tau, sum_{k<N} lr^2 = sum_{k<tau} lr^2 + "
                                + "(N - tau) lr_tau^2 (exact growth), beyond any bound", () -> {
                                    LinearThenConstant s = new LinearThenConstant(0.1, 0.001, 100);
                                    double head = partialSum(s, 100, 2);
                                    for (long n = 1000; n <= 1_000_000; n *= 10) {
                                        Checks.assertClose(head + (n - 100) * (0.001 * 0.001), partialSum(s, n, 2), 1e-12,
                                                "N " + n);
                                    }
                                })));
    }
}
