package nnspec.runtime.optim;

/**
 * OPT-momentum: SGD with a velocity, in each printed form (a {@link Form}) and PyTorch's.
 *
 * <p>All forms start from a zero velocity. While the learning rate is constant they are the same trajectory
 * under a parameter mapping (EMA with rate lr equals the others with rate lr (1 - beta); LR_INSIDE_ADD's v is
 * lr times PyTorch's buffer and minus LR_INSIDE_SUBTRACT's v). When a schedule changes the rate they part: the
 * LR_INSIDE forms keep the old rates inside the velocity, the lr-outside forms (EMA, PYTORCH) rescale the whole
 * velocity with the new rate.
 */
public final class Momentum implements Optimizer {
    /** The printed forms of momentum; beta is the momentum coefficient in each. */
    public enum Form {
        /**
         * v := beta v + (1 - beta) g; w := w - lr v (003_be7c2a3ed43414a9.txt, 3.4.2 "Stochastic gradient descent
         * with momentum"): an exponential moving average of gradients, lr outside the velocity.
         */
        EMA,
        /**
         * v := beta v - lr g; w := w + v (001_aa0c02345369f2d3.txt, "SGD with momentum", Algorithm 8.2).
         */
        LR_INSIDE_SUBTRACT,
        /**
         * v := beta v + lr g; w := w - v (003_be7c2a3ed43414a9.txt, "Stochastic Gradient Descent with Momentum").
         * 000_a379626a3ad4bd0a.txt ("Optimisers - SGD with momentum") prints only the parameter line
         * w_{t+1} = w_t - gamma v_{t-1} - lr g_t, which is this form with v the last step taken (Polyak's heavy ball:
         * w_{t+1} = w_t + gamma (w_t - w_{t-1}) - lr g_t).
         */
        LR_INSIDE_ADD,
        /**
         * PyTorch's SGD (torch.optim.SGD documentation): g := g + lambda w; b := g on the first step, else
         * b := mu b + (1 - dampening) g; d := g + mu b if Nesterov, else b; w := w - lr d.
         */
        PYTORCH
    }

    private final Form form;
    private final double beta;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final double[] velocity;
    private boolean first = true;

    /** A printed form with momentum coefficient {@code beta} in [0, 1), over {@code size} parameters. */
    public Momentum(int size, Form form, double beta) {
        this(size, form, beta, 0.0, false, 0.0);
    }

    /** PyTorch's SGD with momentum {@code mu}, {@code dampening}, Nesterov or not, coupled {@code weightDecay}. */
    public static Momentum pytorch(int size, double mu, double dampening, boolean nesterov, double weightDecay) {
        return new Momentum(size, Form.PYTORCH, mu, dampening, nesterov, weightDecay);
    }

    private Momentum(int size, Form form, double beta, double dampening, boolean nesterov, double weightDecay) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1): " + beta);
        }
        if (nesterov && (beta <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires momentum > 0 and zero dampening (PyTorch)");
        }
        this.form = form;
        this.beta = beta;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.velocity = new double[size];
    }

    public Form form() {
        return form;
    }

    /** The velocity (state) as the form defines it; read-only use. */
    public double[] velocity() {
        return velocity;
    }

    @Override
    public double[] state() {
        return Optimizer.pack(new double[][] {velocity}, first ? 1 : 0);
    }

    @Override
    public void restore(double[] state) {
        first = Optimizer.unpack(state, 1, velocity)[0] != 0;
    }

    @Override
    public void step(double[] parameters, double[] gradient, double learningRate) {
        double[] v = velocity;
        switch (form) {
            case EMA -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = beta * v[i] + (1 - beta) * gradient[i];
                    parameters[i] -= learningRate * v[i];
                }
            }
            case LR_INSIDE_SUBTRACT -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = beta * v[i] - learningRate * gradient[i];
                    parameters[i] += v[i];
                }
            }
            case LR_INSIDE_ADD -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = beta * v[i] + learningRate * gradient[i];
                    parameters[i] -= v[i];
                }
            }
            case PYTORCH -> {
                for (int i = 0; i < v.length; i++) {
                    double g = gradient[i] + weightDecay * parameters[i];
                    v[i] = first ? g : beta * v[i] + (1 - dampening) * g;
                    double d = nesterov ? g + beta * v[i] : v[i];
                    parameters[i] -= learningRate * d;
                }
                first = false;
            }
            default -> throw new IllegalStateException(form.toString());
        }
    }
}
