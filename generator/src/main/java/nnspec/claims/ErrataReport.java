package nnspec.claims;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders {@code golden/ERRATA.md} from the claims: for each document, in line order, the errata (what is printed,
 * what is right, why, and the test that proves it), then the claims no reading reproduces, then the conventions
 * the reproduced claims need. Written for a teacher with the document open who wants to correct it.
 */
public final class ErrataReport {
    /** The file name inside the golden folder. */
    public static final String FILE = "ERRATA.md";

    /** The test class in spec-tests that recomputes every row's verdict, one test per row named after its id. */
    public static final String TEST = "nnspec.claims.ClaimsTest";

    private ErrataReport() {
    }

    public static String render(List<Claim> claims) {
        Map<Claim.Verdict, Long> counts = new EnumMap<>(Claim.Verdict.class);
        for (Claim c : claims) {
            counts.merge(c.verdict(), 1L, Long::sum);
        }
        StringBuilder md = new StringBuilder();
        md.append("<!-- generated from golden/claims.csv by `nnspec golden`; edit the CSV, not this file -->\n")
                .append("# Errata of the four documents\n\n")
                .append("Every number, table row, stated default, printed formula and checkable statement of the four")
                .append(" documents is a row of [`claims.csv`](claims.csv) with a verdict: ")
                .append(claims.size()).append(" rows, ");
        String sep = "";
        for (Claim.Verdict v : Claim.Verdict.values()) {
            md.append(sep).append(counts.getOrDefault(v, 0L)).append(' ').append(v);
            sep = ", ";
        }
        md.append(". Each row's verdict is recomputed by its own test, `").append(TEST)
                .append("` named after the row's id, from independent ground: exact rational arithmetic, a closed")
                .append(" form, finite differences, a network written out in the test on the document's own setting,")
                .append(" PyTorch 1.13's and Keras 3's defaults, a search over every reading of an ambiguous table,")
                .append(" or, for a formula printed as the runtime implements it, the formula registry's checks of")
                .append(" that kernel (coverage.md). The test fails if the verdict in the CSV is changed.")
                .append(" Values with exp or log are computed in 40 significant digits (Commons Math `Dfp`) and a")
                .append(" printed digit is compared only when it is certain (the value more than 1e-30 from a rounding")
                .append(" boundary); rational ones in exact fractions (Commons Numbers `BigFraction`).")
                .append(" Each entry names its line, as `cat -n` numbers it, and the section or slide heading it")
                .append(" stands under.\n\n")
                .append("Per document: the **errata** (printed, correct, cause), the **irreproducible** claims (the")
                .append(" contradiction), the **conventions** under which a printed claim holds, and what cannot be")
                .append(" checked.\n");
        TreeSet<String> docs = new TreeSet<>();
        claims.forEach(c -> docs.add(c.doc()));
        Comparator<Claim> order = Comparator.comparingInt(Claim::line).thenComparing(Claim::id);
        for (String doc : docs) {
            List<Claim> mine = claims.stream().filter(c -> c.doc().equals(doc)).sorted(order).toList();
            md.append("\n## ").append(doc).append("\n\n").append(mine.size()).append(" rows:");
            String comma = " ";
            for (Claim.Verdict v : Claim.Verdict.values()) {
                long n = mine.stream().filter(c -> c.verdict() == v).count();
                md.append(comma).append(n).append(' ').append(v);
                comma = ", ";
            }
            md.append(".\n");
            section(md, "Errata", mine, Claim.Verdict.ERRATUM);
            section(md, "Irreproducible", mine, Claim.Verdict.IRREPRODUCIBLE);
            section(md, "Conventions", mine, Claim.Verdict.REPRODUCED_UNDER);
            section(md, "Not checkable", mine, Claim.Verdict.UNCHECKABLE);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Claim> claims, Claim.Verdict verdict) {
        List<Claim> rows = claims.stream().filter(c -> c.verdict() == verdict).toList();
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n### ").append(title).append("\n\n");
        for (Claim c : rows) {
            md.append("- **L").append(c.line()).append("**, \"").append(c.section()).append("\" (")
                    .append(c.kind().csv())
                    .append(c.formulaId().isEmpty() ? "" : ", " + c.formulaId()).append(") ")
                    .append(code(c.printed()));
            switch (verdict) {
                case ERRATUM -> md.append("\n  - correct: ").append(c.correct());
                case REPRODUCED_UNDER -> md.append("\n  - holds under: ").append(c.convention());
                case IRREPRODUCIBLE, UNCHECKABLE, REPRODUCED -> {
                }
                default -> throw new IllegalStateException(verdict.name());
            }
            md.append("\n  - ").append(verdict == Claim.Verdict.UNCHECKABLE ? "why: " : verdict
                    == Claim.Verdict.IRREPRODUCIBLE ? "contradiction: " : verdict == Claim.Verdict.ERRATUM
                    ? "cause: " : "why: ").append(c.note())
                    .append("\n  - test: `").append(TEST).append("` `").append(c.id()).append("`\n");
        }
    }

    /** A Markdown code span that survives backticks and tabs in the printed text. */
    static String code(String text) {
        String flat = text.replace('\t', ' ').replaceAll(" {2,}", " ").strip();
        String fence = flat.contains("`") ? "``" : "`";
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }
}
