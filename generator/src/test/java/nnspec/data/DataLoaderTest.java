package nnspec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {

    @TempDir
    Path dir;

    /** A spec of {@code inputs} inputs and {@code outputs} output units reading {@code path}, data on line 3. */
    private static Spec csvSpec(int inputs, int outputs, String path, String target) throws SpecException {
        String net = outputs == 1
                ? "network N { input " + inputs + " dense 1 linear }\ntrain { loss mse optimizer sgd lr 0.1 epochs 1 }\n"
                : "network N { input " + inputs + " dense " + outputs + " softmax }\n"
                        + "train { loss cce optimizer sgd lr 0.1 epochs 1 }\n";
        return SpecReader.parse("spec.nn", net + "data csv \"" + path + "\" target " + target + "\n");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private String loadError(Spec spec, String csvName, String csv) throws IOException {
        Path file = write(csvName, csv);
        SpecException e = assertThrows(SpecException.class, () -> DataLoader.load(spec, dir.resolve("spec.nn")));
        return e.getMessage().replace(file.toString(), "data.csv");
    }

    @Test
    void inlineRowsBecomeArrays() throws SpecException {
        Spec spec = SpecReader.parse("spec.nn", """
                network N { input 2 dense 1 step }
                train { rule perceptron lr 1 epochs 1 }
                data {
                  0 1 -> 0
                  1 1 -> 1
                }
                """);
        Dataset data = DataLoader.load(spec, Path.of("spec.nn"));
        assertArrayEquals(new double[][] {{0, 1}, {1, 1}}, data.x());
        assertArrayEquals(new double[][] {{0}, {1}}, data.y());
    }

    @Test
    void singleOutputTakesTheTargetAsANumber() throws IOException, SpecException {
        write("data.csv", "a,b,y\n1,2,3.5\n-1e-3,.5,-2\n");
        Dataset data = DataLoader.load(csvSpec(2, 1, "data.csv", "y"), dir.resolve("spec.nn"));
        assertArrayEquals(new double[][] {{1, 2}, {-1e-3, 0.5}}, data.x());
        assertArrayEquals(new double[][] {{3.5}, {-2}}, data.y());
    }

    @Test
    void severalOutputsOneHotTheClassIndexAndInputsKeepFileOrder() throws IOException, SpecException {
        write("data/iris.csv", "\"sepal_len\", \"species\" ,\"petal_len\"\r\n5.1,0,1.4\r\n\"4.9\",2,1.3\r\n6,1.0,2\r\n\r\n\n");
        Dataset data = DataLoader.load(csvSpec(2, 3, "data/iris.csv", "species"), dir.resolve("spec.nn"));
        assertArrayEquals(new double[][] {{5.1, 1.4}, {4.9, 1.3}, {6, 2}}, data.x());
        assertArrayEquals(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}}, data.y());
    }

    @Test
    void pathIsResolvedAgainstTheSpecFolder() throws IOException, SpecException {
        write("examples/data/d.csv", "x,t\n1,2\n");
        Dataset data = DataLoader.load(csvSpec(1, 1, "data/d.csv", "t"), dir.resolve("examples/spec.nn"));
        assertArrayEquals(new double[][] {{1}}, data.x());
    }

    @Test
    void missingFileIsReportedAtTheDataKeyword() throws SpecException {
        SpecException e = assertThrows(SpecException.class,
                () -> DataLoader.load(csvSpec(1, 1, "no-such-file.csv", "t"), Path.of("spec.nn")));
        assertEquals("spec.nn:3:1: cannot read data file \"no-such-file.csv\": no such file", e.getMessage());
        assertEquals(DiagnosticCode.DATA_FILE.id(), e.diagnostics().get(0).code());
    }

    @Test
    void missingFileNamesWhereItLookedWhenTheSpecIsElsewhere() throws SpecException {
        Path specFile = dir.resolve("sub/spec.nn");
        SpecException e = assertThrows(SpecException.class,
                () -> DataLoader.load(csvSpec(1, 1, "x.csv", "t"), specFile));
        assertEquals("spec.nn:3:1: cannot read data file \"x.csv\": no such file (looked for "
                + dir.resolve("sub/x.csv") + ")", e.getMessage());
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsNotPartOfTheFirstColumnName() throws IOException, SpecException {
        write("data.csv", "\uFEFFx,t\n1,2\n");
        Dataset data = DataLoader.load(csvSpec(1, 1, "data.csv", "x"), dir.resolve("spec.nn"));
        assertArrayEquals(new double[][] {{2}}, data.x());
        assertArrayEquals(new double[][] {{1}}, data.y());
    }

    @Test
    void aPathTheFileSystemCannotHoldIsOneDiagnostic() throws SpecException {
        SpecException e = assertThrows(SpecException.class,
                () -> DataLoader.load(csvSpec(1, 1, "a\0b.csv", "t"), dir.resolve("spec.nn")));
        // found by the checker, at the path; the NUL printed escaped
        assertEquals("spec.nn:3:10: cannot read data file \"a\\u0000b.csv\": it is not a valid path:"
                + " Nul character not allowed", e.getMessage());
    }

    @Test
    void aDirectoryIsNotADataFile() throws IOException, SpecException {
        Files.createDirectories(dir.resolve("data.csv"));
        SpecException e = assertThrows(SpecException.class,
                () -> DataLoader.load(csvSpec(1, 1, "data.csv", "t"), dir.resolve("spec.nn")));
        assertEquals("spec.nn:3:1: cannot read data file \"data.csv\": it is a directory (looked for "
                + dir.resolve("data.csv") + ")", e.getMessage());
    }

    @Test
    void aFileOverTheLimitIsRejectedBeforeItIsRead() throws IOException, SpecException {
        // A sparse file: its size is what the limit is about, and it takes no room on disk.
        try (RandomAccessFile big = new RandomAccessFile(dir.resolve("big.csv").toFile(), "rw")) {
            big.setLength(DataLoader.MAX_BYTES + 1L);
        }
        SpecException e = assertThrows(SpecException.class,
                () -> DataLoader.load(csvSpec(1, 1, "big.csv", "t"), dir.resolve("spec.nn")));
        assertEquals("spec.nn:3:1: cannot read data file \"big.csv\": it is 268435457 bytes; the limit is 268435456"
                + " (256 MiB) (looked for " + dir.resolve("big.csv") + ")", e.getMessage());
    }

    @Test
    void emptyFileHasNoHeader() throws IOException, SpecException {
        assertEquals("data.csv:1:1: data file is empty; expected a header row naming the columns",
                loadError(csvSpec(1, 1, "data.csv", "t"), "data.csv", "\n\n"));
    }

    @Test
    void duplicateColumnName() throws IOException, SpecException {
        assertEquals("data.csv:1:3: column name 'a' appears twice in the header (columns 1 and 3)",
                loadError(csvSpec(2, 1, "data.csv", "t"), "data.csv", "a,t,a\n1,2,3\n"));
    }

    @Test
    void unknownTargetIsNamedWithoutEchoingTheHeader() throws IOException, SpecException {
        // the header is the file's first line: an error names the spec's column, not what the file holds
        assertEquals("spec.nn:3:1: target column 'species' is not in the header of data file \"data.csv\" (3 columns)",
                loadError(csvSpec(2, 1, "data.csv", "species"), "data.csv", "a,b,class\n1,2,3\n"));
        assertEquals("spec.nn:3:1: target column 'species' is not in the header of data file \"data.csv\" (3 columns);"
                + " did you mean 'Species'?", loadError(csvSpec(2, 1, "data.csv", "species"), "data.csv",
                "a,b,Species\n1,2,3\n"));
    }

    @Test
    void inputColumnsMustMatchTheInputSize() throws IOException, SpecException {
        assertEquals("data.csv:1:1: data file has 3 input columns besides target t, but network N has input 2",
                loadError(csvSpec(2, 1, "data.csv", "t"), "data.csv", "a,b,t,c\n1,2,3,4\n"));
    }

    @Test
    void everyBadRowIsReportedWithItsLineAndColumn() throws IOException, SpecException {
        String csv = "sepal_len,width,t\n1,2,3\n4,5\nabc,6,7\n\n8,9,1e999\n";
        assertEquals("""
                data.csv:3:1: row has 2 cells; the header has 3
                data.csv:4:1: not a number: 'abc' in column sepal_len
                data.csv:5:1: empty line; expected a row of 3 cells (only the end of the file may have empty lines)
                data.csv:6:3: number 1e999 is too large; the largest is 1.7976931348623157E308 (column t)""",
                loadError(csvSpec(2, 1, "data.csv", "t"), "data.csv", csv));
    }

    @Test
    void classIndexMustBeAnIntegerInRange() throws IOException, SpecException {
        String csv = "a,species\n1,0\n2,3\n3,-1\n4,1.5\n5,setosa\n";
        assertEquals("""
                data.csv:3:2: class index out of range: 3 in column species; expected an integer 0..2 (the network \
                has 3 output units)
                data.csv:4:2: class index out of range: -1 in column species; expected an integer 0..2 (the network \
                has 3 output units)
                data.csv:5:2: not a class index: '1.5' in column species; expected an integer 0..2 (the network has \
                3 output units)
                data.csv:6:2: not a class index: 'setosa' in column species; expected an integer 0..2 (the network \
                has 3 output units)""",
                loadError(csvSpec(1, 3, "data.csv", "species"), "data.csv", csv));
    }

    @Test
    void classNamesMapInOrderOfFirstAppearance() throws IOException, SpecException {
        write("data.csv", "a,species\n1,virginica\n2,setosa\n3,virginica\n4,versicolor\n");
        DataLoader.Loaded loaded = DataLoader.loadNamed(csvSpec(1, 3, "data.csv", "species"), dir.resolve("spec.nn"));
        assertEquals(List.of("virginica", "setosa", "versicolor"), loaded.classNames());
        assertArrayEquals(new double[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}}, loaded.data().y());
        assertEquals(List.of("a"), loaded.inputNames());
    }

    @Test
    void listedClassesFixTheIndicesAndRejectOthers() throws IOException, SpecException {
        Spec spec = SpecReader.parse("spec.nn", "network N { input 1 dense 3 softmax }\n"
                + "train { loss cce optimizer sgd lr 0.1 epochs 1 }\n"
                + "data csv \"data.csv\" target species\n  classes setosa versicolor \"virginica\"\n");
        write("data.csv", "a,species\n1,virginica\n2,setosa\n");
        DataLoader.Loaded loaded = DataLoader.loadNamed(spec, dir.resolve("spec.nn"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), loaded.classNames());
        assertArrayEquals(new double[][] {{0, 0, 1}, {1, 0, 0}}, loaded.data().y());
        assertEquals("data.csv:3:2: unknown class 'iris' in column species; the spec lists setosa, versicolor,"
                + " virginica", loadError(spec, "data.csv", "a,species\n1,virginica\n2,iris\n"));
    }

    @Test
    void moreClassNamesThanOutputUnitsAreReported() throws IOException, SpecException {
        assertEquals("data.csv:4:2: unknown class 'c' in column t; the network has 2 output units, and the classes"
                + " seen before it are a, b", loadError(csvSpec(1, 2, "data.csv", "t"), "data.csv",
                "x,t\n1,a\n2,b\n3,c\n"));
    }

    @Test
    void inputsChosenByNameAndSeveralRegressionTargets() throws IOException, SpecException {
        Spec spec = SpecReader.parse("spec.nn", "network N { input 2 dense 2 linear }\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\n"
                + "data csv \"data.csv\" target u, v\n  inputs c a\n");
        write("data.csv", "a,b,c,u,v\n1,2,3,4,5\n6,7,8,9,10\n");
        DataLoader.Loaded loaded = DataLoader.loadNamed(spec, dir.resolve("spec.nn"));
        assertArrayEquals(new double[][] {{3, 1}, {8, 6}}, loaded.data().x());
        assertArrayEquals(new double[][] {{4, 5}, {9, 10}}, loaded.data().y());
        assertEquals(List.of("c", "a"), loaded.inputNames());
        Spec missing = SpecReader.parse("spec.nn", "network N { input 2 dense 2 linear }\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\n"
                + "data csv \"data.csv\" target u, v\n  inputs c d\n");
        assertEquals("spec.nn:3:1: input column 'd' is not in the header of data file \"data.csv\" (5 columns)",
                loadError(missing, "data.csv", "a,b,c,u,v\n1,2,3,4,5\n"));
    }

    @Test
    void headerWithoutRowsIsNoData() throws IOException, SpecException {
        assertEquals("data.csv:1:1: data file has a header but no rows",
                loadError(csvSpec(1, 1, "data.csv", "t"), "data.csv", "x,t\n\n"));
    }

    @Test
    void reportingStopsAfterFiftyErrors() throws IOException, SpecException {
        StringBuilder csv = new StringBuilder("x,t\n");
        for (int i = 0; i < 80; i++) {
            csv.append("bad,1\n");
        }
        SpecException e = assertThrows(SpecException.class, () -> {
            write("data.csv", csv.toString());
            DataLoader.load(csvSpec(1, 1, "data.csv", "t"), dir.resolve("spec.nn"));
        });
        List<Diagnostic> diagnostics = e.diagnostics();
        assertEquals(DataLoader.MAX_ERRORS + 1, diagnostics.size());
        Diagnostic last = diagnostics.get(DataLoader.MAX_ERRORS);
        assertEquals(DiagnosticCode.TOO_MANY_ERRORS.id(), last.code());
        assertEquals(dir.resolve("data.csv") + ":52:1: too many errors in data file \"data.csv\"; stopping after 50",
                last.toString());
    }

    @Test
    void aCategoryTheFittedEncodingLacksIsNamedWithRowColumnAndTheKnownCategories() throws Exception {
        Spec spec = SpecReader.parse("spec.nn", "network N { input 3 dense 1 linear }\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata csv \"data.csv\" target t\n"
                + "  categorical c\n");
        Path file = write("data.csv", "a,c,t\n1,x,0\n2,y,1\n3,z,0\n");
        DataLoader.Loaded loaded = DataLoader.loadNamed(spec, dir.resolve("spec.nn"));
        // categories as if fitted on the first two rows only: the third row's z is unknown
        nnspec.runtime.Categories fitted = nnspec.runtime.Categories.fit(List.of("c"), loaded.cells().cells(),
                new int[] {0, 1});
        SpecException e = assertThrows(SpecException.class,
                () -> loaded.encoded(loaded.data(), loaded.all(), fitted, spec.network()));
        assertEquals(DiagnosticCode.CSV_CATEGORY.id(), e.diagnostics().get(0).code());
        assertEquals(file + ":4:2: unknown category 'z' in column c; the training part has x, y", e.getMessage());
        // the second row alone: a, then c's x and y as 0 and 1
        Dataset second = nnspec.runtime.Splits.rows(loaded.data(), new int[] {1});
        assertArrayEquals(new double[] {2, 0, 1},
                loaded.encoded(second, new int[] {1}, fitted, spec.network()).x()[0], 0.0);
    }

    @Test
    void everyDataDiagnosticCodeIsTested() {
        // each code below is asserted, with its exact line, by a test of this class
        Set<DiagnosticCode> tested = EnumSet.of(DiagnosticCode.DATA_FILE, DiagnosticCode.CSV_HEADER,
                DiagnosticCode.CSV_TARGET, DiagnosticCode.CSV_INPUTS, DiagnosticCode.CSV_COLUMNS,
                DiagnosticCode.CSV_NUMBER, DiagnosticCode.CSV_CLASS, DiagnosticCode.CSV_CATEGORY,
                DiagnosticCode.TOO_MANY_ERRORS);
        Set<DiagnosticCode> dataCodes = Arrays.stream(DiagnosticCode.values())
                .filter(c -> c.stage() == DiagnosticCode.Stage.DATA)
                .collect(Collectors.toSet());
        assertEquals(dataCodes, tested);
    }
}
