package nnspec.pipeline;

import nnspec.generate.InMemoryCompiler;
import nnspec.interpret.Interpreter;
import nnspec.model.Spec;
import nnspec.runtime.Model;

/** The two back ends over one validated model. */
public enum Backend {
    /** Straight-line Java generated for this architecture and compiled in memory. */
    GENERATED,
    /** The reference interpreter: readable loops over the runtime's kernels. */
    INTERPRETER;

    public Model create(Spec spec) {
        return switch (this) {
            case GENERATED -> InMemoryCompiler.instantiate(spec);
            case INTERPRETER -> new Interpreter(spec.network(), spec.train());
        };
    }

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
