package nnspec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GradientCheck;
import nnspec.pipeline.GradientCheck.TensorError;
import nnspec.pipeline.Job;
import nnspec.runtime.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Compare the generated backward pass with central finite differences of the loss (mean over the"
                + " spec's data) at N random parameter points, uniform in [-1, 1).",
                "Prints the largest error per parameter tensor; exits 1 if any is over the threshold."})
final class GradcheckCommand extends Subcommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--points", paramLabel = "N", defaultValue = "5", description = "default ${DEFAULT-VALUE}")
    int points;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "1e-6", description = "default ${DEFAULT-VALUE}")
    double threshold;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "generated",
            description = "generated (default) or interpreter")
    String backend;

    @Override
    public Integer call() {
        if (points < 1) {
            throw new UserError("--points: must be at least 1, found " + points);
        }
        Job job = Inputs.job(specFile);
        if (!job.spec().train().optimizer().followsGradient()) {
            throw new UserError(job.spec().train().pos() + ": the " + job.spec().train().optimizer().kind().keyword()
                    + " rule is a heuristic update with no loss gradient, so there is no gradient to check");
        }
        Model model = Options.backend(backend).create(job.spec());
        List<TensorError> errors = GradientCheck.atRandomPoints(model, job.data(), points, seed);
        boolean failed = false;
        for (TensorError e : errors) {
            boolean over = !(e.error() <= threshold);
            failed |= over;
            out().println(String.format(Locale.ROOT,
                    "%-16s max error %.3e  at %s (point %d: analytic %.9e, numeric %.9e)%s",
                    e.tensor(), e.error(), e.parameter(), e.point(), e.analytic(), e.numeric(),
                    over ? "  OVER " + threshold : ""));
        }
        out().println(failed ? "FAILED: gradient check over threshold " + threshold
                : "ok: every tensor within " + threshold + " at " + points + " points (seed " + seed + ")");
        return failed ? Main.FAILED : 0;
    }
}
