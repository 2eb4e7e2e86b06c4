package nnspec.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What evaluate and predict both take: the spec, its trained model file, a data file and the back end. */
final class TrainedModelOptions {
    @Parameters(paramLabel = "SPEC", description = "the .nn file the model was trained from")
    Path specFile;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "the model file (model.nnm)")
    Path modelFile;

    @Option(names = "--data", paramLabel = "CSV", required = true,
            description = "a CSV file with the columns of the spec's data (predict reads only the input columns)")
    Path dataFile;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "generated",
            description = "generated (default) or interpreter")
    String backend;

    @picocli.CommandLine.Mixin
    ReadOptions reading = new ReadOptions();

    Trained load(java.io.PrintWriter err) {
        return Trained.load(specFile, modelFile, backend, reading.folders(), err);
    }
}
