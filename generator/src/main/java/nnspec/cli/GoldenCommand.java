package nnspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nnspec.diagnostics.SpecException;
import nnspec.read.SpecReader;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GoldenSources;
import nnspec.pipeline.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "golden", mixinStandardHelpOptions = true,
        description = {"Regenerate the golden files: for every DIR/specs/NAME.nn, DIR/traces/NAME.csv and NAME.md"
                + " from the reference interpreter; for every DIR/specs/*.nn and EXAMPLES/*.nn, its generated Java"
                + " source DIR/generated/CLASS.java (package " + GoldenSources.PACKAGE + "), deleting the .java files"
                + " there that no spec produces.",
                "Nothing is written unless every spec is valid and every class has its own file."})
final class GoldenCommand extends Subcommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "golden", description = "default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--examples", paramLabel = "EXAMPLES", defaultValue = "examples",
            description = "folder of example specs whose sources are golden too (default: ${DEFAULT-VALUE})")
    Path examples;

    @Override
    public Integer call() {
        List<Path> specs = list(dir.resolve("specs"), "golden specs");
        List<Path> exampleSpecs = list(examples, "example specs");

        // Everything is rendered before anything is written, so that a bad spec or a collision leaves every old
        // golden file as it was, and a reviewer never sees traces and sources from two different generators.
        List<String> errors = new ArrayList<>();
        Map<Path, String> traceFiles = new LinkedHashMap<>();
        List<GoldenSources.Source> sources = new ArrayList<>();
        Path traces = dir.resolve("traces");
        for (Path spec : specs) {
            try {
                Job job = Job.load(spec);
                String name = spec.getFileName().toString().replaceFirst("\\.nn$", "");
                for (String format : List.of("csv", "md")) {
                    traceFiles.put(traces.resolve(name + "." + format),
                            TraceCommand.render(job, Backend.INTERPRETER, format));
                }
                sources.add(GoldenSources.of(spec, job.spec()));
            } catch (SpecException e) {
                errors.addAll(Inputs.userError(e).lines());
            } catch (UserError e) {
                errors.addAll(e.lines());
            }
        }
        for (Path spec : exampleSpecs) {
            try {
                sources.add(GoldenSources.of(spec, SpecReader.read(spec)));
            } catch (SpecException e) {
                errors.addAll(Inputs.userError(e).lines());
            }
        }
        errors.addAll(GoldenSources.collisions(sources));
        if (!errors.isEmpty()) {
            throw new UserError(errors);
        }

        Path generated = dir.resolve(GoldenSources.FOLDER);
        traceFiles.forEach((target, text) -> {
            Inputs.writeAtomically(target, text);
            out().println("wrote " + target);
        });
        for (GoldenSources.Source source : sources) {
            Path target = generated.resolve(source.fileName());
            Inputs.writeAtomically(target, source.text());
            out().println("wrote " + target);
        }
        // Ignoring case, because where the file system does, a renamed class's new source went into its old file.
        Set<String> produced = sources.stream().map(s -> s.fileName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        for (Path stale : ownedFiles(generated)) {
            if (!produced.contains(stale.getFileName().toString().toLowerCase(Locale.ROOT))) {
                try {
                    Files.delete(stale);
                } catch (IOException e) {
                    throw new UserError(stale + ": cannot delete this stale golden source: " + reason(e));
                }
                out().println("deleted " + stale);
            }
        }
        return 0;
    }

    private static List<Path> list(Path folder, String what) {
        try {
            return GoldenSources.specsIn(folder);
        } catch (IOException e) {
            throw new UserError(folder + ": cannot list " + what + ": " + reason(e));
        }
    }

    private static List<Path> ownedFiles(Path folder) {
        try {
            return GoldenSources.ownedFiles(folder);
        } catch (IOException e) {
            throw new UserError(folder + ": cannot list golden sources: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        return e.getMessage();
    }
}
