package nnspec.formula;

import java.util.List;

/**
 * One entry of the formula registry: a formula of ../shared/SCOPE.md (by its stable {@code id}) as one runtime
 * kernel implements it, with the checks that prove it. The suite walks every entry the way PyTorch's OpInfo tests
 * walk their operator list ({@link FormulaRegistryTest}); {@code golden/coverage.md} is rendered from the entries.
 *
 * @param id          the SCOPE.md id, for example {@code ACT-relu}
 * @param name        what this entry covers, unique within the id (a variant or convention: "leaky ReLU, alpha 0.01")
 * @param kernel      the runtime method(s), for example {@code Activations.relu, Activations.reluDerivative}
 * @param citations   where the formula is printed: "file name, section or slide heading" (or a framework's documented
 *                    definition where no document gives the formula)
 * @param conventions the named conventions the kernel takes, with kink values ("relu'(0) = 0, as PyTorch")
 * @param tolerance   the relative tolerance of its numeric checks (mixed: |a - b| <= tol * max(1, |a|, |b|))
 * @param checks      the tests; an entry without a check fails the build
 */
public record Formula(String id, String name, String kernel, List<String> citations, List<String> conventions,
        double tolerance, List<Check> checks) {
    public Formula {
        citations = List.copyOf(citations);
        conventions = List.copyOf(conventions);
        checks = List.copyOf(checks);
    }
}
