package nnspec.formula;

import java.util.List;

/** Registry entries of this family; see {@link Formula}. */
final class PreprocessingFormulas {
    private PreprocessingFormulas() {
    }

    static List<Formula> all() {
        return List.of();
    }
}
