package nnspec.lower;

import com.palantir.javapoet.CodeBlock;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * How to build one runtime object (an optimizer, a schedule): its class, a static factory or the constructor, and
 * the arguments. The interpreter {@link #instantiate instantiates} it; the code generator {@link #code writes} it;
 * both from this one description, so the two back ends cannot build different objects from the same spec.
 * Arguments are boxed primitives, enum constants, or {@link #SIZE} for the model's parameter count.
 */
public record Construction(Class<?> type, String factory, List<Object> arguments) {
    /** Stands for the number of parameters of the model the object serves. */
    public enum Placeholder { SIZE }

    public static final Placeholder SIZE = Placeholder.SIZE;

    public Construction {
        arguments = List.copyOf(arguments);
    }

    public static Construction constructor(Class<?> type, Object... arguments) {
        return new Construction(type, null, List.of(arguments));
    }

    public static Construction factory(Class<?> type, String factory, Object... arguments) {
        return new Construction(type, factory, List.of(arguments));
    }

    /** A new instance, with {@code size} in place of {@link #SIZE}. */
    public Object instantiate(int size) {
        Object[] values = arguments.stream().map(a -> a == SIZE ? (Object) size : a).toArray();
        try {
            Executable target = target();
            if (target instanceof Constructor<?> c) {
                return c.newInstance(values);
            }
            return ((Method) target).invoke(null, values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(this + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + this, e);
        }
    }

    /** The expression that builds it, with {@code sizeExpression} in place of {@link #SIZE}. */
    public CodeBlock code(String sizeExpression) {
        target();
        CodeBlock.Builder args = CodeBlock.builder();
        for (int k = 0; k < arguments.size(); k++) {
            if (k > 0) {
                args.add(", ");
            }
            Object a = arguments.get(k);
            args.add(a == SIZE ? CodeBlock.of("$L", sizeExpression) : KernelCall.constant(a));
        }
        return factory == null
                ? CodeBlock.of("new $T($L)", type, args.build())
                : CodeBlock.of("$T.$L($L)", type, factory, args.build());
    }

    /** The one public constructor or static factory whose parameter types fit the arguments. */
    private Executable target() {
        List<Executable> candidates = new ArrayList<>();
        if (factory == null) {
            candidates.addAll(List.of(type.getConstructors()));
        } else {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(factory) && Modifier.isStatic(m.getModifiers())) {
                    candidates.add(m);
                }
            }
        }
        for (Executable e : candidates) {
            Class<?>[] types = e.getParameterTypes();
            if (types.length != arguments.size()) {
                continue;
            }
            boolean fits = true;
            for (int k = 0; k < types.length && fits; k++) {
                fits = fits(types[k], arguments.get(k));
            }
            if (fits) {
                return e;
            }
        }
        throw new IllegalStateException("no " + (factory == null ? "constructor" : "factory " + factory) + " of "
                + type.getSimpleName() + " takes " + arguments);
    }

    private static boolean fits(Class<?> parameter, Object argument) {
        return argument == SIZE ? parameter == int.class : KernelCall.fits(parameter, argument);
    }

    @Override
    public String toString() {
        return type.getSimpleName() + (factory == null ? "" : "." + factory) + arguments;
    }
}
