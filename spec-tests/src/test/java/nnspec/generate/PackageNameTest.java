package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * What a package name for generated classes may be, by the Java Language Specification (3.8 identifiers, 3.9
 * keywords, 7.4 package names) restricted to ASCII as {@link Names#packageProblem} documents it, and the JVM's
 * refusal to define classes under {@code java}: every character class at its edges, and each refusal's message
 * with the 1-based character it names, worked by hand.
 */
class PackageNameTest {
    @Test
    void lettersDigitsUnderscoreAndDollarAtTheirEdgesMakeIdentifiers() {
        for (String ok : new String[] {"a", "AZaz", "a.b", "_a.$", "a0.b9", "x.java", "Az_$09"}) {
            assertNull(Names.packageProblem(ok), ok);
        }
    }

    @Test
    void aCharacterJustOutsideEachRangeIsRefusedWhereItStands() {
        // '@' before 'A', '[' after 'Z', '`' before 'a', '{' after 'z', '/' before '0', ':' after '9'
        assertEquals("'@' at character 2 cannot be part of a Java identifier", Names.packageProblem("a@"));
        assertEquals("'[' at character 2 cannot be part of a Java identifier", Names.packageProblem("a["));
        assertEquals("'`' at character 1 cannot start a Java identifier", Names.packageProblem("`a"));
        assertEquals("'{' at character 3 cannot start a Java identifier", Names.packageProblem("a.{"));
        assertEquals("'/' at character 2 cannot be part of a Java identifier", Names.packageProblem("a/"));
        assertEquals("':' at character 2 cannot be part of a Java identifier", Names.packageProblem("a:"));
        // a digit may follow but not start a part
        assertEquals("'1' at character 1 cannot start a Java identifier", Names.packageProblem("1a"));
        assertEquals("'9' at character 4 cannot start a Java identifier", Names.packageProblem("ab.9"));
    }

    @Test
    void controlAndNonAsciiCharactersAreNamedByTheirCodePoint() {
        assertEquals("'[U+0001]' at character 2 cannot be part of a Java identifier",
                Names.packageProblem("a\u0001"));
        assertEquals("'[U+00E9]' at character 1 cannot start a Java identifier", Names.packageProblem("\u00e9t\u00e9"));
        assertEquals("' ' at character 2 cannot be part of a Java identifier", Names.packageProblem("a b"));
        assertEquals("'~' at character 2 cannot be part of a Java identifier", Names.packageProblem("a~"));
    }

    @Test
    void emptyPartsReservedWordsAndTheJdksPackagesAreRefused() {
        assertEquals("the package name is empty", Names.packageProblem(""));
        assertEquals("an empty part at character 1 (two dots, or a dot at an end)", Names.packageProblem(".a"));
        assertEquals("an empty part at character 3 (two dots, or a dot at an end)", Names.packageProblem("a..b"));
        // the empty part after a final dot starts one past the end
        assertEquals("an empty part at character 4 (two dots, or a dot at an end)", Names.packageProblem("ab."));
        // '_' alone is a keyword since Java 9 (JLS 3.9)
        assertEquals("'_' is a reserved word of Java", Names.packageProblem("a._"));
        assertEquals("'class' is a reserved word of Java", Names.packageProblem("a.class"));
        assertEquals("'null' is a reserved word of Java", Names.packageProblem("null"));
        assertEquals("packages under java are the JDK's; the JVM refuses to define classes there",
                Names.packageProblem("java.util"));
    }
}
