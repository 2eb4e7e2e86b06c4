package nnspec.formula;

import java.util.List;

/** Registry entries of this family; see {@link Formula}. */
final class RegularizationFormulas {
    private RegularizationFormulas() {
    }

    static List<Formula> all() {
        return List.of();
    }
}
