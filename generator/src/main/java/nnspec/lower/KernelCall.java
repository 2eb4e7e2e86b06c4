package nnspec.lower;

import com.palantir.javapoet.CodeBlock;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * One call of a static runtime kernel: its class, its method, and its arguments, each either a constant the spec
 * fixed (a number, a seed, a named convention) or an {@link Operand} the back end supplies (z, the parameter
 * array, the layer's offset, ...). The interpreter {@link #handle binds} or {@link #invoke invokes} it; the code
 * generator {@link #code writes} it; both from this one value, so neither back end can pick a kernel of its own.
 */
public record KernelCall(Class<?> owner, String method, List<Object> arguments) {
    /** What a back end puts in place of an argument the spec does not fix, with the Java type the kernel takes. */
    public enum Operand {
        /** A unit's pre-activation. */
        Z(double.class),
        /** A unit's activation f(z). */
        A(double.class),
        /** A randomised ReLU unit's slope in this pass. */
        SLOPE(double.class),
        /** A prediction, the output layer's activation. */
        P(double.class),
        /** A target. */
        Y(double.class),
        /** The sum of the targets of a sample. */
        TARGET_SUM(double.class),
        /** The base of the cross-entropy's logarithm. */
        LOG_BASE(double.class),
        /** A layer's pre-activations. */
        Z_VECTOR(double[].class),
        /** A layer's activations. */
        A_VECTOR(double[].class),
        /** dL/da of a layer. */
        UPSTREAM(double[].class),
        /** dL/dz of a layer. */
        DELTA(double[].class),
        /** A sample's targets. */
        Y_VECTOR(double[].class),
        /**
         * The fast mode's softmax cache of the output layer: the logits and exponentials the loss took, which the
         * output delta of the same logits reuses (FastLosses; NumericMode adds it).
         */
        SOFTMAX_CACHE(double[].class),
        /** The model's parameters. */
        PARAMETERS(double[].class),
        /** The model's summed gradients. */
        GRADIENTS(double[].class),
        /** Where a layer's weights start in the parameter array. */
        WEIGHTS_FROM(int.class),
        /** Where a layer's biases start in the parameter array. */
        BIASES_FROM(int.class),
        /** m, the number of training samples, of a penalty constant lambda / (2m). */
        TRAINING_SAMPLES(int.class),
        /** A layer's random generator (dropout masks, randomised ReLU slopes). */
        RANDOM(Random.class),
        /** A layer's dropout factors of this pass. */
        FACTORS(double[].class),
        /** A randomised ReLU layer's slopes of this pass. */
        SLOPES(double[].class),
        /** Whether the pass is a training pass. */
        TRAINING(boolean.class),
        /** The step's learning rate. */
        LEARNING_RATE(double.class),
        /** The number of samples in the step's batch. */
        BATCH_SIZE(int.class),
        /** What a stage takes: the network's input or the outputs of the stage before it. */
        INPUT_VECTOR(double[].class),
        /** What a pooling stage gives. */
        OUTPUT_VECTOR(double[].class),
        /** dL/d(a stage's input), which its backward step writes. */
        INPUT_GRADIENT(double[].class),
        /** Per output of a max pooling, the input element its window chose. */
        ARGMAX(int[].class);

        private final Class<?> type;

        Operand(Class<?> type) {
            this.type = type;
        }

        public Class<?> type() {
            return type;
        }
    }

    public KernelCall {
        arguments = List.copyOf(arguments);
    }

    public static KernelCall of(Class<?> owner, String method, Object... arguments) {
        KernelCall call = new KernelCall(owner, method, List.of(arguments));
        call.target();
        return call;
    }

    /** {@code Owner.method} as a reader looks it up. */
    public String name() {
        return owner.getSimpleName() + "." + method;
    }

    /** The call as Java source, each operand replaced by what {@code operands} gives for it. */
    public CodeBlock code(Function<Operand, CodeBlock> operands) {
        CodeBlock.Builder args = CodeBlock.builder();
        for (int k = 0; k < arguments.size(); k++) {
            if (k > 0) {
                args.add(", ");
            }
            Object a = arguments.get(k);
            args.add(a instanceof Operand o ? operands.apply(o) : constant(a));
        }
        return CodeBlock.of("$T.$L($L)", owner, method, args.build());
    }

    /** A constant as a Java expression of exactly its value. */
    public static CodeBlock constant(Object value) {
        if (value instanceof Enum<?> e) {
            return CodeBlock.of("$T.$L", e.getDeclaringClass(), e.name());
        }
        if (value instanceof Double d) {
            if (Double.isNaN(d)) {
                return CodeBlock.of("Double.NaN");
            }
            if (Double.isInfinite(d)) {
                return CodeBlock.of(d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY");
            }
            return CodeBlock.of("$L", Double.toString(d));
        }
        if (value instanceof Long l) {
            return CodeBlock.of("$LL", l);
        }
        return CodeBlock.of("$L", value);
    }

    /**
     * A method handle of the kernel with its constants bound, taking exactly {@code order} (in that order; an
     * operand the kernel does not use is accepted and ignored), for the interpreter's per-unit calls.
     */
    public MethodHandle handle(Operand... order) {
        try {
            MethodHandle h = MethodHandles.publicLookup().unreflect(target());
            List<Operand> remaining = new ArrayList<>();
            for (int k = arguments.size() - 1; k >= 0; k--) {
                Object a = arguments.get(k);
                if (a instanceof Operand o) {
                    remaining.add(0, o);
                } else {
                    h = MethodHandles.insertArguments(h, k, a);
                }
            }
            int[] reorder = new int[remaining.size()];
            for (int k = 0; k < reorder.length; k++) {
                reorder[k] = Arrays.asList(order).indexOf(remaining.get(k));
                if (reorder[k] < 0) {
                    throw new IllegalStateException(this + " needs " + remaining.get(k) + ", not given");
                }
            }
            MethodType type = MethodType.methodType(h.type().returnType(),
                    Arrays.stream(order).map(Operand::type).toArray(Class<?>[]::new));
            return MethodHandles.permuteArguments(h, type, reorder);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot bind " + this, e);
        }
    }

    /** Calls the kernel once, with {@code operands} for its operands (cold paths: initialisation, penalties). */
    public Object invoke(Map<Operand, Object> operands) {
        Object[] values = new Object[arguments.size()];
        for (int k = 0; k < values.length; k++) {
            Object a = arguments.get(k);
            if (a instanceof Operand o) {
                if (!operands.containsKey(o)) {
                    throw new IllegalStateException(this + " needs " + o + ", not given");
                }
                values[k] = operands.get(o);
            } else {
                values[k] = a;
            }
        }
        try {
            return target().invoke(null, values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(this + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + this, e);
        }
    }

    /** The one public static method of that name whose parameter types fit the arguments. */
    public Method target() {
        for (Method m : owner.getMethods()) {
            if (!m.getName().equals(method) || !Modifier.isStatic(m.getModifiers())
                    || m.getParameterCount() != arguments.size()) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            boolean fits = true;
            for (int k = 0; k < types.length && fits; k++) {
                fits = fits(types[k], arguments.get(k));
            }
            if (fits) {
                return m;
            }
        }
        throw new IllegalStateException("no static " + name() + " takes " + arguments);
    }

    static boolean fits(Class<?> parameter, Object argument) {
        if (argument instanceof Operand o) {
            return parameter == o.type();
        }
        if (parameter == double.class) {
            return argument instanceof Double;
        }
        if (parameter == int.class) {
            return argument instanceof Integer;
        }
        if (parameter == long.class) {
            return argument instanceof Long;
        }
        if (parameter == boolean.class) {
            return argument instanceof Boolean;
        }
        return parameter.isInstance(argument);
    }

    @Override
    public String toString() {
        return name() + arguments;
    }
}
