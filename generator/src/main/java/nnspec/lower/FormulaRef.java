package nnspec.lower;

/**
 * A formula as the kernel table names it: its catalogue id (SCOPE.md's, such as {@code ACT-relu}), the formula in
 * plain text for the variant the spec chose, where it is printed, and the variant in words (empty when the kind has
 * one form). Generated comments and the coverage table print it; nothing else restates it.
 */
public record FormulaRef(String id, String text, Citation citation, String variant) {
    public static FormulaRef of(String id, String text, Citation citation) {
        return new FormulaRef(id, text, citation, "");
    }

    public FormulaRef variant(String words) {
        return new FormulaRef(id, text, citation, words);
    }

    /** The generated comment: {@code ACT-relu: a = max(0, z) (000_... L75, "...")}. */
    public String comment() {
        return id + ": " + text + (variant.isEmpty() ? "" : "; " + variant)
                + (citation.isNone() ? "" : " (" + citation + ")");
    }
}
