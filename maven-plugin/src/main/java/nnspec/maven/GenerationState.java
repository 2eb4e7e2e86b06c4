package nnspec.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nnspec.generate.SpecCompiler;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * What the last run generated, kept in a small text file under {@code target/nnspec}: the generator's version, and
 * per spec the source it wrote and the SHA-256 of every file that source was made from (the spec and the init files
 * it reads).
 *
 * <p>The staleness rule: a spec is regenerated unless the last run was by the same generator version, put its class
 * in the same package, the source it wrote still exists, and each of its input files still has the recorded
 * SHA-256. Contents decide, not timestamps, so a checkout or a touch that leaves the bytes alone regenerates
 * nothing, and an edit that keeps the timestamp (a restored backup) is still seen. A missing or unreadable state
 * file regenerates everything.
 */
final class GenerationState {
    private static final String HEADER = "# nnspec-maven-plugin: the sources the last run generated; delete to regenerate all";

    private final String generator;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    GenerationState(String generator) {
        this.generator = generator;
    }

    /**
     * One spec: its path under the source folder ({@code /}-separated), the generated source's path under the output
     * folder, and its input files (absolute) with their SHA-256.
     */
    record Entry(String spec, String output, Map<String, String> inputs) {
        static Entry of(String spec, SpecCompiler.Source source) {
            Map<String, String> inputs = new LinkedHashMap<>();
            source.inputs().forEach((file, sha) -> inputs.put(file.toAbsolutePath().normalize().toString(), sha));
            return new Entry(spec, key(source.relativePath()), inputs);
        }
    }

    /** A relative path with {@code /} separators on every platform. */
    static String key(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** The state in {@code file}; an empty state when there is none or it cannot be read. */
    static GenerationState read(Path file, String currentGenerator) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // none yet (a first or clean build), or unreadable: everything is generated
            return new GenerationState(currentGenerator);
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("generator\t")) {
            return new GenerationState(currentGenerator);
        }
        GenerationState state = new GenerationState(lines.get(1).substring("generator\t".length()));
        for (String line : lines.subList(2, lines.size())) {
            String[] fields = line.split("\t", -1);
            if (fields.length < 4 || fields.length % 2 != 0) {
                return new GenerationState(currentGenerator);
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            for (int k = 2; k < fields.length; k += 2) {
                inputs.put(fields[k], fields[k + 1]);
            }
            state.put(new Entry(fields[0], fields[1], inputs));
        }
        return state;
    }

    void put(Entry entry) {
        entries.put(entry.spec(), entry);
    }

    /**
     * The entry of {@code spec} when its recorded output, in package {@code pkg} under {@code outputFolder}, is up to
     * date by the rule above; null when the spec must be generated.
     */
    Entry upToDate(String spec, String pkg, Path outputFolder, String currentGenerator) {
        Entry entry = entries.get(spec);
        if (entry == null || !generator.equals(currentGenerator)) {
            return null;
        }
        int slash = entry.output().lastIndexOf('/');
        String folder = slash < 0 ? "" : entry.output().substring(0, slash);
        if (!folder.equals(pkg.replace('.', '/')) || !Files.isRegularFile(outputFolder.resolve(entry.output()))) {
            return null;
        }
        for (Map.Entry<String, String> input : entry.inputs().entrySet()) {
            if (!Objects.equals(sha256(Path.of(input.getKey())), input.getValue())) {
                return null;
            }
        }
        return entry;
    }

    /** The outputs this state records that {@code next} does not: the sources of removed or renamed specs. */
    List<String> outputsNotIn(GenerationState next) {
        List<String> kept = next.entries.values().stream().map(Entry::output).toList();
        List<String> stale = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (!kept.contains(entry.output()) && !stale.contains(entry.output())) {
                stale.add(entry.output());
            }
        }
        return stale;
    }

    void write(Path file) throws MojoExecutionException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("generator\t").append(generator).append('\n');
        for (Entry entry : entries.values()) {
            text.append(entry.spec()).append('\t').append(entry.output());
            entry.inputs().forEach((path, sha) -> text.append('\t').append(path).append('\t').append(sha));
            text.append('\n');
        }
        Outputs.write(file, text.toString());
    }

    /** The SHA-256 of the file's bytes, or null when it cannot be read (which makes its spec stale). */
    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
