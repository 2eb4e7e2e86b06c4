package nnspec.formula;

import java.util.ArrayList;
import java.util.List;

/**
 * Registry entries of the network-level formulas (forward pass, backpropagation, chain-rule primitives,
 * Kronecker delta, moments, the training loop's epochs and steps, early stopping, data augmentation), checked on
 * the reference interpreter and the runtime Trainer; see {@link Formula}.
 */
final class NetworkFormulas {
    private NetworkFormulas() {
    }

    static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        all.addAll(NetworkForward.all());
        all.addAll(NetworkBackprop.all());
        all.addAll(NetworkMisc.all());
        all.addAll(NetworkTraining.all());
        return List.copyOf(all);
    }
}
