package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.Test;

/**
 * The parameter names of a layout as a list: every index from 0 to the parameter count less one has its name, in
 * storage order, and the list ends there. Oracle: the storage order of the parameters (each dense layer's weights
 * unit by unit, input by input, then its biases) and {@link List}'s contract (size, and an
 * {@link IndexOutOfBoundsException} outside 0 to size - 1), worked by hand for a 2-2-1 network.
 */
class LayoutNamesTest {
    @Test
    void everyParameterIsNamedAndTheListEndsAtTheLast() throws Exception {
        Spec spec = SpecReader.parse("t.nn", "network T {\n  input 2\n  dense 2 tanh\n  dense 1 sigmoid\n}\n"
                + "train {\n  loss bce\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  0 1 -> 1\n}\n");
        List<String> names = new Layout(spec.network()).parameterNames();
        List<String> expected = List.of("dense1.w[0][0]", "dense1.w[0][1]", "dense1.w[1][0]", "dense1.w[1][1]",
                "dense1.b[0]", "dense1.b[1]", "dense2.w[0][0]", "dense2.w[0][1]", "dense2.b[0]");
        assertEquals(expected.size(), names.size());
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k), names.get(k), "parameter " + k);
        }
        for (int index : new int[] {9, -1}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> names.get(index));
            assertEquals("parameter index " + index + " of 9", e.getMessage());
        }
    }
}
