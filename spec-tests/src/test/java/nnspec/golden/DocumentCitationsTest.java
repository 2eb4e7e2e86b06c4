package nnspec.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nnspec.support.DocumentHeadings;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/**
 * Every place in the project that cites a document as the seeds' README asks, by file name and a heading in
 * quotes, names a heading the document has: Javadoc, test messages, Markdown, specs and their comments, the
 * transcriptions and the generated sources (whose citations also give the line, which must stand under the
 * heading). Free-form mentions ("003 section 1.9") are not read.
 */
class DocumentCitationsTest {
    /**
     * A document's file name (not itself quoted), then a comma, an opening parenthesis, a colon, a possessive or a
     * line ({@code L76,}), then the heading in quotes (escaped inside Java strings); nested headings joined by " / ".
     */
    private static final Pattern CITATION = Pattern.compile(
            "(?<!\")(\\d{3}_[0-9a-f]{16}\\.txt)(?:'s|,| \\(|, \\(|:| L(\\d+),)?\\s*\\\\?\"([^\"\\\\]+)\\\\?\"");

    private static final Set<String> TEXT = Set.of("java", "md", "nn", "tsv", "csv", "txt");

    @Test
    void everyQuotedHeadingIsOneTheDocumentHas() throws IOException {
        Optional<Path> seeds = Repo.seeds();
        assumeTrue(seeds.isPresent(), "skipped: ../shared/seeds (the specification documents) is not beside this"
                + " clone, so the headings the project cites cannot be compared with them");
        Path root = Repo.root();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|\\.git|node_modules)(/.*)?"))
                    .filter(Files::isRegularFile).filter(p -> TEXT.contains(extension(p))).sorted().toList();
        }
        Map<String, DocumentHeadings> documents = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                Matcher m = CITATION.matcher(lines.get(n));
                while (m.find()) {
                    String document = m.group(1);
                    if (!documents.containsKey(document)) {
                        documents.put(document, DocumentHeadings.read(seeds.get(), document));
                    }
                    String where = root.relativize(file) + ":" + (n + 1) + ": " + document + " ";
                    checked++;
                    int line = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                    documents.get(document).misfit(m.group(3), line).ifPresent(why -> wrong.add(where + why));
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " citations name no heading of their document:\n"
                + String.join("\n", wrong));
        assertTrue(checked > 100, "only " + checked + " citations found: the pattern no longer matches the project's");
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
