package nnspec.claims;

import nnspec.claims.Claim.Verdict;

/**
 * A verdict as a claim's test recomputes it, with the correct value it found (for an erratum whose correct value is
 * a number) and what it computed, for the failure message.
 */
record Outcome(Verdict verdict, String correct, String detail) {
    static Outcome reproduced(String detail) {
        return new Outcome(Verdict.REPRODUCED, "", detail);
    }

    static Outcome under(String detail) {
        return new Outcome(Verdict.REPRODUCED_UNDER, "", detail);
    }

    static Outcome erratum(String correct, String detail) {
        return new Outcome(Verdict.ERRATUM, correct, detail);
    }

    static Outcome irreproducible(String detail) {
        return new Outcome(Verdict.IRREPRODUCIBLE, "", detail);
    }

    static Outcome uncheckable(String detail) {
        return new Outcome(Verdict.UNCHECKABLE, "", detail);
    }

    /** ERRATUM when the printed and the right value differ, REPRODUCED when they agree. */
    static Outcome compare(boolean printedIsRight, String detail) {
        return printedIsRight ? reproduced(detail) : new Outcome(Verdict.ERRATUM, "", detail);
    }
}
