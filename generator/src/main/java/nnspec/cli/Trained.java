package nnspec.cli;

import java.io.IOException;
import java.nio.file.Path;
import nnspec.model.Spec;
import nnspec.pipeline.Backend;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;

/** A spec's network with the parameters of a saved model file, for evaluate and predict. */
record Trained(Spec spec, Model model, ModelFile.Saved saved) {

    static Trained load(Path specFile, Path modelFile, String backend, java.util.List<Path> allowRead,
                        java.io.PrintWriter err) {
        Spec spec = Inputs.spec(specFile, allowRead);
        ModelFile.Saved saved = read(modelFile, "model file");
        Model model = Options.backend(backend).create(spec);
        if (!saved.network().equals(spec.network().name()) || saved.parameters().length != model.parameterCount()) {
            throw new UserError(modelFile + ": holds network " + saved.network() + " with " + saved.parameters().length
                    + " parameters, but " + specFile + " describes network " + spec.network().name() + " with "
                    + model.parameterCount());
        }
        if (!saved.specSha256().equals(spec.sha256())) {
            err.println("nnspec: warning: " + modelFile + " was trained from another version of " + specFile
                    + " (sha256 " + saved.specSha256() + ", now " + spec.sha256() + ")");
        }
        System.arraycopy(saved.parameters(), 0, model.parameters(), 0, model.parameterCount());
        return new Trained(spec, model, saved);
    }

    /** A model file or checkpoint ({@code what}), any failure one line naming the file (and line). */
    static ModelFile.Saved read(Path file, String what) {
        // a device or a pipe would never end (or never start): refused by type before it is opened
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isRegularFile(file)) {
            throw new UserError(file + ": cannot read " + what + ": "
                    + (java.nio.file.Files.isDirectory(file) ? "it is a directory" : "it is not a regular file"));
        }
        try {
            return ModelFile.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError(file + ": cannot read " + what + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read " + what + ": " + e.getMessage());
        } catch (ModelFile.BadModelFile e) {
            throw new UserError(e.getMessage());
        }
    }
}
