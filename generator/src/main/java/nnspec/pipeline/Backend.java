package nnspec.pipeline;

import nnspec.generate.InMemoryCompiler;
import nnspec.interpret.Interpreter;
import nnspec.lower.NumericMode;
import nnspec.lower.Plan;
import nnspec.model.Spec;
import nnspec.runtime.Model;

/** The two back ends over one validated model. */
public enum Backend {
    /** Straight-line Java generated for this architecture and compiled in memory. */
    GENERATED,
    /** The reference interpreter: readable loops over the runtime's kernels. */
    INTERPRETER;

    /** A fresh model of {@code spec} in the strict numeric mode. */
    public Model create(Spec spec) {
        return create(spec, NumericMode.STRICT);
    }

    public Model create(Spec spec, NumericMode mode) {
        return switch (this) {
            case GENERATED -> InMemoryCompiler.instantiate(spec, mode);
            case INTERPRETER -> new Interpreter(mode.apply(Plan.of(spec.network(), spec.train())));
        };
    }

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
