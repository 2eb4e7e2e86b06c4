package nnspec.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java class for each {@code .nn} spec under {@code src/main/nn} into
 * {@code target/generated-sources/nnspec}, and adds that folder to the compile sources. Only specs that changed
 * since the last run are generated again (by the SHA-256 of the spec and of the files it reads, the package and the
 * generator version); the classes of removed specs are deleted. An invalid spec fails the build with each of its
 * diagnostics as {@code file:line:col: message}. The generated classes need {@code nnspec-runtime} at compile and
 * run time.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {
    /** The folder of the specs; sub-folders give the package. */
    @Parameter(property = "nnspec.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn")
    File sourceDirectory;

    /** Where the generated sources go; added to the compile source roots. */
    @Parameter(property = "nnspec.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/nnspec")
    File outputDirectory;

    @Parameter(defaultValue = "${project.build.directory}/nnspec/generate.state", readonly = true)
    File stateFile;

    @Override
    File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    File outputDirectory() {
        return outputDirectory;
    }

    @Override
    File stateFile() {
        return stateFile;
    }

    @Override
    void addSourceRoot(String directory) {
        project.addCompileSourceRoot(directory);
    }
}
