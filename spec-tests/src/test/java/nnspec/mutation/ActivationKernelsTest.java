package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nnspec.runtime.Activations;
import org.junit.jupiter.api.Test;

/** Activation kernels where PIT found a mutant the conformance suite left alive (docs/VERIFICATION.md). */
class ActivationKernelsTest {

    /**
     * Oracle: closed form. squareplus(0) = (0 + sqrt(0 + b)) / 2 = sqrt(b) / 2, and halving the correctly rounded
     * square root is exact, so the value is known to the last bit. For b = 2, 3, 6, 7 the cancellation-free form
     * b / (2 sqrt(b)) of the negative branch rounds differently, so z = 0 must take the positive branch.
     */
    @Test
    void squareplusAtZeroIsHalfTheRootOfB() {
        for (double b : new double[] {2.0, 3.0, 6.0, 7.0}) {
            assertEquals(StrictMath.sqrt(b) / 2, Activations.squareplus(0.0, b), 0.0, "b = " + b);
        }
    }
}
