package nnspec.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.Trace;
import nnspec.support.Repo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The checked-in golden traces are exactly what the reference interpreter produces now. */
class GoldenFilesTest {
    static final String REGENERATE = "regenerate with ./nnspec golden, then review the diff";

    static List<Path> goldenSpecs() throws IOException {
        try (Stream<Path> files = Files.list(Repo.golden().resolve("specs"))) {
            return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenTracesAreUpToDate() throws IOException {
        List<Path> specs = goldenSpecs();
        assertFalse(specs.isEmpty(), "no golden specs found");
        return specs.stream().map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
            Job job = Job.load(spec);
            Trace trace = job.trace(Backend.INTERPRETER);
            String name = spec.getFileName().toString().replaceFirst("\\.nn$", "");
            Path traces = Repo.golden().resolve("traces");
            assertEquals(Files.readString(traces.resolve(name + ".csv")), trace.toCsv(),
                    name + ".csv differs from the interpreter's trace; " + REGENERATE);
            assertEquals(Files.readString(traces.resolve(name + ".md")),
                    trace.toMarkdown(job.provenance(Backend.INTERPRETER), job.spec().train().traceDigits()),
                    name + ".md differs from the interpreter's trace; " + REGENERATE);
        }));
    }
}
