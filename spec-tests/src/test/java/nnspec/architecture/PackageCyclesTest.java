package nnspec.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The nnspec packages depend on each other without a cycle, so each stage can be understood, tested and changed
 * knowing only the stages below it (issue 7: {@code nnspec.grammar} and {@code nnspec.check} once imported each
 * other). The graph comes from the compiled classes of runtime, grammar and generator rather than from import
 * lines, which miss fully qualified names and same-named classes.
 */
class PackageCyclesTest {
    private static PackageGraph graph;

    @BeforeAll
    static void readTheCompiledClasses() throws IOException, URISyntaxException {
        graph = new PackageGraph();
        for (Class<?> member : List.of(nnspec.runtime.Model.class, nnspec.model.Spec.class, nnspec.cli.Main.class)) {
            graph.addClassesOf(member);
        }
    }

    @Test
    void thePackagesOfRuntimeGrammarAndGeneratorFormNoCycle() {
        Optional<List<String>> cycle = graph.cycle();
        assertTrue(cycle.isEmpty(),
                () -> "the nnspec packages have a dependency cycle:\n" + graph.describe(cycle.get()));
    }

    /** Without this, a scan that saw nothing would pass the test above. */
    @Test
    void theScanSeesReferencesInSignaturesAndInMethodBodies() {
        // Checker takes SpecSyntax as a parameter: a reference in a signature.
        assertTrue(graph.dependsOn("nnspec.check", "nnspec.grammar"), graph::toString);
        // SpecReader only calls Checker.check inside a method: a reference in code alone.
        assertTrue(graph.dependsOn("nnspec.read", "nnspec.check"), graph::toString);
        assertTrue(graph.dependsOn("nnspec.runtime", "nnspec.runtime.optim"), graph::toString);
    }

    @Test
    void aCycleIsReportedWithTheClassesThatCloseIt() {
        PackageGraph g = new PackageGraph();
        g.add("nnspec.a.A", "nnspec.b.B");
        g.add("nnspec.b.B", "nnspec.c.C");
        g.add("nnspec.c.C", "nnspec.a.A2");
        g.add("nnspec.d.D", "nnspec.a.A");
        assertEquals(Optional.of(List.of("nnspec.a", "nnspec.b", "nnspec.c", "nnspec.a")), g.cycle());
        assertEquals("""
                nnspec.a -> nnspec.b (nnspec.a.A uses nnspec.b.B)
                nnspec.b -> nnspec.c (nnspec.b.B uses nnspec.c.C)
                nnspec.c -> nnspec.a (nnspec.c.C uses nnspec.a.A2)""", g.describe(g.cycle().orElseThrow()));
        g = new PackageGraph();
        g.add("nnspec.a.A", "nnspec.b.B");
        g.add("nnspec.a.A", "nnspec.c.C");
        g.add("nnspec.b.B", "nnspec.c.C");
        assertEquals(Optional.empty(), g.cycle());
    }

    /** Package to package, each edge with one class-to-class reference that makes it, for the failure message. */
    private static final class PackageGraph {
        private final Map<String, Map<String, String>> edges = new TreeMap<>();

        void addClassesOf(Class<?> member) throws IOException, URISyntaxException {
            Path location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            // Maven puts a module's target/classes on the class path before it is packaged, its jar after.
            if (Files.isDirectory(location)) {
                addClassFilesUnder(location);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    addClassFilesUnder(jar.getPath("/"));
                }
            }
        }

        private void addClassFilesUnder(Path root) throws IOException {
            List<Path> classFiles;
            try (Stream<Path> files = Files.walk(root)) {
                classFiles = files.filter(p -> p.toString().endsWith(".class"))
                        .filter(p -> root.relativize(p).toString().startsWith("nnspec/"))
                        .sorted()
                        .toList();
            }
            for (Path file : classFiles) {
                ClassReader reader = new ClassReader(Files.readAllBytes(file));
                String from = reader.getClassName().replace('/', '.');
                Remapper collector = new Remapper() {
                    @Override
                    public String map(String internalName) {
                        add(from, internalName.replace('/', '.'));
                        return internalName;
                    }
                };
                // A ClassWriter behind the remapper, because a visitor that drops methods would hide their code.
                reader.accept(new ClassRemapper(new ClassWriter(0), collector), 0);
            }
        }

        void add(String fromClass, String toClass) {
            String from = packageOf(fromClass);
            String to = packageOf(toClass);
            if (isOurs(from) && isOurs(to) && !from.equals(to)) {
                edges.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, fromClass + " uses " + toClass);
            }
        }

        boolean dependsOn(String from, String to) {
            return edges.getOrDefault(from, Map.of()).containsKey(to);
        }

        /** The first cycle a depth-first search meets, as packages from its start back to it. */
        Optional<List<String>> cycle() {
            Set<String> finished = new HashSet<>();
            for (String start : edges.keySet()) {
                Optional<List<String>> found = search(start, new ArrayList<>(), finished);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }

        private Optional<List<String>> search(String node, List<String> path, Set<String> finished) {
            int onPath = path.indexOf(node);
            if (onPath >= 0) {
                List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
                cycle.add(node);
                return Optional.of(cycle);
            }
            if (finished.contains(node)) {
                return Optional.empty();
            }
            path.add(node);
            for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
                Optional<List<String>> found = search(next, path, finished);
                if (found.isPresent()) {
                    return found;
                }
            }
            path.remove(path.size() - 1);
            finished.add(node);
            return Optional.empty();
        }

        String describe(List<String> cycle) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i + 1 < cycle.size(); i++) {
                String from = cycle.get(i);
                String to = cycle.get(i + 1);
                lines.add(from + " -> " + to + " (" + edges.get(from).get(to) + ")");
            }
            return String.join("\n", lines);
        }

        @Override
        public String toString() {
            return edges.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + String.join(", ", e.getValue().keySet()))
                    .collect(Collectors.joining("\n", "package graph:\n", ""));
        }

        private static boolean isOurs(String packageName) {
            return packageName.equals("nnspec") || packageName.startsWith("nnspec.");
        }

        private static String packageOf(String className) {
            int dot = className.lastIndexOf('.');
            return dot < 0 ? "" : className.substring(0, dot);
        }
    }
}
