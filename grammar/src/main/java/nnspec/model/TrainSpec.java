package nnspec.model;

import java.util.Optional;

/**
 * The training plan: loss (absent for the perceptron rule), update rule, epochs, batch size, sample order,
 * and the number of decimals the Markdown trace rounds to (the documents' tables print 1 or 3).
 */
public record TrainSpec(
        Optional<Loss> loss,
        Optimizer optimizer,
        int epochs,
        int batchSize,
        Order order,
        long shuffleSeed,
        int traceDigits,
        SourcePos pos) {

    public enum Order { FIXED, SHUFFLED }

    public static final int DEFAULT_TRACE_DIGITS = 3;
}
