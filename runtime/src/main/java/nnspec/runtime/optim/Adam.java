package nnspec.runtime.optim;

/**
 * OPT-adam (Kingma and Ba 2015, Algorithm 1; 000_a379626a3ad4bd0a.txt, "Optimisers - Adam"; 003_be7c2a3ed43414a9.txt,
 * "Adam" and 3.4.6; PyTorch torch.optim.Adam and AdamW documentation). With t the number of this step (1, 2, ...):
 * m := beta1 m + (1 - beta1) g; v := beta2 v + (1 - beta2) g^2; mhat = m / (1 - beta1^t); vhat = v / (1 - beta2^t);
 * w := w - lr mhat / (sqrt(vhat) + eps) ({@link EpsilonForm#PAPER}, PyTorch).
 *
 * <p>{@link EpsilonForm#EPSILON_HAT} (Keras 3 Adam, and the paper's remark before its section 2.1): w := w - lr_t m /
 * (sqrt(v) + eps) with lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t); the same as PAPER with eps replaced by
 * eps sqrt(1 - beta2^t), so the two part most in the first steps.
 *
 * <p>beta^t comes from {@link Powers}, the nearest double to the power, with no allocation in any step.
 *
 * <p>{@link WeightDecay}: COUPLED (PyTorch Adam weight_decay: g := g + lambda w, an L2 penalty whose gradient then
 * passes through the adaptive scaling) or DECOUPLED (PyTorch AdamW: w := w (1 - lr lambda) before the Adam step).
 */
public final class Adam implements Optimizer {
    /** Where epsilon enters; see the class comment. */
    public enum EpsilonForm {
        PAPER,
        EPSILON_HAT
    }

    /** How a weight decay lambda enters; see the class comment. */
    public enum WeightDecay {
        NONE,
        COUPLED,
        DECOUPLED
    }

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final EpsilonForm epsilonForm;
    private final WeightDecay decay;
    private final double lambda;
    private final double[] m;
    private final double[] v;
    private final Powers beta1Powers;
    private final Powers beta2Powers;
    private long t;

    /** PyTorch's Adam without weight decay. */
    public Adam(int size, double beta1, double beta2, double epsilon) {
        this(size, beta1, beta2, epsilon, EpsilonForm.PAPER, WeightDecay.NONE, 0.0);
    }

    /** PyTorch's AdamW: decoupled weight decay {@code lambda} (PyTorch's default 0.01). */
    public static Adam adamW(int size, double beta1, double beta2, double epsilon, double lambda) {
        return new Adam(size, beta1, beta2, epsilon, EpsilonForm.PAPER, WeightDecay.DECOUPLED, lambda);
    }

    public Adam(int size, double beta1, double beta2, double epsilon, EpsilonForm epsilonForm, WeightDecay decay,
            double lambda) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1) || epsilon < 0 || lambda < 0) {
            throw new IllegalArgumentException("betas in [0, 1), epsilon and lambda >= 0 required");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.epsilonForm = epsilonForm;
        this.decay = decay;
        this.lambda = decay == WeightDecay.NONE ? 0.0 : lambda;
        this.m = new double[size];
        this.v = new double[size];
        this.beta1Powers = new Powers(beta1);
        this.beta2Powers = new Powers(beta2);
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    @Override
    public double[] state() {
        return Optimizer.pack(new double[][] {m, v}, t);
    }

    @Override
    public void restore(double[] state) {
        t = (long) Optimizer.unpack(state, 1, m, v)[0];
        // The powers are carried step by step; replaying them gives the bits an uninterrupted run has at step t.
        beta1Powers.restart(t);
        beta2Powers.restart(t);
    }

    @Override
    public void step(double[] parameters, double[] gradient, double learningRate) {
        t++;
        double correction1 = 1 - beta1Powers.next();
        double correction2 = 1 - beta2Powers.next();
        double root2 = StrictMath.sqrt(correction2);
        double hatRate = learningRate * root2 / correction1;
        for (int i = 0; i < m.length; i++) {
            double g = gradient[i];
            if (decay == WeightDecay.COUPLED) {
                g += lambda * parameters[i];
            } else if (decay == WeightDecay.DECOUPLED) {
                parameters[i] *= 1 - learningRate * lambda;
            }
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            if (epsilonForm == EpsilonForm.PAPER) {
                double denominator = StrictMath.sqrt(v[i]) / root2 + epsilon;
                parameters[i] -= learningRate / correction1 * m[i] / denominator;
            } else {
                parameters[i] -= hatRate * m[i] / (StrictMath.sqrt(v[i]) + epsilon);
            }
        }
    }
}
