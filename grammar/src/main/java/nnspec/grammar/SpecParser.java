package nnspec.grammar;

import nnspec.diagnostics.SpecException;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.VocabularyImpl;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** The first stage: .nn text to {@link SpecSyntax}, the text as written, syntax-checked but not validated. */
public final class SpecParser {
    private SpecParser() {
    }

    /** Parses {@code text}; diagnostics name it {@code fileName}. Throws with every syntax error found. */
    public static SpecSyntax parse(String fileName, String text) throws SpecException {
        SyntaxErrors errors = new SyntaxErrors(fileName);
        NNLexer lexer = new NNLexer(CharStreams.fromString(text, fileName));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        NNParser parser = new NNParser(new CommonTokenStream(lexer)) {
            @Override
            public Vocabulary getVocabulary() {
                return READABLE_VOCABULARY;
            }
        };
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        NNParser.SpecContext tree;
        try {
            tree = parser.spec();
        } catch (ParseCancellationException e) {
            throw new SpecException(errors.diagnostics());
        }
        if (!errors.diagnostics().isEmpty()) {
            throw new SpecException(errors.diagnostics());
        }
        return new SyntaxBuilder(fileName).spec(tree);
    }

    /** Token names in syntax errors: "expecting number" rather than "expecting NUMBER". */
    private static final Vocabulary READABLE_VOCABULARY = readableVocabulary();

    private static Vocabulary readableVocabulary() {
        Vocabulary base = NNParser.VOCABULARY;
        int n = base.getMaxTokenType() + 1;
        String[] literal = new String[n];
        String[] symbolic = new String[n];
        String[] display = new String[n];
        for (int t = 0; t < n; t++) {
            literal[t] = base.getLiteralName(t);
            symbolic[t] = base.getSymbolicName(t);
            display[t] = base.getDisplayName(t);
        }
        display[NNParser.NUMBER] = "number";
        display[NNParser.IDENT] = "name";
        display[NNParser.STRING] = "string";
        return new VocabularyImpl(literal, symbolic, display);
    }
}
