package nnspec.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
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
                "CSV numbers are in full precision; the Markdown table is rounded to the spec's `trace digits`."})
final class TraceCommand extends Subcommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--format", paramLabel = "F", defaultValue = "md", description = "md (default) or csv")
    String format;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "interpreter",
            description = "interpreter (default; golden tables come from it) or generated")
    String backend;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @Override
    public Integer call() {
        if (!format.equals("md") && !format.equals("csv")) {
            throw new UserError("--format: expected md or csv, found '" + format + "'");
        }
        Backend chosen = Options.backend(backend);
        Job job = Inputs.job(specFile);
        String text = render(job, chosen, format);
        if (output == null) {
            out().print(text);
        } else {
            Inputs.writeAtomically(output, text);
        }
        return 0;
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
