package nnspec.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nnspec.formula.Formula;
import nnspec.formula.FormulaRegistry;
import nnspec.model.Document;
import nnspec.support.DocumentHeadings;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/**
 * The kernel table's formulas against their sources: each cited line of a document still prints the formula, each
 * formula id is a catalogue id, and each catalogue id the table uses has registry entries that prove a kernel and
 * cite the same document.
 */
class KernelTableTest {
    private static Set<String> catalogueIds() throws IOException {
        try (InputStream in = KernelTableTest.class.getResourceAsStream("/scope-formula-ids.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> ids = new HashSet<>();
            text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(l -> ids.add(l.startsWith("+") ? l.substring(1) : l));
            return ids;
        }
    }

    @Test
    void everyCitedLinePrintsItsFormula() throws IOException {
        var seeds = Repo.seeds();
        assumeTrue(seeds.isPresent(), "skipped: ../shared/seeds (the specification documents) is not beside this"
                + " clone, so the kernel table's line numbers cannot be checked");
        Map<Document, List<String>> lines = new TreeMap<>();
        for (Document d : Document.values()) {
            lines.put(d, Files.readAllLines(seeds.get().resolve(d.fileName()), StandardCharsets.UTF_8));
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (FormulaRef f : Citations.all()) {
            Citation c = f.citation();
            if (c.document().isEmpty()) {
                continue;
            }
            List<String> text = lines.get(c.document().get());
            String line = c.line() <= text.size() ? text.get(c.line() - 1) : "";
            checked++;
            if (c.token().isEmpty() || !line.contains(c.token())) {
                wrong.add(f.id() + " cites " + c + " for \"" + c.token() + "\", but that line is: " + line);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked > 0, "no citation names a document line");
    }

    @Test
    void everyCitedSectionIsAHeadingItsLineStandsUnder() throws IOException {
        var seeds = Repo.seeds();
        assumeTrue(seeds.isPresent(), "skipped: ../shared/seeds (the specification documents) is not beside this"
                + " clone, so the kernel table's sections cannot be checked");
        Map<Document, DocumentHeadings> headings = new TreeMap<>();
        for (Document d : Document.values()) {
            headings.put(d, DocumentHeadings.read(seeds.get(), d.fileName()));
        }
        List<String> wrong = new ArrayList<>();
        for (FormulaRef f : Citations.all()) {
            Citation c = f.citation();
            if (c.document().isPresent()) {
                headings.get(c.document().get()).misfit(c.section(), c.line())
                        .ifPresent(why -> wrong.add(f.id() + " cites " + c + ", but " + why));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyFormulaIdIsACatalogueId() throws IOException {
        Set<String> ids = catalogueIds();
        List<String> unknown = Citations.all().stream().map(FormulaRef::id).filter(id -> !ids.contains(id))
                .distinct().toList();
        assertTrue(unknown.isEmpty(), "not ids of scope-formula-ids.txt: " + unknown);
    }

    /**
     * The registry proves kernels formula by formula; an id the table uses must have an entry there that cites the
     * document the table cites (the table names the line, the registry the section).
     */
    @Test
    void everyDocumentCitationOfTheTableIsOneTheRegistryProves() {
        List<Formula> registry = FormulaRegistry.all();
        List<String> missing = new ArrayList<>();
        for (FormulaRef f : Citations.all()) {
            if (f.citation().document().isEmpty() || f.id().startsWith("INIT-literal")) {
                continue;
            }
            String document = f.citation().document().get().fileName();
            boolean proved = registry.stream().anyMatch(e -> e.id().equals(f.id())
                    && !e.checks().isEmpty() && e.citations().stream().anyMatch(c -> c.startsWith(document)));
            if (!proved) {
                missing.add(f.id() + " (" + f.citation() + ")");
            }
        }
        assertEquals(List.of(), missing, "formulas the back ends cite without a registry entry citing that document");
    }

    @Test
    void citationsPrintAsDocumentLineAndSection() {
        assertEquals("000_a379626a3ad4bd0a.txt L75, \"Most common activation functions\"",
                Citations.RELU.citation().toString());
        assertEquals("PyTorch torch.nn.HuberLoss documentation", Citations.HUBER_GRADIENT.citation().toString());
    }
}
