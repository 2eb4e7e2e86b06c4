package nnspec.workflow;

import static nnspec.cli.CommandLineTestAccess.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import nnspec.cli.CommandLineTestAccess.Result;
import nnspec.pipeline.Prepared;
import nnspec.runtime.Categories;
import nnspec.runtime.Decision;
import nnspec.runtime.InputScaling;
import nnspec.runtime.ModelFile;
import nnspec.runtime.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-hot encoding of categorical input columns (003_be7c2a3ed43414a9.txt, 2.1, "One-Hot Encoding"): each category
 * a 0/1 input in place of its column, categories in order of first appearance in the training part. Expected rows
 * are written out by hand from the CSV below.
 */
class CategoricalTest {
    @TempDir
    Path dir;

    /** shape (2 categories), size (numeric 1..6), color (3 categories): 2 + 1 + 3 = 6 inputs. */
    private static final String CSV = """
            shape,size,color,y
            square,1,red,0
            circle,2,green,1
            square,3,red,0
            circle,4,blue,1
            circle,5,green,1
            square,6,red,0
            """;

    private Path spec(String csv, int input, String options) throws IOException {
        Files.writeString(dir.resolve("d.csv"), csv);
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network C {\n  input " + input + "\n  dense 1 sigmoid init glorot_uniform seed 1\n}\n"
                + "train {\n  loss bce\n  optimizer sgd lr 0.1\n  epochs 3 batch 2\n}\n"
                + "data csv \"d.csv\" target y\n  categorical color shape\n" + options);
        return spec;
    }

    @Test
    void eachCategoricalColumnBecomesItsOneHotInputsInPlaceAndOnlyNumbersAreScaled() throws Exception {
        Prepared p = Prepared.load(spec(CSV, 6, "  scale minmax\n"), Decision.THRESHOLD_HALF);
        // shape: square, circle; color: red, green, blue (first appearance); size (x - 1) / 5 by min-max
        double[][] expected = {
                {1, 0, 0.0, 1, 0, 0},
                {0, 1, 0.2, 0, 1, 0},
                {1, 0, 0.4, 1, 0, 0},
                {0, 1, 0.6, 0, 0, 1},
                {0, 1, 0.8, 0, 1, 0},
                {1, 0, 1.0, 1, 0, 0}};
        for (int n = 0; n < expected.length; n++) {
            assertArrayEquals(expected[n], p.training().x()[n], 1e-15, "row " + (n + 1));
        }
        assertEquals(List.of("color", "shape"), p.categories().columns());
        assertEquals(List.of(List.of("red", "green", "blue"), List.of("square", "circle")),
                p.categories().categories());
    }

    @Test
    void categoriesAreFittedOnTheTrainingPartSoOneOnlyInTheTestPartIsAPositionedError() throws Exception {
        int[] test = Splits.split(6, 0.0, 0.34, 7).test();
        assertEquals(2, test.length);
        int purple = test[0];
        String[] lines = CSV.split("\n");
        // the data row purple replaces is file line purple + 2; its color cell is column 3
        lines[purple + 1] = lines[purple + 1].replace("red", "purple").replace("green", "purple")
                .replace("blue", "purple");
        // every training row keeps red, green and blue, so the network's input 6 fits the training part
        String csv = String.join("\n", lines) + "\n";
        int[] training = Splits.split(6, 0.0, 0.34, 7).training();
        long colors = Arrays.stream(training).mapToObj(k -> lines[k + 1].split(",")[2]).distinct().count();
        int input = 2 + 1 + (int) colors;
        Result r = run("train", spec(csv, input, "  split validation 0 test 0.34 seed 7\n").toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(dir.resolve("d.csv") + ":" + (purple + 2) + ":3: unknown category 'purple' in column color;"
                + " the training part has ", r.err().lines().findFirst().orElseThrow().replaceFirst("has .*", "has "));
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aWidthOtherThanTheNetworksInputNamesBothNumbersAndTheColumns() throws Exception {
        Result r = run("train", spec(CSV, 5, "").toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(dir.resolve("d.csv") + ":1:1: the 3 input columns encode to 6 inputs (1 numeric, categories per"
                + " column: color 3, shape 2), but network C has input 5\n", r.err());
    }

    @Test
    void theCategoriesGoIntoTheModelFileAndComeBack() throws Exception {
        Categories categories = new Categories(List.of("color", "shape"),
                List.of(List.of("red", "green", "blue"), List.of("a b", "c")));
        ModelFile.Saved saved = new ModelFile.Saved("C", "00", new double[] {1, 2}, InputScaling.NONE,
                List.of("shape", "size", "color"), List.of(), null, categories);
        ModelFile.Saved back = ModelFile.parse("m.nnm", ModelFile.format(saved));
        assertEquals(categories, back.categories());
        String without = ModelFile.format(new ModelFile.Saved("C", "00", new double[] {1, 2}, InputScaling.NONE,
                List.of("a"), List.of()));
        assertTrue(!without.contains("categorical"), "no section without categorical columns: " + without);
        assertEquals(Categories.NONE, ModelFile.parse("m.nnm", without).categories());
    }

    @Test
    void evaluateAndPredictEncodeWithTheSavedCategories() throws Exception {
        Path spec = spec(CSV, 6, "  scale minmax\n");
        Path out = dir.resolve("out");
        assertEquals(0, run("train", spec.toString(), "--out", out.toString()).code());
        ModelFile.Saved saved = ModelFile.read(out.resolve("model.nnm"));
        double[] p = saved.parameters();
        // the file to predict lists its columns in another order and holds only known categories
        Path data = dir.resolve("new.csv");
        Files.writeString(data, "color,size,shape\nblue,3.5,square\nred,1,circle\n");
        Result r = run("predict", spec.toString(), "--model", out.resolve("model.nnm").toString(), "--data",
                data.toString());
        assertEquals(0, r.code(), r.err());
        double[][] x = {{1, 0, 0.5, 0, 0, 1}, {0, 1, 0.0, 1, 0, 0}};
        List<String> lines = r.out().lines().toList();
        for (int n = 0; n < 2; n++) {
            double z = p[6];
            for (int i = 0; i < 6; i++) {
                z += p[i] * x[n][i];
            }
            double sigmoid = 1 / (1 + Math.exp(-z));
            assertEquals(sigmoid, Double.parseDouble(lines.get(n + 1).split(",")[2]), 1e-12, lines.get(n + 1));
        }
        Files.writeString(data, "shape,size,color,y\nsquare,1,red,0\n" + "circle,2," + "x".repeat(50) + ",1\n");
        Result e = run("evaluate", spec.toString(), "--model", out.resolve("model.nnm").toString(), "--data",
                data.toString());
        assertEquals(2, e.code(), e.err());
        assertEquals(data + ":3:3: unknown category '" + "x".repeat(40) + "...' in column color; the training part"
                + " has red, green, blue\n", e.err());
    }

    @Test
    void theCheckerRefusesACategoricalTargetOrOneOutsideTheListedInputs() throws Exception {
        Path spec = spec(CSV, 6, "");
        Files.writeString(spec, Files.readString(spec).replace("categorical color shape",
                "categorical color y\n  inputs shape size y"));
        Result r = run("train", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("s.nn:11:21: column 'y' is a target; categorical names input columns"), r.err());
        assertTrue(r.err().contains("s.nn:11:15: categorical column 'color' is not among the inputs"), r.err());
    }
}
