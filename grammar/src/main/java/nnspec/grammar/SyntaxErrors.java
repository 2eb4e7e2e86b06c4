package nnspec.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.diagnostics.Diagnostic;
import nnspec.diagnostics.DiagnosticCode;
import nnspec.model.SourcePos;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Collects the lexer's and parser's errors as {@code syntax} diagnostics instead of printing them. */
final class SyntaxErrors extends BaseErrorListener {
    /** Syntax errors reported before giving up: past this, later errors are mostly echoes of earlier ones. */
    static final int MAX_ERRORS = 50;

    private final String fileName;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    SyntaxErrors(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        SourcePos pos = new SourcePos(fileName, line, charPositionInLine + 1);
        if (diagnostics.size() >= MAX_ERRORS) {
            diagnostics.add(Diagnostic.of(pos, DiagnosticCode.TOO_MANY_ERRORS,
                    "too many syntax errors; stopping after " + MAX_ERRORS));
            throw new ParseCancellationException("too many syntax errors");
        }
        String message = recognizer instanceof Lexer ? lexerMessage(msg) : parserMessage(msg);
        diagnostics.add(Diagnostic.of(pos, DiagnosticCode.SYNTAX, message));
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** ANTLR says "token recognition error at: 'x'"; say which character is not allowed. */
    private static String lexerMessage(String msg) {
        String prefix = "token recognition error at: ";
        if (msg.startsWith(prefix)) {
            String text = msg.substring(prefix.length());
            if (text.startsWith("'\"")) {
                String string = text.substring(1, text.length() - 1).replaceAll("(\\\\[rn])+$", "");
                return "unterminated string " + string + "; a string ends with \" on the same line";
            }
            if (text.startsWith("'/*")) {
                return "unterminated block comment; expected */";
            }
            return "unexpected character " + text;
        }
        return msg;
    }

    /** ANTLR's wording, reordered to say what was found and then what was expected. */
    private static String parserMessage(String msg) {
        String m = msg.replace("'<EOF>'", "end of file").replace("<EOF>", "end of file");
        Matcher unexpected = UNEXPECTED.matcher(m);
        if (unexpected.matches()) {
            return "unexpected " + unexpected.group(2) + "; expected " + unexpected.group(3);
        }
        Matcher missing = MISSING.matcher(m);
        if (missing.matches()) {
            return "missing " + missing.group(1) + " before " + missing.group(2);
        }
        Matcher noViable = NO_VIABLE.matcher(m);
        if (noViable.matches()) {
            return "cannot make sense of " + noViable.group(1);
        }
        return m;
    }

    private static final Pattern UNEXPECTED = Pattern.compile("(mismatched|extraneous) input (.*) expecting (.*)",
            Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("missing (.*) at (.*)", Pattern.DOTALL);
    private static final Pattern NO_VIABLE = Pattern.compile("no viable alternative at input (.*)", Pattern.DOTALL);
}
