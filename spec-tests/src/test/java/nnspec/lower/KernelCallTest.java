package nnspec.lower;

import static nnspec.lower.KernelCall.Operand.PARAMETERS;
import static nnspec.lower.KernelCall.Operand.Z;
import static nnspec.lower.KernelCall.Operand.Z_VECTOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import nnspec.runtime.Activations;
import nnspec.runtime.Initializers;
import nnspec.runtime.Losses;
import nnspec.runtime.optim.AdaDelta;
import nnspec.runtime.optim.Momentum;
import org.junit.jupiter.api.Test;

/**
 * A kernel call and an object construction bind to exactly the runtime method their argument types select, and
 * say what is wrong, naming the call, when none fits or when a back end leaves an operand out. Expected values are
 * the runtime's signatures (which the tests name), Java's spelling of its constants, and closed forms.
 */
class KernelCallTest {
    @Test
    void aCallRunsTheKernelItNamesWithItsConstantsAndOperands() {
        // sign with the value at zero a constant: sign(-2) = -1 and the chosen 0.5 at z = 0
        KernelCall sign = KernelCall.of(Activations.class, "sign", Z, 0.5);
        assertEquals("Activations.sign", sign.name());
        assertEquals(-1.0, sign.invoke(Map.of(Z, -2.0)));
        assertEquals(0.5, sign.invoke(Map.of(Z, 0.0)));
        // Glorot's limit sqrt(6 / (fan_in + fan_out)): 1 for fans 2 and 4
        assertEquals(1.0, KernelCall.of(Initializers.class, "glorotLimit", 2, 4).invoke(Map.of()));
        double[] p = new double[3];
        KernelCall.of(Initializers.class, "constant", PARAMETERS, 1, 2, 0.25).invoke(Map.of(PARAMETERS, p));
        assertArrayEquals(new double[] {0, 0.25, 0.25}, p);
    }

    @Test
    void anOperandLeftOutIsNamedWithTheCall() {
        KernelCall sign = KernelCall.of(Activations.class, "sign", Z, 0.5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sign.invoke(Map.of()));
        assertEquals("Activations.sign[Z, 0.5] needs Z, not given", e.getMessage());
        IllegalStateException h = assertThrows(IllegalStateException.class,
                () -> sign.handle(KernelCall.Operand.A));
        assertEquals("Activations.sign[Z, 0.5] needs Z, not given", h.getMessage());
    }

    @Test
    void aKernelsOwnRuntimeExceptionReachesTheCallerUnwrapped() {
        // constant(p, from 1, count 3) on two parameters writes past the end
        KernelCall fill = KernelCall.of(Initializers.class, "constant", PARAMETERS, 1, 3, 0.25);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> fill.invoke(Map.of(PARAMETERS, new double[2])));
    }

    /** Each argument must have exactly the type the kernel's parameter has, or no kernel is bound. */
    @Test
    void anArgumentOfAnotherTypeThanTheKernelsParameterBindsNothing() {
        // sign(double z, double atZero): an array operand, an Integer constant, a string
        assertNoKernel("Activations.sign", "[PARAMETERS, 0.5]",
                () -> KernelCall.of(Activations.class, "sign", PARAMETERS, 0.5));
        assertNoKernel("Activations.sign", "[Z, 1]", () -> KernelCall.of(Activations.class, "sign", Z, 1));
        assertNoKernel("Activations.sign", "[Z, half]", () -> KernelCall.of(Activations.class, "sign", Z, "half"));
        // maxOf(double[] z, int from, int n): a Double where an int is taken
        assertNoKernel("Losses.maxOf", "[Z_VECTOR, 0.0, 3]",
                () -> KernelCall.of(Losses.class, "maxOf", Z_VECTOR, 0.0, 3));
        // uniform(double[] p, int from, int count, double low, double high, long seed): an Integer seed
        assertNoKernel("Initializers.uniform", "[PARAMETERS, 0, 3, -1.0, 1.0, 7]",
                () -> KernelCall.of(Initializers.class, "uniform", PARAMETERS, 0, 3, -1.0, 1.0, 7));
        // pytorch(int size, double mu, double dampening, boolean nesterov, double weightDecay): an Integer flag
        assertNoKernel("Momentum.pytorch", "[3, 0.9, 0.0, 1, 0.0]",
                () -> KernelCall.of(Momentum.class, "pytorch", 3, 0.9, 0.0, 1, 0.0));
        // binaryCrossEntropy(double p, double y, double logBase, Clipping clipping): a string for the enum
        assertNoKernel("Losses.binaryCrossEntropy", "[Z, Z, 2.0, EPSILON]",
                () -> KernelCall.of(Losses.class, "binaryCrossEntropy", Z, Z, 2.0, "EPSILON"));
        // the same arguments of the right types bind
        KernelCall.of(Initializers.class, "uniform", PARAMETERS, 0, 3, -1.0, 1.0, 7L);
        KernelCall.of(Momentum.class, "pytorch", 3, 0.9, 0.0, true, 0.0);
        KernelCall.of(Losses.class, "maxOf", Z_VECTOR, 0, 3);
    }

    private static void assertNoKernel(String name, String arguments, Runnable bind) {
        IllegalStateException e = assertThrows(IllegalStateException.class, bind::run);
        assertEquals("no static " + name + " takes " + arguments, e.getMessage());
    }

    @Test
    void constantsAreWrittenAsJavaSpellsThem() {
        assertEquals("Double.NaN", KernelCall.constant(Double.NaN).toString());
        assertEquals("Double.POSITIVE_INFINITY", KernelCall.constant(Double.POSITIVE_INFINITY).toString());
        assertEquals("Double.NEGATIVE_INFINITY", KernelCall.constant(Double.NEGATIVE_INFINITY).toString());
        assertEquals("-0.0", KernelCall.constant(-0.0).toString());
        assertEquals("7L", KernelCall.constant(7L).toString());
        assertEquals("nnspec.runtime.Losses.Clipping.EPSILON", KernelCall.constant(Losses.Clipping.EPSILON).toString());
    }

    @Test
    void aConstructionBindsOnlyAConstructorOrFactoryItsArgumentsFit() {
        // AdaDelta(int size, double rho, double epsilon): the size placeholder stands for an int only
        IllegalStateException c = assertThrows(IllegalStateException.class,
                () -> Construction.constructor(AdaDelta.class, Construction.SIZE, Construction.SIZE, 1e-6).code("n"));
        assertEquals("no constructor of AdaDelta takes [SIZE, SIZE, 1.0E-6]", c.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> Construction.constructor(AdaDelta.class, Construction.SIZE, "0.9", 1e-6).instantiate(2));
        assertEquals("no constructor of AdaDelta takes [SIZE, 0.9, 1.0E-6]", s.getMessage());
        IllegalStateException f = assertThrows(IllegalStateException.class,
                () -> Construction.factory(Momentum.class, "pytorch", Construction.SIZE, 0.9).code("n"));
        assertEquals("no factory pytorch of Momentum takes [SIZE, 0.9]", f.getMessage());
        assertEquals("new nnspec.runtime.optim.AdaDelta(n, 0.9, 1.0E-6)",
                Construction.constructor(AdaDelta.class, Construction.SIZE, 0.9, 1e-6).code("n").toString());
    }

    @Test
    void aRuntimeObjectRejectingItsArgumentsIsReportedWithTheConstruction() {
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Construction.constructor(AdaDelta.class, Construction.SIZE, 1.5, 1e-6).instantiate(2));
        assertEquals("AdaDelta[SIZE, 1.5, 1.0E-6]: rho in [0, 1) and epsilon > 0 required", c.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Construction.factory(Momentum.class, "pytorch", Construction.SIZE, 1.5, 0.0, false, 0.0)
                        .instantiate(2));
        assertEquals("Momentum.pytorch[SIZE, 1.5, 0.0, false, 0.0]: momentum must be in [0, 1): 1.5", f.getMessage());
    }

    @Test
    void aDocumentCitationNeedsALineAndTheOthersNone() {
        Citation c = Citation.of(nnspec.model.Document.D001, 1, "Binary cross entropy", "log");
        assertEquals(1, c.line());
        assertEquals("001_aa0c02345369f2d3.txt L1, \"Binary cross entropy\"", c.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Citation.of(nnspec.model.Document.D001, 0, "Binary cross entropy", "log"));
        assertEquals("a document citation needs a line: Binary cross entropy", e.getMessage());
        Citation framework = Citation.framework("PyTorch torch.nn.CELU");
        assertEquals("PyTorch torch.nn.CELU", framework.toString());
        assertEquals(false, framework.isNone());
        assertEquals(true, Citation.none().isNone());
        assertEquals("", Citation.none().toString());
    }
}
