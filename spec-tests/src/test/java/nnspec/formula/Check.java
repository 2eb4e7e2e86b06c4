package nnspec.formula;

import org.junit.jupiter.api.function.Executable;

/**
 * One named test of a registry entry. {@code name} says what it proves and where its expected values come from
 * ("values at known points (closed form)", "derivative vs finite differences, 1000 points", ...).
 */
public record Check(String name, Executable body) {
}
