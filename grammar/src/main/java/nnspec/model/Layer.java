package nnspec.model;

/**
 * A layer of a network, in the order the spec writes them: what it takes ({@link #inputs()} values) and what it
 * gives the next layer ({@link #outputs()} values). Each stage that handles layers (the checker that builds them,
 * the lowering onto the runtime, the back ends) switches over {@link #kind()} exhaustively, so a new kind of layer
 * does not compile until every stage has learnt it.
 */
public sealed interface Layer permits DenseLayer, DropoutLayer, ConvLayer, PoolLayer, FlattenLayer,
        BatchNormLayer {
    /** The kinds of layer, for exhaustive switches (Java 17 has no pattern switch over sealed types). */
    enum Kind { DENSE, DROPOUT, CONV, POOL, FLATTEN, BATCHNORM }

    Kind kind();

    /** The layer's name in messages, traces and generated code. */
    String name();

    int inputs();

    int outputs();

    /** Where the layer is written. */
    SourcePos pos();
}
