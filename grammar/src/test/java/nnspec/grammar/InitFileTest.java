package nnspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import nnspec.diagnostics.SpecException;
import nnspec.model.Init;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init file "PATH"}: the numbers it reads, and the exact line of each error, named by file, line, column. */
class InitFileTest {
    @TempDir
    Path dir;

    private Spec read(String weights) throws IOException, SpecException {
        Files.writeString(dir.resolve("w.txt"), weights);
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network N {\n  input 2\n  dense 2 tanh init file \"w.txt\"\n  dense 1 linear\n}\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata { 1 2 -> 3 }\n");
        return SpecReader.read(spec);
    }

    private String error(String weights) {
        SpecException e = assertThrows(SpecException.class, () -> read(weights));
        return e.getMessage().replace(dir.toString() + java.io.File.separator, "");
    }

    @Test
    void readsOneRowPerUnitWeightsThenBiasWithCommentsAndBlankLines() throws Exception {
        String text = "# unit 0\n0.5, -1  0.25\n\n-2 3e-1 0 # unit 1\n";
        Init init = read(text).network().denseLayers().get(0).init();
        Init.FromFile file = (Init.FromFile) init;
        assertEquals(List.of(List.of(0.5, -1.0), List.of(-2.0, 0.3)), file.weights());
        assertEquals(List.of(0.25, 0.0), file.bias());
        assertEquals("w.txt", file.path());
        assertEquals(sha256(text), file.sha256());
    }

    @Test
    void aCellThatIsNotANumberIsNamedByLineAndColumn() {
        assertEquals("w.txt:2:4: not a finite number: 'x1'", error("1 2 3\n0, x1, 3\n"));
    }

    /** Issue 13: 1e-999 became 0 silently here while the spec itself refused it; both now say why. */
    @Test
    void aCellADoubleCannotHoldIsNamedAsInTheSpec() {
        assertEquals("w.txt:2:4: number 1e-999 is too small: it would round to 0; the smallest above 0 is 4.9E-324",
                error("1 2 3\n0, 1e-999, 3\n"));
        assertEquals("w.txt:1:3: number 1e999 is too large; the largest is 1.7976931348623157E308",
                error("1 1e999 3\n0, 1, 3\n"));
    }

    @Test
    void aRowOfTheWrongWidthSaysWhatTheLayerNeeds() {
        assertEquals("w.txt:1:1: row has 2 numbers; layer dense1 needs 3 (2 weights, then the bias)",
                error("1 2\n1 2 3\n"));
    }

    @Test
    void tooFewAndTooManyRows() {
        assertEquals("w.txt:2:1: init file has 1 rows; layer dense1 needs 2 (one per unit)", error("1 2 3\n"));
        assertEquals("w.txt:3:1: more rows than layer dense1 has units (2)", error("1 2 3\n4 5 6\n7 8 9\n"));
    }

    @Test
    void aFileThatIsNotUtf8() throws IOException {
        Files.write(dir.resolve("w.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, '1'});
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network N {\n  input 2\n  dense 2 tanh init file \"w.txt\"\n}\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata { 1 2 -> 3 4 }\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(spec));
        assertEquals(spec + ":3:26: init file \"w.txt\" is not UTF-8 text", e.getMessage());
    }

    @Test
    void aPathTheFileSystemCannotHoldIsOneDiagnostic() throws IOException {
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network N {\n  input 2\n  dense 1 tanh init file \"w\0.txt\"\n}\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata { 1 2 -> 3 }\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(spec));
        // the NUL is printed escaped (Diagnostic.printable), never raw
        assertEquals(spec + ":3:26: cannot read init file \"w\\u0000.txt\": it is not a valid path:"
                + " Nul character not allowed", e.getMessage());
    }

    @Test
    void aDirectoryIsNotAnInitFile() throws IOException {
        Files.createDirectories(dir.resolve("w.txt"));
        assertEquals("s.nn:3:26: cannot read init file \"w.txt\": it is a directory", errorOfExistingFile());
    }

    @Test
    void aFileOverSixteenMebibytes() throws IOException {
        // A sparse file: its size is what the limit is about, and it takes no room on disk.
        try (RandomAccessFile big = new RandomAccessFile(dir.resolve("w.txt").toFile(), "rw")) {
            big.setLength((16 << 20) + 1);
        }
        assertEquals("s.nn:3:26: init file \"w.txt\" is over 16 MiB", errorOfExistingFile());
    }

    /** The error of the spec of {@link #read} when w.txt is left as the test made it. */
    private String errorOfExistingFile() throws IOException {
        Path spec = dir.resolve("s.nn");
        Files.writeString(spec, "network N {\n  input 2\n  dense 2 tanh init file \"w.txt\"\n  dense 1 linear\n}\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata { 1 2 -> 3 }\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(spec));
        return e.getMessage().replace(dir.toString() + java.io.File.separator, "");
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
