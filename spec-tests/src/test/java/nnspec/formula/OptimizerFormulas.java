package nnspec.formula;

import java.util.List;

/** Registry entries of this family; see {@link Formula}. */
final class OptimizerFormulas {
    private OptimizerFormulas() {
    }

    static List<Formula> all() {
        return List.of();
    }
}
