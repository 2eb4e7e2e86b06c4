package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.Test;

/**
 * The stages of a lowered plan chain: each takes as many values as the one before it gives, the first the network's
 * inputs. Oracle: the shapes of the layers as the language defines them, worked by hand for this network: 1x8x8 in;
 * conv 6 3x3 (valid) gives 6x6x6 = 216, its batch normalisation 216, maxpool 2x2 gives 6x3x3 = 54, flatten 54,
 * dense 24 and its batch normalisation 24, dense 10.
 */
class PlanStagesTest {
    @Test
    void eachStageTakesWhatTheOneBeforeGives() throws Exception {
        Spec spec = SpecReader.parse("bn.nn", "network Bn {\n  input 1x8x8\n  conv 6 3x3 relu\n"
                + "  batchnorm placement before\n  maxpool 2x2\n  flatten\n  dense 24 relu\n  batchnorm\n"
                + "  dense 10 softmax\n}\ntrain {\n  loss cce\n  optimizer sgd lr 0.1\n  epochs 1  batch 2\n}\n"
                + "data {\n" + (" 0.5".repeat(64) + " -> 1" + " 0".repeat(9) + "\n").repeat(2) + "}\n");
        List<Plan.Stage> stages = Plan.of(spec.network(), spec.train()).stages();
        int[][] expected = {{64, 216}, {216, 216}, {216, 54}, {54, 54}, {54, 24}, {24, 24}, {24, 10}};
        assertEquals(expected.length, stages.size(), stages.toString());
        for (int s = 0; s < expected.length; s++) {
            assertEquals(expected[s][0], stages.get(s).inputs(), "inputs of stage " + s);
            assertEquals(expected[s][1], stages.get(s).outputs(), "outputs of stage " + s);
        }
    }
}
