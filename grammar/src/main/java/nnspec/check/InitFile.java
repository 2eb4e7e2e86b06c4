package nnspec.check;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.diagnostics.SpecException;
import nnspec.diagnostics.UserFiles;
import nnspec.grammar.SpecSyntax;
import nnspec.model.Init;
import nnspec.model.SourcePos;

/**
 * {@code init file "PATH"}: a layer's weights and biases read from a text file beside the spec. One row per unit,
 * in unit order: the unit's weights from input 0 up, then its bias, separated by commas or spaces; blank lines and
 * {@code #} comments are skipped. Errors name the file, line and column.
 */
final class InitFile {
    /** Weight files are small; anything larger is a mistake. */
    static final int MAX_BYTES = 16 << 20;

    private InitFile() {
    }

    /** The file's numbers, or null after adding its diagnostics to {@code diagnostics}. */
    static Init read(SpecSyntax.InitOption option, String layer, Integer inputs, Integer units, Path baseDirectory,
                     List<Path> allowRead, List<Diagnostic> diagnostics) {
        if (option.path().isEmpty()) {
            diagnostics.add(Diagnostic.of(option.kind().pos(), DiagnosticCode.BAD_ARGUMENTS, "init file of layer "
                    + layer + " needs the file: init file \"PATH\""));
            return null;
        }
        if (!option.args().isEmpty() || option.seed().isPresent() || !option.params().isEmpty()) {
            diagnostics.add(Diagnostic.of(option.kind().pos(), DiagnosticCode.BAD_ARGUMENTS, "init file of layer "
                    + layer + " takes only the file: init file \"PATH\""));
            return null;
        }
        SpecSyntax.Word path = option.path().get();
        UserFiles.Report report = failure -> Diagnostic.of(path.pos(), DiagnosticCode.INIT_FILE,
                switch (failure.problem()) {
                    case TOO_LARGE -> "init file \"" + path.text() + "\" is over " + (MAX_BYTES >> 20) + " MiB";
                    case NOT_UTF8 -> "init file \"" + path.text() + "\" is not UTF-8 text";
                    default -> "cannot read init file \"" + path.text() + "\": " + failure.reason();
                });
        Path file;
        UserFiles.Contents contents;
        try {
            file = UserFiles.resolve(baseDirectory, path.text(), report);
            UserFiles.confine(baseDirectory, file, allowRead, report);
            contents = UserFiles.read(file, MAX_BYTES, report);
        } catch (SpecException e) {
            diagnostics.addAll(e.diagnostics());
            return null;
        }
        byte[] bytes = contents.bytes();
        String text = contents.text();
        if (inputs == null || units == null) {
            return null;
        }
        String where = file.toString();
        List<List<Double>> weights = new ArrayList<>();
        List<Double> bias = new ArrayList<>();
        boolean ok = true;
        String[] lines = text.split("\r\n|\n|\r", -1);
        int rows = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            if (content.isBlank()) {
                continue;
            }
            rows++;
            List<Double> row = new ArrayList<>();
            int k = 0;
            while (k < content.length()) {
                char c = content.charAt(k);
                if (c == ',' || Character.isWhitespace(c)) {
                    k++;
                    continue;
                }
                int end = k;
                while (end < content.length() && content.charAt(end) != ','
                        && !Character.isWhitespace(content.charAt(end))) {
                    end++;
                }
                String token = content.substring(k, end);
                Double value = parse(token);
                if (value == null) {
                    String problem = Literals.problem(token);
                    diagnostics.add(Diagnostic.of(new SourcePos(where, n + 1, k + 1), DiagnosticCode.INIT_FILE,
                            problem != null ? problem : "not a finite number: '" + token + "'"));
                    ok = false;
                }
                row.add(value);
                k = end;
            }
            if (rows > units) {
                if (rows == units + 1) {
                    diagnostics.add(Diagnostic.of(new SourcePos(where, n + 1, 1), DiagnosticCode.INIT_FILE,
                            "more rows than layer " + layer + " has units (" + units + ")"));
                }
                ok = false;
                continue;
            }
            if (row.size() != inputs + 1) {
                diagnostics.add(Diagnostic.of(new SourcePos(where, n + 1, 1), DiagnosticCode.INIT_FILE, "row has "
                        + row.size() + " numbers; layer " + layer + " needs " + (inputs + 1) + " (" + inputs
                        + " weights, then the bias)"));
                ok = false;
                continue;
            }
            weights.add(row.subList(0, inputs));
            bias.add(row.get(inputs));
        }
        if (rows < units) {
            diagnostics.add(Diagnostic.of(new SourcePos(where, Math.max(1, lines.length), 1), DiagnosticCode.INIT_FILE,
                    "init file has " + rows + " rows; layer " + layer + " needs " + units + " (one per unit)"));
            ok = false;
        }
        return ok ? new Init.FromFile(path.text(), sha256(bytes), weights, bias) : null;
    }

    private static Double parse(String token) {
        try {
            double v = Double.parseDouble(token);
            return Double.isFinite(v) && !Literals.roundsToZero(token, v) && !token.endsWith("d") && !token.endsWith("f") && !token.endsWith("D")
                    && !token.endsWith("F") ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
