package nnspec.golden;

import nnspec.model.Document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnspec.support.DocumentTable;
import nnspec.support.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transcriptions under golden/documents/ say what the document prints: each row's numbers are the numbers of
 * the document line it names. Needs ../shared/seeds beside the clone, and skips without it.
 */
class TranscriptionTest {
    @ParameterizedTest
    @CsvSource({"perceptron-and, D000", "mlp-zero-init, D000"})
    void transcribedRowsQuoteTheDocumentLines(String table, Document document) throws Exception {
        var seeds = Repo.seeds();
        assumeTrue(seeds.isPresent(), "skipped: ../shared/seeds (the specification documents) is not beside this"
                + " clone, so the transcription cannot be compared with them");
        Path file = seeds.get().resolve(document.fileName());
        List<String> lines = Files.readAllLines(file);
        for (Map<String, String> row : DocumentTable.read(table).rows()) {
            int line = Integer.parseInt(row.get("line"));
            List<String> printed = numbers(lines.get(line - 1));
            List<String> transcribed = new ArrayList<>();
            row.forEach((column, cell) -> {
                if (!column.equals("line") && !column.equals("step")) {
                    transcribed.add(cell);
                }
            });
            assertEquals(printed, transcribed, document + " line " + line);
        }
    }

    /** The numbers of a printed table line, in order, as printed. */
    private static List<String> numbers(String line) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("[-+]?\\d+(\\.\\d+)?").matcher(line);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
