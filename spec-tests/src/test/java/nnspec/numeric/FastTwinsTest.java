package nnspec.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import nnspec.generate.JavaGenerator;
import nnspec.lower.NumericMode;
import nnspec.runtime.Activations;
import nnspec.runtime.Dense;
import nnspec.runtime.FastDense;
import nnspec.runtime.FastActivations;
import nnspec.runtime.FastLosses;
import nnspec.runtime.FastMath;
import nnspec.runtime.Losses;
import org.junit.jupiter.api.Test;

/**
 * The fast numeric mode's kernels against their strict twins, which the conformance suite checks against the
 * documents, finite differences and PyTorch. The oracle is the strict kernel; the tolerances are the ones
 * docs/PERFORMANCE.md states: {@link #RELATIVE} for kernels built on {@link Math#exp} and {@link Math#log} (within
 * 1 ulp each, a few roundings apart from StrictMath's), {@link #TANH_RELATIVE} for tanh, whose exp form loses up to
 * 2^-43 relative to cancellation (FastMath#tanh). Errors are measured relative to max(|strict|, 1) for values that
 * are differences of order-1 terms (gradients p - y), relative to |strict| otherwise.
 */
class FastTwinsTest {
    static final double RELATIVE = 1e-14;
    static final double TANH_RELATIVE = 2e-13;
    static final int CASES = 20_000;
    static final long SEED = 20261201L;

    /** Every public static method of every twin, by "Owner.method": there must be a check below for each. */
    static Map<String, Method> twinMethods() {
        Map<String, Method> methods = new TreeMap<>();
        NumericMode.TWINS.forEach((strict, twin) -> {
            for (Method m : twin.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                    methods.put(twin.getSimpleName() + "." + m.getName(), m);
                }
            }
        });
        return methods;
    }

    /**
     * A cached form: a twin method whose parameters are another twin method's plus a softmax cache and its offset
     * (which NumericMode prefers, and {@link #cachedSoftmaxKernelsGiveTheUncachedBits} checks against that form).
     */
    static boolean cachedForm(Method twin) throws NoSuchMethodException {
        Class<?>[] types = twin.getParameterTypes();
        int n = types.length;
        if (n < 2 || types[n - 2] != double[].class || types[n - 1] != int.class) {
            return false;
        }
        try {
            Method uncached = twin.getDeclaringClass().getMethod(twin.getName(), Arrays.copyOf(types, n - 2));
            return uncached.getReturnType() == twin.getReturnType();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Test
    void everyTwinMethodHasAStrictKernelOfTheSameNameParametersAndResult() throws NoSuchMethodException {
        int paired = 0;
        int cached = 0;
        for (Map.Entry<Class<?>, Class<?>> e : NumericMode.TWINS.entrySet()) {
            for (Method twin : e.getValue().getDeclaredMethods()) {
                if (!Modifier.isPublic(twin.getModifiers())) {
                    continue;
                }
                assertTrue(Modifier.isStatic(twin.getModifiers()), twin + " is static");
                if (twin.getName().equals("softmaxCacheLength")) {
                    continue;
                }
                if (cachedForm(twin)) {
                    cached++;
                    continue;
                }
                Method strict = e.getKey().getMethod(twin.getName(), twin.getParameterTypes());
                assertEquals(strict.getReturnType(), twin.getReturnType(), twin.toString());
                paired++;
            }
        }
        assertEquals(12, paired, "twin methods paired with their strict kernels");
        assertEquals(2, cached, "cached forms: the from-logits softmax loss and its gradient");
    }

    @Test
    void everyTwinMethodIsCheckedAgainstItsStrictKernel() {
        TreeSet<String> checked = new TreeSet<>(Arrays.asList(
                "FastActivations.sigmoid", "FastActivations.tanh", "FastActivations.softmax",
                "FastLosses.binaryCrossEntropy", "FastLosses.categoricalCrossEntropy",
                "FastLosses.binaryCrossEntropyWithLogits", "FastLosses.binaryCrossEntropyWithLogitsDerivative",
                "FastLosses.softmaxCrossEntropyWithLogits", "FastLosses.softmaxCrossEntropyWithLogitsGradient",
                "FastLosses.softmaxCacheLength",
                "FastDense.forward", "FastDense.backwardInput", "FastDense.accumulateGradients"));
        assertEquals(checked, twinMethods().keySet(), "a twin method without a check in this class");
    }

    /** Logits and pre-activations: a wide uniform range, small magnitudes, and the edges of FastMath.tanh's forms. */
    static double logit(SplittableRandom random, int k) {
        return switch (k % 4) {
            case 0 -> random.nextDouble(-40, 40);
            case 1 -> random.nextDouble(-3, 3);
            case 2 -> Math.scalb(random.nextDouble(1, 2), random.nextInt(-30, 0)) * (random.nextBoolean() ? 1 : -1);
            default -> random.nextDouble(-0.7, 0.7);
        };
    }

    static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, 1e-300, 0x1p-10, -0x1p-10, Math.nextDown(0x1p-10),
        0.55, 1.0, 22.0, Math.nextUp(22.0), -22.0, 700.0, -700.0, 745.0, -745.0, Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    @Test
    void scalarActivationsAgreeWithStrict() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int k = 0; k < CASES + SPECIAL.length; k++) {
            double z = k < SPECIAL.length ? SPECIAL[k] : logit(random, k);
            close("sigmoid", z, Activations.sigmoid(z), FastActivations.sigmoid(z), RELATIVE, 0.0);
            close("tanh", z, Activations.tanh(z), FastActivations.tanh(z), TANH_RELATIVE, 0.0);
            close("FastMath.tanh", z, StrictMath.tanh(z), FastMath.tanh(z), TANH_RELATIVE, 0.0);
            close("FastMath.exp", z, StrictMath.exp(z), FastMath.exp(z), RELATIVE, 0.0);
        }
    }

    @Test
    void tanhKeepsItsSignItsOddSymmetryAndItsBound() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastActivations.tanh(-0.0)));
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int k = 0; k < CASES; k++) {
            double z = logit(random, k);
            assertEquals(-FastMath.tanh(z), FastMath.tanh(-z), "odd at " + z);
            assertTrue(Math.abs(FastMath.tanh(z)) <= 1.0, "bounded at " + z);
        }
    }

    /**
     * The fast binary cross-entropy takes one logarithm for a hard target (issue 11) and gives the bits of the
     * two-term form -(y max(log p, -100) + (1 - y) max(log(1 - p), -100)) (PyTorch's BCELoss, evaluated here with
     * FastMath.log as the fast kernel did before) for every p in [0, 1], the edges and subnormals included; NaN
     * outside [0, 1] as that form. The test above ties the kernel to strict within RELATIVE.
     */
    @Test
    void binaryCrossEntropyOfAHardTargetGivesTheTwoTermFormsBits() {
        SplittableRandom random = new SplittableRandom(SEED + 6);
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, 1e-300, 1e-44, 0.5, Math.nextDown(1.0), 1.0, 1.0 - 1e-16,
            1.5, -0.5, Double.NaN, Double.POSITIVE_INFINITY};
        double[] bases = {Math.E, 2.0, 10.0};
        for (int k = 0; k < CASES + edges.length; k++) {
            double p = k < edges.length ? edges[k] : k % 3 == 0
                    ? Math.scalb(random.nextDouble(1, 2), random.nextInt(-1100, -1)) : k % 3 == 1
                    ? 1.0 - Math.scalb(random.nextDouble(1, 2), random.nextInt(-60, -1)) : random.nextDouble();
            for (double y : new double[] {0.0, 1.0}) {
                double base = bases[k % bases.length];
                double nats = -(y * Math.max(FastMath.log(p), Losses.LOG_FLOOR)
                        + (1.0 - y) * Math.max(FastMath.log(1.0 - p), Losses.LOG_FLOOR));
                double expected = base == Math.E ? nats : nats / FastMath.log(base);
                // doubleToLongBits: every NaN one value, a signed zero kept
                assertEquals(Double.doubleToLongBits(expected),
                        Double.doubleToLongBits(FastLosses.binaryCrossEntropy(p, y, base)),
                        "p " + p + ", y " + y + ", base " + base + ": " + expected + " against "
                                + FastLosses.binaryCrossEntropy(p, y, base));
            }
        }
    }

    @Test
    void probabilityLossesAgreeWithStrict() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        double[] bases = {Math.E, 2.0, 10.0};
        for (int k = 0; k < CASES; k++) {
            double p = k % 5 == 0 ? Math.scalb(random.nextDouble(1, 2), random.nextInt(-1100, -1))
                    : random.nextDouble();
            double y = k % 3 == 0 ? random.nextDouble() : random.nextInt(2);
            double base = bases[k % bases.length];
            String at = "p " + p + ", y " + y + ", base " + base;
            close("binaryCrossEntropy", at, Losses.binaryCrossEntropy(p, y, base),
                    FastLosses.binaryCrossEntropy(p, y, base), RELATIVE, 0.0);
            close("categoricalCrossEntropy", at, Losses.categoricalCrossEntropy(p, y, base),
                    FastLosses.categoricalCrossEntropy(p, y, base), RELATIVE, 0.0);
            double z = logit(random, k);
            at = "z " + z + ", y " + y + ", base " + base;
            close("binaryCrossEntropyWithLogits", at, Losses.binaryCrossEntropyWithLogits(z, y, base),
                    FastLosses.binaryCrossEntropyWithLogits(z, y, base), RELATIVE, 0.0);
            close("binaryCrossEntropyWithLogitsDerivative", at,
                    Losses.binaryCrossEntropyWithLogitsDerivative(z, y, base),
                    FastLosses.binaryCrossEntropyWithLogitsDerivative(z, y, base), RELATIVE, 1.0);
        }
    }

    @Test
    void softmaxKernelsAgreeWithStrict() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        double[] bases = {Math.E, 2.0};
        for (int k = 0; k < CASES / 10; k++) {
            int n = 1 + random.nextInt(12);
            int from = random.nextInt(3);
            double[] z = new double[from + n];
            double[] y = new double[from + n];
            for (int j = 0; j < n; j++) {
                z[from + j] = k % 7 == 0 ? random.nextDouble(-1000, 1000) : logit(random, k + j);
            }
            if (k % 2 == 0) {
                y[from + random.nextInt(n)] = 1.0;
            } else {
                for (int j = 0; j < n; j++) {
                    y[from + j] = random.nextDouble();
                }
            }
            double base = bases[k % bases.length];
            String at = "z " + Arrays.toString(z) + " from " + from + ", y " + Arrays.toString(y) + ", base " + base;
            double[] strict = new double[from + n];
            double[] fast = new double[from + n];
            Activations.softmax(z, from, strict, from, n);
            FastActivations.softmax(z, from, fast, from, n);
            closeAll("softmax", at, strict, fast, 1.0);
            close("softmaxCrossEntropyWithLogits", at, Losses.softmaxCrossEntropyWithLogits(z, from, y, from, n, base),
                    FastLosses.softmaxCrossEntropyWithLogits(z, from, y, from, n, base), RELATIVE, 1.0);
            Losses.softmaxCrossEntropyWithLogitsGradient(z, from, y, from, n, base, strict, from);
            FastLosses.softmaxCrossEntropyWithLogitsGradient(z, from, y, from, n, base, fast, from);
            closeAll("softmaxCrossEntropyWithLogitsGradient", at, strict, fast, 1.0);
        }
    }

    /**
     * The cached forms against the uncached fast kernels, which the test above ties to strict: the loss the same
     * bits, and the gradient the same bits whether it takes the loss's exponentials (same logits, whatever the
     * target) or recomputes them (no loss call yet, or other logits since). That it takes the cached exponentials
     * when the logits match (the n exponentials the issue saves) shows by a marked cache: z's logits beside the
     * exponentials of other logits, where the call on z must give the other logits' gradient.
     */
    @Test
    void cachedSoftmaxKernelsGiveTheUncachedBits() {
        SplittableRandom random = new SplittableRandom(SEED + 5);
        for (int k = 0; k < CASES / 10; k++) {
            int n = 1 + random.nextInt(12);
            int from = random.nextInt(3);
            int cacheFrom = random.nextInt(3);
            double[] z = new double[from + n];
            double[] other = new double[from + n];
            double[] y = new double[from + n];
            double[] y2 = new double[from + n];
            for (int j = 0; j < n; j++) {
                z[from + j] = k % 7 == 0 ? random.nextDouble(-1000, 1000) : logit(random, k + j);
                other[from + j] = logit(random, k + j + 1);
                y2[from + j] = random.nextDouble();
            }
            if (k % 11 == 0) {
                z[from + random.nextInt(n)] = SPECIAL[random.nextInt(SPECIAL.length)];
            }
            y[from + random.nextInt(n)] = 1.0;
            double base = k % 2 == 0 ? Math.E : 2.0;
            String at = "z " + Arrays.toString(z) + " from " + from + ", base " + base;
            double[] cache = new double[cacheFrom + FastLosses.softmaxCacheLength(n)];
            double[] expected = new double[from + n];
            double[] actual = new double[from + n];

            // no loss call yet: the cache is unwritten and the gradient computes its exponentials
            FastLosses.softmaxCrossEntropyWithLogitsGradient(z, from, y, from, n, base, expected, from);
            FastLosses.softmaxCrossEntropyWithLogitsGradient(z, from, y, from, n, base, actual, from, cache,
                    cacheFrom);
            sameBits("gradient before any loss", at, expected, actual);

            assertEquals(Double.doubleToRawLongBits(FastLosses.softmaxCrossEntropyWithLogits(z, from, y, from, n,
                    base)), Double.doubleToRawLongBits(FastLosses.softmaxCrossEntropyWithLogits(z, from, y, from, n,
                    base, cache, cacheFrom)), "cached loss at " + at);
            // the same logits, the loss's target and another one
            for (double[] target : new double[][] {y, y2}) {
                FastLosses.softmaxCrossEntropyWithLogitsGradient(z, from, target, from, n, base, expected, from);
                FastLosses.softmaxCrossEntropyWithLogitsGradient(z, from, target, from, n, base, actual, from,
                        cache, cacheFrom);
                sameBits("gradient from the loss's exponentials", at, expected, actual);
            }
            // other logits since the loss: the cache is not theirs
            FastLosses.softmaxCrossEntropyWithLogitsGradient(other, from, y, from, n, base, expected, from);
            FastLosses.softmaxCrossEntropyWithLogitsGradient(other, from, y, from, n, base, actual, from, cache,
                    cacheFrom);
            sameBits("gradient of other logits", at, expected, actual);

            // the marked cache: the exponentials of other logits under z's logits
            double[] marked = cache.clone();
            double[] scratch = new double[cacheFrom + FastLosses.softmaxCacheLength(n)];
            FastLosses.softmaxCrossEntropyWithLogits(other, from, y, from, n, base, scratch, cacheFrom);
            System.arraycopy(scratch, cacheFrom + n, marked, cacheFrom + n, n);
            FastLosses.softmaxCrossEntropyWithLogitsGradient(other, from, y, from, n, base, expected, from);
            FastLosses.softmaxCrossEntropyWithLogitsGradient(z, from, y, from, n, base, actual, from, marked,
                    cacheFrom);
            sameBits("gradient takes the cached exponentials", at, expected, actual);
        }
    }

    static void sameBits(String what, String at, double[] expected, double[] actual) {
        for (int j = 0; j < expected.length; j++) {
            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]),
                    what + " [" + j + "] at " + at + ": " + expected[j] + " against " + actual[j]);
        }
    }

    /**
     * FastDense.forward against Dense.forward (the strict order, which DenseKernelTest checks against a closed form
     * and the interpreter's bits): bit for bit up to FastDense.SEQUENTIAL_MAX_WEIGHTS weights, which covers every
     * straight-line layer of the generator; above it within the recursive-summation bound (Higham, Accuracy and
     * Stability of Numerical Algorithms, 2nd ed., section 4.2): each order is within (n - 1) u sum |t| of the exact
     * sum of its n terms t (the bias and the products, each product itself within u |w x|), so the two within
     * 2 (n + 1) u sum |t| of each other, u = 2^-53.
     */
    @Test
    void denseForwardAgreesWithStrictAndKeepsItsOrderOnStraightLineLayers() {
        assertTrue(FastDense.SEQUENTIAL_MAX_WEIGHTS >= JavaGenerator.STRAIGHT_LINE_MAX_WEIGHTS,
                "a straight-line layer is summed in the strict order by both back ends");
        SplittableRandom random = new SplittableRandom(SEED + 4);
        int[][] shapes = {{2, 2}, {16, 16}, {256, 1}, {1, 256}, {7, 37}, {64, 64}, {257, 1}, {784, 3}, {5, 130},
            {3, 200}};
        for (int k = 0; k < 200; k++) {
            int[] shape = shapes[k % shapes.length];
            int in = shape[0];
            int out = shape[1];
            int batch = 1 + random.nextInt(6);
            DenseCase c = DenseCase.draw(random, k, in, out, batch);
            int xFrom = c.xFrom();
            int wFrom = c.wFrom();
            int bFrom = c.bFrom();
            int zFrom = c.zFrom();
            double[] x = c.x();
            double[] p = c.p();
            double[] strict = new double[zFrom + batch * out];
            double[] fast = new double[zFrom + batch * out];
            Dense.forward(x, xFrom, batch, in, out, p, wFrom, bFrom, strict, zFrom);
            FastDense.forward(x, xFrom, batch, in, out, p, wFrom, bFrom, fast, zFrom);
            boolean sequential = in * out <= FastDense.SEQUENTIAL_MAX_WEIGHTS;
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < out; j++) {
                    int at = zFrom + s * out + j;
                    String where = in + "x" + out + " layer, sample " + s + ", unit " + j + " (seeded from " + SEED
                            + ")";
                    if (sequential) {
                        assertEquals(Double.doubleToRawLongBits(strict[at]), Double.doubleToRawLongBits(fast[at]),
                                where);
                        continue;
                    }
                    double magnitude = Math.abs(p[bFrom + j]);
                    for (int i = 0; i < in; i++) {
                        magnitude += Math.abs(p[wFrom + j * in + i] * x[xFrom + s * in + i]);
                    }
                    double bound = 2.0 * (in + 2) * 0x1p-53 * magnitude;
                    double error = Math.abs(fast[at] - strict[at]);
                    assertTrue(error <= bound, where + ": strict " + strict[at] + ", fast " + fast[at] + ", error "
                            + error + " above the bound " + bound);
                }
            }
        }
    }

    /**
     * The batched kernels of FastDense over whole mini-batches, on random shapes that are and are not multiples of
     * its blocks (4 partial sums, {@link FastDense#BLOCK_INPUTS} inputs, {@link FastDense#BLOCK_SAMPLES} samples, unit
     * pairs) and at random offsets into their arrays. Oracles: naive loops written here from the formulas (z = b +
     * sum_i w x summed in order, dx = sum_j w delta from 0.0 over j in order, g += delta x sample after sample), and
     * the one-sample call of FastDense.forward. The forward pass of a batch must give the bits of one sample at a
     * time (the batch-wise training steps rely on it) and lie within the recursive-summation bound of the naive sum
     * (as above: 2 (n + 2) u sum |t|); the backward kernels keep Dense's order, so they must equal the naive loops,
     * and Dense, to the bit.
     */
    @Test
    void batchedDenseKernelsKeepTheOneSampleBitsAndAgreeWithNaiveLoops() {
        SplittableRandom random = new SplittableRandom(SEED + 5);
        int[][] shapes = {{784, 128, 64}, {128, 10, 64}, {64, 64, 32}, {257, 3, 70}, {33, 9, 5}, {31, 17, 129},
            {130, 2, 2}, {5, 61, 3}, {300, 1, 65}, {3, 300, 8}, {16, 16, 7}, {1, 257, 4}};
        for (int k = 0; k < 3 * shapes.length; k++) {
            int[] shape = shapes[k % shapes.length];
            int in = shape[0];
            int out = shape[1];
            int batch = k < shapes.length ? shape[2] : 2 + random.nextInt(140);
            DenseCase c = DenseCase.draw(random, k, in, out, batch);
            double[] x = c.x();
            double[] p = c.p();
            double[] delta = new double[c.zFrom() + batch * out];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = k % 5 == 0 ? random.nextDouble(-1e6, 1e6) : random.nextDouble(-1, 1);
            }
            String where = in + "x" + out + " layer, batch " + batch + " (seeded from " + SEED + ")";

            double[] fast = new double[c.zFrom() + batch * out];
            double[] one = new double[c.zFrom() + batch * out];
            FastDense.forward(x, c.xFrom(), batch, in, out, p, c.wFrom(), c.bFrom(), fast, c.zFrom());
            for (int s = 0; s < batch; s++) {
                FastDense.forward(x, c.xFrom() + s * in, 1, in, out, p, c.wFrom(), c.bFrom(), one, c.zFrom() + s * out);
            }
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < out; j++) {
                    int at = c.zFrom() + s * out + j;
                    assertEquals(Double.doubleToRawLongBits(one[at]), Double.doubleToRawLongBits(fast[at]),
                            where + ", forward, sample " + s + ", unit " + j + ": the batch against one sample");
                    double naive = p[c.bFrom() + j];
                    double magnitude = Math.abs(naive);
                    for (int i = 0; i < in; i++) {
                        double t = p[c.wFrom() + j * in + i] * x[c.xFrom() + s * in + i];
                        naive += t;
                        magnitude += Math.abs(t);
                    }
                    double bound = 2.0 * (in + 2) * 0x1p-53 * magnitude;
                    assertTrue(Math.abs(fast[at] - naive) <= bound, where + ", forward, sample " + s + ", unit " + j
                            + ": naive " + naive + ", fast " + fast[at] + " beyond " + bound);
                }
            }

            double[] dxFast = new double[c.xFrom() + batch * in];
            double[] dxDense = new double[c.xFrom() + batch * in];
            java.util.Arrays.fill(dxFast, Double.NaN);
            FastDense.backwardInput(delta, c.zFrom(), batch, in, out, p, c.wFrom(), dxFast, c.xFrom());
            Dense.backwardInput(delta, c.zFrom(), batch, in, out, p, c.wFrom(), dxDense, c.xFrom());
            for (int s = 0; s < batch; s++) {
                for (int i = 0; i < in; i++) {
                    double naive = 0.0;
                    for (int j = 0; j < out; j++) {
                        naive += p[c.wFrom() + j * in + i] * delta[c.zFrom() + s * out + j];
                    }
                    int at = c.xFrom() + s * in + i;
                    String what = where + ", backwardInput, sample " + s + ", input " + i;
                    assertEquals(Double.doubleToRawLongBits(naive), Double.doubleToRawLongBits(dxFast[at]), what);
                    assertEquals(Double.doubleToRawLongBits(naive), Double.doubleToRawLongBits(dxDense[at]), what);
                }
            }

            double[] start = new double[c.bFrom() + out];
            for (int i = 0; i < start.length; i++) {
                start[i] = random.nextDouble(-1, 1);
            }
            double[] gFast = start.clone();
            double[] gDense = start.clone();
            double[] gNaive = start.clone();
            FastDense.accumulateGradients(x, c.xFrom(), delta, c.zFrom(), batch, in, out, gFast, c.wFrom(), c.bFrom());
            Dense.accumulateGradients(x, c.xFrom(), delta, c.zFrom(), batch, in, out, gDense, c.wFrom(), c.bFrom());
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < out; j++) {
                    double d = delta[c.zFrom() + s * out + j];
                    for (int i = 0; i < in; i++) {
                        gNaive[c.wFrom() + j * in + i] += d * x[c.xFrom() + s * in + i];
                    }
                    gNaive[c.bFrom() + j] += d;
                }
            }
            for (int i = 0; i < start.length; i++) {
                String what = where + ", accumulateGradients, parameter " + i;
                assertEquals(Double.doubleToRawLongBits(gNaive[i]), Double.doubleToRawLongBits(gFast[i]), what);
                assertEquals(Double.doubleToRawLongBits(gNaive[i]), Double.doubleToRawLongBits(gDense[i]), what);
            }
        }
    }

    /**
     * A dense layer's operands at random offsets into their arrays: inputs x (every fifth case k up to 1e6 in
     * magnitude, else on [-1, 1)) and parameters p on [-1, 1), the biases after the weights.
     */
    record DenseCase(int xFrom, int wFrom, int bFrom, int zFrom, double[] x, double[] p) {
        static DenseCase draw(SplittableRandom random, int k, int in, int out, int batch) {
            int xFrom = random.nextInt(3);
            int wFrom = random.nextInt(3);
            int bFrom = wFrom + in * out;
            int zFrom = random.nextInt(3);
            double[] x = new double[xFrom + batch * in];
            double[] p = new double[bFrom + out];
            for (int i = 0; i < x.length; i++) {
                x[i] = k % 5 == 0 ? random.nextDouble(-1e6, 1e6) : random.nextDouble(-1, 1);
            }
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextDouble(-1, 1);
            }
            return new DenseCase(xFrom, wFrom, bFrom, zFrom, x, p);
        }
    }

    static void closeAll(String kernel, String at, double[] strict, double[] fast, double scale) {
        for (int j = 0; j < strict.length; j++) {
            close(kernel + "[" + j + "]", at, strict[j], fast[j], RELATIVE, scale);
        }
    }

    static void close(String kernel, Object at, double strict, double fast, double relative, double scale) {
        if (Double.isNaN(strict) || Double.isInfinite(strict)) {
            assertEquals(strict, fast, kernel + " at " + at + " (seeded from " + SEED + ")");
            return;
        }
        assertFalse(Double.isNaN(fast), kernel + " at " + at);
        double error = Math.abs(fast - strict);
        if (error > relative * Math.max(Math.abs(strict), scale)) {
            fail(kernel + " at " + at + ": strict " + strict + ", fast " + fast + ", error " + error + " above "
                    + relative + " relative (seeded from " + SEED + ")");
        }
    }
}
