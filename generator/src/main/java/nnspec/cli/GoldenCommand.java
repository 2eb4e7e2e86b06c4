package nnspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "golden", mixinStandardHelpOptions = true,
        description = "Regenerate the golden traces: for every DIR/specs/NAME.nn, DIR/traces/NAME.csv and NAME.md,"
                + " from the reference interpreter.")
final class GoldenCommand extends Subcommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "golden", description = "default: ${DEFAULT-VALUE}")
    Path dir;

    @Override
    public Integer call() {
        Path specsDir = dir.resolve("specs");
        List<Path> specs;
        try (Stream<Path> files = Files.list(specsDir)) {
            specs = files.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        } catch (IOException e) {
            throw new UserError(specsDir + ": cannot list golden specs: " + e.getMessage());
        }
        Path traces = dir.resolve("traces");
        for (Path spec : specs) {
            Job job = Inputs.job(spec);
            String name = spec.getFileName().toString().replaceFirst("\\.nn$", "");
            for (String format : List.of("csv", "md")) {
                Path target = traces.resolve(name + "." + format);
                Inputs.writeAtomically(target, TraceCommand.render(job, Backend.INTERPRETER, format));
                out().println("wrote " + target);
            }
        }
        return 0;
    }
}
