package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nnspec.cli.CommandLineTestAccess;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: nothing a spec contains steers the generated source. javac decodes unicode escapes before it looks
 * for comments (JLS 3.3), so an init file path holding backslash-u000a (a line break) or backslash-u002a
 * backslash-u002f ("*" "/") used to end the header comment it was copied into: the text after it became code. And
 * a package that is a keyword produced sources that did not compile.
 */
class HostileSourceTest {
    /**
     * Two init files whose paths would, decoded, break the header: the first opens a block comment on a new line
     * after an escaped line break, the second closes it and starts a line of its own; with non-ASCII and a literal
     * {@code *}{@code /} (a folder named {@code d*}) as well. Layers named like Java keywords. Oracle: the source
     * compiles, holds no character outside printable ASCII and no backslash that could start an escape, names
     * both files on one header line each, and the generated back end trains to exactly the interpreter's
     * parameters (both strict: the same kernels in the same order, so the same bits).
     */
    @Test
    void hostileInitFilePathsAndNamesCannotLeaveTheirComments(@TempDir Path dir) throws Exception {
        String first = "a\\u000a\\u002f\\u002a.txt";
        String second = "d*/b\\u002a\\u002f\\u000avoid initializeDense1() {}\u00e9.txt";
        Files.createDirectories(dir.resolve("d*"));
        Files.writeString(dir.resolve(first), "0.5 -1 0.25\n-2 0.3 0\n");
        Files.writeString(dir.resolve(second), "1 -0.5 0.1\n");
        Path spec = dir.resolve("s\\u000a.nn");
        Files.writeString(spec, "network N {\n  input 2\n  dense 2 tanh init file \"" + first + "\" name class\n"
                + "  dense 1 sigmoid init file \"" + second + "\" name null\n}\n"
                + "train { loss bce optimizer sgd lr 0.5 epochs 5 batch 2 order shuffled seed 3 }\n"
                + "data {\n 0 0 -> 0\n 0 1 -> 1\n 1 0 -> 1\n 1 1 -> 0\n}\n");
        Job job = Job.load(spec);
        String source = JavaGenerator.generate(job.spec(), "p");
        for (int k = 0; k < source.length(); k++) {
            char c = source.charAt(k);
            assertTrue(c == '\n' || c >= 0x20 && c <= 0x7e, "character " + (int) c + " at " + k);
            if (c == '\\' && k + 1 < source.length() && source.charAt(k + 1) == 'u') {
                int backslashes = 0;
                for (int j = k - 1; j >= 0 && source.charAt(j) == '\\'; j--) {
                    backslashes++;
                }
                assertTrue(backslashes % 2 == 1, "a unicode escape javac would decode at " + k);
            }
        }
        assertTrue(source.contains("\n// init file: a\\\\u000a\\\\u002f\\\\u002a.txt (sha-256 "),
                source.substring(0, 600));
        assertTrue(source.contains("\n// init file: d* /b\\\\u002a\\\\u002f\\\\u000avoid initializeDense1() {}[U+00E9].txt"
                + " (sha-256 "), source.substring(0, 600));
        // the header keeps the spec's own name only, cut at the last slash or backslash
        assertTrue(source.contains("\n// spec:      u000a.nn\n"), source.substring(0, 600));

        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[][] y = {{0}, {1}, {1}, {0}};
        Model generated = InMemoryCompiler.instantiate(job.spec(), nnspec.lower.NumericMode.STRICT);
        Model interpreted = Backend.INTERPRETER.create(job.spec());
        double[] start = {0.5, -1, -2, 0.3, 0.25, 0, 1, -0.5, 0.1};
        assertArrayEquals(start, generated.parameters(), 0.0, "the generated class starts at the files' numbers");
        assertArrayEquals(start, interpreted.parameters(), 0.0);
        generated.train(x, y);
        interpreted.train(x, y);
        assertArrayEquals(interpreted.parameters(), generated.parameters(), 0.0);
        assertFalse(java.util.Arrays.equals(start, generated.parameters()), "training moved the parameters");
    }

    /** Oracle: JLS 17 3.9 (keywords, {@code _}), 3.10.3 and 3.10.7 (true, false, null); java.* is the JDK's. */
    @Test
    void packageNamesAreJavaIdentifiersThatAreNotReservedWords() {
        for (String bad : List.of("class", "int", "true", "null", "_", "a.goto.b", "java.lang", "java", "", "a..b",
                ".a", "a.", "1a", "a.b-c", "caf\u00e9")) {
            assertFalse(SpecCompiler.isPackageName(bad), bad);
        }
        for (String good : List.of("a", "Class", "javax.foo", "my_nets.v1", "$x", "a.java", "record", "var")) {
            assertNull(SpecCompiler.packageNameProblem(good), good);
        }
        assertEquals("'class' is a reserved word of Java", SpecCompiler.packageNameProblem("com.class.x"));
        // 3,000 characters: the regular expression this replaced overflowed the stack on these
        assertTrue(SpecCompiler.isPackageName("a" + ".a".repeat(1500)));
        assertFalse(SpecCompiler.isPackageName("a.".repeat(1500)));
    }

    /** Each refused package is one line naming the option, exit 2, and nothing written. */
    @Test
    void compileRefusesAReservedPackageAndWritesNothing(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("x.nn");
        Files.writeString(spec, "network N { input 2 dense 1 sigmoid }\n"
                + "train { loss bce optimizer sgd lr 0.5 epochs 1 }\ndata { 0 1 -> 1 }\n");
        Path out = dir.resolve("out");
        for (String name : List.of("class", "int", "true", "_", "java.lang")) {
            CommandLineTestAccess.Result r = CommandLineTestAccess.run("compile", spec.toString(), "-d",
                    out.toString(), "--package", name);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("--package: not a Java package name: "), r.err());
            assertFalse(Files.exists(out), "nothing written for " + name);
        }
    }
}
