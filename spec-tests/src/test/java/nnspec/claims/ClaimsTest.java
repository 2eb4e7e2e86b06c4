package nnspec.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import nnspec.formula.FormulaRegistry;
import nnspec.support.DocumentHeadings;
import nnspec.support.Repo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * golden/claims.csv, row by row: every row's verdict recomputed from independent ground (see {@link
 * WorkedExamples} and {@link FormulaWitnesses}); every formula id of SCOPE.md and every worked example of its last
 * table has rows; each cited line still prints what the row says (when the documents are beside the clone); and
 * golden/ERRATA.md is what the CSV renders.
 */
class ClaimsTest {
    /** SCOPE.md's "Worked examples and numeric claims": document and line range, each must hold a row. */
    private static final String[][] WORKED_EXAMPLES = {
        {"000_a379626a3ad4bd0a.txt", "130", "272"}, {"000_a379626a3ad4bd0a.txt", "284", "335"},
        {"000_a379626a3ad4bd0a.txt", "339", "365"}, {"000_a379626a3ad4bd0a.txt", "367", "382"},
        {"000_a379626a3ad4bd0a.txt", "384", "400"}, {"000_a379626a3ad4bd0a.txt", "405", "552"},
        {"001_aa0c02345369f2d3.txt", "104", "124"}, {"001_aa0c02345369f2d3.txt", "426", "448"},
        {"001_aa0c02345369f2d3.txt", "580", "607"}, {"001_aa0c02345369f2d3.txt", "640", "650"},
        {"002_db2ef66716d01cf4.txt", "380", "427"}, {"002_db2ef66716d01cf4.txt", "540", "552"},
        {"002_db2ef66716d01cf4.txt", "676", "704"}, {"002_db2ef66716d01cf4.txt", "790", "820"},
        {"002_db2ef66716d01cf4.txt", "895", "930"}, {"002_db2ef66716d01cf4.txt", "940", "990"},
        {"002_db2ef66716d01cf4.txt", "1090", "1135"}, {"003_be7c2a3ed43414a9.txt", "320", "395"},
        {"003_be7c2a3ed43414a9.txt", "1440", "1530"}, {"003_be7c2a3ed43414a9.txt", "1540", "1625"}};

    static List<Claim> claims() throws IOException {
        return Claims.parse(Files.readString(Repo.golden().resolve("claims.csv")));
    }

    /** The verdict of one row, recomputed without looking at the verdict, correct value or convention it states. */
    static Outcome recompute(Claim claim, List<Claim> all, Set<String> registryIds) {
        if (!claim.formulaId().isEmpty()) {
            Supplier<Outcome> witness = FormulaWitnesses.all().get(claim.id());
            if (witness != null) {
                return witness.get();
            }
            return registryIds.contains(claim.formulaId() + "\u0000" + claim.doc())
                    ? Outcome.reproduced("the registry entries of " + claim.formulaId() + " prove the printed form")
                    : Outcome.irreproducible("no registry entry of " + claim.formulaId() + " cites " + claim.doc());
        }
        return new WorkedExamples(all).recompute(claim);
    }

    /** Every formula id of the registry with every document one of its entries cites ("ID\0file name"). */
    static Set<String> registryIds() {
        Set<String> ids = new HashSet<>();
        for (nnspec.formula.Formula f : FormulaRegistry.all()) {
            for (String citation : f.citations()) {
                for (nnspec.model.Document d : nnspec.model.Document.values()) {
                    if (citation.contains(d.fileName())) {
                        ids.add(f.id() + "\u0000" + d.fileName());
                    }
                }
            }
        }
        return ids;
    }

    @TestFactory
    Stream<DynamicTest> everyRowsVerdictIsRecomputed() throws IOException {
        List<Claim> all = claims();
        Set<String> registry = registryIds();
        return all.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Outcome outcome = recompute(c, all, registry);
            assertEquals(c.verdict(), outcome.verdict(), c.id() + " (" + c.doc() + " L" + c.line() + "): "
                    + outcome.detail());
            if (!outcome.correct().isEmpty()) {
                assertEquals(c.correct(), outcome.correct(), c.id() + ": the correct value");
            }
        }));
    }

    @Test
    void everyFormulaIdHasARow() throws IOException {
        Set<String> withRows = new HashSet<>();
        claims().forEach(c -> withRows.add(c.formulaId()));
        List<String> missing = scopeIds().stream().filter(id -> !withRows.contains(id)).toList();
        assertTrue(missing.isEmpty(), "formula ids of SCOPE.md without a row in golden/claims.csv: " + missing);
    }

    @Test
    void everyFormulaTheBackEndsCiteHasARowAtItsLine() throws IOException {
        Set<String> rows = new HashSet<>();
        claims().forEach(c -> rows.add(c.formulaId() + "\u0000" + c.doc() + "\u0000" + c.line()));
        List<String> missing = new ArrayList<>();
        for (nnspec.lower.FormulaRef f : nnspec.lower.Citations.all()) {
            nnspec.lower.Citation at = f.citation();
            if (at.document().isPresent() && !rows.contains(f.id() + "\u0000" + at.document().get().fileName()
                    + "\u0000" + at.line())) {
                missing.add(f.id() + " at " + at);
            }
        }
        assertTrue(missing.isEmpty(), "formulas of nnspec.lower.Citations without a row in golden/claims.csv: "
                + missing);
    }

    @Test
    void everyWorkedExampleOfScopeHasRows() throws IOException {
        List<Claim> all = claims();
        List<String> missing = new ArrayList<>();
        for (String[] range : WORKED_EXAMPLES) {
            int from = Integer.parseInt(range[1]);
            int to = Integer.parseInt(range[2]);
            if (all.stream().noneMatch(c -> c.doc().equals(range[0]) && c.line() >= from && c.line() <= to)) {
                missing.add(range[0] + " L" + from + "-" + to);
            }
        }
        assertTrue(missing.isEmpty(), "worked examples of SCOPE.md without rows: " + missing);
    }

    @Test
    void workedExampleListMatchesScopeMd() throws IOException {
        Optional<Path> scope = Repo.seeds().map(s -> s.resolveSibling("SCOPE.md"));
        Assumptions.assumeTrue(scope.isPresent() && Files.exists(scope.get()),
                "../shared/SCOPE.md is not beside this clone: the copied worked-example list cannot be compared");
        String text = Files.readString(scope.get());
        String table = text.substring(text.indexOf("## Worked examples"));
        List<String> fromScope = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| D(\\d) L(\\d+)-(\\d+) \\|")
                .matcher(table);
        while (m.find()) {
            fromScope.add(m.group(1) + ":" + m.group(2) + "-" + m.group(3));
        }
        List<String> copied = new ArrayList<>();
        for (String[] range : WORKED_EXAMPLES) {
            copied.add(range[0].charAt(2) + ":" + range[1] + "-" + range[2]);
        }
        assertEquals(fromScope, copied, "ClaimsTest.WORKED_EXAMPLES no longer matches SCOPE.md");
    }

    @Test
    void everyCitedLineStillPrintsWhatTheRowSays() throws IOException {
        Optional<Path> seeds = Repo.seeds();
        Assumptions.assumeTrue(seeds.isPresent(),
                "../shared/seeds is not beside this clone: the cited lines cannot be compared with the documents");
        Map<String, List<String>> documents = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Claim c : claims()) {
            List<String> lines = documents.computeIfAbsent(c.doc(), d -> {
                try {
                    return Files.readAllLines(seeds.get().resolve(d));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (c.line() > lines.size() || !lines.get(c.line() - 1).contains(c.printed())) {
                wrong.add(c.id() + ": " + c.doc() + " L" + c.line() + " does not print '" + c.printed() + "'");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyRowNamesAHeadingItsLineStandsUnder() throws IOException {
        Optional<Path> seeds = Repo.seeds();
        Assumptions.assumeTrue(seeds.isPresent(),
                "../shared/seeds is not beside this clone: the rows' sections cannot be compared with the documents");
        Map<String, DocumentHeadings> headings = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Claim c : claims()) {
            if (!headings.containsKey(c.doc())) {
                headings.put(c.doc(), DocumentHeadings.read(seeds.get(), c.doc()));
            }
            headings.get(c.doc()).misfit(c.section(), c.line())
                    .ifPresent(why -> wrong.add(c.id() + ": " + c.doc() + " " + why));
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void errataReportIsGeneratedFromTheClaims() throws IOException {
        String rendered = ErrataReport.render(claims());
        Path file = Repo.golden().resolve(ErrataReport.FILE);
        assertTrue(Files.exists(file), "golden/ERRATA.md is missing; run ./nnspec golden");
        assertEquals(rendered, Files.readString(file), "golden/ERRATA.md is not what golden/claims.csv renders;"
                + " run ./nnspec golden");
    }

    @Test
    void everyWitnessBelongsToARow() throws IOException {
        Set<String> ids = new HashSet<>();
        claims().forEach(c -> ids.add(c.id()));
        List<String> orphans = FormulaWitnesses.all().keySet().stream().filter(id -> !ids.contains(id)).toList();
        assertTrue(orphans.isEmpty(), "witnesses for rows that do not exist: " + orphans);
    }

    private static List<String> scopeIds() throws IOException {
        try (InputStream in = ClaimsTest.class.getResourceAsStream("/scope-formula-ids.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")
                    && !l.startsWith("+")).toList();
        }
    }
}
