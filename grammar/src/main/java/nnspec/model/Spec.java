package nnspec.model;

/**
 * A whole validated .nn file: network, training plan and data, and the
 * {@link Workflow} (split, scaling, early stopping) the spec asks for. {@code fileName} is the name as given on the
 * command line (used in diagnostics and in generated headers), {@code sha256} the hex digest of its bytes.
 */
public record Spec(String fileName, String sha256, NetworkSpec network, TrainSpec train, DataSpec data,
                   Workflow workflow) {
    /** A spec that trains on all of its data without scaling or early stopping. */
    public Spec(String fileName, String sha256, NetworkSpec network, TrainSpec train, DataSpec data) {
        this(fileName, sha256, network, train, data, Workflow.NONE);
    }
}
