package nnspec.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import nnspec.lower.NumericMode;
import nnspec.model.Spec;
import nnspec.runtime.Model;

/**
 * Compiles generated source with the JDK's own compiler, entirely in memory: the source is a string, the class
 * files are byte arrays, and a class loader whose parent is the runtime's defines them. The compile class path is
 * exactly the location of the runtime's classes, so generated code that used anything but {@code nnspec.runtime}
 * and the JDK would not compile.
 *
 * <p>A compile error in generated code is a generator bug and surfaces as an {@link IllegalStateException} with
 * javac's diagnostics and the numbered source.
 */
public final class InMemoryCompiler {
    /** The package generated classes are put in when no other is asked for. */
    public static final String PACKAGE = "nnspec.generated";

    /** The options passed to javac. */
    public static final List<String> OPTIONS = List.of("--release", "17", "-Xlint:none", "-proc:none", "-g");

    private InMemoryCompiler() {
    }

    /** Generates, compiles and instantiates the class for {@code spec} (in {@link #PACKAGE}), strict mode. */
    public static Model instantiate(Spec spec) {
        return instantiate(spec, NumericMode.STRICT);
    }

    /** Generates, compiles and instantiates the class for {@code spec} (in {@link #PACKAGE}) in {@code mode}. */
    public static Model instantiate(Spec spec, NumericMode mode) {
        String source = JavaGenerator.generate(spec, PACKAGE, mode);
        Class<? extends Model> type = compile(PACKAGE + "." + JavaGenerator.className(spec), source);
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated class " + type.getName(), e);
        }
    }

    /** Compiles {@code source}, which declares the class {@code qualifiedName}, and loads that class. */
    public static Class<? extends Model> compile(String qualifiedName, String source) {
        Map<String, byte[]> classes = compileToBytes(qualifiedName, source);
        ClassLoader loader = new BytesClassLoader(classes, Model.class.getClassLoader());
        try {
            Class<?> type = Class.forName(qualifiedName, true, loader);
            if (!Model.class.isAssignableFrom(type)) {
                throw new IllegalStateException(qualifiedName + " does not implement " + Model.class.getName());
            }
            return type.asSubclass(Model.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("javac produced no class " + qualifiedName + "; it produced "
                    + classes.keySet(), e);
        }
    }

    /**
     * Compiles {@code source} and returns the class files it produced, by binary class name (the top-level class and
     * any nested ones), in name order.
     */
    public static Map<String, byte[]> compileToBytes(String qualifiedName, String source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("nnspec needs a JDK (javac) to compile generated code; this Java ("
                    + System.getProperty("java.home") + ") is a runtime without a compiler");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> classes = new TreeMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8);
        try (MemoryFileManager files = new MemoryFileManager(standard, classes)) {
            List<String> options = new ArrayList<>(OPTIONS);
            options.add("-classpath");
            options.add(runtimeClassPath());
            JavaFileObject unit = new SourceFile(qualifiedName, source);
            Boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
            if (!Boolean.TRUE.equals(ok)) {
                throw new IllegalStateException("generated code for " + qualifiedName
                        + " does not compile (a generator bug):\n" + describe(diagnostics) + "\n" + numbered(source));
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory file manager failed", e);
        }
        return classes;
    }

    /** The directory or jar the runtime's classes were loaded from, as a class path. */
    static String runtimeClassPath() {
        CodeSource source = Model.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where the nnspec runtime classes were loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("the nnspec runtime was loaded from " + source.getLocation()
                    + ", which is not a file path", e);
        }
    }

    private static String describe(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder text = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String file = d.getSource() == null ? "" : d.getSource().getName() + ":";
            text.append(file).append(d.getLineNumber()).append(':').append(d.getColumnNumber()).append(": ")
                    .append(d.getKind().toString().toLowerCase(Locale.ROOT)).append(": ")
                    .append(d.getMessage(Locale.ROOT)).append('\n');
        }
        return text.toString();
    }

    private static String numbered(String source) {
        StringBuilder text = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            text.append(String.format(Locale.ROOT, "%5d  %s%n", k + 1, lines[k]));
        }
        return text.toString();
    }

    /** The source, as javac reads it: one in-memory compilation unit. */
    private static final class SourceFile extends SimpleJavaFileObject {
        private final String source;

        SourceFile(String qualifiedName, String source) {
            super(URI.create("string:///" + qualifiedName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }
    }

    /** A class file javac writes, collected into the map on close. */
    private static final class ClassFile extends SimpleJavaFileObject {
        private final String className;
        private final Map<String, byte[]> classes;

        ClassFile(String className, Map<String, byte[]> classes) {
            super(URI.create("bytes:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
            this.className = className;
            this.classes = classes;
        }

        @Override
        public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
                @Override
                public void close() throws IOException {
                    super.close();
                    classes.put(className, toByteArray());
                }
            };
        }
    }

    /** Reads from the standard locations, writes class files to memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;

        MemoryFileManager(StandardJavaFileManager standard, Map<String, byte[]> classes) {
            super(standard);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                JavaFileObject.Kind kind, FileObject sibling) throws IOException {
            if (kind == JavaFileObject.Kind.CLASS) {
                return new ClassFile(className, classes);
            }
            return super.getJavaFileForOutput(location, className, kind, sibling);
        }
    }

    /** Defines the compiled classes; everything else comes from the runtime's loader. */
    private static final class BytesClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = Map.copyOf(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
