package nnspec.formula;

import java.util.ArrayList;
import java.util.List;

/**
 * Registry entries of this family; see {@link Formula}. The non-dense layers: convolution and pooling
 * ({@link LayerConvFormulas}), batch normalisation ({@link LayerNormFormulas}), dropout and its mask distribution
 * ({@link LayerDropoutFormulas}).
 */
final class LayerFormulas {
    private LayerFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.addAll(LayerConvFormulas.all());
        all.addAll(LayerNormFormulas.all());
        all.addAll(LayerDropoutFormulas.all());
        return List.copyOf(all);
    }
}
