package nnspec.lower;

import java.util.Optional;
import nnspec.model.Document;

/**
 * Where a formula is printed: a line of one of the four documents with the section or slide heading above it, or,
 * for a formula no document prints, the framework documentation that defines it.
 *
 * @param document the document, empty for a framework's definition
 * @param line     the 1-based line in the document (0 without a document)
 * @param section  the heading above that line, or the framework source
 * @param token    a few characters printed on that line, by which a test checks that the line number still points at
 *                 the formula (empty without a document)
 */
public record Citation(Optional<Document> document, int line, String section, String token) {
    public Citation {
        if (document.isPresent() && line < 1) {
            throw new IllegalArgumentException("a document citation needs a line: " + section);
        }
    }

    public static Citation of(Document document, int line, String section, String token) {
        return new Citation(Optional.of(document), line, section, token);
    }

    /** A formula defined by a framework's documentation rather than printed in a document. */
    public static Citation framework(String source) {
        return new Citation(Optional.empty(), 0, source, "");
    }

    /** A formula the spec itself supplies (literal weights, an init file, a constant): nothing to cite. */
    public static Citation none() {
        return new Citation(Optional.empty(), 0, "", "");
    }

    public boolean isNone() {
        return document.isEmpty() && section.isEmpty();
    }

    /** As comments and tables print it: {@code 000_a379626a3ad4bd0a.txt L76, "Most common activation functions"}. */
    @Override
    public String toString() {
        return document.map(d -> d.fileName() + " L" + line + ", \"" + section + "\"").orElse(section);
    }
}
