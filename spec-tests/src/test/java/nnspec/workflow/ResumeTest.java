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

    /** Seven rows of two inputs and a class, shared by the inline specs below. */
    private static final String ROWS = """
            0 0 -> 0
            0 1 -> 1
            1 0 -> 1
            1 1 -> 0
            0.5 0.2 -> 1
            0.9 0.8 -> 0
            0.1 0.7 -> 1""";

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private Path killedAfter(Path specFile, int epoch) throws Exception {
        return killedAfter(specFile, epoch, Backend.GENERATED);
    }

    private Path killedAfter(Path specFile, int epoch, Backend backend) throws Exception {
        Spec spec = SpecReader.read(specFile);
        // the numeric mode nnspec train uses by default, as the two runs it is compared with do
        Model model = backend.create(spec, nnspec.lower.NumericMode.FAST);
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
                %s
                }
                """.formatted(ROWS));
        Result whole = run("train", spec.toString(), "--out", dir.resolve("whole").toString());
        assertEquals(0, whole.code(), whole.err());
        Path checkpoint = killedAfter(spec, killedAt);
        Result resumed = run("train", spec.toString(), "--resume", checkpoint.toString(), "--out",
                dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole/model.nnm")), Files.readString(dir.resolve("resumed/model.nnm")));
    }

    /**
     * Dropout masks and rrelu slopes are drawn afresh every training pass; the checkpoint holds their generators'
     * states, so the resumed run draws what the uninterrupted one drew: the same model file, and the same per-epoch
     * history (the epochs before the kill come from the checkpoint), early stopping's state included.
     */
    @ParameterizedTest
    @CsvSource({"generated, 2", "generated, 5", "interpreter, 3"})
    void aRunThatDrawsAtRandomResumesToTheSameBits(String backend, int killedAt) throws Exception {
        Path specFile = write("d.nn", """
                network D {
                  input 2
                  dense 6 rrelu lower 0.05 upper 0.3 seed 4 init glorot_uniform seed 1
                  dropout 0.3 seed 7
                  dense 5 tanh init glorot_uniform seed 2
                  dropout 0.2 seed 8
                  dense 1 sigmoid init glorot_uniform seed 3
                }
                train {
                  loss bce
                  optimizer adam lr 0.05
                  epochs 9  batch 2  order shuffled seed 5
                  early_stop monitor val_loss patience 3 restore_best yes
                }
                data {
                %s
                  0.2 0.1 -> 0
                  0.8 0.3 -> 1
                  0.7 0.9 -> 0
                } split validation 0.3 seed 2
                """.formatted(ROWS));
        Result whole = run("train", specFile.toString(), "--backend", backend, "--out",
                dir.resolve("whole").toString());
        assertEquals(0, whole.code(), whole.err());
        Path checkpoint = killedAfter(specFile, killedAt, Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(3, ModelFile.read(checkpoint).training().position().randomStates().length,
                "two dropout layers and one rrelu layer");
        Result resumed = run("train", specFile.toString(), "--backend", backend, "--resume", checkpoint.toString(),
                "--out", dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole/model.nnm")),
                Files.readString(dir.resolve("resumed/model.nnm")));

        Spec spec = SpecReader.read(specFile);
        Backend b = Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT));
        Model uninterrupted = b.create(spec, nnspec.lower.NumericMode.FAST);
        Fitting all = Fitting.fit(spec, uninterrupted, Fitting.prepare(spec, specFile, uninterrupted),
                new TrainingListener() { });
        Model continued = b.create(spec, nnspec.lower.NumericMode.FAST);
        Fitting rest = Fitting.fit(spec, continued, Fitting.prepare(spec, specFile, continued),
                new TrainingListener() { }, ModelFile.read(checkpoint));
        assertEquals(figures(all.history()), figures(rest.history()), "every epoch's figures, before and after");
        assertEquals(all.history().stoppedEpoch(), rest.history().stoppedEpoch());
        assertEquals(all.history().bestEpoch(), rest.history().bestEpoch());
    }

    /** Each epoch's training, end-of-epoch and validation loss and accuracy, to the bit. */
    private static java.util.List<String> figures(Trainer.History history) {
        return history.epochs().stream().map(r -> r.epoch() + " " + r.training().loss() + " "
                + r.training().accuracy() + " " + r.end().loss() + " " + r.end().accuracy() + " "
                + r.validation().loss() + " " + r.validation().accuracy()).toList();
    }

    @Test
    void aVersionOneCheckpointIsRefusedWithOneLine() throws Exception {
        Path specFile = Repo.root().resolve("examples/iris.nn");
        Path checkpoint = killedAfter(specFile, 2, Backend.GENERATED);
        String text = Files.readString(checkpoint).replaceFirst("^nnspec-model 2", "nnspec-model 1");
        String body = text.substring(0, text.lastIndexOf("sha256 "));
        Path old = write("old.nnm", body + "sha256 " + ModelFile.sha256(body) + "\n");
        Result r = run("train", specFile.toString(), "--resume", old.toString(), "--out", dir.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(old + ":"), r.err());
        assertTrue(r.err().contains("nnspec-model 1") && r.err().contains("start the run again"), r.err());
    }
}
