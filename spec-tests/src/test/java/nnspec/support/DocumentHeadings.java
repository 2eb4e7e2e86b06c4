package nnspec.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.model.Document;

/**
 * The headings of one specification document, to check that a citation names the section or slide heading its
 * line stands under (the seeds' README asks citations to name one). Documents 001 to 003 mark headings in Markdown
 * ({@code #} to {@code ####}, none inside a fenced code block). 000 is a slide deck with no markup: a slide's title
 * is a short line standing alone between blank lines that is not a list item, a formula, a table row, a number, an
 * image's source line or a sentence (no closing full stop, colon or comma).
 */
public final class DocumentHeadings {
    private static final Pattern MARKDOWN = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*$");
    private static final Pattern NOT_A_TITLE = Pattern.compile("^[-$|0-9(\\\\*\u2022\u2460-\u2473].*");

    private record Heading(int line, int level, String text) {
    }

    private final List<Heading> headings;

    private DocumentHeadings(List<Heading> headings) {
        this.headings = headings;
    }

    /** The headings of the document {@code fileName} in the folder {@code seeds}. */
    public static DocumentHeadings read(Path seeds, String fileName) throws IOException {
        return of(Files.readAllLines(seeds.resolve(fileName), StandardCharsets.UTF_8),
                fileName.equals(Document.D000.fileName()));
    }

    /** The headings of a document given as its lines; {@code slides} for 000's unmarked slide titles. */
    public static DocumentHeadings of(List<String> lines, boolean slides) {
        List<Heading> found = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            if (slides) {
                String text = line.strip();
                boolean alone = (i == 0 || lines.get(i - 1).isBlank())
                        && (i + 1 == lines.size() || lines.get(i + 1).isBlank());
                if (alone && !text.isEmpty() && text.length() < 70 && !text.contains("\t")
                        && !NOT_A_TITLE.matcher(text).matches() && !text.startsWith("Source")
                        && !text.endsWith(".") && !text.endsWith(":") && !text.endsWith(",")) {
                    found.add(new Heading(i + 1, 1, text));
                }
            } else {
                Matcher m = MARKDOWN.matcher(line);
                if (m.matches()) {
                    found.add(new Heading(i + 1, m.group(1).length(), m.group(2)));
                }
            }
        }
        return new DocumentHeadings(List.copyOf(found));
    }

    /**
     * What is wrong with citing {@code heading} (nested headings joined by " / "): with a {@code line} (above 0),
     * each part must be a heading that line stands under; without, a heading of the document. Empty when right.
     */
    public Optional<String> misfit(String heading, int line) {
        List<String> path = List.of(heading.split(" / "));
        if (line > 0) {
            List<String> enclosing = enclosing(line);
            return enclosing.containsAll(path) ? Optional.empty()
                    : Optional.of("L" + line + " stands under " + enclosing + ", not under " + path);
        }
        return path.stream().allMatch(p -> headings.stream().anyMatch(h -> h.text().equals(p))) ? Optional.empty()
                : Optional.of("has no heading " + path);
    }

    /**
     * The headings a line stands under, outermost first: the nearest heading above it at each level that no
     * heading of a higher level closes (for 000, only its slide's title). A heading's own line stands under itself.
     */
    private List<String> enclosing(int line) {
        TreeMap<Integer, String> open = new TreeMap<>();
        for (Heading h : headings) {
            if (h.line() > line) {
                break;
            }
            open.tailMap(h.level(), true).clear();
            open.put(h.level(), h.text());
        }
        return List.copyOf(open.values());
    }
}
