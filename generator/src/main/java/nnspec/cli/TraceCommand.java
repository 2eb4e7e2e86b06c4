package nnspec.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nnspec.exact.ExactTrace;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import nnspec.runtime.AtomicFiles;
import nnspec.runtime.Model;
import nnspec.runtime.Trace;
import nnspec.runtime.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Train the spec and print one row per step: the sample, prediction, z and loss before the step,"
                + " every parameter after it.",
                "CSV numbers are in full precision; the Markdown table is rounded to the spec's `trace digits`.",
                "With --exact every number is computed in rational arithmetic and printed exactly (a decimal or p/q),"
                        + " for specs whose operations are all rational; any other spec is refused with the first"
                        + " operation that is not."})
final class TraceCommand extends Subcommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--format", paramLabel = "F", defaultValue = "md", description = "md (default) or csv")
    String format;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "interpreter",
            description = "interpreter (default; golden tables come from it) or generated")
    String backend;

    @Option(names = "--exact", description = "exact rational arithmetic (step, sign, linear, piecewise_linear, relu,"
            + " leaky_relu; mse, mae; the perceptron rule, sgd; literal, constant or zero initialisation; fixed order):"
            + " the spec's decimals as written, every number exact")
    boolean exact;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @picocli.CommandLine.Mixin
    ReadOptions reading = new ReadOptions();

    @Override
    public Integer call() {
        if (!format.equals("md") && !format.equals("csv")) {
            throw new UserError("--format: expected md or csv, found '" + format + "'");
        }
        Backend chosen = Options.backend(backend);
        Job job = Inputs.job(specFile, reading.folders());
        if (exact) {
            String text = renderExact(job, format);
            if (output == null) {
                out().print(text);
            } else {
                Inputs.writeAtomically(output, text);
            }
            return 0;
        }
        if (output == null) {
            stream(job, chosen, format, out());
            return 0;
        }
        // streamed into the temporary file, which is renamed only once the run is complete
        try (AtomicFiles.Pending pending = begin(output)) {
            Writer file = new OutputStreamWriter(pending.stream(), StandardCharsets.UTF_8);
            stream(job, chosen, format, file);
            try {
                file.flush();
            } catch (IOException e) {
                throw Inputs.cannotWrite(output, e);
            }
            pending.commit();
        } catch (IOException e) {
            throw Inputs.cannotWrite(output, e);
        } catch (UncheckedIOException e) {
            throw Inputs.cannotWrite(output, e.getCause());
        }
        return 0;
    }

    private static AtomicFiles.Pending begin(Path output) {
        try {
            return AtomicFiles.begin(output);
        } catch (IOException e) {
            throw Inputs.cannotWrite(output, e);
        }
    }

    /**
     * Trains and writes each row as the step is taken, so that the table of a long run is never held in memory;
     * byte for byte what {@link #render} returns. A failed write to {@code to} ends the run with an
     * {@link UncheckedIOException}.
     */
    static void stream(Job job, Backend backend, String format, Writer to) {
        Model model = backend.create(job.spec());
        boolean csv = format.equals("csv");
        int digits = job.spec().train().traceDigits();
        Trace[] trace = new Trace[1];
        trace[0] = new Trace(model, row -> write(to, csv ? trace[0].csvRow(row) : trace[0].markdownRow(row, digits)));
        write(to, csv ? trace[0].csvHeader() : trace[0].markdownHeader(job.provenance(backend)));
        try {
            job.train(model, trace[0]);
        } catch (TrainingDivergedException e) {
            throw Inputs.diverged(job.file(), e);
        }
    }

    private static void write(Writer to, String text) {
        try {
            to.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String renderExact(Job job, String format) {
        ExactTrace.refusal(job.spec()).ifPresent(reason -> {
            throw new UserError(reason + "; run without --exact for the double trace");
        });
        ExactTrace trace;
        try {
            trace = ExactTrace.run(job.spec(), job.data());
        } catch (ExactTrace.TooLongException e) {
            throw new UserError(job.file() + ": " + e.getMessage() + ", or run without --exact for the double trace");
        }
        if (format.equals("csv")) {
            return trace.toCsv();
        }
        List<String> provenance = new ArrayList<>(job.provenance(Backend.INTERPRETER).subList(0, 3));
        provenance.add("Arithmetic: exact (rational numbers, the spec's decimals as written); each number printed"
                + " exactly, as a decimal when it has one, else as a fraction p/q. Each row: the sample, the"
                + " prediction and loss before the step, the parameters after it.");
        return trace.toMarkdown(provenance);
    }

    static String render(Job job, Backend backend, String format) {
        Trace trace;
        try {
            trace = job.trace(backend);
        } catch (TrainingDivergedException e) {
            throw Inputs.diverged(job.file(), e);
        }
        return format.equals("csv")
                ? trace.toCsv()
                : trace.toMarkdown(job.provenance(backend), job.spec().train().traceDigits());
    }
}
