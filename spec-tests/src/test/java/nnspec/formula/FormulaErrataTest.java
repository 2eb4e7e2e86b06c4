package nnspec.formula;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnspec.support.Repo;
import org.junit.jupiter.api.Test;

/** Every entry of golden/formula-errata.md points at a registry entry that exists (and so runs its checks). */
class FormulaErrataTest {
    private static final Pattern ENTRY = Pattern.compile("^- \\*\\*([A-Z]+-[A-Za-z0-9/-]+)\\*\\*, .*; entry: \"(.*)\"$");

    @Test
    void everyErratumNamesARegistryEntry() throws IOException {
        List<String> lines = Files.readAllLines(Repo.golden().resolve("formula-errata.md"));
        List<Formula> registry = FormulaRegistry.all();
        List<String> missing = new ArrayList<>();
        int errata = 0;
        for (String line : lines) {
            if (!line.startsWith("- **")) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            assertTrue(m.matches(), "formula-errata.md: an erratum line needs '- **ID**, where; entry: \"name\"': "
                    + line);
            errata++;
            String id = m.group(1);
            String name = m.group(2);
            if (registry.stream().noneMatch(f -> f.id().equals(id) && f.name().equals(name))) {
                missing.add(id + " \"" + name + "\"");
            }
        }
        assertTrue(errata >= 30, "only " + errata + " errata read");
        assertTrue(missing.isEmpty(), "formula-errata.md names registry entries that do not exist: " + missing);
    }
}
