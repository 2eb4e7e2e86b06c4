import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the mutation score of a PIT XML report and its undetected mutants, per package and per class.
 *
 * <pre>
 * java tools/PitSummary.java [spec-tests/target/pit-reports/mutations.xml] [package-prefix]
 * </pre>
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
        File report = new File(args.length > 0 ? args[0] : "spec-tests/target/pit-reports/mutations.xml");
        String prefix = args.length > 1 ? args[1] : "";
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report)
                .getElementsByTagName("mutation");
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
