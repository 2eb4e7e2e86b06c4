package nnspec.cli;

import java.util.Locale;
import nnspec.lower.NumericMode;
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

    static NumericMode numeric(String value) {
        try {
            return NumericMode.parse(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--numeric: expected fast or strict, found '" + value + "'");
        }
    }

    static final String NUMERIC_HELP = "fast (default): elementary functions through the JIT's intrinsics, within"
            + " a stated tolerance of strict (docs/PERFORMANCE.md); strict: StrictMath, the same bits on every"
            + " processor, as the golden traces";
}
