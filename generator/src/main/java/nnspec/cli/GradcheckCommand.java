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
                + " spec's data) at N random parameter points, uniform in [-1, 1): per parameter tensor, K random"
                + " coordinates and the slope along one random direction over the whole tensor.",
                "Agreement is |analytic - numeric| <= allowance + T |numeric|, the allowance being the rounding the"
                + " difference quotient can carry (8 eps |loss| / h). A coordinate whose stencil crosses a ReLU or"
                + " max-pool kink (the one-sided differences disagree enough to explain the gap, also at h/10) is"
                + " skipped, counted, and replaced by another.",
                "Prints the largest error per tensor; exits 1 if any is over the threshold or a tensor had more"
                + " skipped coordinates than checked ones."})
final class GradcheckCommand extends Subcommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the .nn file")
    Path specFile;

    @Option(names = "--points", paramLabel = "N", defaultValue = "5", description = "default ${DEFAULT-VALUE}")
    int points;

    @Option(names = "--coordinates", paramLabel = "K", defaultValue = "10",
            description = "coordinates checked per tensor and point (all of a smaller tensor); default ${DEFAULT-VALUE}")
    int coordinates;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "1e-6", description = "default ${DEFAULT-VALUE}")
    double threshold;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "generated",
            description = "generated (default) or interpreter")
    String backend;

    @picocli.CommandLine.Mixin
    ReadOptions reading = new ReadOptions();

    @Override
    public Integer call() {
        if (points < 1) {
            throw new UserError("--points: must be at least 1, found " + points);
        }
        if (coordinates < 1) {
            throw new UserError("--coordinates: must be at least 1, found " + coordinates);
        }
        if (!(threshold > 0.0) || Double.isInfinite(threshold)) {
            throw new UserError("--threshold: must be a positive finite number, found " + threshold);
        }
        Job job = Inputs.job(specFile, reading.folders());
        if (!job.spec().train().optimizer().followsGradient()) {
            throw new UserError(job.spec().train().pos() + ": the " + job.spec().train().optimizer().kind().keyword()
                    + " rule is a heuristic update with no loss gradient, so there is no gradient to check");
        }
        Model model = Options.backend(backend).create(job.spec());
        List<TensorError> errors = GradientCheck.atRandomPoints(model, job.data(), points, coordinates, seed,
                threshold);
        boolean failed = false;
        int skipped = 0;
        for (TensorError e : errors) {
            boolean over = !(e.error() <= threshold);
            failed |= over || e.unverifiable();
            skipped += e.skipped();
            out().println(String.format(Locale.ROOT,
                    "%-22s max error %.3e (%.2f of allowed)  at %s (point %d: analytic %.9e, numeric %.9e, atol %.1e)"
                            + "  checked %d, skipped %d%s",
                    e.tensor(), e.error(), e.used(), e.parameter(), e.point(), e.analytic(), e.numeric(), e.allowance(),
                    e.checked(), e.skipped(), over ? "  OVER " + threshold
                            : e.unverifiable() ? "  UNVERIFIED: more kinks than checks" : ""));
        }
        out().println(failed ? "FAILED: gradient check over threshold " + threshold
                : "ok: every tensor within " + threshold + " at " + points + " points, " + coordinates
                        + " coordinates per tensor (seed " + seed + "), " + skipped + " skipped at kinks");
        return failed ? Main.FAILED : 0;
    }
}
