package nnspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nnspec.diagnostics.SpecException;
import nnspec.generate.InMemoryCompiler;
import nnspec.generate.SpecCompiler;
import nnspec.lower.NumericMode;
import nnspec.read.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Write one Java source file per network. Nothing is written unless every spec is valid.")
final class CompileCommand extends Subcommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = ".nn files to compile")
    List<Path> specs;

    @Option(names = "-d", paramLabel = "DIR", description = "output folder (package folders are created in it);"
            + " required unless --explain is given")
    Path outputDir;

    @Option(names = "--explain", description = "print each layer of each network with its output shape and"
            + " parameter count")
    boolean explain;

    // The golden sources (nnspec golden) use this package too, so a spec compiled with --numeric strict matches
    // its golden file.
    @Option(names = "--package", paramLabel = "P", defaultValue = InMemoryCompiler.PACKAGE,
            description = "Java package of the generated classes (default: ${DEFAULT-VALUE})")
    String packageName;

    @Option(names = "--numeric", paramLabel = "MODE", defaultValue = "fast", description = Options.NUMERIC_HELP)
    String numeric;

    @picocli.CommandLine.Mixin
    ReadOptions reading = new ReadOptions();

    @Override
    public Integer call() {
        if (!SpecCompiler.isPackageName(packageName)) {
            throw new UserError("--package: not a Java package name: " + SpecCompiler.packageNameProblem(packageName));
        }
        if (outputDir == null && !explain) {
            throw new UserError("compile: give -d DIR (where to write), or --explain");
        }
        NumericMode mode = Options.numeric(numeric);
        List<String> errors = new ArrayList<>();
        Map<Path, String> outputs = new LinkedHashMap<>();
        List<String> explanations = new ArrayList<>();
        for (Path file : specs) {
            try {
                if (explain) {
                    explanations.addAll(Explanation.of(SpecReader.read(file, reading.folders()).network()));
                }
                if (outputDir == null) {
                    continue;
                }
                SpecCompiler.Source source = SpecCompiler.compile(file, packageName, mode, reading.folders());
                Path target = outputDir.resolve(source.relativePath());
                if (outputs.containsKey(target)) {
                    errors.add(file + ": network " + source.className() + " would overwrite " + target
                            + ", written for another spec");
                    continue;
                }
                outputs.put(target, source.text());
            } catch (SpecException e) {
                errors.addAll(Inputs.userError(e).lines());
            }
        }
        if (!errors.isEmpty()) {
            throw new UserError(errors);
        }
        explanations.forEach(out()::println);
        Inputs.writeAll(outputs);
        outputs.keySet().forEach(target -> out().println("wrote " + target));
        return 0;
    }
}
