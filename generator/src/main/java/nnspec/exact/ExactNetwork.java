package nnspec.exact;

import java.util.ArrayList;
import java.util.List;
import nnspec.model.Activation;
import nnspec.model.DenseLayer;
import nnspec.model.Init;
import nnspec.model.Layer;
import nnspec.model.Loss;
import nnspec.model.Spec;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A stack of dense layers over fractions, with the runtime's conventions at the kinks (step and sign take the
 * spec's value at 0 and have derivative 0, ReLU's derivative is 0 at 0, leaky ReLU's is alpha there, piecewise
 * linear's is 1 strictly inside (-1/2, 1/2)) and its loss reductions. Parameters are laid out as the runtime's:
 * per layer its weights w[j][i] row by row, then its biases.
 */
final class ExactNetwork {
    private final List<DenseLayer> layers = new ArrayList<>();
    private final List<Integer> offsets = new ArrayList<>();
    private final BigFraction[] p;

    /** One forward pass: every layer's pre-activations z and activations a (a[0] is the input). */
    record Pass(List<BigFraction[]> z, List<BigFraction[]> a) {
        BigFraction[] output() {
            return a.get(a.size() - 1);
        }

        BigFraction outputPreActivation() {
            return z.get(z.size() - 1)[0];
        }
    }

    ExactNetwork(Spec spec) {
        int count = 0;
        for (Layer layer : spec.network().layers()) {
            DenseLayer dense = (DenseLayer) layer;
            layers.add(dense);
            offsets.add(count);
            count += dense.parameterCount();
        }
        p = new BigFraction[count];
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            int o = offsets.get(l);
            for (int j = 0; j < layer.units(); j++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    p[o + j * layer.inputs() + i] = initial(layer.init(), j, i, false);
                }
                p[o + layer.weightCount() + j] = initial(layer.init(), j, 0, true);
            }
        }
    }

    private static BigFraction initial(Init init, int j, int i, boolean bias) {
        return switch (init.kind()) {
            case ZEROS -> BigFraction.ZERO;
            case CONSTANT -> ExactTrace.written(((Init.Constant) init).value());
            case LITERAL -> literal((Init.Literal) init, j, i, bias);
            case FILE -> literal(((Init.FromFile) init).literal(), j, i, bias);
            case UNIFORM, GLOROT_UNIFORM, UNIFORM_FANIN, GLOROT_NORMAL, HE_NORMAL, HE_UNIFORM, LECUN_NORMAL,
                    LECUN_UNIFORM -> throw new IllegalArgumentException("not rational: " + init.kind());
        };
    }

    private static BigFraction literal(Init.Literal literal, int j, int i, boolean bias) {
        return ExactTrace.written(bias ? literal.bias().get(j) : literal.weights().get(j).get(i));
    }

    int outputSize() {
        return layers.get(layers.size() - 1).outputs();
    }

    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (DenseLayer layer : layers) {
            for (int j = 0; j < layer.units(); j++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    names.add(layer.name() + ".w[" + j + "][" + i + "]");
                }
            }
            for (int j = 0; j < layer.units(); j++) {
                names.add(layer.name() + ".b[" + j + "]");
            }
        }
        return names;
    }

    BigFraction[] parameters() {
        return p.clone();
    }

    /** The longest numerator or denominator among the parameters, in bits. */
    int longestBits() {
        int bits = 0;
        for (BigFraction v : p) {
            bits = Math.max(bits, Math.max(v.getNumerator().bitLength(), v.getDenominator().bitLength()));
        }
        return bits;
    }

    BigFraction[] zeros() {
        BigFraction[] g = new BigFraction[p.length];
        java.util.Arrays.fill(g, BigFraction.ZERO);
        return g;
    }

    private static final BigFraction HALF = BigFraction.of(1, 2);

    private static BigFraction activate(DenseLayer layer, BigFraction z) {
        int sign = z.signum();
        return switch (layer.activation()) {
            case STEP -> sign > 0 ? BigFraction.ONE : sign < 0 ? BigFraction.ZERO
                    : ExactTrace.written(layer.activationParams().number("at_zero"));
            case SIGN -> sign > 0 ? BigFraction.ONE : sign < 0 ? BigFraction.of(-1)
                    : ExactTrace.written(layer.activationParams().number("at_zero"));
            case LINEAR -> z;
            case RELU -> sign > 0 ? z : BigFraction.ZERO;
            case LEAKY_RELU -> sign > 0 ? z : z.multiply(ExactTrace.written(layer.activationParams().number("alpha")));
            case PIECEWISE_LINEAR -> z.compareTo(HALF) >= 0 ? BigFraction.ONE : z.compareTo(HALF.negate()) <= 0
                    ? BigFraction.ZERO : z.add(HALF);
            default -> throw new IllegalArgumentException("not rational: " + layer.activation());
        };
    }

    private static BigFraction slope(DenseLayer layer, BigFraction z) {
        int sign = z.signum();
        return switch (layer.activation()) {
            case STEP, SIGN -> BigFraction.ZERO;
            case LINEAR -> BigFraction.ONE;
            case RELU -> sign > 0 ? BigFraction.ONE : BigFraction.ZERO;
            case LEAKY_RELU -> sign > 0 ? BigFraction.ONE : ExactTrace.written(layer.activationParams().number(
                    "alpha"));
            case PIECEWISE_LINEAR -> z.compareTo(HALF) < 0 && z.compareTo(HALF.negate()) > 0 ? BigFraction.ONE
                    : BigFraction.ZERO;
            default -> throw new IllegalArgumentException("not rational: " + layer.activation());
        };
    }

    Pass forward(BigFraction[] x) {
        List<BigFraction[]> zs = new ArrayList<>();
        List<BigFraction[]> as = new ArrayList<>();
        as.add(x);
        BigFraction[] in = x;
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            int o = offsets.get(l);
            BigFraction[] z = new BigFraction[layer.units()];
            BigFraction[] a = new BigFraction[layer.units()];
            for (int j = 0; j < layer.units(); j++) {
                BigFraction sum = p[o + layer.weightCount() + j];
                for (int i = 0; i < layer.inputs(); i++) {
                    sum = sum.add(p[o + j * layer.inputs() + i].multiply(in[i]));
                }
                z[j] = sum;
                a[j] = activate(layer, sum);
            }
            zs.add(z);
            as.add(a);
            in = a;
        }
        return new Pass(zs, as);
    }

    /** The sample's loss: (yhat - y)^2 or |yhat - y| summed over the outputs, divided by their count for mean. */
    static BigFraction loss(Loss loss, BigFraction[] yhat, BigFraction[] y) {
        BigFraction sum = BigFraction.ZERO;
        for (int j = 0; j < yhat.length; j++) {
            BigFraction e = yhat[j].subtract(y[j]);
            sum = sum.add(loss.kind() == Loss.Kind.MSE ? e.multiply(e) : e.abs());
        }
        return loss.meanOverOutputs() ? sum.divide(yhat.length) : sum;
    }

    /** dL/dyhat: 2 (yhat - y) or sign(yhat - y) (0 at 0), divided by the output count for mean. */
    static BigFraction[] lossDerivative(Loss loss, BigFraction[] yhat, BigFraction[] y) {
        BigFraction[] d = new BigFraction[yhat.length];
        for (int j = 0; j < yhat.length; j++) {
            BigFraction e = yhat[j].subtract(y[j]);
            BigFraction g = loss.kind() == Loss.Kind.MSE ? e.multiply(2) : BigFraction.of(e.signum());
            d[j] = loss.meanOverOutputs() ? g.divide(yhat.length) : g;
        }
        return d;
    }

    /** Adds the sample's gradient to {@code gradients}, backpropagating dL/dyhat through every layer. */
    void backward(Pass pass, BigFraction[] dOutput, BigFraction[] gradients) {
        BigFraction[] upstream = dOutput;
        for (int l = layers.size() - 1; l >= 0; l--) {
            DenseLayer layer = layers.get(l);
            int o = offsets.get(l);
            BigFraction[] z = pass.z().get(l);
            BigFraction[] in = pass.a().get(l);
            BigFraction[] delta = new BigFraction[layer.units()];
            for (int j = 0; j < layer.units(); j++) {
                delta[j] = upstream[j].multiply(slope(layer, z[j]));
            }
            upstream = termsFor(layer, o, delta, in, gradients);
        }
    }

    /** The perceptron rule's pseudo-gradient (yhat - y) x for the one layer, as the runtime writes it. */
    void perceptron(Pass pass, BigFraction[] y, BigFraction[] gradients) {
        DenseLayer layer = layers.get(0);
        BigFraction[] delta = new BigFraction[layer.units()];
        for (int j = 0; j < layer.units(); j++) {
            delta[j] = pass.output()[j].subtract(y[j]);
        }
        termsFor(layer, 0, delta, pass.a().get(0), gradients);
    }

    /** Adds delta_j in_i and delta_j to the layer's gradients; returns dL/d(input). */
    private BigFraction[] termsFor(DenseLayer layer, int o, BigFraction[] delta, BigFraction[] in,
            BigFraction[] gradients) {
        BigFraction[] down = new BigFraction[layer.inputs()];
        java.util.Arrays.fill(down, BigFraction.ZERO);
        for (int j = 0; j < layer.units(); j++) {
            for (int i = 0; i < layer.inputs(); i++) {
                int k = o + j * layer.inputs() + i;
                gradients[k] = gradients[k].add(delta[j].multiply(in[i]));
                down[i] = down[i].add(p[k].multiply(delta[j]));
            }
            int b = o + layer.weightCount() + j;
            gradients[b] = gradients[b].add(delta[j]);
        }
        return down;
    }

    /** w -= rate (g / divisor + decay w), with coupled weight decay on every parameter, as sgd's weight_decay. */
    void update(BigFraction[] gradients, BigFraction rate, BigFraction decay, int divisor) {
        for (int k = 0; k < p.length; k++) {
            BigFraction g = gradients[k].divide(divisor);
            if (decay.signum() != 0) {
                g = g.add(decay.multiply(p[k]));
            }
            p[k] = p[k].subtract(rate.multiply(g));
        }
    }
}
