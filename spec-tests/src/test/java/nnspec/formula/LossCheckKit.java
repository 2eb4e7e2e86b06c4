package nnspec.formula;

import nnspec.model.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.opentest4j.AssertionFailedError;

/** Shared builders of the loss, metric and regularisation entries: checks of f(yhat, y) at fixed targets y. */
final class LossCheckKit {
    static final String D0 = Document.D000.fileName();
    static final String D1 = Document.D001.fileName();
    static final String D2 = Document.D002.fileName();
    static final String D3 = Document.D003.fileName();

    private LossCheckKit() {
    }

    static String cite(String document, String heading, String lines) {
        return document + ", \"" + heading + "\" (" + lines + ")";
    }

    /** Renames a check so that checks at several fixed targets stay distinct within an entry. */
    static Check at(String suffix, Check check) {
        return new Check(check.name() + ", " + suffix, check.body());
    }

    /**
     * Finite-difference and DerivativeStructure checks of d/dyhat f(yhat, y) at each fixed target y; {@code oracle}
     * gives, for a target y, an independent DerivativeStructure expression of yhat -&gt; f(yhat, y).
     */
    static List<Check> derivativeChecks(DoubleBinaryOperator f, DoubleBinaryOperator df,
            DoubleFunction<Function<DerivativeStructure, DerivativeStructure>> oracle, DoubleFunction<Domain> domain,
            double fdTolerance, double dsTolerance, double... targets) {
        List<Check> checks = new ArrayList<>();
        for (double y : targets) {
            Domain d = domain.apply(y);
            checks.add(at("target y = " + y, Checks.derivativeByFiniteDifferences(x -> f.applyAsDouble(x, y),
                    x -> df.applyAsDouble(x, y), d, fdTolerance)));
            checks.add(at("target y = " + y, Checks.derivativeByDerivativeStructure(oracle.apply(y),
                    x -> f.applyAsDouble(x, y), x -> df.applyAsDouble(x, y), d, dsTolerance)));
        }
        return checks;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionFailedError(message);
        }
    }
}
