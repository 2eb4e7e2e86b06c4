package nnspec.cli;

import java.util.Locale;
import nnspec.pipeline.Backend;

/** Option values shared by several subcommands. */
final class Options {
    private Options() {
    }

    static Backend backend(String value) {
        for (Backend b : Backend.values()) {
            if (b.keyword().equals(value.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new UserError("--backend: expected generated or interpreter, found '" + value + "'");
    }
}
