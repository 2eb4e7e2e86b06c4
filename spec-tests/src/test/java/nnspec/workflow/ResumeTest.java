package nnspec.workflow;

import static nnspec.cli.CommandLineTestAccess.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnspec.cli.CommandLineTestAccess.Result;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.pipeline.Fitting;
import nnspec.pipeline.Prepared;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code nnspec train SPEC --resume FILE}: a run killed after epoch k and continued from its checkpoint ends with
 * the uninterrupted run's model file byte for byte (so every parameter to the bit). The kill is simulated by a
 * listener that writes the checkpoint as {@code nnspec train} does and then throws.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private Path killedAfter(Path specFile, int epoch) throws Exception {
        Spec spec = SpecReader.read(specFile);
        // the numeric mode nnspec train uses by default, as the two runs it is compared with do
        Model model = Backend.GENERATED.create(spec, nnspec.lower.NumericMode.FAST);
        Prepared data = Fitting.prepare(spec, specFile, model);
        Path checkpoint = dir.resolve("killed").resolve("checkpoint.nnm");
        assertThrows(Killed.class, () -> Fitting.fit(spec, model, data, new TrainingListener() {
            @Override
            public void afterPosition(Trainer.Position position, Model m) {
                if (position.epochsDone() == epoch) {
                    try {
                        ModelFile.write(checkpoint, Fitting.checkpoint(spec, m, data, position));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    throw new Killed();
                }
            }
        }));
        return checkpoint;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @ParameterizedTest
    @CsvSource({"iris, 7", "momentum, 3"})
    void aResumedRunEndsWithTheUninterruptedRunsBits(String which, int killedAt) throws Exception {
        // iris: Adam (moments and step count), early stopping with restore (best, wait, best parameters), shuffled
        // order, standardised inputs; momentum: Nesterov velocity, a step schedule by epoch, shuffled batches of 3
        Path spec = which.equals("iris") ? Repo.root().resolve("examples/iris.nn") : write("m.nn", """
                network M {
                  input 2
                  dense 4 tanh init glorot_uniform seed 1
                  dense 1 sigmoid init glorot_uniform seed 2
                }
                train {
                  loss bce
                  optimizer nesterov lr 0.3 momentum 0.9
                  schedule step every 2 gamma 0.5
                  epochs 8  batch 3  order shuffled seed 5
                }
                data {
                  0 0 -> 0
                  0 1 -> 1
                  1 0 -> 1
                  1 1 -> 0
                  0.5 0.2 -> 1
                  0.9 0.8 -> 0
                  0.1 0.7 -> 1
                }
                """);
        Result whole = run("train", spec.toString(), "--out", dir.resolve("whole").toString());
        assertEquals(0, whole.code(), whole.err());
        Path checkpoint = killedAfter(spec, killedAt);
        Result resumed = run("train", spec.toString(), "--resume", checkpoint.toString(), "--out",
                dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole/model.nnm")), Files.readString(dir.resolve("resumed/model.nnm")));
    }

    @Test
    void aNetworkWithDropoutIsNotResumedInexactly() throws Exception {
        Path spec = write("d.nn", """
                network D {
                  input 1
                  dense 4 relu
                  dropout 0.5 seed 1
                  dense 1 linear
                }
                train { loss mse optimizer sgd lr 0.01 epochs 3 }
                data {
                  1 -> 2
                  2 -> 4
                }
                """);
        Path checkpoint = killedAfter(spec, 1);
        Result r = run("train", spec.toString(), "--resume", checkpoint.toString(), "--out", dir.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("draws at random while training"), r.err());
    }
}
