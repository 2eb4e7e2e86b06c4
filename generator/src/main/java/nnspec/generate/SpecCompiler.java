package nnspec.generate;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnspec.diagnostics.SpecException;
import nnspec.lower.NumericMode;
import nnspec.model.DenseLayer;
import nnspec.model.Init;
import nnspec.model.Spec;
import nnspec.read.SpecReader;

/**
 * The generator as build tools use it (the command line's {@code compile}, the Maven plugin): a spec file in, the
 * Java source of its network's class out, or every diagnostic of the spec. This class and {@link Source} are the
 * generator's stable entry; the lowering and the emitter behind them may change.
 */
public final class SpecCompiler {
    /** Names the generator in every generated header; a build tool regenerates when it changes. */
    public static final String VERSION = JavaGenerator.VERSION;

    private SpecCompiler() {
    }

    /** Whether {@code name} can be the package of generated classes ({@link #packageNameProblem}). */
    public static boolean isPackageName(String name) {
        return packageNameProblem(name) == null;
    }

    /**
     * Why {@code name} cannot be the package of generated classes, or null when it can: dot-separated Java
     * identifiers (ASCII), none a keyword or one of true, false, null; not under {@code java}.
     */
    public static String packageNameProblem(String name) {
        return Names.packageProblem(name);
    }

    /**
     * Reads and checks {@code specFile} and generates its class in {@code packageName} with the kernels of
     * {@code mode}; the spec's init files are allowed in the folders {@code allowRead} as well as in its own folder's
     * tree. Diagnostics name the file as {@code specFile.toString()}.
     *
     * @throws SpecException with every diagnostic of the spec, when it is not valid
     */
    public static Source compile(Path specFile, String packageName, NumericMode mode, List<Path> allowRead)
            throws SpecException {
        if (!isPackageName(packageName)) {
            throw new IllegalArgumentException("not a Java package name: '" + packageName + "'");
        }
        Spec spec = SpecReader.read(specFile, allowRead);
        Map<Path, String> inputs = new LinkedHashMap<>();
        inputs.put(specFile, spec.sha256());
        Path folder = specFile.toAbsolutePath().getParent();
        for (DenseLayer layer : spec.network().denseLayers()) {
            if (layer.init() instanceof Init.FromFile file) {
                inputs.put(folder.resolve(file.path()).normalize(), file.sha256());
            }
        }
        return new Source(packageName, JavaGenerator.className(spec), JavaGenerator.generate(spec, packageName, mode),
                inputs);
    }

    /**
     * A generated class: its package, simple name and source text, and the files it was generated from (the spec
     * first, then the files the spec reads, such as init files) with the SHA-256 of the bytes that were read.
     */
    public record Source(String packageName, String className, String text, Map<Path, String> inputs) {
        public Source {
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        }

        /** Where the source file goes under an output folder: the package's folders, then the class name. */
        public Path relativePath() {
            return Path.of(packageName.replace('.', '/'), className + ".java");
        }
    }
}
