package nnspec.exact;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nnspec.model.Activation;
import nnspec.model.DenseLayer;
import nnspec.model.Init;
import nnspec.model.Layer;
import nnspec.model.Loss;
import nnspec.model.Optimizer;
import nnspec.model.Spec;
import nnspec.model.TrainSpec;
import nnspec.runtime.Dataset;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The training table in exact rational arithmetic: for a spec whose every operation maps rationals to rationals
 * (dense layers with step, sign, linear, piecewise linear, ReLU or leaky ReLU; literal, constant or zero
 * initialisation; MSE or MAE; the perceptron rule or plain SGD; fixed order), every number of the table is the exact
 * fraction, with the spec's decimals read as the decimals written (0.1 is 1/10, not the double nearest to it). It
 * follows the runtime's conventions (the same kinks, the same batch reductions) so that the double trace is this
 * one rounded; a spec with any other operation is refused by {@link #refusal} with the first operation that is not
 * rational or not in this mode.
 */
public final class ExactTrace {
    /**
     * The longest numerator or denominator, in bits, a run may reach (about 3,000 decimal digits): through two or
     * more layers a step multiplies weights by weights, so the lengths can double with every step.
     */
    public static final int MAX_BITS = 10_000;

    /**
     * The most rows an exact trace holds: unlike the double trace, which streams its rows, the exact table is built
     * in memory, and a row of fractions can take kilobytes.
     */
    public static final int MAX_ROWS = 100_000;

    /** A run whose exact numbers outgrew {@link #MAX_BITS}: where, and how long they were. */
    public static final class TooLongException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLongException(String message) {
            super(message);
        }
    }

    private final List<String> columns;
    private final List<BigFraction[]> rows = new ArrayList<>();

    private ExactTrace(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Why {@code spec} cannot be traced exactly, as one line naming the place and the operation; empty if it can. */
    public static Optional<String> refusal(Spec spec) {
        TrainSpec train = spec.train();
        String at = train.pos().toString();
        List<DenseLayer> dense = new ArrayList<>();
        for (Layer layer : spec.network().layers()) {
            switch (layer.kind()) {
                case DENSE -> dense.add((DenseLayer) layer);
                case DROPOUT -> {
                    return Optional.of(layer.pos() + ": dropout draws random masks, which the exact mode does not"
                            + " replay");
                }
                default -> throw new IllegalStateException(layer.kind().name());
            }
        }
        for (DenseLayer layer : dense) {
            switch (layer.activation()) {
                case STEP, SIGN, LINEAR, PIECEWISE_LINEAR, RELU, LEAKY_RELU -> {
                }
                default -> {
                    return Optional.of(layer.pos() + ": activation " + layer.activation().keyword()
                            + " is not rational (exact mode: step, sign, linear, piecewise_linear, relu, leaky_relu)");
                }
            }
            switch (layer.init().kind()) {
                case ZEROS, CONSTANT, LITERAL, FILE -> {
                }
                default -> {
                    return Optional.of(layer.pos() + ": init " + layer.init().kind().name().toLowerCase(Locale.ROOT)
                            + " draws random numbers scaled by square roots, not rational (exact mode: zeros,"
                            + " constant, literal weights, an init file)");
                }
            }
        }
        if (train.loss().isPresent()) {
            Loss loss = train.loss().get();
            if (loss.kind() != Loss.Kind.MSE && loss.kind() != Loss.Kind.MAE) {
                return Optional.of(at + ": loss " + loss.kind().keyword() + (loss.kind().logarithmic()
                        ? " takes a logarithm, which is not rational" : " is not in the exact mode")
                        + " (exact mode: mse, mae)");
            }
        }
        Optimizer optimizer = train.optimizer();
        if (optimizer.kind() == Optimizer.Kind.PERCEPTRON) {
            if (dense.size() != 1) {
                return Optional.of(at + ": the perceptron rule on " + dense.size() + " layers is not in the exact"
                        + " mode (one layer)");
            }
        } else if (optimizer.kind() != Optimizer.Kind.SGD) {
            return Optional.of(at + ": optimizer " + optimizer.kind().keyword() + " is not in the exact mode (sgd,"
                    + " perceptron)");
        }
        if (train.schedule().isPresent()) {
            return Optional.of(at + ": a learning-rate schedule is not in the exact mode (a constant rate)");
        }
        if (train.regularizer().isPresent()) {
            return Optional.of(at + ": a norm penalty is not in the exact mode");
        }
        if (train.order() == TrainSpec.Order.SHUFFLED) {
            return Optional.of(at + ": order shuffled is not in the exact mode (order fixed)");
        }
        return Optional.empty();
    }

    /** The number a spec or data file writes, as the decimal written: the shortest decimal of the double read. */
    static BigFraction written(double value) {
        BigDecimal d = new BigDecimal(Double.toString(value));
        return d.scale() >= 0 ? BigFraction.of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : BigFraction.of(d.toBigIntegerExact());
    }

    /** Trains {@code spec} on {@code data} exactly; the spec must have no {@link #refusal}. */
    public static ExactTrace run(Spec spec, Dataset data) {
        refusal(spec).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        ExactNetwork net = new ExactNetwork(spec);
        int inputs = spec.network().inputSize();
        int outputs = net.outputSize();
        TrainSpec train = spec.train();
        Optional<Loss> loss = train.loss();
        List<String> columns = new ArrayList<>(List.of("epoch", "step"));
        for (int i = 0; i < inputs; i++) {
            columns.add("x[" + i + "]");
        }
        for (int j = 0; j < outputs; j++) {
            columns.add("y[" + j + "]");
        }
        for (int j = 0; j < outputs; j++) {
            columns.add("yhat[" + j + "]");
        }
        if (outputs == 1) {
            columns.add("z");
        }
        if (loss.isPresent()) {
            columns.add("loss");
        }
        columns.addAll(net.parameterNames());
        ExactTrace trace = new ExactTrace(columns);

        BigFraction[][] x = exact(data.x());
        BigFraction[][] y = exact(data.y());
        BigFraction rate = written(train.optimizer().learningRate());
        BigFraction decay = train.optimizer().kind() == Optimizer.Kind.SGD
                ? written(train.optimizer().params().numbers().getOrDefault("weight_decay", 0.0)) : BigFraction.ZERO;
        int n = data.size();
        for (int epoch = 1; epoch <= train.epochs(); epoch++) {
            int step = 0;
            for (int from = 0; from < n; from += train.batchSize()) {
                int to = Math.min(n, from + train.batchSize());
                step++;
                BigFraction[] gradients = net.zeros();
                BigFraction lossSum = BigFraction.ZERO;
                ExactNetwork.Pass last = null;
                for (int k = from; k < to; k++) {
                    last = net.forward(x[k]);
                    if (loss.isPresent()) {
                        lossSum = lossSum.add(ExactNetwork.loss(loss.get(), last.output(), y[k]));
                        net.backward(last, ExactNetwork.lossDerivative(loss.get(), last.output(), y[k]), gradients);
                    } else {
                        net.perceptron(last, y[k], gradients);
                    }
                }
                int batch = to - from;
                boolean mean = loss.map(Loss::meanOverSamples).orElse(true);
                net.update(gradients, rate, decay, mean ? batch : 1);
                int bits = net.longestBits();
                if (bits > MAX_BITS) {
                    throw new TooLongException("epoch " + epoch + ", step " + step + ": the exact parameters have "
                            + "grown to " + (int) Math.ceil(bits * Math.log10(2)) + " digits (each step through"
                            + " several layers multiplies weights by weights); trace fewer epochs exactly");
                }
                if (trace.rows.size() == MAX_ROWS) {
                    throw new TooLongException("epoch " + epoch + ", step " + step + ": an exact trace holds at most "
                            + MAX_ROWS + " rows; trace fewer epochs exactly");
                }
                BigFraction[] row = new BigFraction[columns.size()];
                int c = 0;
                row[c++] = BigFraction.of(epoch);
                row[c++] = BigFraction.of(step);
                boolean single = batch == 1;
                for (BigFraction v : x[to - 1]) {
                    row[c++] = single ? v : null;
                }
                for (BigFraction v : y[to - 1]) {
                    row[c++] = single ? v : null;
                }
                for (BigFraction v : last.output()) {
                    row[c++] = single ? v : null;
                }
                if (outputs == 1) {
                    row[c++] = single ? last.outputPreActivation() : null;
                }
                if (loss.isPresent()) {
                    row[c++] = mean ? lossSum.divide(batch) : lossSum;
                }
                for (BigFraction p : net.parameters()) {
                    row[c++] = p;
                }
                trace.rows.add(row);
            }
        }
        return trace;
    }

    private static BigFraction[][] exact(double[][] values) {
        BigFraction[][] out = new BigFraction[values.length][];
        for (int r = 0; r < values.length; r++) {
            out[r] = new BigFraction[values[r].length];
            for (int c = 0; c < values[r].length; c++) {
                out[r][c] = written(values[r][c]);
            }
        }
        return out;
    }

    public List<String> columns() {
        return columns;
    }

    /** The rows: each cell exact, null for a cell a batch of several samples leaves empty. */
    public List<BigFraction[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    /**
     * A value as this mode prints it: the exact decimal when the denominator has no prime factor but 2 and 5
     * ({@code -0.1}, {@code 0.0625}), else the fraction ({@code 1/3}); integers plain, and empty for an empty cell.
     */
    public static String format(BigFraction v) {
        if (v == null) {
            return "";
        }
        BigInteger d = v.getDenominator();
        BigInteger rest = d.shiftRight(d.getLowestSetBit());
        BigInteger five = BigInteger.valueOf(5);
        while (rest.mod(five).signum() == 0) {
            rest = rest.divide(five);
        }
        if (!rest.equals(BigInteger.ONE)) {
            return v.getNumerator() + "/" + d;
        }
        BigDecimal exact = new BigDecimal(v.getNumerator()).divide(new BigDecimal(d)).stripTrailingZeros();
        return (exact.scale() < 1 ? exact.setScale(1) : exact).toPlainString();
    }

    public String toCsv() {
        StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
        for (BigFraction[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                out.append(c == 0 ? "" : ",").append(c < 2 ? row[c].getNumerator().toString() : format(row[c]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    public String toMarkdown(List<String> provenance) {
        StringBuilder out = new StringBuilder();
        provenance.forEach(line -> out.append(line).append('\n'));
        if (!provenance.isEmpty()) {
            out.append('\n');
        }
        out.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (int c = 0; c < columns.size(); c++) {
            out.append(c < 2 ? " --: |" : " ---: |");
        }
        out.append('\n');
        for (BigFraction[] row : rows) {
            out.append('|');
            for (int c = 0; c < row.length; c++) {
                out.append(' ').append(c < 2 ? row[c].getNumerator().toString() : format(row[c])).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
