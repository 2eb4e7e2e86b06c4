package nnspec.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.pipeline.GradientCheck.TensorError;
import nnspec.pipeline.Job;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientCheck} must pass a right gradient on a network with ReLU and max-pool kinks and fail a wrong one.
 * The networks are the examples' digits CNN (ReLU, 2x2 max pooling; its first 300 images, to keep the test near a
 * second) and the iris MLP (leaky ReLU, dropout). The wrong gradients are made by wrapping the generated model and
 * perturbing what {@link Model#gradients()} returns: a tensor scaled by 1 + 1e-4, a convolution kernel transposed (an
 * indexing bug), one coordinate off by 1%, a bias gradient dropped. Each must fail the check at its default
 * threshold; the unperturbed model must pass with no tensor unverifiable.
 */
class GradientCheckTest {
    private static final int POINTS = 2;
    private static final int COORDINATES = 5;

    private static Job job(String example) throws Exception {
        return Job.load(Repo.root().resolve("examples").resolve(example));
    }

    private static Dataset head(Dataset data, int rows) {
        return new Dataset(Arrays.copyOf(data.x(), rows), Arrays.copyOf(data.y(), rows));
    }

    /** The model, with {@code wrong} applied to every copy of the gradient it hands out. */
    private static Model perturbed(Model inner, Consumer<double[]> wrong) {
        return (Model) Proxy.newProxyInstance(Model.class.getClassLoader(), new Class<?>[] {Model.class},
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(inner, args);
                        if (method.getName().equals("gradients")) {
                            double[] g = ((double[]) result).clone();
                            wrong.accept(g);
                            return g;
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int index(Model model, String parameter) {
        for (int k = 0; k < model.parameterCount(); k++) {
            if (model.parameterName(k).equals(parameter)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no parameter " + parameter);
    }

    private static List<TensorError> check(Model model, Dataset data) {
        return GradientCheck.atRandomPoints(model, data, POINTS, COORDINATES, 7, GradientCheck.DEFAULT_THRESHOLD);
    }

    private static boolean passes(List<TensorError> errors) {
        return errors.stream().allMatch(e -> e.error() <= GradientCheck.DEFAULT_THRESHOLD && !e.unverifiable());
    }

    private static String failing(List<TensorError> errors) {
        return errors.stream().filter(e -> !(e.error() <= GradientCheck.DEFAULT_THRESHOLD) || e.unverifiable())
                .map(e -> e.tensor().replace(" (direction)", ""))
                .distinct().collect(Collectors.joining(","));
    }

    private static String show(List<TensorError> errors) {
        return errors.stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void passesTheDigitsCnnWithItsReluAndMaxPoolKinks() throws Exception {
        Job job = job("digits-cnn.nn");
        List<TensorError> errors = check(Backend.GENERATED.create(job.spec()), head(job.data(), 300));
        assertTrue(passes(errors), show(errors));
        assertTrue(errors.stream().mapToInt(TensorError::checked).sum() > 0, show(errors));
    }

    @Test
    void failsWrongCnnGradients() throws Exception {
        Job job = job("digits-cnn.nn");
        Dataset data = head(job.data(), 300);
        Model probe = Backend.GENERATED.create(job.spec());
        int w00 = index(probe, "conv1.w[0][0][0][0]");
        int b = index(probe, "dense1.b[0]");
        int odd = index(probe, "conv1.w[3][0][1][2]");
        int filters = 8;

        List<TensorError> scaled = check(perturbed(Backend.GENERATED.create(job.spec()), g -> {
            for (int k = w00; k < w00 + filters * 9; k++) {
                g[k] *= 1 + 1e-4;
            }
        }), data);
        assertEquals("conv1.w", failing(scaled), show(scaled));

        List<TensorError> transposed = check(perturbed(Backend.GENERATED.create(job.spec()), g -> {
            for (int f = 0; f < filters; f++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = i + 1; j < 3; j++) {
                        int a = w00 + 9 * f + 3 * i + j;
                        int c = w00 + 9 * f + 3 * j + i;
                        double t = g[a];
                        g[a] = g[c];
                        g[c] = t;
                    }
                }
            }
        }), data);
        assertEquals("conv1.w", failing(transposed), show(transposed));

        List<TensorError> oneCoordinate = check(perturbed(Backend.GENERATED.create(job.spec()),
                g -> g[odd] *= 1.01), data);
        assertEquals("conv1.w", failing(oneCoordinate), show(oneCoordinate));

        List<TensorError> dropped = check(perturbed(Backend.GENERATED.create(job.spec()), g -> g[b] = 0.0), data);
        assertEquals("dense1.b", failing(dropped), show(dropped));
    }

    @Test
    void passesAndFailsTheIrisMlp() throws Exception {
        Job job = job("iris.nn");
        List<TensorError> right = check(Backend.GENERATED.create(job.spec()), job.data());
        assertTrue(passes(right), show(right));

        Model probe = Backend.GENERATED.create(job.spec());
        int first = index(probe, "dense2.w[0][0]");
        int second = index(probe, "dense2.w[1][0]");
        List<TensorError> swapped = check(perturbed(Backend.GENERATED.create(job.spec()), g -> {
            for (int j = 0; j < 16; j++) {
                double t = g[first + j];
                g[first + j] = g[second + j];
                g[second + j] = t;
            }
        }), job.data());
        assertEquals("dense2.w", failing(swapped), show(swapped));

        List<TensorError> scaled = check(perturbed(Backend.GENERATED.create(job.spec()),
                g -> g[index(probe, "dense1.b[3]")] *= 1 + 1e-4), job.data());
        assertEquals("dense1.b", failing(scaled), show(scaled));
    }
}
