package nnspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nnspec.exact.ExactTrace;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
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

    @Override
    public Integer call() {
        if (!format.equals("md") && !format.equals("csv")) {
            throw new UserError("--format: expected md or csv, found '" + format + "'");
        }
        Backend chosen = Options.backend(backend);
        Job job = Inputs.job(specFile);
        String text;
        try {
            text = exact ? renderExact(job, format) : render(job, chosen, format);
        } catch (TrainingDivergedException e) {
            // a diverging run is a failed job, not bad input: exit 1 with train's line, and no partial table
            commandSpec.commandLine().getErr().println(Inputs.divergedLine(specFile, e));
            return Main.FAILED;
        }
        if (output == null) {
            out().print(text);
        } else {
            Inputs.writeAtomically(output, text);
        }
        return 0;
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

    /** The trace table; a diverging run throws {@link TrainingDivergedException}. */
    static String render(Job job, Backend backend, String format) {
        Trace trace = job.trace(backend);
        return format.equals("csv")
                ? trace.toCsv()
                : trace.toMarkdown(job.provenance(backend), job.spec().train().traceDigits());
    }
}
