package nnspec.lower;

import static nnspec.model.Document.D000;
import static nnspec.model.Document.D001;
import static nnspec.model.Document.D002;
import static nnspec.model.Document.D003;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Every formula the kernel table uses, once: its catalogue id, what it computes in plain text, and the line of the
 * document that prints it (or the framework that defines it where no document does). Generated comments, the
 * kernel table and the conformance registry's checks of citations all read these.
 */
public final class Citations {
    private Citations() {
    }

    private static FormulaRef f(String id, String text, Citation citation) {
        return FormulaRef.of(id, text, citation);
    }

    private static Citation at(nnspec.model.Document document, int line, String section, String token) {
        return Citation.of(document, line, section, token);
    }

    private static final Citation KERAS_LIST = at(D002, 339, "Activation functions in Keras", "Layer activations");

    /** Where the Keras activations are listed; each one's formula is Keras's (see {@link #keras}). */
    public static final FormulaRef KERAS = f("ACT-keras", "the activations Keras documents", KERAS_LIST);

    /**
     * Every formula of this class, in declaration order: what golden/coverage.md lists and what the conformance
     * suite checks against the documents.
     */
    public static List<FormulaRef> all() {
        List<FormulaRef> all = new ArrayList<>();
        for (Field field : Citations.class.getDeclaredFields()) {
            if (field.getType() == FormulaRef.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    all.add((FormulaRef) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(all);
    }

    /** A Keras activation: defined by Keras's documentation, listed by 002. */
    public static FormulaRef keras(String keyword, String text) {
        return f("ACT-keras", keyword + ": " + text + ", as Keras's activations documentation defines it",
                KERAS_LIST);
    }

    // ----- layers and backpropagation ------------------------------------------------------------------------
    public static final FormulaRef AFFINE = f("LAYER-neuron-affine", "z_j = b_j + sum_i w[j][i] x_i",
            at(D000, 62, "Neuron operation", "z_j = w_{1j}x_1 + w_{2j}x_2"));
    public static final FormulaRef OUTPUT_DELTA_CHAIN = f("BP-output-delta", "delta_j = dL/da_j f'(z_j), dL/da_j the"
            + " loss's derivative, through the activation's backward step",
            at(D003, 1329, "3.3.1 Error", "\\odot \\sigma'_L(z_L)"));
    public static final FormulaRef HIDDEN_DELTA = f("BP-hidden-delta", "delta_i = f'(z_i) sum_j w[j][i] delta_j",
            at(D003, 1341, "3.3.1 Error", "(W_l^T \\cdot \\delta_{l+1})"));
    /**
     * The sum of BP-hidden-delta without f'(z_i), for a dense layer above a stage that is not a dense layer (dropout,
     * flatten, batchnorm): the stage below continues from dL/d(its outputs).
     */
    public static final FormulaRef DENSE_INPUT_GRADIENT = f("BP-hidden-delta", "dL/dx_i = sum_j w[j][i] delta_j,"
            + " handed to the stage below", at(D003, 1341, "3.3.1 Error", "(W_l^T \\cdot \\delta_{l+1})"));
    public static final FormulaRef PARAMETER_GRADIENTS = f("BP-param-grads", "dL/dw[j][i] += delta_j x_i, dL/db_j +="
            + " delta_j", at(D003, 1354, "3.3.2 Layers", "a_{l+1} \\cdot \\delta_l"));
    public static final FormulaRef ACTIVATION_BACKWARD = f("BP-activation-backward", "dL/dz = J^T dL/da, the"
            + " Jacobian-vector product of the activation, without forming J",
            at(D003, 1362, "3.3.3 Activators", "{\\partial \\sigma} = \\sigma'(z)"));

    // ----- activations ---------------------------------------------------------------------------------------
    public static final FormulaRef STEP = f("ACT-step", "a = 1 if z > 0, at_zero if z = 0, else 0",
            at(D000, 107, "Example: perceptron training", "\\text{if otherwise}"));
    public static final FormulaRef SIGN = f("ACT-sign", "a = 1 if z > 0, at_zero if z = 0, else -1",
            at(D001, 138, "Many possible activation functions", "Sign (Signum)"));
    public static final FormulaRef LINEAR = f("ACT-linear", "a = z",
            at(D001, 139, "Many possible activation functions", "$\\phi(z) = z$"));
    public static final FormulaRef PIECEWISE_LINEAR = f("ACT-piecewise-linear", "a = 0 if z <= -1/2, z + 1/2 between,"
            + " 1 if z >= 1/2", at(D001, 140, "Many possible activation functions", "Piece-wise linear"));
    public static final FormulaRef SIGMOID = f("ACT-sigmoid", "a = 1 / (1 + e^-z)",
            at(D000, 76, "Most common activation functions", "\\frac{1}{1+e^{-z_j}}"));
    public static final FormulaRef SIGMOID_DERIVATIVE = f("ACT-sigmoid-derivative", "sigmoid'(z) = a (1 - a)",
            at(D003, 1372, "Sigmoid", "(1 - \\sigma(z))"));
    public static final FormulaRef TANH = f("ACT-tanh", "a = tanh(z)",
            at(D000, 77, "Most common activation functions", "\\tanh(z_j) = \\frac{e^{z_j}"));
    public static final FormulaRef RELU = f("ACT-relu", "a = max(0, z)",
            at(D000, 75, "Most common activation functions", "\\max(0, z_j)"));
    public static final FormulaRef RELU_DERIVATIVE = f("ACT-relu-derivative", "relu'(z) = 1 if z > 0, else 0 (0 at the"
            + " kink)", at(D003, 1376, "Rectified Linear Unit", "0 & \\text{if } z \\leq 0"));
    public static final FormulaRef LEAKY_RELU = f("ACT-leaky-relu", "a = z if z > 0, else alpha z",
            at(D002, 299, "ReLU", "\\max(\\epsilon z, z)"));
    public static final FormulaRef RRELU = f("ACT-leaky-relu", "randomised (PyTorch RReLU): a = z if z > 0, else s z, s"
            + " drawn per unit from U(lower, upper) while training, (lower + upper) / 2 in evaluation",
            at(D002, 299, "ReLU", "\\max(\\epsilon z, z)"));
    public static final FormulaRef ELU = f("ACT-elu", "a = z if z > 0, else alpha (e^z - 1)",
            at(D002, 309, "ReLU", "\\max(\\alpha(e^z - 1), z)"));
    public static final FormulaRef SOFTPLUS = f("ACT-softplus", "a = ln(1 + e^z)",
            at(D001, 144, "Many possible activation functions", "\\ln(1 + e^z)"));
    public static final FormulaRef SOFTMAX = f("ACT-softmax", "a_j = e^(z_j - max z) / sum_k e^(z_k - max z)",
            at(D000, 78, "Most common activation functions", "\\text{softmax}(z_j)"));

    // ----- initialisation ------------------------------------------------------------------------------------
    public static final FormulaRef INIT_CONSTANT = f("INIT-symmetry-breaking", "every weight and bias the same constant"
            + " (no symmetry breaking)", Citation.none());
    public static final FormulaRef INIT_LITERAL = f("INIT-literal", "the weights and biases written in the spec",
            Citation.none());
    public static final FormulaRef INIT_FILE = f("INIT-literal", "the weights and biases of the init file",
            Citation.none());
    public static final FormulaRef INIT_UNIFORM = f("INIT-uniform", "weights uniform on [low, high), biases 0", Citation.none());
    public static final FormulaRef UNIFORM_FANIN = f("INIT-uniform-fanin", "weights uniform on [-1/sqrt(fan_in),"
            + " 1/sqrt(fan_in)), biases 0", at(D001, 648, "Initialization of weights", "U\\left(-\\frac{1}{\\sqrt{m}}"));
    public static final FormulaRef GLOROT_UNIFORM = f("INIT-glorot-uniform", "weights uniform on [-l, l), l = sqrt(6 /"
            + " (fan_in + fan_out)), biases 0", at(D001, 648, "Initialization of weights", "\\sqrt{\\frac{6}{m+n}}"));
    public static final FormulaRef GLOROT_NORMAL = f("INIT-glorot-normal", "weights normal with variance 2 / (fan_in +"
            + " fan_out), biases 0", at(D002, 800, "Normal distribution to initialize weights",
            "\\sigma^2 = \\frac{2}{n_{inputs}"));
    public static final FormulaRef HE_STANDARD = f("INIT-he-normal", "variance 2 / fan_in (He et al. 2015), biases 0",
            Citation.framework("He et al. 2015, Delving Deep into Rectifiers, eq. 10; PyTorch kaiming_normal_ and"
                    + " Keras HeNormal documentation"));
    public static final FormulaRef HE_002 = f("INIT-he-normal", "variance 4 / (fan_in + fan_out) as 002 prints it, biases 0",
            at(D002, 806, "Normal distribution to initialize weights", "\\sigma^2 = \\frac{4}{n_{inputs}"));
    public static final FormulaRef LECUN_NORMAL = f("INIT-lecun-normal", "weights normal with variance 1 / fan_in, biases 0",
            Citation.framework("Keras LecunNormal documentation"));
    public static final FormulaRef LECUN_UNIFORM = f("INIT-lecun-uniform", "weights uniform on [-l, l), l = sqrt(3 /"
            + " fan_in), biases 0", Citation.framework("Keras LecunUniform documentation"));

    // ----- dropout -------------------------------------------------------------------------------------------
    public static final FormulaRef DROPOUT_INVERTED = f("REG-dropout", "out_i = a_i r_i / (1 - p) while training, r_i ~"
            + " Bernoulli(1 - p); out_i = a_i in evaluation", at(D003, 1602, "3.5.3 Dropout",
            "x \\cdot B(1, p) \\frac{1}{1-p}"));
    public static final FormulaRef DROPOUT_PLAIN = f("REG-dropout", "out_i = a_i r_i while training, r_i ~ Bernoulli(1 -"
            + " p); out_i = a_i (1 - p) in evaluation", at(D003, 1602, "3.5.3 Dropout",
            "x \\cdot B(1, p) \\frac{1}{1-p}"));
    public static final FormulaRef DROPOUT_BACKWARD = f("GRAD-dropout", "dL/da_i = dL/dout_i times the forward pass's"
            + " factor (mask times scale)", at(D003, 1615, "3.5.3 Dropout", "\\odot \\frac{B(1, p)}{1 - p}"));

    // ----- convolution, pooling, flatten ---------------------------------------------------------------------
    public static final FormulaRef CONV_FORWARD = f("LAYER-conv2d-forward", "z[o][i][j] = b[o] + sum_c sum_m sum_n"
            + " x[c][s i + d m - top][s j + d n - left] K[o][c][m][n], zero outside the input (cross-correlation)",
            at(D003, 692, "Convolutional Layer", "S(i, j) = \\sum_m \\sum_n I(i + m, j + n)"));
    public static final FormulaRef CONV_BACKWARD = f("LAYER-conv2d-backward", "dL/dK[o][c][m][n] += sum_i sum_j"
            + " delta[o][i][j] x[c][s i + d m - top][s j + d n - left], dL/db[o] += sum_i sum_j delta[o][i][j],"
            + " dL/dx scattered back through the same taps", at(D003, 705, "Convolutional Layer",
            "\\frac{\\partial L}{\\partial K}"));
    public static final FormulaRef MAX_POOL = f("LAYER-maxpool-forward", "out[c][i][j] = max of the window's cells"
            + " inside the input, the first maximum in row-major order on ties", at(D003, 720, "Pooling Layer",
            "P(i, j) = \\max_{m, n}^p"));
    public static final FormulaRef AVG_POOL = f("LAYER-avgpool-forward", "out[c][i][j] = the window's sum over its"
            + " cell count", at(D003, 718, "Pooling Layer", "Average pooling"));
    public static final FormulaRef POOL_BACKWARD = f("LAYER-pool-backward", "max: dL/dout to the chosen cell;"
            + " average: dL/dout over the count to each cell of the window", at(D003, 730, "Pooling Layer",
            "During the backward pass"));

    // ----- batch normalisation -------------------------------------------------------------------------------
    public static final FormulaRef BATCHNORM_FORWARD = f("LAYER-batchnorm-forward", "training: y = gamma (x - mu_B)"
            + " / sqrt(var_B + eps) + beta per feature, mu_B and the biased var_B over the batch; evaluation: the"
            + " running mean and variance in their place",
            at(D000, 518, "Batch normalisation", "\\mu_B = \\frac{1}{m}"));
    public static final FormulaRef BATCHNORM_BACKWARD = f("LAYER-batchnorm-backward", "dL/dx_i = gamma / (m sqrt(var_B"
            + " + eps)) (m g_i - sum_k g_k - x^_i sum_k g_k x^_k), dL/dgamma += sum_i g_i x^_i, dL/dbeta += sum_i g_i,"
            + " g = dL/dy", at(D003, 751, "Batch Normalization", "During the backward pass"));
    public static final FormulaRef BATCHNORM_PLACEMENT = f("LAYER-batchnorm-forward", "placement before: a ="
            + " f(BN(z)) on the previous layer's pre-activations (placement after: BN(f(z)) on its activations)",
            at(D002, 948, "Batch normalization", "a^{[2]} = g(z^{[2]})"));

    // ----- losses and output deltas --------------------------------------------------------------------------
    public static final FormulaRef MSE = f("LOSS-mse", "L = (yhat_j - y_j)^2, over the outputs",
            at(D000, 409, "Most common loss functions", "Mean Squared Error"));
    public static final FormulaRef MSE_GRADIENT = f("GRAD-mse", "dL/dyhat_j = 2 (yhat_j - y_j)",
            at(D003, 593, "Mean Squared Error", "-\\frac{2}{J} \\cdot (y_{i,j}"));
    public static final FormulaRef MAE = f("LOSS-mae", "L = |yhat_j - y_j|, over the outputs",
            at(D001, 403, "Regression loss functions", "MAE = \\frac{1}{n}"));
    public static final FormulaRef MAE_GRADIENT = f("GRAD-mae", "dL/dyhat_j = sign(yhat_j - y_j), 0 at 0",
            at(D003, 607, "Mean Absolute Error", "-1 & y_{i,j} - \\hat{y}_{i,j}"));
    public static final FormulaRef HUBER = f("LOSS-huber", "L = e^2 / 2 if |e| <= delta, else delta (|e| - delta / 2),"
            + " e = yhat_j - y_j", at(D000, 411, "Most common loss functions", "Huber loss"));
    public static final FormulaRef HUBER_GRADIENT = f("GRAD-huber", "dL/dyhat_j = clamp(yhat_j - y_j, -delta, delta)",
            Citation.framework("PyTorch torch.nn.HuberLoss documentation"));
    public static final FormulaRef BCE = f("LOSS-bce", "L = -[y_j log p_j + (1 - y_j) log(1 - p_j)]",
            at(D000, 412, "Most common loss functions", "Binary cross-entropy"));
    public static final FormulaRef BCE_LOGITS = f("LOSS-bce", "on logits z: L = max(z, 0) - z y + log(1 + e^-|z|)"
            + " (PyTorch BCEWithLogitsLoss)", at(D000, 412, "Most common loss functions", "Binary cross-entropy"));
    public static final FormulaRef BCE_GRADIENT = f("GRAD-bce", "dL/dp_j = (p_j - y_j) / (p_j (1 - p_j))",
            at(D003, 1412, "Binary Cross-Entropy", "\\frac{1 - y_i}{1 - \\hat{y}_i}"));
    public static final FormulaRef CCE = f("LOSS-cce", "L = -sum_j y_j log p_j",
            at(D001, 452, "Categorical cross entropy", "CCE\\ Loss"));
    public static final FormulaRef CCE_LOGITS = f("LOSS-cce", "on logits z: L = sum_j y_j (log sum_k e^(z_k - max z) -"
            + " (z_j - max z)) (PyTorch CrossEntropyLoss)", at(D001, 452, "Categorical cross entropy", "CCE\\ Loss"));
    public static final FormulaRef CCE_GRADIENT = f("GRAD-cce", "dL/dp_j = -y_j / p_j",
            at(D003, 220, "Categorical Cross-Entropy Derivative", "= - \\frac{\\mathbf{y}_{i,j}}"));
    public static final FormulaRef SIGMOID_BCE = f("GRAD-sigmoid-bce", "delta_j = (p_j - y_j) / ln(base), the sigmoid's"
            + " derivative cancelled", at(D000, 329, "Example: multi-layer perceptron training",
            "{\\partial z_3}{\\partial b_3}"));
    public static final FormulaRef SIGMOID_BCE_LOGITS = f("GRAD-sigmoid-bce", "on logits: delta_j = (sigmoid(z_j) - y_j) /"
            + " ln(base)", at(D000, 329, "Example: multi-layer perceptron training", "{\\partial z_3}{\\partial b_3}"));
    public static final FormulaRef SOFTMAX_CCE = f("GRAD-softmax-cce", "delta_j = (p_j sum_k y_k - y_j) / ln(base)",
            at(D003, 1430, "Softmax Categorical Cross-Entropy", "= \\hat{y}_i - y_i"));
    public static final FormulaRef SOFTMAX_CCE_LOGITS = f("GRAD-softmax-cce", "on logits: delta_j = (softmax(z)_j sum_k y_k"
            + " - y_j) / ln(base), the maximum subtracted", at(D003, 1430, "Softmax Categorical Cross-Entropy",
            "= \\hat{y}_i - y_i"));
    public static final FormulaRef PERCEPTRON_DELTA = f("OPT-perceptron-rule", "delta_j = yhat_j - y_j, the descent form of"
            + " w := w + lr (y - yhat) x; no activation derivative",
            at(D000, 111, "Example: perceptron training", "+ \\eta(y - \\hat{y})x_i"));

    // ----- updates -------------------------------------------------------------------------------------------
    public static final FormulaRef MINIBATCH_MEAN = f("OPT-sgd-minibatch", "g = (1 / m) sum over the batch's samples of"
            + " their gradients", at(D001, 580, "Stochastic gradient descent", "\\leftarrow \\frac{1}{m} \\nabla"));
    public static final FormulaRef PERCEPTRON_UPDATE = f("OPT-perceptron-rule", "w := w + lr (y - yhat) x, b := b + lr (y -"
            + " yhat), applied as w := w - lr / batch * (summed update direction)",
            at(D000, 111, "Example: perceptron training", "+ \\eta(y - \\hat{y})x_i"));
    public static final FormulaRef SGD = f("OPT-gd", "w := w - lr g",
            at(D000, 419, "Most common optimisers", "w_{ij} := w_{ij} - \\eta"));
    public static final FormulaRef MOMENTUM_PYTORCH = f("OPT-momentum", "PyTorch SGD: g := g + weight_decay w, v := mu v +"
            + " (1 - dampening) g, w := w - lr v", Citation.framework("PyTorch torch.optim.SGD documentation"));
    public static final FormulaRef MOMENTUM_EMA = f("OPT-momentum", "v := beta v + (1 - beta) g, w := w - lr v",
            at(D003, 1452, "3.4.2 Stochastic gradient descent with momentum", "(1 - \\gamma) \\nabla"));
    public static final FormulaRef MOMENTUM_LR_INSIDE_SUBTRACT = f("OPT-momentum", "v := beta v - lr g, w := w + v",
            at(D001, 627, "SGD with momentum", "- \\epsilon \\mathbf{g}"));
    public static final FormulaRef MOMENTUM_LR_INSIDE_ADD = f("OPT-momentum", "v := beta v + lr g, w := w - v",
            at(D003, 340, "Stochastic Gradient Descent with Momentum", "\\gamma v_{t-1} + \\eta \\nabla"));
    public static final FormulaRef NESTEROV = f("OPT-momentum", "Nesterov (PyTorch SGD, nesterov): g := g + weight_decay w,"
            + " v := mu v + g, w := w - lr (g + mu v)", Citation.framework("PyTorch torch.optim.SGD documentation"));
    public static final FormulaRef ADAGRAD_OUTSIDE = f("OPT-adagrad", "G := G + g^2, w := w - lr g / (sqrt(G) + eps)",
            at(D003, 356, "AdaGrad", "v_{t-1} + \\nabla \\theta_t^2"));
    public static final FormulaRef ADAGRAD_INSIDE = f("OPT-adagrad", "G := G + g^2, w := w - lr g / sqrt(G + eps)",
            Citation.framework("Keras Adagrad documentation (003 prints epsilon outside the root)"));
    public static final FormulaRef ADADELTA = f("OPT-adadelta", "E[g^2] := rho E[g^2] + (1 - rho) g^2, dx := -sqrt(E[dx^2]"
            + " + eps) / sqrt(E[g^2] + eps) g, E[dx^2] := rho E[dx^2] + (1 - rho) dx^2, w := w + lr dx (Zeiler,"
            + " PyTorch)", at(D003, 1482, "3.4.4 AdaDelta: adaptive learning rate", "\\sqrt{\\Delta \\theta_t}"));
    public static final FormulaRef RMSPROP_OUTSIDE = f("OPT-rmsprop", "s := rho s + (1 - rho) g^2, w := w - lr g /"
            + " (sqrt(s) + eps)", at(D003, 1499, "3.4.5 RMSProp: root mean square propagation",
            "{\\sqrt{v_{t+1}} + \\epsilon}"));
    public static final FormulaRef RMSPROP_INSIDE = f("OPT-rmsprop", "s := rho s + (1 - rho) g^2, w := w - lr g / sqrt(s +"
            + " eps)", at(D000, 451, "Optimisers - RMSProp", "{\\sqrt{s_t + \\epsilon}}"));
    public static final FormulaRef ADAM_PAPER = f("OPT-adam", "m := beta1 m + (1 - beta1) g, v := beta2 v + (1 - beta2) g^2,"
            + " w := w - lr m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)",
            at(D000, 478, "Optimisers - Adam", "+ \\epsilon} \\hat{m}_t"));
    public static final FormulaRef ADAM_HAT = f("OPT-adam", "m := beta1 m + (1 - beta1) g, v := beta2 v + (1 - beta2) g^2,"
            + " w := w - lr_t m / (sqrt(v) + eps), lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)",
            Citation.framework("Keras Adam documentation; Kingma and Ba 2015, the remark before section 2.1 (000"
                    + " and 003 print the m_hat form)"));

    // ----- penalties -----------------------------------------------------------------------------------------
    public static final FormulaRef L1 = f("REG-l1", "penalty lambda sum |w|",
            at(D000, 499, "Regularisation", "\\lambda \\sum_i |\\theta_i|"));
    public static final FormulaRef L1_GRADIENT = f("GRAD-l1", "adds lambda sign(w), sign(0) = 0",
            at(D003, 474, "Backward pass", "-1 & \\theta_m < 0"));
    public static final FormulaRef L2 = f("REG-l2", "penalty c sum w^2",
            at(D000, 493, "Regularisation", "+ \\lambda \\sum_i \\theta_i^2"));
    public static final FormulaRef L2_GRADIENT = f("GRAD-l2", "adds 2 c w",
            at(D003, 466, "Backward pass", "&= 2\\lambda \\theta_m"));
    public static final FormulaRef ELASTIC = f("REG-elastic-net", "penalty c1 sum |w| + c2 sum w^2",
            at(D003, 460, "L1 and L2 Regularization", "L_{1_\\theta} + L_{2_\\theta}"));
    public static final FormulaRef ELASTIC_GRADIENT = f("REG-elastic-net", "adds c1 sign(w) + 2 c2 w, sign(0) = 0",
            at(D003, 460, "L1 and L2 Regularization", "L_{1_\\theta} + L_{2_\\theta}"));

    // ----- schedules -----------------------------------------------------------------------------------------
    public static final FormulaRef CONSTANT_RATE = f("OPT-gd", "the learning rate lr at every step",
            at(D000, 419, "Most common optimisers", "w_{ij} := w_{ij} - \\eta"));
    public static final FormulaRef STEP_DECAY = f("SCHED-step", "rate(t) = lr gamma^floor(t / every)",
            at(D000, 532, "Learning rate scheduling", "\\gamma^{\\lfloor \\frac{t}{k}"));
    public static final FormulaRef EXPONENTIAL_DECAY = f("SCHED-exponential", "rate(t) = lr gamma^t",
            at(D000, 538, "Learning rate scheduling", "\\eta_0 \\cdot e^{-kt}"));
    public static final FormulaRef INVERSE_TIME = f("SCHED-inverse-time", "rate(t) = lr / (1 + decay t)",
            at(D003, 328, "Learning Rate Decay", "\\frac{1}{1 + \\beta t}"));
    public static final FormulaRef COSINE = f("SCHED-cosine", "rate(t) = min + (lr - min) (1 + cos(pi t / period)) / 2",
            at(D000, 546, "Learning rate scheduling", "\\cos \\left(\\frac{t\\pi}{T}"));
    public static final FormulaRef COSINE_RECURSIVE = f("SCHED-cosine", "each rate from the previous one as PyTorch's"
            + " CosineAnnealingLR computes it", at(D000, 546, "Learning rate scheduling",
            "\\cos \\left(\\frac{t\\pi}{T}"));
    public static final FormulaRef CYCLICAL = f("SCHED-cyclical", "Smith's triangle between lr and max",
            at(D000, 552, "Learning rate scheduling", "\\text{triangular}(t)"));
    public static final FormulaRef LINEAR_DECAY = f("SCHED-linear-then-constant", "rate(t) = (1 - t / steps) lr + (t /"
            + " steps) final until t = steps, then final", at(D001, 604, "Stochastic gradient descent (SGD)",
            "(1 - \\alpha)\\epsilon_0"));
}
