package nnspec.network;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import nnspec.data.DataLoader;
import nnspec.diagnostics.SpecException;
import nnspec.model.Activation;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;

/**
 * A seeded generator of small .nn specs for whole-network tests: the text of the spec is built here and read by the
 * real parser and checker, so a failing case can be reported (and rerun) as its seed and its spec text.
 */
final class RandomSpecs {
    /** A spec text, the spec read from it, and its data. */
    record Case(String title, long seed, String text, Spec spec, Dataset data) {
        @Override
        public String toString() {
            return title + " (seed " + seed + ")\n" + text;
        }
    }

    private RandomSpecs() {
    }

    /** Reads a generated spec text; a generated spec the checker rejects is a bug of this generator. */
    static Case read(String title, long seed, String text) {
        try {
            Spec spec = SpecReader.parse("generated.nn", text);
            return new Case(title, seed, text, spec, DataLoader.load(spec, Path.of("generated.nn")));
        } catch (SpecException e) {
            throw new IllegalStateException("the generator wrote an invalid spec (seed " + seed + "):\n" + text
                    + "\n" + e.getMessage(), e);
        }
    }

    /** Parameters an activation needs written out (the ones without a default), as {@code key value} text. */
    static String required(Activation activation) {
        return activation == Activation.THRESHOLD ? " threshold 0.25 value -0.5" : "";
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * Inline data of {@code rows} rows: inputs uniform on [-2, 2]; targets for {@code loss}: bce gets 0/1, cce a
     * one-hot row of {@code outputs}, the regression losses values uniform on [-1, 1].
     */
    static String data(Random random, int rows, int inputs, int outputs, String loss) {
        StringBuilder data = new StringBuilder("data {\n");
        for (int r = 0; r < rows; r++) {
            data.append(" ");
            for (int i = 0; i < inputs; i++) {
                data.append(' ').append(number(4 * random.nextDouble() - 2));
            }
            data.append(" ->");
            int hot = random.nextInt(outputs);
            for (int j = 0; j < outputs; j++) {
                double y = switch (loss) {
                    case "bce" -> random.nextBoolean() ? 1 : 0;
                    case "cce" -> j == hot ? 1 : 0;
                    default -> 2 * random.nextDouble() - 1;
                };
                data.append(' ').append(number(y));
            }
            data.append('\n');
        }
        return data.append("}\n").toString();
    }
}
