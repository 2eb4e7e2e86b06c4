package nnspec.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nnspec.support.DocumentHeadings;
import nnspec.support.Repo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the formula registry: every check of every entry runs as its own test; every formula id of SCOPE.md has
 * an entry; every entry has a check; golden/coverage.md is what the registry renders.
 */
class FormulaRegistryTest {
    private static final Pattern SCOPE_ROW = Pattern.compile("(?m)^\\| ([A-Z]+-[A-Za-z0-9/-]+) \\|");

    private static List<String> idLines() throws IOException {
        try (InputStream in = FormulaRegistryTest.class.getResourceAsStream("/scope-formula-ids.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /** The formula ids of SCOPE.md. */
    static List<String> scopeIds() throws IOException {
        return idLines().stream().filter(l -> !l.startsWith("+")).toList();
    }

    /** The ids of SCOPE.md and those nnspec adds (lines starting with +). */
    static List<String> allowedIds() throws IOException {
        return idLines().stream().map(l -> l.startsWith("+") ? l.substring(1) : l).toList();
    }

    @TestFactory
    Stream<DynamicNode> everyCheckOfEveryEntryPasses() {
        List<Formula> formulas = FormulaRegistry.all();
        return formulas.stream().map(f -> DynamicContainer.dynamicContainer(f.id() + ": " + f.name(),
                f.checks().stream().map(c -> DynamicTest.dynamicTest(c.name(), c.body()))));
    }

    @Test
    void everyScopeFormulaIdHasAnEntry() throws IOException {
        Set<String> covered = new HashSet<>();
        FormulaRegistry.all().forEach(f -> covered.add(f.id()));
        List<String> missing = scopeIds().stream().filter(id -> !covered.contains(id)).toList();
        assertTrue(missing.isEmpty(), missing.size() + " formula ids of SCOPE.md have no registry entry: " + missing);
    }

    @Test
    void everyEntryNamesAScopeIdAndHasChecksAndACitation() throws IOException {
        Set<String> ids = new HashSet<>(allowedIds());
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Formula f : FormulaRegistry.all()) {
            if (!ids.contains(f.id())) {
                problems.add(f.id() + " (" + f.name() + "): not an id of SCOPE.md");
            }
            if (f.checks().isEmpty()) {
                problems.add(f.id() + " (" + f.name() + "): no checks");
            }
            if (f.citations().isEmpty()) {
                problems.add(f.id() + " (" + f.name() + "): no citation");
            }
            if (!seen.add(f.id() + "\u0000" + f.name())) {
                problems.add(f.id() + " (" + f.name() + "): two entries with this name");
            }
            Set<String> checkNames = new HashSet<>();
            f.checks().forEach(c -> {
                if (!checkNames.add(c.name())) {
                    problems.add(f.id() + " (" + f.name() + "): two checks named " + c.name());
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * A citation of a document: its file name, the heading in quotes (nested headings joined by " / "), then, in
     * some, the lines in parentheses ("(L1412)", "(L366-L372, ...)").
     */
    private static final Pattern DOCUMENT_CITATION =
            Pattern.compile("(\\d{3}_[0-9a-f]{16}\\.txt), \"([^\"]+)\"(?: \\(L(\\d+)(?=[-,)]))?.*");

    @Test
    void everyCitedHeadingIsAHeadingOfItsDocumentAboveTheCitedLine() throws IOException {
        Optional<Path> seeds = Repo.seeds();
        Assumptions.assumeTrue(seeds.isPresent(), "../shared/seeds is not beside this clone: the headings the"
                + " registry cites cannot be compared with the documents");
        Map<String, DocumentHeadings> documents = new HashMap<>();
        Set<String> wrong = new TreeSet<>();
        int checked = 0;
        for (Formula f : FormulaRegistry.all()) {
            for (String citation : f.citations()) {
                if (!citation.matches("\\d{3}_.*")) {
                    continue; // a framework's documented definition
                }
                Matcher m = DOCUMENT_CITATION.matcher(citation);
                if (!m.matches()) {
                    wrong.add(f.id() + " (" + f.name() + "): not 'FILE, \"HEADING\"': " + citation);
                    continue;
                }
                if (!documents.containsKey(m.group(1))) {
                    documents.put(m.group(1), DocumentHeadings.read(seeds.get(), m.group(1)));
                }
                checked++;
                int line = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                documents.get(m.group(1)).misfit(m.group(2), line)
                        .ifPresent(why -> wrong.add(f.id() + " (" + f.name() + "): " + m.group(1) + " " + why));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked > 0, "no registry citation names a document");
    }

    @Test
    void coverageTableIsUpToDate() throws IOException {
        Path file = Repo.golden().resolve("coverage.md");
        String rendered = FormulaRegistry.coverageMarkdown(FormulaRegistry.all());
        if (Boolean.getBoolean("nnspec.regenerate")) {
            Path temporary = file.resolveSibling("coverage.md.tmp");
            Files.writeString(temporary, rendered);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        assertTrue(Files.exists(file), "golden/coverage.md is missing; regenerate with: mvn -B verify"
                + " -Dnnspec.regenerate=true");
        assertEquals(Files.readString(file), rendered,
                "golden/coverage.md differs from the registry; regenerate with: mvn -B verify -Dnnspec.regenerate=true");
    }

    @Test
    void scopeIdListMatchesScopeMd() throws IOException {
        Optional<Path> scope = Repo.seeds().map(seeds -> seeds.resolveSibling("SCOPE.md"));
        Assumptions.assumeTrue(scope.isPresent() && Files.exists(scope.get()),
                "../shared/SCOPE.md is not beside this clone: the copied id list cannot be compared with it");
        String text = Files.readString(scope.get());
        String formulas = text.substring(0, text.indexOf("## Worked examples"));
        Set<String> fromScope = new LinkedHashSet<>();
        Matcher m = SCOPE_ROW.matcher(formulas);
        while (m.find()) {
            fromScope.add(m.group(1));
        }
        assertFalse(fromScope.isEmpty());
        assertEquals(new TreeSet<>(fromScope), new TreeSet<>(scopeIds()),
                "spec-tests/src/test/resources/scope-formula-ids.txt no longer matches SCOPE.md");
    }
}
