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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nnspec.claims.Claims;
import nnspec.claims.ErrataReport;
import nnspec.diagnostics.SpecException;
import nnspec.read.SpecReader;
import nnspec.pipeline.Backend;
import nnspec.pipeline.GoldenDifference;
import nnspec.pipeline.GoldenSources;
import nnspec.pipeline.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "golden", mixinStandardHelpOptions = true,
        description = {"Regenerate the golden files: for every DIR/specs/NAME.nn, DIR/traces/NAME.csv and NAME.md"
                + " from the reference interpreter; for every DIR/specs/*.nn and EXAMPLES/*.nn, its generated Java"
                + " source DIR/generated/CLASS.java (package " + GoldenSources.PACKAGE + "), deleting the .java files"
                + " there that no spec produces; DIR/ERRATA.md from DIR/claims.csv when there is one.",
                "Nothing is written unless every spec is valid and every class has its own file.",
                "With --check nothing is written: every golden file is rendered in memory and compared with the one on"
                        + " disk; exit 1 naming the first file that differs and its first differing line."})
final class GoldenCommand extends Subcommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "golden", description = "default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--examples", paramLabel = "EXAMPLES", defaultValue = "examples",
            description = "folder of example specs whose sources are golden too (default: ${DEFAULT-VALUE})")
    Path examples;

    @Option(names = "--check", description = "compare instead of writing: exit 1 on the first golden file that differs")
    boolean check;

    @picocli.CommandLine.Mixin
    ReadOptions reading = new ReadOptions();

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
                Job job = Job.load(spec, reading.folders());
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
                sources.add(GoldenSources.of(spec, SpecReader.read(spec, reading.folders())));
            } catch (SpecException e) {
                errors.addAll(Inputs.userError(e).lines());
            }
        }
        errors.addAll(GoldenSources.collisions(sources));
        Path claims = dir.resolve("claims.csv");
        if (Files.exists(claims)) {
            try {
                traceFiles.put(dir.resolve(ErrataReport.FILE), ErrataReport.render(Claims.parse(Files.readString(
                        claims))));
            } catch (Claims.FormatException e) {
                errors.add(claims + ": " + e.getMessage());
            } catch (IOException e) {
                errors.add(claims + ": cannot read: " + reason(e));
            }
        }
        if (!errors.isEmpty()) {
            throw new UserError(errors);
        }

        Path generated = dir.resolve(GoldenSources.FOLDER);
        if (check) {
            return check(traceFiles, sources, generated);
        }
        Map<Path, String> all = new LinkedHashMap<>(traceFiles);
        for (GoldenSources.Source source : sources) {
            all.put(generated.resolve(source.fileName()), source.text());
        }
        Inputs.writeAll(all);
        all.keySet().forEach(target -> out().println("wrote " + target));
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

    /** Every rendered file against the one on disk, and no stale generated source; 1 on the first difference. */
    private int check(Map<Path, String> files, List<GoldenSources.Source> sources, Path generated) {
        Map<Path, String> expected = new LinkedHashMap<>(files);
        sources.forEach(s -> expected.put(generated.resolve(s.fileName()), s.text()));
        for (Map.Entry<Path, String> file : expected.entrySet()) {
            Optional<String> difference = GoldenDifference.first(file.getKey(), file.getValue());
            if (difference.isPresent()) {
                err().println(difference.get() + " (regenerate with: nnspec golden)");
                return Main.FAILED;
            }
        }
        Set<String> produced = sources.stream().map(s -> s.fileName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        for (Path stale : ownedFiles(generated)) {
            if (!produced.contains(stale.getFileName().toString().toLowerCase(Locale.ROOT))) {
                err().println(stale + ": no spec produces this golden source (regenerate with: nnspec golden)");
                return Main.FAILED;
            }
        }
        out().println("golden files up to date: " + expected.size());
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
