package nnspec.generated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnspec.generate.InMemoryCompiler;
import nnspec.generate.JavaGenerator;
import nnspec.model.Spec;
import nnspec.pipeline.GoldenSources;
import nnspec.read.SpecReader;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/**
 * Every method of the generated class of every golden spec and every example stays under HotSpot's
 * HugeMethodLimit of 8000 bytes of bytecode (a larger method is never JIT-compiled, and training would run
 * interpreted): the classes are compiled as nnspec compiles them and their methods' code lengths read with ASM.
 */
class MethodSizeTest {
    private static final int HUGE_METHOD_LIMIT = 8000;

    @Test
    void everyGeneratedMethodOfEveryGoldenSpecAndExampleStaysUnderHugeMethodLimit() throws Exception {
        List<Path> specs = new ArrayList<>(GoldenSources.specsIn(Repo.golden().resolve("specs")));
        specs.addAll(GoldenSources.specsIn(Repo.root().resolve("examples")));
        assertTrue(specs.stream().anyMatch(p -> p.getFileName().toString().equals("digits-cnn.nn")), specs::toString);
        int methods = 0;
        int largest = 0;
        for (Path file : specs) {
            Spec spec = SpecReader.read(file);
            String name = InMemoryCompiler.PACKAGE + "." + JavaGenerator.className(spec);
            Map<String, byte[]> classes = InMemoryCompiler.compileToBytes(name,
                    JavaGenerator.generate(spec, InMemoryCompiler.PACKAGE));
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                for (Map.Entry<String, Integer> m : codeLengths(c.getValue()).entrySet()) {
                    assertTrue(m.getValue() < HUGE_METHOD_LIMIT, file.getFileName() + ": " + c.getKey() + "."
                            + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
                    largest = Math.max(largest, m.getValue());
                    methods++;
                }
            }
        }
        assertTrue(methods > 100 && largest > 100, methods + " methods, the largest " + largest + " bytes");
    }

    /**
     * Each method's name and descriptor with the code_length of its Code attribute (JVMS 4.7.3), read with ASM's
     * ClassReader: it parses the constant pool and says where the class's own fields start ({@code header}); the
     * fields and methods are walked from there.
     */
    private static Map<String, Integer> codeLengths(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset);
        offset = skipMembers(reader, offset);
        Map<String, Integer> lengths = new LinkedHashMap<>();
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        for (int m = 0; m < methods; m++) {
            String name = reader.readUTF8(offset + 2, buffer) + reader.readUTF8(offset + 4, buffer);
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                String attribute = reader.readUTF8(offset, buffer);
                int length = reader.readInt(offset + 2);
                if (attribute.equals("Code")) {
                    // max_stack u2, max_locals u2, code_length u4
                    lengths.put(name, reader.readInt(offset + 10));
                }
                offset += 6 + length;
            }
        }
        return lengths;
    }

    /** The offset after a fields table. */
    private static int skipMembers(ClassReader reader, int offset) {
        int count = reader.readUnsignedShort(offset);
        offset += 2;
        for (int k = 0; k < count; k++) {
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        return offset;
    }
}
