package nnspec.lower;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nnspec.runtime.Activations;
import nnspec.runtime.Dense;
import nnspec.runtime.FastDense;
import nnspec.runtime.FastActivations;
import nnspec.runtime.FastLosses;
import nnspec.runtime.Losses;

/**
 * How a plan's kernels compute elementary functions. {@link #STRICT}: with {@link StrictMath}, the same bits on every
 * processor; golden traces, the conformance suite and the differential tests use it. {@link #FAST}: through the
 * JIT's intrinsics ({@link nnspec.runtime.FastMath}), within a stated tolerance of strict (FastTwinsTest), the default
 * of {@code nnspec train} and {@code nnspec compile}.
 *
 * <p>This is the one place the mode acts: {@link #apply(Plan)} swaps each kernel call whose owner has a fast twin
 * ({@link #TWINS}) with a static method of the same name and parameter types for the twin's method, and leaves every
 * other call as it is. Both back ends then run the rewritten plan, so they stay on the same kernels in either mode.
 * Where the twin also has a cached form, the same parameters plus a {@link KernelCall.Operand#SOFTMAX_CACHE} and its
 * offset, the call becomes that form: the from-logits loss leaves its exponentials there and the output delta of the
 * same logits takes them instead of n more (issue 11); both back ends then hold one such cache for the output layer.
 */
public enum NumericMode {
    STRICT,
    FAST;

    /** Strict kernel owners and their fast twins in the runtime. */
    public static final Map<Class<?>, Class<?>> TWINS = Map.of(
            Activations.class, FastActivations.class,
            Losses.class, FastLosses.class,
            Dense.class, FastDense.class);

    /** The mode named {@code strict} or {@code fast}, for command-line options. */
    public static NumericMode parse(String keyword) {
        for (NumericMode mode : values()) {
            if (mode.keyword().equals(keyword)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown numeric mode '" + keyword + "'; expected strict or fast");
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kernel this mode runs in place of {@code call}: its fast twin in FAST mode where one exists, else itself. */
    public KernelCall apply(KernelCall call) {
        if (this == STRICT || !TWINS.containsKey(call.owner())) {
            return call;
        }
        Method strict = call.target();
        Class<?> owner = TWINS.get(call.owner());
        Class<?>[] types = strict.getParameterTypes();
        Class<?>[] cached = Arrays.copyOf(types, types.length + 2);
        cached[types.length] = double[].class;
        cached[types.length + 1] = int.class;
        try {
            owner.getMethod(strict.getName(), cached);
            List<Object> arguments = new ArrayList<>(call.arguments());
            arguments.add(KernelCall.Operand.SOFTMAX_CACHE);
            arguments.add(0);
            return new KernelCall(owner, call.method(), arguments);
        } catch (NoSuchMethodException e) {
            // no cached form: the plain twin below
        }
        try {
            Method twin = owner.getMethod(strict.getName(), types);
            return new KernelCall(twin.getDeclaringClass(), call.method(), call.arguments());
        } catch (NoSuchMethodException e) {
            return call;
        }
    }

    /**
     * The plan with every kernel call replaced by {@link #apply(KernelCall)}. The plan's parts are records,
     * optionals and lists of this package; they are walked by their record components, so a new part of the plan
     * needs nothing here, and a part with no call to swap comes back as the same object.
     */
    public Plan apply(Plan plan) {
        return this == STRICT ? plan : (Plan) rewrite(plan);
    }

    private Object rewrite(Object value) {
        if (value instanceof KernelCall call) {
            return apply(call);
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() && rewrite(optional.get()) != optional.get()
                    ? Optional.of(rewrite(optional.get())) : optional;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object element : list) {
                Object r = rewrite(element);
                changed |= r != element;
                out.add(r);
            }
            return changed ? List.copyOf(out) : list;
        }
        if (value == null || !value.getClass().isRecord()
                || !value.getClass().getPackageName().equals(NumericMode.class.getPackageName())) {
            return value;
        }
        RecordComponent[] components = value.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean changed = false;
        try {
            for (int k = 0; k < components.length; k++) {
                Object old = components[k].getAccessor().invoke(value);
                values[k] = rewrite(old);
                types[k] = components[k].getType();
                changed |= values[k] != old;
            }
            if (!changed) {
                return value;
            }
            Constructor<?> canonical = value.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rewrite " + value.getClass().getName() + " for " + this, e);
        }
    }
}
