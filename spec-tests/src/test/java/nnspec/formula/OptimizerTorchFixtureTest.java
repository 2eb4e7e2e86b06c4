package nnspec.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch fixture is wholly used: every optimizer and schedule run in {@code fixtures/torch_optimizers.txt} is
 * compared by some registry check (the comparisons themselves run as registry checks in {@link FormulaRegistryTest}).
 */
class OptimizerTorchFixtureTest {
    @Test
    void everyFixtureRunIsComparedByARegistryEntry() {
        FormulaRegistry.all();
        List<String> runs = new ArrayList<>();
        OptimizerTorchFixture.optimizers().keySet().forEach(n -> runs.add("optimizer " + n));
        OptimizerTorchFixture.schedules().keySet().forEach(n -> runs.add("schedule " + n));
        assertTrue(runs.size() >= 20, "fixture too small: " + runs);
        List<String> unclaimed = runs.stream().filter(r -> !OptimizerTorchFixture.CLAIMED.contains(r)).toList();
        assertEquals(List.of(), unclaimed, "fixture runs no registry check compares with");
        TreeSet<String> stale = new TreeSet<>(OptimizerTorchFixture.CLAIMED);
        runs.forEach(stale::remove);
        assertEquals(new TreeSet<String>(), stale, "registry checks naming runs the fixture lacks");
    }
}
