package nnspec.formula;

import nnspec.model.Document;
import static nnspec.formula.OptimizerQuadratic.assertVectorClose;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import nnspec.runtime.UpdateRules;
import nnspec.runtime.optim.AdaDelta;
import nnspec.runtime.optim.AdaGrad;
import nnspec.runtime.optim.Adam;
import nnspec.runtime.optim.EpsilonPlacement;
import nnspec.runtime.optim.Momentum;
import nnspec.runtime.optim.Optimizer;
import nnspec.runtime.optim.Perceptron;
import nnspec.runtime.optim.RmsProp;
import nnspec.runtime.optim.Sgd;
import nnspec.runtime.optim.StepDecay;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.numbers.fraction.BigFraction;
import org.opentest4j.AssertionFailedError;

/**
 * Registry entries of the optimizers (OPT-*); see {@link Formula}. Each optimizer: one step and a hundred steps on
 * the quadratic of {@link OptimizerQuadratic} (or on a linear loss, constant gradient, where that is what has a
 * closed form) against closed forms written here, its properties, and PyTorch 1.13 ({@link OptimizerTorchFixture}).
 * The verdicts on printed forms that are wrong or incomplete are checks too.
 */
final class OptimizerFormulas {
    static final String D0 = Document.D000.fileName();
    static final String D1 = Document.D001.fileName();
    static final String D2 = Document.D002.fileName();
    static final String D3 = Document.D003.fileName();
    private static final long SEED = Checks.SEED;

    private OptimizerFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.add(gradientDescent());
        all.add(minibatch());
        all.add(perceptronZeroOne());
        all.add(perceptronSign());
        all.addAll(momentum());
        all.addAll(adaGrad());
        all.add(adaDelta());
        all.addAll(rmsProp());
        all.addAll(adam());
        all.add(weightDecayEquivalence());
        all.add(OptimizerDefaults.entry());
        return all;
    }

    private static String cite(String document, String heading) {
        return document + ", \"" + heading + "\"";
    }

    // ---------------------------------------------------------------- exact fractions on the fixture problem

    private static final BigFraction[] FA = {BigFraction.ONE, BigFraction.of(2), BigFraction.of(1, 2)};
    private static final BigFraction[] FC = {BigFraction.ONE, BigFraction.of(-2), BigFraction.of(1, 2)};
    private static final BigFraction[] FW0 = {BigFraction.of(1, 2), BigFraction.of(3, 2), BigFraction.of(-1)};

    private static BigFraction fixtureGradient(int i) {
        return FA[i].multiply(FW0[i].subtract(FC[i]));
    }

    /** One step of {@code make} from the fixture's w0 against {@code expected(i)}, exact fractions rounded once. */
    private static Check firstStepExact(String source, IntFunction<Optimizer> make, BigFraction rate,
            IntFunction<BigFraction> expected) {
        return Checks.property("one step on the fixture quadratic = " + source + " (exact fractions)", () -> {
            double[] w = OptimizerQuadratic.fixture().run(make.apply(3), 1, rate.doubleValue());
            for (int i = 0; i < 3; i++) {
                Checks.assertClose(expected.apply(i).doubleValue(), w[i], 1e-15, "w1[" + i + "]");
            }
        });
    }

    /** One step from the fixture's w0 against a closed form in doubles (square roots make it irrational). */
    private static Check firstStep(String source, IntFunction<Optimizer> make, double rate,
            java.util.function.BiFunction<Integer, Double, Double> expectedFromGradient) {
        return Checks.property("one step on the fixture quadratic = " + source + " (closed form)", () -> {
            OptimizerQuadratic q = OptimizerQuadratic.fixture();
            double[] g = q.gradient(q.w0);
            double[] w = q.run(make.apply(3), 1, rate);
            for (int i = 0; i < 3; i++) {
                Checks.assertClose(expectedFromGradient.apply(i, g[i]), w[i], 1e-14, "w1[" + i + "]");
            }
        });
    }

    /**
     * {@code steps} steps on a linear loss with constant gradient g (seeded cases, g per coordinate in
     * [-3, -0.1] u [0.1, 3]) against w0 - sum_{k=1}^{steps} stepOf(k, g) from a closed form.
     */
    private static Check constantGradient(String source, IntFunction<Optimizer> make, double rate, int steps,
            StepOf stepOf, double tolerance) {
        return Checks.property(steps + " steps with a constant gradient (linear loss) = " + source
                + ", 100 seeded cases", () -> Cases.run(100, SEED + 7, 5, (random, size) -> {
                    double[] g = Cases.uniform(random, size, 0.1, 3);
                    for (int i = 0; i < size; i++) {
                        if (random.nextBoolean()) {
                            g[i] = -g[i];
                        }
                    }
                    double[] w = Cases.uniform(random, size, -1, 1);
                    double[] expected = w.clone();
                    for (int i = 0; i < size; i++) {
                        for (int k = 1; k <= steps; k++) {
                            expected[i] -= stepOf.step(k, g[i]);
                        }
                    }
                    Optimizer optimizer = make.apply(size);
                    for (int k = 0; k < steps; k++) {
                        optimizer.step(w, g, rate);
                    }
                    assertVectorClose(expected, w, tolerance, "g = " + Cases.show(g));
                }));
    }

    @FunctionalInterface
    interface StepOf {
        /** The decrease of w at step k (1-based) under constant gradient g. */
        double step(int k, double g);
    }

    // ---------------------------------------------------------------- OPT-gd, OPT-sgd-minibatch

    private static Formula gradientDescent() {
        BigFraction lr = BigFraction.of(1, 10);
        return new Formula("OPT-gd", "plain gradient descent w := w - lr g", "Sgd(size), Sgd.step",
                List.of(cite(D0, "Training a neural network"), cite(D0, "Most common optimisers"),
                        cite(D1, "Learning Algorithm: backpropagation"), cite(D3, "Stochastic Gradient Descent"),
                        cite(D3, "3.4.1 Stochastic gradient descent")),
                List.of("the gradient is the batch mean; with the whole training set as the batch this is gradient "
                        + "descent"),
                1e-12, List.of(
                        firstStepExact("w0 - lr a (w0 - c)", Sgd::new, lr,
                                i -> FW0[i].subtract(lr.multiply(fixtureGradient(i)))),
                        Checks.property("100 steps = c + (1 - lr a)^100 (w0 - c), 200 seeded quadratics",
                                () -> Cases.run(200, SEED, 8, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    double rate = 0.05 + 0.9 * random.nextDouble();
                                    assertVectorClose(q.gradientDescentClosedForm(rate, 100),
                                            q.run(new Sgd(size), 100, rate), 1e-12, "lr " + rate);
                                })),
                        Checks.property("diverges when lr a > 2 (|1 - lr a| > 1 in the closed form): "
                                + "|w - c| grows by |1 - lr a| each step", () -> {
                                    OptimizerQuadratic q = new OptimizerQuadratic(new double[] {1.0},
                                            new double[] {0.0}, new double[] {1.0});
                                    double[] w = q.run(new Sgd(1), 10, 2.5);
                                    Checks.assertClose(Math.pow(-1.5, 10), w[0], 1e-12, "w10 at lr a = 2.5");
                                }),
                        OptimizerTorchFixture.optimizerCheck("sgd", 0.1, Sgd::new)));
    }

    private static Formula minibatch() {
        return new Formula("OPT-sgd-minibatch", "minibatch SGD on the batch-mean gradient, coupled weight decay",
                "Sgd(size), Sgd(size, weightDecay), UpdateRules.sgd",
                List.of(cite(D1, "Stochastic gradient descent") + " (Algorithm 8.1)",
                        cite(D1, "Stochastic gradient descent (SGD)"),
                        cite(D3, "Stochastic Gradient Descent") + " (the optimizer list of 3.4)",
                        "PyTorch torch.optim.SGD documentation (weight_decay)"),
                List.of("g = (1/m) sum over the batch of per-sample gradients", "weight decay coupled: g + lambda w"),
                1e-12, List.of(
                        Checks.property("batch-mean gradient of m per-sample quadratics (centres c_j) = gradient "
                                + "descent on the mean centre: closed form c_bar + (1 - lr a)^100 (w0 - c_bar)",
                                () -> Cases.run(100, SEED + 1, 6, (random, size) -> {
                                    int m = 1 + random.nextInt(8);
                                    double[] a = Cases.uniform(random, size, 0.2, 2);
                                    double[][] centres = new double[m][];
                                    double[] mean = new double[size];
                                    for (int j = 0; j < m; j++) {
                                        centres[j] = Cases.uniform(random, size, -2, 2);
                                        for (int i = 0; i < size; i++) {
                                            mean[i] += centres[j][i] / m;
                                        }
                                    }
                                    double[] w0 = Cases.uniform(random, size, -2, 2);
                                    double[] w = w0.clone();
                                    double[] g = new double[size];
                                    Sgd sgd = new Sgd(size);
                                    for (int t = 0; t < 100; t++) {
                                        java.util.Arrays.fill(g, 0);
                                        for (int j = 0; j < m; j++) {
                                            for (int i = 0; i < size; i++) {
                                                g[i] += a[i] * (w[i] - centres[j][i]) / m;
                                            }
                                        }
                                        sgd.step(w, g, 0.3);
                                    }
                                    assertVectorClose(new OptimizerQuadratic(a, mean, w0)
                                            .gradientDescentClosedForm(0.3, 100), w, 1e-11, "m = " + m);
                                })),
                        Checks.property("Sgd on the mean gradient = UpdateRules.sgd (the back ends' kernel) on "
                                + "the summed gradient and the batch size", () -> Cases.run(100, SEED + 2, 10,
                                        (random, size) -> {
                                            int m = 1 + random.nextInt(16);
                                            double[] sums = Cases.uniform(random, size, -5, 5);
                                            double[] mean = sums.clone();
                                            for (int i = 0; i < size; i++) {
                                                mean[i] /= m;
                                            }
                                            double[] w1 = Cases.uniform(random, size, -1, 1);
                                            double[] w2 = w1.clone();
                                            new Sgd(size).step(w1, mean, 0.07);
                                            UpdateRules.sgd(w2, sums, 0.07, m);
                                            assertVectorClose(w2, w1, 1e-14, "m = " + m);
                                        })),
                        Checks.property("coupled weight decay lambda = gradient descent on curvature a + lambda "
                                + "and centre a c / (a + lambda): closed form after 100 steps",
                                () -> Cases.run(100, SEED + 3, 6, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    double lambda = random.nextDouble();
                                    double[] a2 = new double[size];
                                    double[] c2 = new double[size];
                                    for (int i = 0; i < size; i++) {
                                        a2[i] = q.a[i] + lambda;
                                        c2[i] = q.a[i] * q.c[i] / a2[i];
                                    }
                                    assertVectorClose(new OptimizerQuadratic(a2, c2, q.w0)
                                            .gradientDescentClosedForm(0.2, 100),
                                            q.run(new Sgd(size, lambda), 100, 0.2), 1e-12, "lambda " + lambda);
                                })),
                        OptimizerTorchFixture.optimizerCheck("sgd_weight_decay", 0.1, n -> new Sgd(n, 0.05))));
    }

    // ---------------------------------------------------------------- OPT-perceptron-rule

    private static Formula perceptronZeroOne() {
        return new Formula("OPT-perceptron-rule", "0/1 labels with a learning rate: w += lr (y - yhat) x",
                "Perceptron.updateZeroOne, Perceptron.predictZeroOne, Perceptron.step",
                List.of(cite(D0, "Training a neural network") + " (Example: perceptron training)"),
                List.of("step(z) = 1 if z > 0 else 0, so step(0) = 0", "bias stored after the weights"),
                0.0, List.of(
                        Checks.atKink("step(0) = 0 (z > 0 is printed)", Perceptron::step, 0.0, 0.0),
                        Checks.property("single updates (exact, lr 1/4): a mistake on y = 1 adds lr x and lr; a "
                                + "mistake on y = 0 subtracts them; a right answer changes nothing", () -> {
                                    double[] w = {0, 0, 0};
                                    Perceptron.updateZeroOne(w, 0, new double[] {1, 1}, 2, 1, 0.25);
                                    assertVectorClose(new double[] {0.25, 0.25, 0.25}, w, 0, "after (1,1)->1");
                                    Perceptron.updateZeroOne(w, 0, new double[] {0, 1}, 2, 0, 0.25);
                                    assertVectorClose(new double[] {0.25, 0, 0}, w, 0, "after (0,1)->0");
                                    Perceptron.updateZeroOne(w, 0, new double[] {1, 0}, 2, 1, 0.25);
                                    assertVectorClose(new double[] {0.25, 0, 0}, w, 0, "right answer");
                                }),
                        Checks.property("AND from zero weights, lr 1/4, order (0,0) (0,1) (1,0) (1,1): "
                                + "w = (1/2, 1/4), b = -1/2 after 6 epochs, the 6th without mistakes "
                                + "(traced by hand: lr times (2, 1; -2))", () -> {
                                    double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
                                    double[] y = {0, 0, 0, 1};
                                    double[] w = new double[3];
                                    int mistakesInLastEpoch = -1;
                                    for (int epoch = 0; epoch < 6; epoch++) {
                                        mistakesInLastEpoch = 0;
                                        for (int k = 0; k < 4; k++) {
                                            if (Perceptron.updateZeroOne(w, 0, x[k], 2, y[k], 0.25) != y[k]) {
                                                mistakesInLastEpoch++;
                                            }
                                        }
                                    }
                                    assertVectorClose(new double[] {0.5, 0.25, -0.5}, w, 0, "AND");
                                    if (mistakesInLastEpoch != 0) {
                                        throw new AssertionFailedError("epoch 6 made mistakes");
                                    }
                                }),
                        Checks.property("the two printed forms agree off the boundary and part on it: with "
                                + "lr 1/2 and the bias as a weight, the sign form's w is twice the 0/1 form's while "
                                + "<w, x> != 0; at <w, x> = 0 with y = -1 only the sign form updates "
                                + "(sign(0) = 0 is a mistake, step(0) = 0 is the right class)", () -> {
                                    double[] w01 = new double[3];
                                    double[] wSign = new double[3];
                                    Perceptron.updateZeroOne(w01, 0, new double[] {1, 1}, 2, 0, 0.5);
                                    Perceptron.updateSign(wSign, 0, new double[] {1, 1, 1}, 3, -1);
                                    assertVectorClose(new double[] {0, 0, 0}, w01, 0, "0/1 form at the tie");
                                    assertVectorClose(new double[] {-1, -1, -1}, wSign, 0, "sign form at the tie");
                                    Cases.run(200, SEED + 4, 6, (random, size) -> {
                                        double[] a = new double[size + 1];
                                        double[] b = new double[size + 1];
                                        for (int step = 0; step < 50; step++) {
                                            double[] x = Cases.uniform(random, size, -1, 1);
                                            double[] x1 = java.util.Arrays.copyOf(x, size + 1);
                                            x1[size] = 1;
                                            double z = 0;
                                            for (int i = 0; i <= size; i++) {
                                                z += b[i] * x1[i];
                                            }
                                            if (z == 0 && step > 0) {
                                                return;
                                            }
                                            // from w = 0 (a tie) the forms agree only on a positive label
                                            double label = step == 0 || random.nextBoolean() ? 1 : -1;
                                            Perceptron.updateZeroOne(a, 0, x, size, (label + 1) / 2, 0.5);
                                            Perceptron.updateSign(b, 0, x1, size + 1, label);
                                            for (int i = 0; i <= size; i++) {
                                                Checks.assertClose(2 * a[i], b[i], 1e-12, "step " + step);
                                            }
                                        }
                                    });
                                })));
    }

    private static Formula perceptronSign() {
        return new Formula("OPT-perceptron-rule", "-1/+1 labels, no rate: w += y x on a mistake",
                "Perceptron.updateSign, Perceptron.sign",
                List.of(cite(D2, "Perceptron") + " (Algorithm 1)"),
                List.of("sign(0) = 0, so the first sample is always a mistake from w_0 = 0", "no bias"),
                0.0, List.of(
                        Checks.atKink("sign(0) = 0", Perceptron::sign, 0.0, 0.0),
                        Checks.property("trace by hand from w0 = 0: (1,2)->+1 updates to (1,2); (-1,1)->-1 has "
                                + "<w,x> = 1, updates to (2,1); (1,2)->+1 has <w,x> = 4, no update", () -> {
                                    double[] w = new double[2];
                                    boolean m1 = Perceptron.updateSign(w, 0, new double[] {1, 2}, 2, 1);
                                    boolean m2 = Perceptron.updateSign(w, 0, new double[] {-1, 1}, 2, -1);
                                    boolean m3 = Perceptron.updateSign(w, 0, new double[] {1, 2}, 2, 1);
                                    assertVectorClose(new double[] {2, 1}, w, 0, "w");
                                    if (!m1 || !m2 || m3) {
                                        throw new AssertionFailedError("mistakes " + m1 + m2 + m3);
                                    }
                                }),
                        Checks.property("Novikoff's bound: on separable data with margin gamma and radius R the "
                                + "rule makes at most (R / gamma)^2 mistakes, 100 seeded data sets",
                                () -> Cases.run(100, SEED + 5, 5, (random, size) -> {
                                    int d = size + 1;
                                    double[] u = Cases.uniform(random, d, -1, 1);
                                    double norm = 0;
                                    for (double ui : u) {
                                        norm += ui * ui;
                                    }
                                    norm = Math.sqrt(norm);
                                    double gamma = 0.05;
                                    List<double[]> xs = new ArrayList<>();
                                    List<Double> ys = new ArrayList<>();
                                    double r2 = 0;
                                    while (xs.size() < 40) {
                                        double[] x = Cases.uniform(random, d, -1, 1);
                                        double p = 0;
                                        double n2 = 0;
                                        for (int i = 0; i < d; i++) {
                                            p += u[i] * x[i] / norm;
                                            n2 += x[i] * x[i];
                                        }
                                        if (Math.abs(p) >= gamma) {
                                            xs.add(x);
                                            ys.add(Math.signum(p));
                                            r2 = Math.max(r2, n2);
                                        }
                                    }
                                    double[] w = new double[d];
                                    long mistakes = 0;
                                    boolean clean = false;
                                    while (!clean) {
                                        clean = true;
                                        for (int k = 0; k < xs.size(); k++) {
                                            if (Perceptron.updateSign(w, 0, xs.get(k), d, ys.get(k))) {
                                                mistakes++;
                                                clean = false;
                                            }
                                        }
                                        if (mistakes > r2 / (gamma * gamma) + 1) {
                                            throw new AssertionFailedError("more than (R/gamma)^2 = "
                                                    + r2 / (gamma * gamma) + " mistakes");
                                        }
                                    }
                                }))));
    }

    // ---------------------------------------------------------------- OPT-momentum

    /** The 2x2 matrix of (e, v) -> (e', v') for a form, curvature a, rate lr, momentum beta (derived in comments). */
    static double[][] momentumMatrix(Momentum.Form form, boolean nesterov, double dampening, double a, double lr,
            double beta) {
        return switch (form) {
            // v' = beta v + (1 - beta) a e; e' = e - lr v'
            case EMA -> new double[][] {{1 - lr * (1 - beta) * a, -lr * beta}, {(1 - beta) * a, beta}};
            // v' = beta v - lr a e; e' = e + v'
            case LR_INSIDE_SUBTRACT -> new double[][] {{1 - lr * a, beta}, {-lr * a, beta}};
            // v' = beta v + lr a e; e' = e - v'
            case LR_INSIDE_ADD -> new double[][] {{1 - lr * a, -beta}, {lr * a, beta}};
            // b' = beta b + (1 - d) a e; e' = e - lr b'  or, Nesterov, e' = e - lr ((1 + beta) a e + beta^2 b)
            case PYTORCH -> nesterov
                    ? new double[][] {{1 - lr * (1 + beta) * a, -lr * beta * beta}, {a, beta}}
                    : new double[][] {{1 - lr * (1 - dampening) * a, -lr * beta}, {(1 - dampening) * a, beta}};
        };
    }

    private static Check momentumClosedForm(Momentum.Form form, boolean nesterov, double dampening) {
        return Checks.property("100 steps = the linear recurrence of (w - c, v) solved by its 2x2 matrix power"
                + (dampening != 0 ? " (first step undamped: b_1 = g_0, then M^99)" : "")
                + ", 200 seeded quadratics", () -> Cases.run(200, SEED + 6, 6, (random, size) -> {
                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                    double lr = 0.02 + 0.2 * random.nextDouble();
                    double beta = 0.5 + 0.45 * random.nextDouble();
                    double[] expected;
                    if (dampening == 0) {
                        expected = q.linearRecurrenceClosedForm(
                                i -> momentumMatrix(form, nesterov, 0, q.a[i], lr, beta), 100);
                    } else {
                        expected = new double[size];
                        for (int i = 0; i < size; i++) {
                            double e0 = q.w0[i] - q.c[i];
                            double b1 = q.a[i] * e0;
                            double e1 = e0 - lr * b1;
                            RealMatrix p = MatrixUtils.createRealMatrix(
                                    momentumMatrix(form, false, dampening, q.a[i], lr, beta)).power(99);
                            expected[i] = q.c[i] + p.getEntry(0, 0) * e1 + p.getEntry(0, 1) * b1;
                        }
                    }
                    Optimizer optimizer = form == Momentum.Form.PYTORCH
                            ? Momentum.pytorch(size, beta, dampening, nesterov, 0) : new Momentum(size, form, beta);
                    assertVectorClose(expected, q.run(optimizer, 100, lr), 1e-10, "lr " + lr + ", beta " + beta);
                }));
    }

    /**
     * Constant gradient g under a changing rate lr_k: lr inside the velocity gives step_t = g sum_{k<=t}
     * beta^(t-k) lr_k; lr outside gives step_t = lr_t g sum_{k<=t} beta^(t-k) (times 1 - beta for EMA).
     */
    private static double momentumStepUnderSchedule(Momentum.Form form, double beta, double[] rates, int t, double g) {
        double sum = 0;
        for (int k = 0; k <= t; k++) {
            double weight = Math.pow(beta, t - k);
            sum += switch (form) {
                case LR_INSIDE_ADD, LR_INSIDE_SUBTRACT -> weight * rates[k] * g;
                case EMA -> rates[t] * (1 - beta) * weight * g;
                case PYTORCH -> rates[t] * weight * g;
            };
        }
        return sum;
    }

    private static Check momentumUnderSchedule(Momentum.Form form) {
        return Checks.property("under a step-decay schedule (lr halves every 10 steps), 40 steps with a constant "
                + "gradient = the unrolled sum (lr " + (form == Momentum.Form.LR_INSIDE_ADD
                        || form == Momentum.Form.LR_INSIDE_SUBTRACT ? "inside: sum beta^(t-k) lr_k g"
                                : "outside: lr_t sum beta^(t-k) g") + ")", () -> {
                    double beta = 0.9;
                    double[] rates = new double[40];
                    StepDecay decay = new StepDecay(0.1, 0.5, 10);
                    for (int k = 0; k < 40; k++) {
                        rates[k] = decay.rate(k);
                    }
                    double g = 0.7;
                    double expected = 1.0;
                    double[] w = {1.0};
                    Optimizer optimizer = form == Momentum.Form.PYTORCH ? Momentum.pytorch(1, beta, 0, false, 0)
                            : new Momentum(1, form, beta);
                    for (int t = 0; t < 40; t++) {
                        expected -= momentumStepUnderSchedule(form, beta, rates, t, g);
                        optimizer.step(w, new double[] {g}, rates[t]);
                        Checks.assertClose(expected, w[0], 1e-13, "t = " + t);
                    }
                });
    }

    private static List<Formula> momentum() {
        List<String> citeAll = List.of(cite(D0, "Optimisers - SGD with momentum"),
                cite(D1, "SGD with momentum") + " (Algorithm 8.2)",
                cite(D3, "Stochastic Gradient Descent with Momentum"),
                cite(D3, "3.4.2 Stochastic gradient descent with momentum"),
                "PyTorch torch.optim.SGD documentation");
        BigFraction lr = BigFraction.of(1, 10);
        BigFraction beta = BigFraction.of(9, 10);
        List<Formula> out = new ArrayList<>();
        out.add(new Formula("OPT-momentum", "EMA form v := beta v + (1 - beta) g; w -= lr v",
                "new Momentum(size, Momentum.Form.EMA, beta)", List.of(citeAll.get(3)),
                List.of("lr outside the velocity", "v starts at 0"), 1e-10, List.of(
                        firstStepExact("w0 - lr (1 - beta) g0", n -> new Momentum(n, Momentum.Form.EMA, 0.9), lr,
                                i -> FW0[i].subtract(lr.multiply(BigFraction.ONE.subtract(beta))
                                        .multiply(fixtureGradient(i)))),
                        momentumClosedForm(Momentum.Form.EMA, false, 0),
                        momentumUnderSchedule(Momentum.Form.EMA),
                        Checks.property("equals PyTorch's momentum at rate lr (1 - beta) step for step, also under "
                                + "a schedule (both keep lr outside the velocity), 100 seeded quadratics",
                                () -> Cases.run(100, SEED + 8, 6, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    StepDecay s = new StepDecay(0.3, 0.5, 7);
                                    assertVectorClose(
                                            q.run(Momentum.pytorch(size, 0.9, 0, false, 0), 60, t -> s.rate(t) * 0.1),
                                            q.run(new Momentum(size, Momentum.Form.EMA, 0.9), 60, s::rate), 1e-12,
                                            "EMA vs PyTorch");
                                })),
                        Checks.property("is not PyTorch's momentum with dampening = beta: PyTorch's first step is "
                                + "undamped, so after one step EMA has moved (1 - beta) times as far", () -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.fixture();
                                    double[] ema = q.run(new Momentum(3, Momentum.Form.EMA, 0.9), 1, 0.1);
                                    double[] damp = q.run(Momentum.pytorch(3, 0.9, 0.9, false, 0), 1, 0.1);
                                    for (int i = 0; i < 3; i++) {
                                        Checks.assertClose(0.1 * (damp[i] - q.w0[i]), ema[i] - q.w0[i], 1e-14,
                                                "displacement " + i);
                                    }
                                }))));
        out.add(new Formula("OPT-momentum", "lr inside, v := beta v - lr g; w += v",
                "new Momentum(size, Momentum.Form.LR_INSIDE_SUBTRACT, beta)", List.of(citeAll.get(1)),
                List.of("lr inside the velocity", "v starts at 0 (the algorithm takes an initial velocity)"), 1e-10,
                List.of(
                        firstStepExact("w0 - lr g0", n -> new Momentum(n, Momentum.Form.LR_INSIDE_SUBTRACT, 0.9), lr,
                                i -> FW0[i].subtract(lr.multiply(fixtureGradient(i)))),
                        momentumClosedForm(Momentum.Form.LR_INSIDE_SUBTRACT, false, 0),
                        momentumUnderSchedule(Momentum.Form.LR_INSIDE_SUBTRACT),
                        Checks.property("equals the add form (v of one is minus v of the other) under any rates",
                                () -> Cases.run(100, SEED + 9, 6, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    double[] rates = Cases.uniform(random, 60, 0.01, 0.3);
                                    assertVectorClose(
                                            q.run(new Momentum(size, Momentum.Form.LR_INSIDE_ADD, 0.8), 60,
                                                    t -> rates[(int) t]),
                                            q.run(new Momentum(size, Momentum.Form.LR_INSIDE_SUBTRACT, 0.8), 60,
                                                    t -> rates[(int) t]), 1e-12, "random rates");
                                })))));
        out.add(new Formula("OPT-momentum", "lr inside, v := gamma v + lr g; w -= v (and 000's heavy-ball line)",
                "new Momentum(size, Momentum.Form.LR_INSIDE_ADD, beta)", List.of(citeAll.get(0), citeAll.get(2)),
                List.of("lr inside the velocity", "v starts at 0", "gamma in [0, 1) (003 prints {0, 1})"), 1e-10,
                List.of(
                        firstStepExact("w0 - lr g0", n -> new Momentum(n, Momentum.Form.LR_INSIDE_ADD, 0.9), lr,
                                i -> FW0[i].subtract(lr.multiply(fixtureGradient(i)))),
                        momentumClosedForm(Momentum.Form.LR_INSIDE_ADD, false, 0),
                        momentumUnderSchedule(Momentum.Form.LR_INSIDE_ADD),
                        Checks.property("000's printed line w_{t+1} = w_t - gamma v_{t-1} - lr g_t, with v_{t-1} "
                                + "read as the last displacement w_{t-1} - w_t (the document never prints v's "
                                + "update): Polyak's heavy ball, written out here, equals this form",
                                () -> Cases.run(100, SEED + 10, 6, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    double gamma = 0.9;
                                    double rate = 0.1;
                                    double[] previous = q.w0.clone();
                                    double[] w = q.w0.clone();
                                    for (int t = 0; t < 100; t++) {
                                        double[] g = q.gradient(w);
                                        double[] next = new double[size];
                                        for (int i = 0; i < size; i++) {
                                            next[i] = w[i] - gamma * (previous[i] - w[i]) - rate * g[i];
                                        }
                                        previous = w;
                                        w = next;
                                    }
                                    assertVectorClose(w, q.run(new Momentum(size, Momentum.Form.LR_INSIDE_ADD, gamma),
                                            100, rate), 1e-12, "heavy ball");
                                })),
                        Checks.property("003's gamma in {0, 1} is wrong, gamma is in [0, 1): gamma = 0 is plain "
                                + "gradient descent, and gamma = 1 never converges (det M = gamma = 1, so the "
                                + "recurrence's eigenvalues cannot both lie inside the unit circle)", () -> {
                                    OptimizerQuadratic q = new OptimizerQuadratic(new double[] {1.0},
                                            new double[] {0.0}, new double[] {1.0});
                                    assertVectorClose(q.gradientDescentClosedForm(0.1, 50),
                                            q.run(new Momentum(1, Momentum.Form.LR_INSIDE_ADD, 0.0), 50, 0.1), 1e-14,
                                            "gamma 0");
                                    RealMatrix m = MatrixUtils.createRealMatrix(
                                            momentumMatrix(Momentum.Form.LR_INSIDE_ADD, false, 0, 1.0, 0.1, 1.0));
                                    Checks.assertClose(1.0, new org.apache.commons.math3.linear.LUDecomposition(m)
                                            .getDeterminant(), 1e-15, "det M at gamma 1");
                                    double[] e = {1.0, 0.0};
                                    double maxLate = 0;
                                    for (int t = 0; t < 2000; t++) {
                                        double v = 1.0 * e[1] + 0.1 * e[0];
                                        e = new double[] {e[0] - v, v};
                                        if (t >= 1000) {
                                            maxLate = Math.max(maxLate, Math.abs(e[0]));
                                        }
                                    }
                                    if (maxLate < 0.5) {
                                        throw new AssertionFailedError("gamma = 1 converged: " + maxLate);
                                    }
                                }))));
        out.add(new Formula("OPT-momentum", "PyTorch SGD momentum b := mu b + g; w -= lr b",
                "Momentum.pytorch(size, mu, 0, false, weightDecay)", List.of(citeAll.get(4)),
                List.of("lr outside the buffer", "first step b := g"), 1e-10, List.of(
                        firstStepExact("w0 - lr g0", n -> Momentum.pytorch(n, 0.9, 0, false, 0), lr,
                                i -> FW0[i].subtract(lr.multiply(fixtureGradient(i)))),
                        momentumClosedForm(Momentum.Form.PYTORCH, false, 0),
                        momentumUnderSchedule(Momentum.Form.PYTORCH),
                        Checks.property("equals the lr-inside forms while lr is constant (their v = lr b), and "
                                + "parts from them once a schedule changes lr (here by more than 1e-6 after lr "
                                + "halves at step 10), 100 seeded quadratics",
                                () -> Cases.run(100, SEED + 11, 6, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    assertVectorClose(q.run(Momentum.pytorch(size, 0.9, 0, false, 0), 100, 0.1),
                                            q.run(new Momentum(size, Momentum.Form.LR_INSIDE_ADD, 0.9), 100, 0.1),
                                            1e-12, "constant lr");
                                    StepDecay s = new StepDecay(0.1, 0.5, 10);
                                    double[] outside = q.run(Momentum.pytorch(size, 0.9, 0, false, 0), 11, s::rate);
                                    double[] inside = q.run(new Momentum(size, Momentum.Form.LR_INSIDE_ADD, 0.9), 11,
                                            s::rate);
                                    double gap = 0;
                                    for (int i = 0; i < size; i++) {
                                        gap = Math.max(gap, Math.abs(outside[i] - inside[i]));
                                    }
                                    if (!(gap > 1e-6)) {
                                        throw new AssertionFailedError("forms did not part after lr changed: gap "
                                                + gap);
                                    }
                                })),
                        OptimizerTorchFixture.optimizerCheck("sgd_momentum", 0.1,
                                n -> Momentum.pytorch(n, 0.9, 0, false, 0)))));
        out.add(new Formula("OPT-momentum", "PyTorch SGD Nesterov: w -= lr (g + mu b)",
                "Momentum.pytorch(size, mu, 0, true, weightDecay)", List.of(citeAll.get(4)),
                List.of("Nesterov as PyTorch (Sutskever et al. 2013 reformulated)"), 1e-10, List.of(
                        firstStepExact("w0 - lr (1 + mu) g0", n -> Momentum.pytorch(n, 0.9, 0, true, 0), lr,
                                i -> FW0[i].subtract(lr.multiply(beta.add(1)).multiply(fixtureGradient(i)))),
                        momentumClosedForm(Momentum.Form.PYTORCH, true, 0),
                        OptimizerTorchFixture.optimizerCheck("sgd_nesterov", 0.1,
                                n -> Momentum.pytorch(n, 0.9, 0, true, 0)))));
        out.add(new Formula("OPT-momentum", "PyTorch SGD dampening: b := mu b + (1 - d) g after the first step",
                "Momentum.pytorch(size, mu, dampening, false, weightDecay)", List.of(citeAll.get(4)),
                List.of("the first step is undamped (b_1 = g_0), as PyTorch"), 1e-10, List.of(
                        firstStepExact("w0 - lr g0 (undamped)", n -> Momentum.pytorch(n, 0.9, 0.5, false, 0), lr,
                                i -> FW0[i].subtract(lr.multiply(fixtureGradient(i)))),
                        momentumClosedForm(Momentum.Form.PYTORCH, false, 0.5),
                        OptimizerTorchFixture.optimizerCheck("sgd_dampening", 0.1,
                                n -> Momentum.pytorch(n, 0.9, 0.5, false, 0)))));
        return out;
    }

    // ---------------------------------------------------------------- OPT-adagrad

    private static List<Formula> adaGrad() {
        List<Formula> out = new ArrayList<>();
        out.add(new Formula("OPT-adagrad", "epsilon outside the root: w -= lr g / (sqrt(G) + eps) (PyTorch)",
                "new AdaGrad(size, eps), new AdaGrad(size, eps, EpsilonPlacement.OUTSIDE_ROOT, initialAccumulator)",
                List.of(cite(D3, "AdaGrad"), cite(D3, "3.4.3 AdaGrad: adaptive gradient"),
                        "PyTorch torch.optim.Adagrad documentation"),
                List.of("EpsilonPlacement.OUTSIDE_ROOT", "G starts at initial_accumulator_value (PyTorch 0)"), 1e-12,
                List.of(
                        firstStep("w0 - lr g0 / (|g0| + eps), magnitude lr |g0| / (|g0| + eps)",
                                n -> new AdaGrad(n, 1e-10), 0.1,
                                (i, g) -> OptimizerTorchFixture.W0[i] - 0.1 * g / (Math.abs(g) + 1e-10)),
                        constantGradient("w0 - sum_k lr g / (sqrt(k) |g| + eps)", n -> new AdaGrad(n, 1e-3), 0.1, 100,
                                (k, g) -> 0.1 * g / (Math.sqrt(k) * Math.abs(g) + 1e-3), 1e-12),
                        Checks.property("the effective rate lr / (sqrt(G) + eps) never grows, per coordinate, "
                                + "over 100 steps on 100 seeded quadratics", () -> Cases.run(100, SEED + 12, 6,
                                        (random, size) -> {
                                            OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                            AdaGrad opt = new AdaGrad(size, 1e-10);
                                            double[] w = q.w0.clone();
                                            double[] last = new double[size];
                                            java.util.Arrays.fill(last, Double.POSITIVE_INFINITY);
                                            for (int t = 0; t < 100; t++) {
                                                opt.step(w, q.gradient(w), 0.5);
                                                for (int i = 0; i < size; i++) {
                                                    double rate = 0.5 / (Math.sqrt(opt.sumOfSquares()[i]) + 1e-10);
                                                    if (rate > last[i]) {
                                                        throw new AssertionFailedError("rate grew at step " + t);
                                                    }
                                                    last[i] = rate;
                                                }
                                            }
                                        })),
                        Checks.property("003's epsilon \"on the order of 10^8\" is a sign slip for 10^-8: with "
                                + "eps = 1e8 the first step is lr |g| / (|g| + 1e8), below 1e-8 lr for |g| < 1, so "
                                + "100 steps leave w within 1e-6 of w0; with 1e-8 the first step is lr (to 1e-8)",
                                () -> {
                                    double[] w = {0.3};
                                    AdaGrad huge = new AdaGrad(1, 1e8);
                                    for (int t = 0; t < 100; t++) {
                                        huge.step(w, new double[] {0.5}, 0.1);
                                    }
                                    if (!(Math.abs(w[0] - 0.3) < 1e-6)) {
                                        throw new AssertionFailedError("moved " + (w[0] - 0.3));
                                    }
                                    double[] v = {0.3};
                                    new AdaGrad(1, 1e-8).step(v, new double[] {0.5}, 0.1);
                                    Checks.assertClose(0.3 - 0.1, v[0], 1e-8, "eps 1e-8");
                                }),
                        OptimizerTorchFixture.optimizerCheck("adagrad", 0.1, n -> new AdaGrad(n, 1e-10)),
                        OptimizerTorchFixture.optimizerCheck("adagrad_eps", 0.1,
                                n -> new AdaGrad(n, 0.1, EpsilonPlacement.OUTSIDE_ROOT, 0.2)))));
        out.add(new Formula("OPT-adagrad", "epsilon inside the root: w -= lr g / sqrt(G + eps) (Keras)",
                "new AdaGrad(size, eps, EpsilonPlacement.INSIDE_ROOT, initialAccumulator)",
                List.of("Keras 3 keras.optimizers.Adagrad (keras/src/optimizers/adagrad.py, update_step)"),
                List.of("EpsilonPlacement.INSIDE_ROOT", "Keras: initial accumulator 0.1, epsilon 1e-7"), 1e-12,
                List.of(
                        firstStep("w0 - lr g0 / sqrt(0.1 + g0^2 + eps)",
                                n -> new AdaGrad(n, 1e-7, EpsilonPlacement.INSIDE_ROOT, 0.1), 0.1,
                                (i, g) -> OptimizerTorchFixture.W0[i] - 0.1 * g / Math.sqrt(0.1 + g * g + 1e-7)),
                        constantGradient("w0 - sum_k lr g / sqrt(0.1 + k g^2 + eps)",
                                n -> new AdaGrad(n, 1e-3, EpsilonPlacement.INSIDE_ROOT, 0.1), 0.1, 100,
                                (k, g) -> 0.1 * g / Math.sqrt(0.1 + k * g * g + 1e-3), 1e-12),
                        Checks.values("the two placements part where g^2 is near eps: first step of g = 0.1, "
                                + "eps = 0.01, lr 1 is 0.1 / 0.11 outside and 0.1 / sqrt(0.02) inside (closed form)",
                                eps -> {
                                    double[] out1 = {0};
                                    double[] in1 = {0};
                                    new AdaGrad(1, eps).step(out1, new double[] {0.1}, 1);
                                    new AdaGrad(1, eps, EpsilonPlacement.INSIDE_ROOT, 0).step(in1,
                                            new double[] {0.1}, 1);
                                    return in1[0] - out1[0];
                                }, 1e-15, 0.01, 0.1 / 0.11 - 0.1 / Math.sqrt(0.02), 0.0, 0.0))));
        return out;
    }

    // ---------------------------------------------------------------- OPT-adadelta

    private static Formula adaDelta() {
        return new Formula("OPT-adadelta", "Zeiler's AdaDelta with PyTorch's lr multiplier",
                "new AdaDelta(size, rho, eps)",
                List.of(cite(D3, "Optimization") + " (the glossary entry AdaDelta, L1085)",
                        cite(D3, "3.4.4 AdaDelta: adaptive learning rate"),
                        "Zeiler 2012, ADADELTA, Algorithm 1", "PyTorch torch.optim.Adadelta documentation"),
                List.of("eps inside both roots (Zeiler, PyTorch)", "lr multiplies the update, not the accumulated "
                        + "update (PyTorch; Zeiler has lr = 1)"), 1e-12, List.of(
                        firstStep("w0 - lr sqrt(eps) / sqrt((1 - rho) g0^2 + eps) g0", n -> new AdaDelta(n, 0.9, 1e-6),
                                1.0, (i, g) -> OptimizerTorchFixture.W0[i]
                                        - Math.sqrt(1e-6) / Math.sqrt(0.1 * g * g + 1e-6) * g),
                        constantGradient("Zeiler's recurrences unrolled for constant g: E[g^2]_k = (1 - rho^k) g^2, "
                                + "dx_k = sqrt(E[dx^2]_{k-1} + eps) / sqrt(E[g^2]_k + eps) g, E[dx^2]_k = rho "
                                + "E[dx^2]_{k-1} + (1 - rho) dx_k^2", n -> new AdaDelta(n, 0.95, 1e-4), 0.5, 100,
                                new StepOf() {
                                    @Override
                                    public double step(int k, double g) {
                                        double msu = 0;
                                        double dx = 0;
                                        for (int j = 1; j <= k; j++) {
                                            double msg = (1 - Math.pow(0.95, j)) * g * g;
                                            dx = Math.sqrt(msu + 1e-4) / Math.sqrt(msg + 1e-4) * g;
                                            msu = 0.95 * msu + 0.05 * dx * dx;
                                        }
                                        return 0.5 * dx;
                                    }
                                }, 1e-12),
                        Checks.property("lr scales the displacement and nothing else: with a constant gradient "
                                + "w_t(lr) - w0 = lr (w_t(1) - w0), 50 seeded cases", () -> Cases.run(50, SEED + 13, 5,
                                        (random, size) -> {
                                            double[] g = Cases.uniform(random, size, -2, 2);
                                            double lr = 0.01 + random.nextDouble();
                                            double[] w1 = new double[size];
                                            double[] wl = new double[size];
                                            AdaDelta one = new AdaDelta(size, 0.9, 1e-6);
                                            AdaDelta scaled = new AdaDelta(size, 0.9, 1e-6);
                                            for (int t = 0; t < 50; t++) {
                                                one.step(w1, g, 1.0);
                                                scaled.step(wl, g, lr);
                                            }
                                            for (int i = 0; i < size; i++) {
                                                w1[i] *= lr;
                                            }
                                            assertVectorClose(w1, wl, 1e-12, "lr " + lr);
                                        })),
                        Checks.property("003's printed form (3.4.4) is wrong: it has no accumulator of squared "
                                + "updates (its Delta theta_t is both the update and their average). Read as the "
                                + "last update, sqrt(Delta theta_t) is NaN as soon as a step is negative; read as an "
                                + "average never updated (0), every step is eps / (sqrt(v) + eps) g, below "
                                + "eps / sqrt(1 - rho), so 100 steps move w less than 100 eps / sqrt(1 - rho), "
                                + "while Zeiler's form moves it more than 1e3 times as far", () -> {
                                    double eps = 1e-6;
                                    double rho = 0.9;
                                    double g = 1.0;
                                    double v = 0;
                                    double last = 0;
                                    double wLastUpdate = 0;
                                    double wFrozen = 0;
                                    for (int t = 0; t < 100; t++) {
                                        v = rho * v + (1 - rho) * g * g;
                                        last = -(Math.sqrt(last) + eps) / (Math.sqrt(v) + eps) * g;
                                        wLastUpdate += last;
                                        wFrozen += -(Math.sqrt(0.0) + eps) / (Math.sqrt(v) + eps) * g;
                                    }
                                    if (!Double.isNaN(wLastUpdate)) {
                                        throw new AssertionFailedError("expected NaN, was " + wLastUpdate);
                                    }
                                    double[] zeiler = {0};
                                    AdaDelta opt = new AdaDelta(1, rho, eps);
                                    for (int t = 0; t < 100; t++) {
                                        opt.step(zeiler, new double[] {g}, 1.0);
                                    }
                                    double bound = 100 * eps / Math.sqrt(1 - rho);
                                    if (!(Math.abs(wFrozen) < bound && Math.abs(zeiler[0]) > 1e3 * Math.abs(wFrozen))) {
                                        throw new AssertionFailedError("printed " + wFrozen + ", Zeiler " + zeiler[0]);
                                    }
                                }),
                        OptimizerTorchFixture.optimizerCheck("adadelta", 1.0, n -> new AdaDelta(n, 0.9, 1e-6)),
                        OptimizerTorchFixture.optimizerCheck("adadelta_lr", 0.5, n -> new AdaDelta(n, 0.95, 1e-3))));
    }

    // ---------------------------------------------------------------- OPT-rmsprop

    private static List<Formula> rmsProp() {
        List<Formula> out = new ArrayList<>();
        out.add(new Formula("OPT-rmsprop", "epsilon outside the root: w -= lr g / (sqrt(s) + eps) (PyTorch)",
                "new RmsProp(size, rho, eps)",
                List.of(cite(D3, "RMSProp"), cite(D3, "3.4.5 RMSProp: root mean square propagation"),
                        "PyTorch torch.optim.RMSprop documentation"),
                List.of("EpsilonPlacement.OUTSIDE_ROOT", "s starts at 0", "PyTorch calls rho alpha"), 1e-12, List.of(
                        firstStep("w0 - lr g0 / (sqrt(1 - rho) |g0| + eps)", n -> new RmsProp(n, 0.99, 1e-8), 0.01,
                                (i, g) -> OptimizerTorchFixture.W0[i]
                                        - 0.01 * g / (Math.sqrt(0.01) * Math.abs(g) + 1e-8)),
                        constantGradient("w0 - sum_k lr g / (sqrt(1 - rho^k) |g| + eps)",
                                n -> new RmsProp(n, 0.9, 1e-3), 0.01, 100,
                                (k, g) -> 0.01 * g / (Math.sqrt(1 - Math.pow(0.9, k)) * Math.abs(g) + 1e-3), 1e-12),
                        OptimizerTorchFixture.optimizerCheck("rmsprop", 0.01, n -> new RmsProp(n, 0.99, 1e-8)),
                        OptimizerTorchFixture.optimizerCheck("rmsprop_eps", 0.01, n -> new RmsProp(n, 0.9, 0.1)))));
        out.add(new Formula("OPT-rmsprop", "epsilon inside the root: w -= lr g / sqrt(s + eps) (000, Keras)",
                "new RmsProp(size, rho, eps, EpsilonPlacement.INSIDE_ROOT, false, 0)",
                List.of(cite(D0, "Optimisers - RMSProp"),
                        "Keras 3 keras.optimizers.RMSprop (keras/src/optimizers/rmsprop.py, update_step)"),
                List.of("EpsilonPlacement.INSIDE_ROOT"), 1e-12, List.of(
                        firstStep("w0 - lr g0 / sqrt((1 - rho) g0^2 + eps)",
                                n -> new RmsProp(n, 0.9, 1e-7, EpsilonPlacement.INSIDE_ROOT, false, 0), 0.001,
                                (i, g) -> OptimizerTorchFixture.W0[i] - 0.001 * g / Math.sqrt(0.1 * g * g + 1e-7)),
                        constantGradient("w0 - sum_k lr g / sqrt((1 - rho^k) g^2 + eps)",
                                n -> new RmsProp(n, 0.9, 1e-3, EpsilonPlacement.INSIDE_ROOT, false, 0), 0.01, 100,
                                (k, g) -> 0.01 * g / Math.sqrt((1 - Math.pow(0.9, k)) * g * g + 1e-3), 1e-12))));
        out.add(new Formula("OPT-rmsprop", "PyTorch centered and momentum options",
                "new RmsProp(size, rho, eps, EpsilonPlacement.OUTSIDE_ROOT, centered, momentum)",
                List.of("PyTorch torch.optim.RMSprop documentation"),
                List.of("centered: s - a^2 with a the running mean of g", "momentum b := mu b + g / denominator; "
                        + "w -= lr b (lr outside, PyTorch)"), 1e-12, List.of(
                        firstStep("centered: s - a^2 = rho (1 - rho) g0^2, so w0 - lr g0 / (sqrt(rho (1 - rho)) "
                                + "|g0| + eps)", n -> new RmsProp(n, 0.99, 1e-8, EpsilonPlacement.OUTSIDE_ROOT, true,
                                        0), 0.01, (i, g) -> OptimizerTorchFixture.W0[i]
                                                - 0.01 * g / (Math.sqrt(0.99 * 0.01) * Math.abs(g) + 1e-8)),
                        OptimizerTorchFixture.optimizerCheck("rmsprop_centered", 0.01,
                                n -> new RmsProp(n, 0.99, 1e-8, EpsilonPlacement.OUTSIDE_ROOT, true, 0)),
                        OptimizerTorchFixture.optimizerCheck("rmsprop_momentum", 0.01,
                                n -> new RmsProp(n, 0.99, 0.01, EpsilonPlacement.OUTSIDE_ROOT, true, 0.9)))));
        return out;
    }

    // ---------------------------------------------------------------- OPT-adam

    private static List<Formula> adam() {
        List<Formula> out = new ArrayList<>();
        List<String> cites = List.of(cite(D0, "Optimisers - Adam"), cite(D3, "Adam"),
                cite(D3, "3.4.6 Adam: adaptive moment estimation"), "Kingma and Ba 2015, Adam, Algorithm 1",
                "PyTorch torch.optim.Adam documentation");
        out.add(new Formula("OPT-adam", "as the paper: w -= lr mhat / (sqrt(vhat) + eps) (PyTorch)",
                "new Adam(size, beta1, beta2, eps)", cites,
                List.of("Adam.EpsilonForm.PAPER", "t counts steps from 1"), 1e-12, List.of(
                        firstStep("w0 - lr g0 / (|g0| + eps): magnitude lr per coordinate up to eps",
                                n -> new Adam(n, 0.9, 0.999, 1e-8), 0.1,
                                (i, g) -> OptimizerTorchFixture.W0[i] - 0.1 * g / (Math.abs(g) + 1e-8)),
                        constantGradient("w0 - t lr g / (|g| + eps): the bias-corrected moments of a constant g "
                                + "are g and g^2", n -> new Adam(n, 0.9, 0.999, 1e-8), 0.01, 100,
                                (k, g) -> 0.01 * g / (Math.abs(g) + 1e-8), 1e-12),
                        Checks.property("with eps = 0 the steps do not change when the loss is multiplied by s > 0 "
                                + "(the paper, section 2.1), 100 seeded quadratics and scales",
                                () -> Cases.run(100, SEED + 14, 6, (random, size) -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                    double s = Math.pow(10, -3 + 6 * random.nextDouble());
                                    double[] sa = q.a.clone();
                                    for (int i = 0; i < size; i++) {
                                        sa[i] *= s;
                                    }
                                    assertVectorClose(q.run(new Adam(size, 0.9, 0.999, 0), 100, 0.05),
                                            new OptimizerQuadratic(sa, q.c, q.w0).run(new Adam(size, 0.9, 0.999, 0),
                                                    100, 0.05), 1e-11, "scale " + s);
                                })),
                        Checks.property("003's 3.4.6 divides by 1 - beta^t with t the step before the update, so "
                                + "its first step divides by 1 - beta^0 = 0 and is not finite; the paper's (and 003's "
                                + "own 'Adam' section's) 1 - beta^t with t = 1 at the first step is finite", () -> {
                                    double g = 0.5;
                                    double m1 = 0.1 * g;
                                    double v1 = 0.001 * g * g;
                                    double printed = 0.1 / (Math.sqrt(v1 / (1 - Math.pow(0.999, 0))) + 1e-8)
                                            * (m1 / (1 - Math.pow(0.9, 0)));
                                    if (Double.isFinite(printed)) {
                                        throw new AssertionFailedError("printed first step finite: " + printed);
                                    }
                                    double[] w = {0};
                                    new Adam(1, 0.9, 0.999, 1e-8).step(w, new double[] {g}, 0.1);
                                    Checks.assertClose(-0.1 * g / (g + 1e-8), w[0], 1e-15, "runtime first step");
                                }),
                        Checks.property("003's 'Adam' section prints s_t = beta2 s + (1 - beta2) g without the "
                                + "square: for a negative gradient its first sqrt(s_hat) is NaN, the second moment "
                                + "needs g^2", () -> {
                                    double g = -0.5;
                                    double s1 = 0.001 * g;
                                    if (!Double.isNaN(Math.sqrt(s1 / (1 - 0.999)))) {
                                        throw new AssertionFailedError("expected NaN");
                                    }
                                    double[] w = {0};
                                    new Adam(1, 0.9, 0.999, 1e-8).step(w, new double[] {g}, 0.1);
                                    Checks.assertClose(0.1 * 0.5 / (0.5 + 1e-8), w[0], 1e-15, "runtime first step");
                                }),
                        OptimizerTorchFixture.optimizerCheck("adam", 0.1, n -> new Adam(n, 0.9, 0.999, 1e-8)),
                        OptimizerTorchFixture.optimizerCheck("adam_eps", 0.1, n -> new Adam(n, 0.8, 0.99, 0.1)))));
        out.add(new Formula("OPT-adam", "epsilon hat: w -= lr sqrt(1 - beta2^t) / (1 - beta1^t) m / (sqrt(v) + eps) "
                + "(Keras)", "new Adam(size, beta1, beta2, eps, Adam.EpsilonForm.EPSILON_HAT, Adam.WeightDecay.NONE, 0)",
                List.of("Keras 3 keras.optimizers.Adam (keras/src/optimizers/adam.py, update_step)",
                        "Kingma and Ba 2015, the remark before section 2.1"),
                List.of("Adam.EpsilonForm.EPSILON_HAT: the paper's form with eps sqrt(1 - beta2^t)"), 1e-12, List.of(
                        firstStep("w0 - lr g0 / (|g0| + eps / sqrt(1 - beta2))",
                                n -> new Adam(n, 0.9, 0.999, 0.01, Adam.EpsilonForm.EPSILON_HAT, Adam.WeightDecay.NONE,
                                        0), 0.1, (i, g) -> OptimizerTorchFixture.W0[i]
                                                - 0.1 * g / (Math.abs(g) + 0.01 / Math.sqrt(0.001))),
                        constantGradient("w0 - sum_k lr g / (|g| + eps / sqrt(1 - beta2^k)): the paper's form with "
                                + "eps sqrt(1 - beta2^k), so the forms part most in the first steps",
                                n -> new Adam(n, 0.9, 0.999, 1e-3, Adam.EpsilonForm.EPSILON_HAT,
                                        Adam.WeightDecay.NONE, 0), 0.01, 100,
                                (k, g) -> 0.01 * g / (Math.abs(g) + 1e-3 / Math.sqrt(1 - Math.pow(0.999, k))),
                                1e-12))));
        out.add(new Formula("OPT-adam", "coupled L2 (PyTorch Adam weight_decay): g := g + lambda w",
                "new Adam(size, beta1, beta2, eps, Adam.EpsilonForm.PAPER, Adam.WeightDecay.COUPLED, lambda)",
                List.of("PyTorch torch.optim.Adam documentation (weight_decay)"),
                List.of("Adam.WeightDecay.COUPLED"), 1e-12, List.of(
                        firstStep("g' = g0 + lambda w0; w0 - lr g' / (|g'| + eps)",
                                n -> new Adam(n, 0.9, 0.999, 1e-8, Adam.EpsilonForm.PAPER, Adam.WeightDecay.COUPLED,
                                        0.1), 0.1, (i, g) -> {
                                            double w0 = OptimizerTorchFixture.W0[i];
                                            double gp = g + 0.1 * w0;
                                            return w0 - 0.1 * gp / (Math.abs(gp) + 1e-8);
                                        }),
                        OptimizerTorchFixture.optimizerCheck("adam_weight_decay", 0.1,
                                n -> new Adam(n, 0.9, 0.999, 1e-8, Adam.EpsilonForm.PAPER, Adam.WeightDecay.COUPLED,
                                        0.1)))));
        out.add(new Formula("OPT-adam", "AdamW, decoupled: w := w (1 - lr lambda), then the Adam step",
                "Adam.adamW(size, beta1, beta2, eps, lambda)",
                List.of("PyTorch torch.optim.AdamW documentation", "Loshchilov and Hutter 2019, Decoupled Weight "
                        + "Decay Regularization"),
                List.of("Adam.WeightDecay.DECOUPLED, decay scaled by lr as PyTorch"), 1e-12, List.of(
                        firstStep("w0 (1 - lr lambda) - lr g0 / (|g0| + eps)", n -> Adam.adamW(n, 0.9, 0.999, 1e-8, 0.1),
                                0.1, (i, g) -> OptimizerTorchFixture.W0[i] * (1 - 0.01) - 0.1 * g / (Math.abs(g) + 1e-8)),
                        OptimizerTorchFixture.optimizerCheck("adamw", 0.1, n -> Adam.adamW(n, 0.9, 0.999, 1e-8, 0.1)))));
        return out;
    }

    // ---------------------------------------------------------------- OPT-weight-decay-equivalence

    private static Formula weightDecayEquivalence() {
        return new Formula("OPT-weight-decay-equivalence",
                "L2 penalty (lambda/2) sum w^2 = weight decay lambda for SGD, not for Adam",
                "Sgd(size, lambda), Adam (COUPLED vs DECOUPLED)",
                List.of(cite(D1, "Regularization: L2 or L1") + " (L2 regularization (or weight decay))",
                        cite(D0, "Regularisation"), "Loshchilov and Hutter 2019, Decoupled Weight Decay "
                                + "Regularization"),
                List.of("001 prints lambda/2 sum w^2 (gradient lambda w); 000 prints lambda sum w^2 (gradient "
                        + "2 lambda w), the same decay at lambda' = 2 lambda"), 1e-12, List.of(
                        Checks.property("SGD on J + (lambda/2) sum w^2 = the decoupled step w := (1 - lr lambda) w - "
                                + "lr g, 100 seeded quadratics, 50 steps", () -> Cases.run(100, SEED + 15, 6,
                                        (random, size) -> {
                                            OptimizerQuadratic q = OptimizerQuadratic.random(random, size);
                                            double lambda = random.nextDouble();
                                            double lr = 0.05 + 0.3 * random.nextDouble();
                                            double[] w = q.w0.clone();
                                            for (int t = 0; t < 50; t++) {
                                                double[] g = q.gradient(w);
                                                for (int i = 0; i < size; i++) {
                                                    w[i] = (1 - lr * lambda) * w[i] - lr * g[i];
                                                }
                                            }
                                            assertVectorClose(w, q.run(new Sgd(size, lambda), 50, lr), 1e-12,
                                                    "lambda " + lambda);
                                        })),
                        Checks.property("000's lambda sum w^2 has gradient 2 lambda w: SGD on it (penalty gradient "
                                + "added by the caller) = Sgd with weight decay 2 lambda", () -> {
                                    OptimizerQuadratic q = OptimizerQuadratic.fixture();
                                    double lambda = 0.05;
                                    double[] w = q.w0.clone();
                                    Sgd plain = new Sgd(3);
                                    for (int t = 0; t < 20; t++) {
                                        double[] g = q.gradient(w);
                                        for (int i = 0; i < 3; i++) {
                                            g[i] += 2 * lambda * w[i];
                                        }
                                        plain.step(w, g, 0.1);
                                    }
                                    assertVectorClose(w, q.run(new Sgd(3, 2 * lambda), 20, 0.1), 1e-14, "2 lambda");
                                }),
                        Checks.property("for Adam they part: with no loss gradient, AdamW shrinks w to "
                                + "w0 (1 - lr lambda)^t (closed form) while coupled L2's first step is "
                                + "lr lambda w0 / (lambda |w0| + eps), about lr whatever lambda", () -> {
                                    double lambda = 0.01;
                                    double lr = 0.1;
                                    double[] zero = {0.0};
                                    double[] w = {2.0};
                                    Adam decoupled = Adam.adamW(1, 0.9, 0.999, 1e-8, lambda);
                                    for (int t = 0; t < 30; t++) {
                                        decoupled.step(w, zero, lr);
                                    }
                                    Checks.assertClose(2.0 * Math.pow(1 - lr * lambda, 30), w[0], 1e-14, "AdamW");
                                    double[] v = {2.0};
                                    new Adam(1, 0.9, 0.999, 1e-8, Adam.EpsilonForm.PAPER, Adam.WeightDecay.COUPLED,
                                            lambda).step(v, zero, lr);
                                    Checks.assertClose(2.0 - lr * lambda * 2.0 / (lambda * 2.0 + 1e-8), v[0], 1e-14,
                                            "coupled");
                                    if (!(Math.abs((2.0 - v[0]) - (2.0 - 2.0 * (1 - lr * lambda))) > 0.05)) {
                                        throw new AssertionFailedError("forms did not part");
                                    }
                                })));
    }
}
