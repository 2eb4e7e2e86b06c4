package nnspec.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Trace;
import nnspec.support.Repo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential: the generated code against the reference interpreter, every cell of every step of the golden
 * specs and the examples, equal to 1e-12 relative (DESIGN.md, "The way data flows").
 */
class BackendAgreementTest {
    static final double RELATIVE = 1e-12;

    @TestFactory
    Stream<DynamicTest> generatedCodeTracesTheInterpreterStepByStep() throws IOException {
        List<Path> specs = new ArrayList<>(GoldenFilesTest.goldenSpecs());
        specs.add(Repo.root().resolve("examples/xor.nn"));
        return specs.stream().map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
            Job job = Job.load(spec);
            Trace reference = job.trace(Backend.INTERPRETER);
            Trace generated = job.trace(Backend.GENERATED);
            assertEquals(reference.columns(), generated.columns());
            assertEquals(reference.rows().size(), generated.rows().size());
            int compared = 0;
            for (int r = 0; r < reference.rows().size(); r++) {
                double[] a = reference.rows().get(r);
                double[] b = generated.rows().get(r);
                for (int c = 0; c < a.length; c++) {
                    compared++;
                    if (Double.isNaN(a[c]) && Double.isNaN(b[c])) {
                        continue;
                    }
                    double scale = Math.max(Math.abs(a[c]), Math.abs(b[c]));
                    if (Math.abs(a[c] - b[c]) > RELATIVE * Math.max(scale, Double.MIN_NORMAL)) {
                        fail(spec.getFileName() + " row " + (r + 1) + " column " + reference.columns().get(c)
                                + ": interpreter " + a[c] + ", generated " + b[c]);
                    }
                }
            }
            assertEquals(reference.rows().size() * reference.columns().size(), compared, "every cell compared");
        }));
    }
}
