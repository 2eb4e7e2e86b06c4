import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Prints the mutation score of a PIT XML report and its undetected mutants, per package and per class.
 *
 * <pre>
 * java tools/PitSummary.java [report.xml ...] [package-prefix]
 * </pre>
 *
 * With no report, {@code spec-tests/target/pit-reports/mutations.xml}. Several reports combine runs that split the
 * classes between them (a run with {@code -DexcludedClasses} naming what an earlier run measured): each class is
 * taken whole from the last report that holds it, so a class cut short in one run and measured again in a later one
 * counts once, as the later run found it. A report cut off mid-write (PIT writes it in blocks as units finish, so a
 * stopped run leaves a file ending inside a mutant) is read up to its last complete mutant.
 *
 * The score is (KILLED + TIMED_OUT) / all generated mutants: NO_COVERAGE, SURVIVED, RUN_ERROR, MEMORY_ERROR and
 * every other status count against it, and nothing is left out. With a package prefix (for example
 * {@code nnspec.runtime}) only the survivors of classes under it are listed; the totals always cover the whole
 * report. Runs with the JDK alone (single-file source launch, Java 11 or newer).
 */
public final class PitSummary {

    private record Mutant(String pkg, String cls, String method, int line, String mutator, String description,
            String status) {}

    public static void main(String[] args) throws Exception {
        List<File> reports = new ArrayList<>();
        String prefix = "";
        for (String arg : args) {
            if (arg.endsWith(".xml")) {
                reports.add(new File(arg));
            } else {
                prefix = arg;
            }
        }
        if (reports.isEmpty()) {
            reports.add(new File("spec-tests/target/pit-reports/mutations.xml"));
        }
        Map<String, List<Mutant>> byClass = new TreeMap<>();
        for (File report : reports) {
            Map<String, List<Mutant>> found = new TreeMap<>();
            for (Mutant m : read(report)) {
                found.computeIfAbsent(m.cls(), k -> new ArrayList<>()).add(m);
            }
            byClass.putAll(found);
            System.out.printf("%s: %d classes%n", report, found.size());
        }
        List<Mutant> mutants = new ArrayList<>();
        byClass.values().forEach(mutants::addAll);
        Map<String, int[]> perPackage = new TreeMap<>();
        int[] all = new int[3];
        for (Mutant m : mutants) {
            int[] counts = perPackage.computeIfAbsent(m.pkg(), k -> new int[3]);
            for (int[] c : new int[][] {counts, all}) {
                c[0]++;
                if (detected(m)) {
                    c[1]++;
                } else if (m.status().equals("SURVIVED")) {
                    c[2]++;
                }
            }
        }
        System.out.printf("%-24s %9s %9s %9s %9s %7s%n", "package", "generated", "detected", "survived",
                "no cover", "score");
        perPackage.forEach((pkg, c) -> row(pkg, c));
        row("all", all);
        Map<String, List<Mutant>> perClass = new TreeMap<>();
        for (Mutant m : mutants) {
            if (!detected(m) && m.cls().startsWith(prefix)) {
                perClass.computeIfAbsent(m.cls(), k -> new ArrayList<>()).add(m);
            }
        }
        System.out.println();
        System.out.println("Undetected mutants" + (prefix.isEmpty() ? "" : " under " + prefix) + ":");
        perClass.forEach((cls, list) -> {
            System.out.println(cls + " (" + list.size() + ")");
            list.stream().sorted((a, b) -> Integer.compare(a.line(), b.line())).forEach(m -> System.out.printf(
                    "  %5d %-11s %-12s %s: %s%n", m.line(), m.status(), m.method(), m.mutator(), m.description()));
        });
    }

    private static List<Mutant> read(File report) throws Exception {
        String xml = Files.readString(report.toPath(), StandardCharsets.UTF_8);
        if (!xml.stripTrailing().endsWith("</mutations>")) {
            int last = xml.lastIndexOf("</mutation>");
            int cut = last < 0 ? xml.indexOf('>', xml.indexOf("<mutations")) + 1 : last + "</mutation>".length();
            xml = xml.substring(0, cut) + "</mutations>";
        }
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml))).getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String cls = text(e, "mutatedClass");
            int dot = cls.lastIndexOf('.');
            String mutator = text(e, "mutator");
            mutants.add(new Mutant(cls.substring(0, dot), cls, text(e, "mutatedMethod"),
                    Integer.parseInt(text(e, "lineNumber")), mutator.substring(mutator.lastIndexOf('.') + 1),
                    text(e, "description"), e.getAttribute("status")));
        }
        return mutants;
    }

    private static boolean detected(Mutant m) {
        return m.status().equals("KILLED") || m.status().equals("TIMED_OUT");
    }

    private static void row(String name, int[] c) {
        System.out.printf("%-24s %9d %9d %9d %9d %6.1f%%%n", name, c[0], c[1], c[2], c[0] - c[1] - c[2],
                100.0 * c[1] / c[0]);
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent();
    }
}
