package nnspec.diagnostics;

import java.util.List;
import java.util.stream.Collectors;

/** A spec or its data has errors; {@link #diagnostics()} lists all that were found, in source order. */
public final class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Diagnostic> diagnostics;

    public SpecException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    public SpecException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
