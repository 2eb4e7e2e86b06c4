package nnspec.mutation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nnspec.runtime.optim.Adam;
import nnspec.runtime.optim.Cosine;
import nnspec.runtime.optim.EpsilonPlacement;
import nnspec.runtime.optim.Momentum;
import nnspec.runtime.optim.RmsProp;
import nnspec.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Optimizers and schedules where PIT found mutants the conformance suite left alive (docs/VERIFICATION.md): the
 * edges of each hyper-parameter's domain, PyTorch's momentum with weight decay, centered RMSProp past its first
 * step, the recursive cosine schedule at t = 0.
 */
class OptimizerKernelsTest {

    /**
     * Oracle: Kingma and Ba, "Adam" (ICLR 2015), Algorithm 1: beta1, beta2 in [0, 1); torch.optim.Adam refuses
     * betas outside [0, 1) and eps &lt; 0. So 0 is accepted for each and 1 refused.
     */
    @Test
    void adamAcceptsZeroAndRefusesOneForEachBeta() {
        assertDoesNotThrow(() -> new Adam(1, 0.0, 0.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1, 0.9, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1, -0.1, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1, 0.9, -0.1, 1e-8));
        Adam adam = new Adam(1, 0.9, 0.999, 1e-8);
        assertEquals(0, adam.steps());
        adam.step(new double[] {1.0}, new double[] {0.5}, 0.1);
        assertEquals(1, adam.steps());
    }

    /**
     * Oracle: RmsProp and Momentum document rho, momentum and beta in [0, 1) (a decay of 1 would never move the
     * average); torch.optim.SGD refuses Nesterov without a positive momentum ("Nesterov momentum requires a momentum
     * and zero dampening"); torch.optim.SGD and RMSprop accept 0 for each.
     */
    @Test
    void rmsPropAndMomentumDomainEdges() {
        assertDoesNotThrow(() -> new RmsProp(1, 0.0, 0.0, EpsilonPlacement.OUTSIDE_ROOT, false, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(1, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class,
                () -> new RmsProp(1, 0.9, 1e-8, EpsilonPlacement.OUTSIDE_ROOT, false, 1.0));
        assertDoesNotThrow(() -> new Momentum(1, Momentum.Form.EMA, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(1, Momentum.Form.EMA, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Momentum.pytorch(1, 0.0, 0.0, true, 0.0));
        assertDoesNotThrow(() -> new Sgd(0, 0.0));
    }

    /**
     * Oracle: torch.optim.SGD documentation: g = grad + weight_decay * theta; b_1 = g, b_t = mu b_{t-1} + (1 -
     * dampening) g; theta -= lr b. theta 2, grad 0.5, weight decay 0.1, mu 0.9, lr 0.1: g = b = 0.7, theta = 1.93; then
     * grad 0.5 again: g = 0.5 + 0.193 = 0.693, b = 0.63 + 0.693 = 1.323, theta = 1.93 - 0.1323 = 1.7977.
     */
    @Test
    void pytorchMomentumWithCoupledWeightDecay() {
        Momentum m = Momentum.pytorch(1, 0.9, 0.0, false, 0.1);
        assertEquals(Momentum.Form.PYTORCH, m.form());
        double[] theta = {2.0};
        m.step(theta, new double[] {0.5}, 0.1);
        assertEquals(1.93, theta[0], 1e-14);
        assertEquals(0.7, m.velocity()[0], 1e-15);
        m.step(theta, new double[] {0.5}, 0.1);
        assertEquals(1.7977, theta[0], 1e-14);
    }

    /**
     * Oracle: torch.optim.RMSprop documentation, centered: v = alpha v + (1 - alpha) g^2, g_ave = alpha g_ave +
     * (1 - alpha) g, theta -= lr g / (sqrt(v - g_ave^2) + eps), worked here for alpha 0.5, eps 0, lr 1 and gradients
     * 1 then -1 from theta 0: step 1 v = 0.5, g_ave = 0.5, theta = -1 / sqrt(0.25) = -2; step 2 v = 0.75,
     * g_ave = -0.25, theta = -2 + 1 / sqrt(0.6875).
     */
    @Test
    void centeredRmsPropOverTwoSteps() {
        RmsProp r = new RmsProp(1, 0.5, 0.0, EpsilonPlacement.OUTSIDE_ROOT, true, 0.0);
        double[] theta = {0.0};
        r.step(theta, new double[] {1.0}, 1.0);
        assertEquals(-2.0, theta[0], 1e-15);
        r.step(theta, new double[] {-1.0}, 1.0);
        assertEquals(-2.0 + 1.0 / Math.sqrt(0.6875), theta[0], 1e-14);
    }

    /** Oracle: torch.optim.lr_scheduler.CosineAnnealingLR.get_lr returns the initial rate at step 0. */
    @Test
    void recursiveCosineStartsAtTheInitialRate() {
        assertEquals(0.1, Cosine.recursive(0.7, 0, 0.1, 0.001, 10), 0.0);
    }
}
