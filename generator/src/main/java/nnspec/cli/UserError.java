package nnspec.cli;

import java.util.List;

/** Bad input from the user: printed as it is, one line per problem, exit code 2, no stack trace. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    UserError(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    UserError(String line) {
        this(List.of(line));
    }

    List<String> lines() {
        return lines;
    }
}
