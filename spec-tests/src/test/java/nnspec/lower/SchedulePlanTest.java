package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nnspec.diagnostics.SpecException;
import nnspec.model.TrainSpec;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.Test;

/** The lowered schedule says what its t counts, steps or epochs, as the spec's `per` (docs/language.md) chose. */
class SchedulePlanTest {
    private static TrainSpec train(String schedule) throws SpecException {
        return SpecReader.parse("s.nn", "network N {\n  input 1\n  dense 1 linear\n}\ntrain {\n  loss mse\n"
                + "  optimizer sgd lr 0.1\n  " + schedule + "\n  epochs 1\n}\ndata {\n  1 -> 1\n}\n").train();
    }

    @Test
    void aSchedulesTimeUnitIsTheOneTheSpecNames() throws SpecException {
        Plan.SchedulePlan steps = KernelTable.schedule(train("schedule step every 2 gamma 0.5 per step"));
        assertTrue(steps.perStep());
        assertTrue(steps.formula().variant().contains("t counts steps"), steps.formula().variant());
        Plan.SchedulePlan epochs = KernelTable.schedule(train("schedule step every 2 gamma 0.5 per epoch"));
        assertEquals(false, epochs.perStep());
        assertTrue(epochs.formula().variant().contains("t counts epochs"), epochs.formula().variant());
    }
}
