package nnspec.formula;

import java.util.List;
import nnspec.runtime.optim.InverseTime;
import org.opentest4j.AssertionFailedError;

/**
 * OPT-hyperparameter-defaults: each value the documents state as a default, typical or recommended value, checked
 * against the framework defaults with a verdict in the check's name. PyTorch's defaults come from the fixture
 * (inspect.signature of torch.optim 1.13, written by torch_optimizers.py); Keras's are the constructor defaults of
 * Keras 3's keras/src/optimizers/*.py, written here as constants with that citation.
 */
public final class OptimizerDefaults {
    /** Keras 3 constructor defaults (keras/src/optimizers/sgd.py, rmsprop.py, adagrad.py, adadelta.py, adam.py). */
    public static final double KERAS_SGD_LEARNING_RATE = 0.01;
    public static final double KERAS_SGD_MOMENTUM = 0.0;
    public static final double KERAS_RMSPROP_LEARNING_RATE = 0.001;
    public static final double KERAS_RMSPROP_RHO = 0.9;
    public static final double KERAS_ADAGRAD_EPSILON = 1e-7;
    public static final double KERAS_ADADELTA_RHO = 0.95;
    public static final double KERAS_ADAM_LEARNING_RATE = 0.001;
    public static final double KERAS_ADAM_BETA_1 = 0.9;
    public static final double KERAS_ADAM_BETA_2 = 0.999;

    private OptimizerDefaults() {
    }

    private static double torch(String optimizer, String parameter) {
        return OptimizerTorchFixture.defaultNumber(optimizer, parameter);
    }

    private static void equal(double expected, double actual, String what) {
        Checks.assertExactly(expected, actual, what);
    }

    private static void differ(double a, double b, String what) {
        if (a == b) {
            throw new AssertionFailedError(what + ": expected a difference, both " + a);
        }
    }

    static Formula entry() {
        String d0 = OptimizerFormulas.D0;
        String d1 = OptimizerFormulas.D1;
        String d3 = OptimizerFormulas.D3;
        return new Formula("OPT-hyperparameter-defaults", "stated defaults vs PyTorch 1.13 and Keras 3",
                "(constructor arguments of nnspec.runtime.optim; defaults chosen by the language)",
                List.of(d0 + ", \"Optimisers - SGD with momentum\"", d0 + ", \"Optimisers - RMSProp\"",
                        d0 + ", \"Optimisers - Adam\"", d1 + ", \"Learning Algorithm: backpropagation\"",
                        d3 + ", \"Learning Rate Decay\"", d3 + ", \"RMSProp\"", d3 + ", \"Hyper-parameters\"",
                        d3 + ", \"3.4.3 AdaGrad: adaptive gradient\"", d3 + ", \"3.4.4 AdaDelta: adaptive learning rate\"",
                        d3 + ", \"3.4.5 RMSProp: root mean square propagation\"",
                        d3 + ", \"3.4.6 Adam: adaptive moment estimation\"",
                        "PyTorch 1.13 torch.optim constructor defaults (fixture)", "Keras 3 keras.optimizers defaults"),
                List.of("a stated value is 'a framework default' only where a framework's constructor has it"), 0.0,
                List.of(
                        Checks.property("000 momentum 'typically 0.9': a customary value, no framework's default "
                                + "(PyTorch SGD momentum 0, Keras SGD momentum 0)", () -> {
                                    equal(0.0, torch("SGD", "momentum"), "PyTorch SGD momentum");
                                    differ(0.9, KERAS_SGD_MOMENTUM, "Keras SGD momentum");
                                }),
                        Checks.property("000 RMSProp rho 'typically 0.9': Keras's default rho; PyTorch's alpha is "
                                + "0.99", () -> {
                                    equal(0.9, KERAS_RMSPROP_RHO, "Keras rho");
                                    equal(0.99, torch("RMSprop", "alpha"), "PyTorch alpha");
                                }),
                        Checks.property("000 and 003 Adam betas 0.9 and 0.999: both frameworks' defaults", () -> {
                                    equal(0.9, KERAS_ADAM_BETA_1, "Keras beta_1");
                                    equal(0.999, KERAS_ADAM_BETA_2, "Keras beta_2");
                                    if (!OptimizerTorchFixture.defaultValue("Adam", "betas").equals("0.9,0.999")
                                            || !OptimizerTorchFixture.defaultValue("AdamW", "betas")
                                                    .equals("0.9,0.999")) {
                                        throw new AssertionFailedError("PyTorch betas differ");
                                    }
                                }),
                        Checks.property("001 learning rate 'default 0.01': Keras SGD's default; PyTorch 1.13 SGD has "
                                + "no default (lr is required)", () -> {
                                    equal(0.01, KERAS_SGD_LEARNING_RATE, "Keras SGD learning_rate");
                                    if (!OptimizerTorchFixture.defaultValue("SGD", "lr").equals("required")) {
                                        throw new AssertionFailedError("PyTorch SGD lr has a default");
                                    }
                                }),
                        Checks.property("003 inverse-time decay rate 'like 0.001 or 0.00001': advice, no framework "
                                + "default (Keras's legacy decay was 0); at beta = 1e-3 the rate halves after 1000 "
                                + "steps, at 1e-5 after 100000 (exact: 1 / (1 + beta t) = 1/2 at t = 1 / beta)", () -> {
                                    equal(0.5, new InverseTime(1.0, 1e-3).rate(1000), "beta 1e-3");
                                    equal(0.5, new InverseTime(1.0, 1e-5).rate(100000), "beta 1e-5");
                                }),
                        Checks.property("003 RMSProp 'recommended default rho = 0.001' is wrong: the defaults are "
                                + "0.9 (Keras, and 003's own 3.4.5) and 0.99 (PyTorch); 0.001 is Keras's default "
                                + "learning rate, the likely source of the slip", () -> {
                                    differ(0.001, KERAS_RMSPROP_RHO, "Keras rho");
                                    differ(0.001, torch("RMSprop", "alpha"), "PyTorch alpha");
                                    equal(0.001, KERAS_RMSPROP_LEARNING_RATE, "Keras RMSprop learning_rate");
                                }),
                        Checks.property("003 'starting learning rate for SGD is 1.0': advice, no framework default "
                                + "(Keras 0.01, PyTorch none); 'for Adam 0.001': both frameworks' default", () -> {
                                    differ(1.0, KERAS_SGD_LEARNING_RATE, "Keras SGD");
                                    equal(0.001, torch("Adam", "lr"), "PyTorch Adam lr");
                                    equal(0.001, KERAS_ADAM_LEARNING_RATE, "Keras Adam learning_rate");
                                }),
                        Checks.property("003 AdaGrad epsilon 'on the order of 10^8' is a sign slip: the defaults are "
                                + "1e-10 (PyTorch) and 1e-7 (Keras)", () -> {
                                    equal(1e-10, torch("Adagrad", "eps"), "PyTorch Adagrad eps");
                                    differ(1e8, KERAS_ADAGRAD_EPSILON, "Keras Adagrad epsilon");
                                }),
                        Checks.property("003 AdaDelta rho 'e.g. 0.95': Zeiler's and Keras's value; PyTorch's "
                                + "default is 0.9", () -> {
                                    equal(0.95, KERAS_ADADELTA_RHO, "Keras rho");
                                    equal(0.9, torch("Adadelta", "rho"), "PyTorch rho");
                                    equal(1.0, torch("Adadelta", "lr"), "PyTorch lr (Zeiler's: none, i.e. 1)");
                                }),
                        Checks.property("003 RMSProp rho 'e.g. 0.9' (3.4.5): Keras's default; PyTorch's is 0.99",
                                () -> {
                                    equal(0.9, KERAS_RMSPROP_RHO, "Keras rho");
                                    differ(0.9, torch("RMSprop", "alpha"), "PyTorch alpha");
                                })));
    }
}
