package nnspec.claims;

import java.util.List;

/**
 * One row of {@code golden/claims.csv}: one thing a document prints (a table cell or row, a number, a default, a
 * formula's printed form, a statement that can be computed) with the verdict the conformance suite recomputes.
 *
 * @param id         unique; formula rows are {@code SCOPE-ID@document-digit:line}, worked examples a short name
 * @param doc        the document's file name
 * @param line       the line as {@code cat -n} numbers it
 * @param section    the heading the line stands under (a slide title in 000, which has no markup; else the
 *                   nearest Markdown heading above the line), so a reader can find the place without line numbers
 * @param kind       what sort of thing is printed
 * @param printed    what the line prints, verbatim (a substring of the line)
 * @param verdict    the verdict
 * @param correct    the right value or form (ERRATUM only)
 * @param convention the convention under which the printed thing holds (REPRODUCED_UNDER only)
 * @param note       the cause or the ground, in one sentence
 */
public record Claim(String id, String doc, int line, String section, Kind kind, String printed, Verdict verdict,
        String correct, String convention, String note) {
    /** The header of the CSV file, the columns in this order. */
    public static final List<String> COLUMNS = List.of("id", "doc", "line", "section", "kind", "printed", "verdict",
            "correct", "convention", "note");

    public enum Kind {
        NUMBER, TABLE, FORMULA, DEFAULT, STATEMENT;

        public String csv() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Verdict {
        /** The printed thing is right as printed. */
        REPRODUCED,
        /** Right under a named convention (a logarithm base, a value at a kink, a constant of a penalty). */
        REPRODUCED_UNDER,
        /** Wrong: {@code correct} holds the right value or form. */
        ERRATUM,
        /** No consistent reading of the document produces it. */
        IRREPRODUCIBLE,
        /** Nothing to compute (a photograph, a historical date, advice). */
        UNCHECKABLE
    }

    public Claim {
        if (line < 1) {
            throw new IllegalArgumentException(id + ": line must be positive");
        }
        if (section.isBlank()) {
            throw new IllegalArgumentException(id + ": every row names the section or slide heading of its line");
        }
        if (verdict == Verdict.ERRATUM && correct.isBlank()) {
            throw new IllegalArgumentException(id + ": an ERRATUM needs the correct value or form");
        }
        if (verdict != Verdict.ERRATUM && !correct.isBlank()) {
            throw new IllegalArgumentException(id + ": only an ERRATUM has a correct value");
        }
        if (verdict == Verdict.REPRODUCED_UNDER && convention.isBlank()) {
            throw new IllegalArgumentException(id + ": REPRODUCED_UNDER needs its convention");
        }
        if (verdict != Verdict.REPRODUCED_UNDER && !convention.isBlank()) {
            throw new IllegalArgumentException(id + ": only REPRODUCED_UNDER names a convention");
        }
        if (note.isBlank()) {
            throw new IllegalArgumentException(id + ": every row needs its note (the cause or the ground)");
        }
    }

    /** The SCOPE.md formula id of a formula row ({@code GRAD-l2@3:466} gives {@code GRAD-l2}), else empty. */
    public String formulaId() {
        int at = id.indexOf('@');
        return at < 0 ? "" : id.substring(0, at);
    }
}
