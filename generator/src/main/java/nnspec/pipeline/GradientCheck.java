package nnspec.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;

/**
 * Compares a model's backward pass with central finite differences of its loss, the mean sample loss over a data
 * set: along a direction d, the slope g.d ~ (L(p + hd) - L(p - hd)) / 2h with h = {@link #STEP} * max(1, |p|).
 *
 * <p>The test is the one of PyTorch's {@code torch.autograd.gradcheck}: analytic a and numeric n agree when
 * |a - n| <= atol + rtol |n|. rtol is the threshold; atol is not a chosen constant but the rounding error the
 * difference quotient can carry: each loss value is trusted to {@link #ROUNDING} (a few units of machine epsilon)
 * relative to its size, so (L+ - L-) / 2h can be off by ROUNDING (|L+| + |L-|) / 2h. The reported error is the
 * part of |a - n| beyond that allowance, relative to |n|.
 *
 * <p>ReLU, max pooling and absolute-value penalties make the loss a piecewise smooth function: over many samples some
 * sample's kink can fall inside the stencil [p - h, p + h], and the central difference is then wrong by half the
 * jump of the slope there. A failing probe is therefore tried again with h / 10 and then h / 100: a kink is ten
 * and a hundred times less likely to be crossed, the truncation error (h^2 L'''/6) shrinks a hundredfold per step,
 * while the discrepancy of a wrong gradient does not depend on h at all. If the last try still fails and the two
 * one-sided differences (L+ - L0)/h and (L0 - L-)/h, which for a smooth loss differ only by h L'' and rounding,
 * disagree by enough to account for the whole discrepancy, the coordinate is counted as skipped and another one is
 * drawn. A wrong gradient on a coordinate whose stencil is smooth is never excused; a tensor with more skipped
 * coordinates than checked ones fails as unverifiable.
 *
 * <p>The loss is the training loss: every pass runs in training mode with the model's random draws (dropout masks,
 * randomised ReLU slopes) restarted from their seeds, so each evaluation sees the same draws and the gradient of
 * that one training loss is what is compared.
 */
public final class GradientCheck {
    /** About the cube root of machine epsilon: balances truncation (h^2) against rounding (eps / h). */
    public static final double STEP = 1e-5;
    /** Kept for callers comparing gradients of their own: the relative error's denominator floor. */
    public static final double FLOOR = 1e-6;
    public static final double DEFAULT_THRESHOLD = 1e-6;
    /** Coordinates drawn per tensor and point by default. */
    public static final int DEFAULT_COORDINATES = 10;
    /**
     * The relative rounding error trusted in one evaluated loss: 8 units of machine epsilon (2^-52). The sample
     * losses are summed with Neumaier's compensation (error at most 2 eps of the sum of magnitudes), and a sample
     * loss from exp, log and a dot product of a few hundred terms is exact to a few eps of its size.
     */
    public static final double ROUNDING = 8 * Math.ulp(1.0);
    private static final double SHRINK = 10.0;
    private static final int RETRIES = 2;

    /**
     * The worst probe of one tensor ({@code dense1.w}, {@code dense1.b}, ..., or {@code dense1.w (direction)} for
     * the slope along a random direction over the whole tensor) over all points; {@code checked} and
     * {@code skipped} count the probes judged and the ones excused as crossing a kink, over all points;
     * {@code used} is the worst probe's |a - n| / (atol + rtol |n|), the share of the allowed gap it takes (over 1
     * fails), which ranks probes that all pass.
     */
    public record TensorError(String tensor, double error, String parameter, int point, double analytic,
            double numeric, double allowance, double used, int checked, int skipped) {
        /** True when more probes were excused as kinks than were judged: the check says nothing. */
        public boolean unverifiable() {
            return skipped > checked;
        }
    }

    /** The outcome of one probe: a slope by both means, the allowance, and whether a kink excused it. */
    private record Probe(double analytic, double numeric, double allowance, double error, double used, boolean kink) {
    }

    private GradientCheck() {
    }

    /**
     * Checks at {@code points} parameter vectors drawn uniformly from [-1, 1) with {@link Random}({@code seed}):
     * per tensor, {@code coordinates} coordinates drawn at random (all of a smaller tensor) and the slope along one
     * random direction spanning the tensor. The model's parameters are left at the last point.
     */
    public static List<TensorError> atRandomPoints(Model model, Dataset data, int points, int coordinates,
            long seed, double rtol) {
        Random random = new Random(seed);
        Map<String, TensorError> worst = new LinkedHashMap<>();
        for (int point = 1; point <= points; point++) {
            double[] p = model.parameters();
            for (int k = 0; k < p.length; k++) {
                p[k] = 2.0 * random.nextDouble() - 1.0;
            }
            for (TensorError e : check(model, data, point, coordinates, random, rtol)) {
                worst.merge(e.tensor(), e, GradientCheck::combine);
            }
        }
        return new ArrayList<>(worst.values());
    }

    /** Checks every coordinate at the model's current parameters; the worst per tensor. */
    public static List<TensorError> atCurrentPoint(Model model, Dataset data, int point) {
        return check(model, data, point, Integer.MAX_VALUE, new Random(point), DEFAULT_THRESHOLD);
    }

    private static List<TensorError> check(Model model, Dataset data, int point, int coordinates, Random random,
            double rtol) {
        double[] analytic = analyticGradient(model, data);
        double mid = meanLoss(model, data);
        double[] p = model.parameters();
        Map<String, List<Integer>> tensors = new LinkedHashMap<>();
        for (int k = 0; k < p.length; k++) {
            tensors.computeIfAbsent(tensorOf(model.parameterName(k)), t -> new ArrayList<>()).add(k);
        }
        List<TensorError> result = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> t : tensors.entrySet()) {
            List<Integer> order = new ArrayList<>(t.getValue());
            Collections.shuffle(order, random);
            TensorError worst = null;
            int checked = 0;
            int skipped = 0;
            for (int i = 0; i < order.size() && checked < coordinates; i++) {
                int k = order.get(i);
                double[] d = new double[p.length];
                d[k] = 1.0;
                Probe probe = probe(model, data, d, analytic, mid, STEP * Math.max(1.0, Math.abs(p[k])), rtol);
                if (probe.kink()) {
                    skipped++;
                    continue;
                }
                checked++;
                TensorError e = new TensorError(t.getKey(), probe.error(), model.parameterName(k), point,
                        probe.analytic(), probe.numeric(), probe.allowance(), probe.used(), 0, 0);
                worst = worst == null || worse(e, worst) ? e : worst;
            }
            if (worst == null) {
                worst = new TensorError(t.getKey(), 0.0, t.getKey(), point, Double.NaN, Double.NaN, 0.0, 0.0, 0, 0);
            }
            result.add(withCounts(worst, checked, skipped));
            if (t.getValue().size() > 1 && coordinates != Integer.MAX_VALUE) {
                result.add(direction(model, data, t.getKey(), t.getValue(), analytic, mid, point, random, rtol));
            }
        }
        return result;
    }

    /**
     * PyTorch's fast mode in spirit: the slope along a random unit direction over the tensor's coordinates, which
     * every coordinate's gradient enters.
     */
    private static TensorError direction(Model model, Dataset data, String tensor, List<Integer> indices,
            double[] analytic, double mid, int point, Random random, double rtol) {
        double[] p = model.parameters();
        double[] d = new double[p.length];
        double norm = 0.0;
        double scale = 1.0;
        for (int k : indices) {
            d[k] = random.nextGaussian();
            norm += d[k] * d[k];
            scale = Math.max(scale, Math.abs(p[k]));
        }
        norm = Math.sqrt(norm);
        for (int k : indices) {
            d[k] /= norm;
        }
        Probe probe = probe(model, data, d, analytic, mid, STEP * scale, rtol);
        String name = tensor + " (direction)";
        return new TensorError(name, probe.kink() ? 0.0 : probe.error(), name, point, probe.analytic(),
                probe.numeric(), probe.allowance(), probe.kink() ? 0.0 : probe.used(), probe.kink() ? 0 : 1, probe.kink() ? 1 : 0);
    }

    private static Probe probe(Model model, Dataset data, double[] d, double[] analytic, double mid, double h,
            double rtol) {
        Probe probe = probeOnce(model, data, d, analytic, mid, h, rtol);
        for (int retry = 1; retry <= RETRIES && !(probe.error() <= rtol); retry++) {
            h /= SHRINK;
            probe = probeOnce(model, data, d, analytic, mid, h, rtol);
        }
        return probe;
    }

    /**
     * One stencil; {@code kink} is set only on a failing probe whose discrepancy the one-sided differences'
     * disagreement (plus their rounding) can account for.
     */
    private static Probe probeOnce(Model model, Dataset data, double[] d, double[] analytic, double mid, double h,
            double rtol) {
        double[] p = model.parameters();
        double[] saved = p.clone();
        double slope = 0.0;
        for (int k = 0; k < p.length; k++) {
            if (d[k] != 0.0) {
                slope += analytic[k] * d[k];
                p[k] = saved[k] + h * d[k];
            }
        }
        double up = meanLoss(model, data);
        for (int k = 0; k < p.length; k++) {
            if (d[k] != 0.0) {
                p[k] = saved[k] - h * d[k];
            }
        }
        double down = meanLoss(model, data);
        System.arraycopy(saved, 0, p, 0, p.length);
        double numeric = (up - down) / (2.0 * h);
        double allowance = ROUNDING * (Math.abs(up) + Math.abs(down)) / (2.0 * h);
        double excess = Math.max(0.0, Math.abs(slope - numeric) - allowance);
        double error = excess == 0.0 ? 0.0 : excess / Math.abs(numeric);
        double forward = (up - mid) / h;
        double backward = (mid - down) / h;
        double oneSidedRounding = ROUNDING * (Math.abs(up) + 2.0 * Math.abs(mid) + Math.abs(down)) / h;
        boolean kink = !(error <= rtol)
                && Math.abs(forward - backward) / 2.0 + oneSidedRounding >= Math.abs(slope - numeric) - allowance;
        return new Probe(slope, numeric, allowance, error, Math.abs(slope - numeric) / (allowance + rtol * Math.abs(numeric)),
                kink);
    }

    private static boolean worse(TensorError b, TensorError a) {
        return b.error() > a.error() || b.error() == a.error() && b.used() > a.used();
    }

    private static TensorError withCounts(TensorError e, int checked, int skipped) {
        return new TensorError(e.tensor(), e.error(), e.parameter(), e.point(), e.analytic(), e.numeric(),
                e.allowance(), e.used(), checked, skipped);
    }

    private static TensorError combine(TensorError a, TensorError b) {
        TensorError w = a.checked() == 0 && b.checked() > 0 || b.checked() > 0 && worse(b, a) ? b : a;
        return withCounts(w, a.checked() + b.checked(), a.skipped() + b.skipped());
    }

    /** The gradient of the mean sample loss, from the model's backward pass. */
    public static double[] analyticGradient(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        restartDraws(model);
        model.zeroGradients();
        if (model.couplesBatch()) {
            // batch normalisation: the whole data set is one batch, as its loss below
            model.forwardBatch(data.x(), new double[data.size()][model.outputSize()], data.size());
            model.backwardBatch(data.y(), data.size());
        }
        for (int n = model.couplesBatch() ? data.size() : 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            model.backward(data.y()[n]);
        }
        double[] g = model.gradients().clone();
        for (int k = 0; k < g.length; k++) {
            g[k] /= data.size();
        }
        return g;
    }

    /** The mean sample loss, summed with Neumaier's compensation so that the sum adds no rounding of its own. */
    public static double meanLoss(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        restartDraws(model);
        double sum = 0.0;
        double compensation = 0.0;
        if (model.couplesBatch()) {
            model.forwardBatch(data.x(), new double[data.size()][model.outputSize()], data.size());
        }
        for (int n = 0; n < data.size(); n++) {
            if (model.couplesBatch()) {
                model.sample(n);
            } else {
                model.forward(data.x()[n], yhat);
            }
            double term = model.loss(data.y()[n]);
            double t = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        return (sum + compensation) / data.size();
    }

    /**
     * Training mode, with the random generators back at their seeds and the parameters kept: {@link Model#initialize}
     * restarts the generators (and redraws the parameters, which are put back).
     */
    static void restartDraws(Model model) {
        double[] p = model.parameters();
        double[] kept = p.clone();
        model.initialize();
        System.arraycopy(kept, 0, p, 0, p.length);
        model.training(true);
    }

    static String tensorOf(String parameterName) {
        int bracket = parameterName.indexOf('[');
        return bracket < 0 ? parameterName : parameterName.substring(0, bracket);
    }
}
