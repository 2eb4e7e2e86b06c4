package nnspec.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nnspec.diagnostics.SpecException;
import nnspec.generate.JavaGenerator;
import nnspec.lower.BatchWise;
import nnspec.lower.NumericMode;
import nnspec.lower.Plan;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast mode's fused cross-entropy on logits (issue 11) over whole training runs: the output delta takes the
 * exponentials loss() left for the same logits, and the run gives the bits of the same run whose loss() is never
 * called, where every output delta computes its own exponentials (the uncached kernel, FastTwinsTest ties the two
 * forms bit for bit). Oracle: the model's own uncached path; a difference in any bit of any parameter is a bug in
 * the cache's rule (a stale or foreign cache used), not rounding. Both back ends, sample by sample and batch-wise
 * (BatchWise: loss() runs over every row before the deltas, so the cache holds the last row's exponentials only).
 */
class FusedSoftmaxLossTest {
    @TempDir
    Path dir;

    @Test
    void aRunGivesTheBitsOfTheRunWhoseDeltasComputeTheirOwnExponentials() throws IOException, SpecException {
        StringBuilder small = new StringBuilder("""
                network Small {
                  input 4
                  dense 8 tanh init glorot_uniform seed 7
                  dense 3 linear init glorot_uniform seed 8
                }
                train {
                  loss cce from logits
                  optimizer adam lr 0.01
                  epochs 6
                  batch 4
                  order shuffled seed 1
                }
                data {
                """);
        SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < 30; k++) {
            small.append(String.format(Locale.ROOT, "  %.3f %.3f %.3f %.3f -> %s%n", random.nextDouble(-2, 2),
                    random.nextDouble(-2, 2), random.nextDouble(-2, 2), random.nextDouble(-2, 2),
                    List.of("1 0 0", "0 1 0", "0 0 1", "0.25 0.5 0.25").get(k % 4)));
        }
        small.append("}\n");
        Files.writeString(dir.resolve("small.nn"), small);
        // digits.nn on logits and without early stopping: the one example that steps by whole batches in fast mode
        Files.createDirectories(dir.resolve("data"));
        Files.copy(Repo.root().resolve("examples/data/digits.csv"), dir.resolve("data/digits.csv"));
        Files.writeString(dir.resolve("digits.nn"), """
                network DigitsLogits {
                  input 64
                  dense 64 relu init he_normal seed 3
                  dense 10 linear init glorot_uniform seed 4
                }
                train {
                  loss cce from logits
                  optimizer adam lr 0.002
                  epochs 2  batch 32  order shuffled seed 1
                }
                data csv "data/digits.csv" target digit
                  split test 0.2 seed 1
                  scale minmax
                """);

        for (String name : List.of("small.nn", "digits.nn")) {
            Job job = Job.load(dir.resolve(name));
            Plan fast = NumericMode.FAST.apply(Plan.of(job.spec().network(), job.spec().train()));
            assertTrue(fast.toString().contains("SOFTMAX_CACHE"), name + ": the fast plan takes the cached forms");
            assertEquals(name.equals("digits.nn"), BatchWise.pays(fast), name + ": steps by batch");
            for (Backend backend : List.of(Backend.INTERPRETER, Backend.GENERATED)) {
                double[] fused = FastModeExamplesTest.train(job, backend.create(job.spec(), NumericMode.FAST))
                        .parameters();
                double[] unfused = FastModeExamplesTest.train(job, withoutLoss(backend.create(job.spec(),
                        NumericMode.FAST))).parameters();
                for (int k = 0; k < fused.length; k++) {
                    assertEquals(Double.doubleToRawLongBits(unfused[k]), Double.doubleToRawLongBits(fused[k]),
                            name + " " + backend + ": parameter " + k + ", " + unfused[k] + " against " + fused[k]);
                }
            }
        }
    }

    /**
     * The generated fast class says why its loss keeps the exponentials: loss() writes them into the cache field it
     * declares, and the comment above that call names the field and the output delta that reads it.
     */
    @Test
    void theGeneratedLossSaysWhereItsExponentialsStay() throws SpecException {
        Spec spec = SpecReader.parse("logits.nn", "network Logits {\n  input 2\n"
                + "  dense 3 linear init glorot_uniform seed 1\n}\ntrain {\n  loss cce from logits\n"
                + "  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n  1 1 -> 0 1 0\n}\n");
        String source = JavaGenerator.generate(spec, "nnspec.generated", NumericMode.FAST);
        String comment = "// the exponentials stay in softmaxCache for the output delta of these logits";
        int at = source.indexOf(comment);
        assertTrue(at > 0, source);
        String next = source.substring(at + comment.length()).strip().lines().findFirst().orElseThrow();
        assertTrue(next.contains("softmaxCrossEntropyWithLogits(") && next.contains("softmaxCache, 0)"),
                "the line after the comment: " + next);
    }

    /** The model with loss() answering 0.0 without running: every output delta then recomputes its exponentials. */
    static Model withoutLoss(Model model) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("loss")) {
                return 0.0;
            }
            try {
                return method.invoke(model, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Model) Proxy.newProxyInstance(Model.class.getClassLoader(), new Class<?>[] {Model.class}, handler);
    }
}
