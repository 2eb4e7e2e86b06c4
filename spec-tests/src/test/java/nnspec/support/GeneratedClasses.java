package nnspec.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nnspec.generate.InMemoryCompiler;
import nnspec.generate.JavaGenerator;
import nnspec.model.Spec;
import nnspec.runtime.Model;

/**
 * Compiled generated classes, shared between tests that train the same spec many times. The key is the generated
 * source itself, not the spec: generating is cheap and compiling is not, and a change anywhere in the lowering or
 * the generator (a mutant, under PIT, which reuses its JVMs from one mutant to the next) gives another source and so
 * another compilation, never a class compiled from what the code was before.
 */
public final class GeneratedClasses {
    private static final Map<String, Class<? extends Model>> CLASSES = new ConcurrentHashMap<>();

    private GeneratedClasses() {
    }

    /** A new instance of the class generated for {@code spec}, compiled only when its source is new. */
    public static Model instantiate(Spec spec) {
        String source = JavaGenerator.generate(spec, InMemoryCompiler.PACKAGE);
        Class<? extends Model> type = CLASSES.computeIfAbsent(source, s -> InMemoryCompiler.compile(
                InMemoryCompiler.PACKAGE + "." + JavaGenerator.className(spec), s));
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated class " + type.getName(), e);
        }
    }
}
