package nnspec.model;

/**
 * A whole validated .nn file: network, training plan and data. {@code fileName} is the name as given on the
 * command line (used in diagnostics and in generated headers), {@code sha256} the hex digest of its bytes.
 */
public record Spec(String fileName, String sha256, NetworkSpec network, TrainSpec train, DataSpec data) {
}
