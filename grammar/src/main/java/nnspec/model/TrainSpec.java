package nnspec.model;

import java.util.Optional;

/**
 * The training plan: loss (absent for the perceptron rule), update rule, learning-rate schedule and norm penalty
 * (both optional), epochs, batch size, sample order, the convention whose defaults filled what the spec left out,
 * and the number of decimals the Markdown trace rounds to (the documents' tables print 1 or 3).
 */
public record TrainSpec(
        Optional<Loss> loss,
        Optimizer optimizer,
        Optional<Schedule> schedule,
        Optional<Regularizer> regularizer,
        Convention convention,
        int epochs,
        int batchSize,
        Order order,
        long shuffleSeed,
        int traceDigits,
        SourcePos pos) {

    public enum Order { FIXED, SHUFFLED }

    public static final int DEFAULT_TRACE_DIGITS = 3;

    /** A plan without schedule or penalty, under the PyTorch convention. */
    public TrainSpec(Optional<Loss> loss, Optimizer optimizer, int epochs, int batchSize, Order order,
                     long shuffleSeed, int traceDigits, SourcePos pos) {
        this(loss, optimizer, Optional.empty(), Optional.empty(), Convention.PYTORCH, epochs, batchSize, order,
                shuffleSeed, traceDigits, pos);
    }
}
