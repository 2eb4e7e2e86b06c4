package nnspec.workflow;

import static nnspec.cli.CommandLineTestAccess.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import nnspec.generate.InMemoryCompiler;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated class loads the model file nnspec train wrote, and saves one that reads back the same. */
class GeneratedSaveLoadTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedClassLoadsWhatTrainSavedAndSavesItBack() throws Exception {
        Path specFile = Repo.root().resolve("examples/xor.nn");
        assertEquals(0, run("train", specFile.toString(), "--out", dir.toString()).code());
        Path trained = dir.resolve("model.nnm");
        Spec spec = SpecReader.read(specFile);
        Model fresh = InMemoryCompiler.instantiate(spec);
        Method load = fresh.getClass().getMethod("load", Path.class);
        Model loaded = (Model) load.invoke(null, trained);
        assertArrayEquals(ModelFile.read(trained).parameters(), loaded.parameters(), 0.0);
        assertEquals(spec.sha256(), fresh.getClass().getField("SPEC_SHA256").get(null));
        Path saved = dir.resolve("again.nnm");
        loaded.getClass().getMethod("save", Path.class).invoke(loaded, saved);
        assertArrayEquals(loaded.parameters(), ModelFile.read(saved).parameters(), 0.0);
        assertEquals(spec.sha256(), ModelFile.read(saved).specSha256());
    }

    @Test
    void aModelFileOfAnotherNetworkIsRefused() throws Exception {
        Path other = dir.resolve("other.nnm");
        ModelFile.write(other, new ModelFile.Saved("Iris", "00", new double[3], nnspec.runtime.InputScaling.NONE,
                java.util.List.of(), java.util.List.of()));
        Model fresh = InMemoryCompiler.instantiate(SpecReader.read(Repo.root().resolve("examples/xor.nn")));
        InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(InvocationTargetException.class,
                () -> fresh.getClass().getMethod("load", Path.class).invoke(null, other));
        assertTrue(e.getCause() instanceof ModelFile.BadModelFile, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("holds network Iris with 3 parameters, not Xor with 9"),
                e.getCause().getMessage());
    }
}
