package nnspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edges of two rules of the model file format, each on both sides. Oracles: the size cap of
 * {@link ModelFile#MAX_BYTES} ("at most", so a file of exactly that many bytes passes the check), and the min-max
 * rule of {@link Preprocessing.MinMax} (low &lt; high, strictly: with low = high every input maps to one value and
 * the scaling cannot be inverted). Messages are the format's own, with the line worked out from the text.
 */
class ModelFileLimitsTest {
    @Test
    void theSizeCapAdmitsExactlyItsOwnSize() {
        Path file = Path.of("big.nnm");
        assertDoesNotThrow(() -> ModelFile.refuseOversized(file, ModelFile.MAX_BYTES));
        ModelFile.BadModelFile e = assertThrows(ModelFile.BadModelFile.class,
                () -> ModelFile.refuseOversized(file, ModelFile.MAX_BYTES + 1));
        assertEquals("big.nnm: the file holds 2000000001 bytes; a model file holds at most 2000000000",
                e.getMessage());
    }

    /** A file written with low 0, high 1, then edited to the given bounds and its checksum made to match. */
    private static String minMaxFile(String low, String high) {
        InputScaling scaling = new InputScaling(Preprocessing.MinMax.of(new double[] {1, 2}, new double[] {3, 4}, 0, 1),
                null);
        String text = ModelFile.format(new ModelFile.Saved("Net", "ab".repeat(32), new double[] {0.5, -0.25}, scaling,
                List.of("a", "b"), List.of()));
        String body = text.substring(0, text.lastIndexOf("sha256 "))
                .replace("\nlow 0.0\n", "\nlow " + low + "\n").replace("\nhigh 1.0\n", "\nhigh " + high + "\n");
        return body + "sha256 " + ModelFile.sha256(body) + "\n";
    }

    /** The rule is checked once both statistics lines are read: the message names the range line. */
    private static String rangeLine(String text) {
        int lines = (int) text.substring(0, text.indexOf("\nrange ")).chars().filter(c -> c == '\n').count();
        return "m.nnm:" + (lines + 2) + ": ";
    }

    @Test
    void minMaxBoundsMustBeStrictlyOrdered() throws Exception {
        Preprocessing.MinMax kept = ModelFile.parse("m.nnm", minMaxFile("-1.0", "-0.5")).scaling().minMax();
        assertEquals(-1.0, kept.low(), 0.0);
        assertEquals(-0.5, kept.high(), 0.0);
        for (String[] bounds : new String[][] {{"0.5", "0.5"}, {"1.0", "0.0"}, {"NaN", "1.0"}}) {
            String text = minMaxFile(bounds[0], bounds[1]);
            ModelFile.BadModelFile e = assertThrows(ModelFile.BadModelFile.class, () -> ModelFile.parse("m.nnm", text),
                    "low " + bounds[0] + ", high " + bounds[1]);
            assertEquals(rangeLine(text) + "min-max statistics do not fit together", e.getMessage());
        }
    }

    /**
     * Oracle: the format is lines ended by a newline; a file that ends inside a line is truncated at that line, and an
     * empty first line is a line (not the magic one). Messages worked by hand from the reader's wording.
     */
    @Test
    void aFileEndingInsideALineIsTruncatedThereAndAnEmptyLineIsALine() {
        ModelFile.BadModelFile cut = assertThrows(ModelFile.BadModelFile.class,
                () -> ModelFile.parse("m.nnm", "nnspec-model 2\nnetwork Ne"));
        assertEquals("m.nnm:2: unexpected end of file (the file is truncated)", cut.getMessage());
        ModelFile.BadModelFile empty = assertThrows(ModelFile.BadModelFile.class,
                () -> ModelFile.parse("m.nnm", "\nnnspec-model 2\n"));
        assertEquals("m.nnm:1: expected 'nnspec-model 2', found '' (not an nnspec model file, or another version)",
                empty.getMessage());
    }

    /** Oracle: the round trip itself, past the reader's first block of 1,024 values (it grows as lines arrive). */
    @Test
    void manyParametersComeBackEveryOne() throws Exception {
        double[] p = new double[3000];
        for (int k = 0; k < p.length; k++) {
            p[k] = k * 0.5 - 700;
        }
        ModelFile.Saved saved = new ModelFile.Saved("Net", "ab".repeat(32), p, InputScaling.NONE, List.of(), List.of());
        assertArrayEquals(p,
                ModelFile.parse("m.nnm", ModelFile.format(saved)).parameters(), 0.0);
    }
}
