package nnspec.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java class for each {@code .nn} spec under {@code src/test/nn} into
 * {@code target/generated-test-sources/nnspec}, and adds that folder to the test sources; otherwise as the
 * {@code generate} goal.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class GenerateTestMojo extends AbstractGenerateMojo {
    /** The folder of the test specs; sub-folders give the package. */
    @Parameter(property = "nnspec.testSourceDirectory", defaultValue = "${project.basedir}/src/test/nn")
    File testSourceDirectory;

    /** Where the generated test sources go; added to the test source roots. */
    @Parameter(property = "nnspec.testOutputDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/nnspec")
    File testOutputDirectory;

    @Parameter(defaultValue = "${project.build.directory}/nnspec/generate-test.state", readonly = true)
    File stateFile;

    @Override
    File sourceDirectory() {
        return testSourceDirectory;
    }

    @Override
    File outputDirectory() {
        return testOutputDirectory;
    }

    @Override
    File stateFile() {
        return stateFile;
    }

    @Override
    void addSourceRoot(String directory) {
        project.addTestCompileSourceRoot(directory);
    }
}
