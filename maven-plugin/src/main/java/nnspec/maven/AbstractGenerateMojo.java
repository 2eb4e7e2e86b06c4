package nnspec.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.SpecException;
import nnspec.generate.SpecCompiler;
import nnspec.lower.NumericMode;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What both goals do: generate one class per spec under a source folder, regenerating only what changed (see
 * {@link GenerationState}), deleting the classes of removed specs, and adding the output folder to the project's
 * sources.
 */
abstract class AbstractGenerateMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /**
     * The Java package of every generated class. Unset, a spec's package is its folder path under the source folder
     * ({@code com/acme/xor.nn} gives {@code com.acme}), and a spec directly in the source folder is an error.
     */
    @Parameter(property = "nnspec.packageName")
    String packageName;

    /**
     * The numeric mode of the generated classes: {@code fast} (the default, as for {@code nnspec compile}: the JIT's
     * exp, log and tanh, within the tolerance docs/PERFORMANCE.md states) or {@code strict} (StrictMath, the same bits
     * on every processor, what golden/generated holds).
     */
    @Parameter(property = "nnspec.numeric", defaultValue = "fast")
    String numeric = "fast";

    /**
     * Folders (and the folders below them) that a spec's {@code init file} may name besides the spec's own folder,
     * as the command line's {@code --allow-read}. Without them a spec reads only below its folder: an absolute path,
     * a {@code ../} or a symbolic link leading elsewhere is an error.
     */
    @Parameter
    List<File> allowRead;

    /** Skips generation; the output folder is still added to the sources. */
    @Parameter(property = "nnspec.skip", defaultValue = "false")
    boolean skip;

    abstract File sourceDirectory();

    abstract File outputDirectory();

    /** Where the state of the last run is kept, one file per goal. */
    abstract File stateFile();

    abstract void addSourceRoot(String directory);

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path output = outputDirectory().toPath();
        addSourceRoot(output.toString());
        if (skip) {
            getLog().info("nnspec: skipped");
            return;
        }
        NumericMode mode = numericMode();
        Path sources = sourceDirectory().toPath();
        List<Path> specs = specs(sources);
        // the mode is part of what made a source: a switch of mode regenerates every class
        String generator = SpecCompiler.VERSION + ", numeric " + mode.keyword();
        GenerationState previous = GenerationState.read(stateFile().toPath(), generator);
        GenerationState next = new GenerationState(generator);
        Map<String, SpecCompiler.Source> generated = new LinkedHashMap<>();
        Map<String, String> specOfOutput = new LinkedHashMap<>();
        for (Path spec : specs) {
            String name = GenerationState.key(sources.relativize(spec));
            String pkg = packageOf(sources, spec);
            GenerationState.Entry entry = previous.upToDate(name, pkg, output, generator);
            if (entry == null) {
                SpecCompiler.Source source = compile(spec, pkg, mode);
                entry = GenerationState.Entry.of(name, source);
                generated.put(name, source);
            }
            String other = specOfOutput.putIfAbsent(entry.output(), name);
            if (other != null) {
                throw new MojoFailureException("nnspec: " + spec + " and " + sources.resolve(other)
                        + " both generate " + entry.output() + ": give their networks different names");
            }
            next.put(entry);
        }
        Map<Path, String> texts = new LinkedHashMap<>();
        for (SpecCompiler.Source source : generated.values()) {
            texts.put(output.resolve(source.relativePath()), source.text());
        }
        java.util.Set<Path> written = Outputs.writeAll(texts);
        for (Map.Entry<String, SpecCompiler.Source> e : generated.entrySet()) {
            SpecCompiler.Source source = e.getValue();
            boolean changed = written.contains(output.resolve(source.relativePath()));
            getLog().info("nnspec: " + (changed ? "generated " : "unchanged ") + source.packageName() + "."
                    + source.className() + " from " + e.getKey());
        }
        int removed = 0;
        for (String stale : previous.outputsNotIn(next)) {
            if (Outputs.delete(output, stale)) {
                getLog().info("nnspec: deleted " + stale + ", its spec is gone or now generates another class");
                removed++;
            }
        }
        next.write(stateFile().toPath());
        getLog().info("nnspec: " + specs.size() + " spec" + (specs.size() == 1 ? "" : "s") + " in " + sources + ": "
                + generated.size() + " generated, " + (specs.size() - generated.size()) + " up to date, " + removed
                + " removed");
    }

    private NumericMode numericMode() throws MojoFailureException {
        try {
            return NumericMode.parse(numeric == null ? "fast" : numeric.trim());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("nnspec: <numeric> is '" + numeric + "'; expected fast or strict");
        }
    }

    private SpecCompiler.Source compile(Path spec, String pkg, NumericMode mode) throws MojoFailureException {
        try {
            return SpecCompiler.compile(spec, pkg, mode, allowedFolders());
        } catch (SpecException e) {
            List<Diagnostic> diagnostics = e.diagnostics();
            for (Diagnostic d : diagnostics) {
                getLog().error(d.toString());
            }
            throw new MojoFailureException("nnspec: " + spec + " is not a valid spec: " + diagnostics.size()
                    + (diagnostics.size() == 1 ? " error" : " errors") + ", listed above");
        }
    }

    private List<Path> allowedFolders() {
        return allowRead == null ? List.of() : allowRead.stream().map(File::toPath).toList();
    }

    private String packageOf(Path sources, Path spec) throws MojoFailureException {
        if (packageName != null && !packageName.isBlank()) {
            if (!SpecCompiler.isPackageName(packageName)) {
                throw new MojoFailureException("nnspec: <packageName> is not a Java package name: '" + packageName
                        + "'");
            }
            return packageName;
        }
        Path folder = sources.relativize(spec).getParent();
        if (folder == null) {
            throw new MojoFailureException("nnspec: " + spec + " is directly in " + sources
                    + ": put it in a folder named after its package (com/acme/" + spec.getFileName()
                    + " for com.acme), or set <packageName>");
        }
        String pkg = GenerationState.key(folder).replace('/', '.');
        if (!SpecCompiler.isPackageName(pkg)) {
            throw new MojoFailureException("nnspec: " + spec + ": its folder " + folder
                    + " is not a Java package name; rename the folder, or set <packageName>");
        }
        return pkg;
    }

    /** The .nn files under {@code sources}, in a fixed order (their paths, sorted). */
    private static List<Path> specs(Path sources) throws MojoExecutionException {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".nn"))
                    .filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new MojoExecutionException("nnspec: cannot list the specs in " + sources + ": " + e.getMessage(), e);
        }
    }
}
