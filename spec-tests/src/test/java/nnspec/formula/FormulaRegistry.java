package nnspec.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nnspec.lower.Citations;
import nnspec.lower.FormulaRef;

/** Every formula entry of the suite, family by family. */
public final class FormulaRegistry {
    private FormulaRegistry() {
    }

    public static List<Formula> all() {
        List<Formula> all = new ArrayList<>();
        Stream.of(ActivationFormulas.all(), LossFormulas.all(), MetricFormulas.all(), RegularizationFormulas.all(),
                OptimizerFormulas.all(), ScheduleFormulas.all(), InitFormulas.all(), PreprocessingFormulas.all(),
                LayerFormulas.all(), NetworkFormulas.all()).forEach(all::addAll);
        return List.copyOf(all);
    }

    /** golden/coverage.md: one row per entry. */
    public static String coverageMarkdown(List<Formula> formulas) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- generated from the formula registry (spec-tests, nnspec.formula.FormulaRegistry);")
                .append(" regenerate with: mvn -B verify -Dnnspec.regenerate=true -->\n")
                .append("# Formula coverage\n\n")
                .append("Every formula id of the scope list (`spec-tests/src/test/resources/scope-formula-ids.txt`,")
                .append(" copied from SCOPE.md) with the runtime kernel that implements it, the checks that prove it,")
                .append(" the conventions it takes and where it is printed. ")
                .append(formulas.size()).append(" entries, ")
                .append(formulas.stream().mapToInt(f -> f.checks().size()).sum()).append(" checks.\n\n")
                .append("| id | entry | kernel | tests | conventions | printed at |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Formula f : formulas) {
            md.append("| ").append(cell(f.id()))
                    .append(" | ").append(cell(f.name()))
                    .append(" | ").append(cell(f.kernel()))
                    .append(" | ").append(cell(String.join("; ", f.checks().stream().map(Check::name).toList())))
                    .append(" | ").append(cell(String.join("; ", f.conventions())))
                    .append(" | ").append(cell(String.join("; ", f.citations())))
                    .append(" |\n");
        }
        md.append("\n## The formulas the back ends cite\n\n")
                .append("Every formula of the kernel table (`nnspec.lower.Citations`), which both back ends use and")
                .append(" whose text and citation the generated comments print; each cited line is checked against")
                .append(" the document by `KernelTableTest`.\n\n")
                .append("| id | formula | cited at |\n")
                .append("| --- | --- | --- |\n");
        for (FormulaRef f : Citations.all()) {
            md.append("| ").append(cell(f.id()))
                    .append(" | ").append(cell(f.text()))
                    .append(" | ").append(cell(f.citation().toString()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
