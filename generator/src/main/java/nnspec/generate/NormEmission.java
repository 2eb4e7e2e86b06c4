package nnspec.generate;

import static nnspec.generate.Names.safe;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import nnspec.generate.CodeShape.StageCode;
import nnspec.lower.Plan;
import nnspec.model.BatchNormLayer;
import nnspec.runtime.BatchNorm;
import nnspec.runtime.Initializers;

/**
 * One batch normalisation written out for its constants (features, positions per feature, epsilon, convention,
 * momentum): the runtime's {@link BatchNorm} kernels, where the formula and its citation live, specialised. Every
 * number is computed by the kernels' operations in the kernels' order: a feature's values are taken sample by
 * sample and, within a sample, position by position, the order in which {@link BatchNorm.Stage} gathers them, so
 * strict mode gives the kernels' bits (BatchNormDifferentialTest holds the generated class to the interpreter,
 * which runs the stage).
 *
 * <p>Loops with constant bounds over the features and positions and the batch's {@code count} samples; no
 * straight-line form, as a feature's statistics are sums over the whole batch, whose size is known only when it
 * runs.
 *
 * <p>Fast mode runs this same code: the one elementary function is the square root, which IEEE 754 rounds
 * correctly, so {@code Math.sqrt} and {@code StrictMath.sqrt} agree on every input and a fast twin would gain
 * nothing.
 */
final class NormEmission {
    private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);
    private static final TypeName BANK = ArrayTypeName.of(DOUBLES);

    private final StageCode stage;
    private final Plan.NormPlan norm;
    private final BatchNormLayer layer;
    private final int features;
    private final int pixels;
    private final String name;

    NormEmission(StageCode stage) {
        this.stage = stage;
        this.norm = (Plan.NormPlan) stage.plan();
        this.layer = norm.slots().layer();
        this.features = layer.features();
        this.pixels = layer.pixels();
        this.name = safe(norm.name());
    }

    private static String comment(nnspec.lower.FormulaRef formula) {
        return safe(formula.comment());
    }

    // ----- names ------------------------------------------------------------------------------------------------

    String gamma() {
        return stage.upper() + "_GAMMA";
    }

    private String beta() {
        return stage.upper() + "_BETA";
    }

    private String runningMean() {
        return stage.upper() + "_RUNNING_MEAN";
    }

    private String runningVariance() {
        return stage.upper() + "_RUNNING_VAR";
    }

    private String mean() {
        return stage.camel() + "Mean";
    }

    private String variance() {
        return stage.camel() + "Variance";
    }

    private String held() {
        return stage.camel() + "Held";
    }

    /** The normalised values: z with placement before (the activation follows), else the stage's outputs. */
    private String normalised() {
        return norm.activation().isPresent() ? stage.z().name() : stage.out().name();
    }

    /** dL/d(the normalised values): after the activation's step with placement before. */
    private String upstream() {
        return norm.activation().isPresent() ? stage.d().name() : stage.g().name();
    }

    /** The method that normalises a training batch: {@code forward<Layer>Batch(int count)}. */
    String trainingMethod() {
        return "forward" + stage.method() + "Batch";
    }

    /** The method that steps back over a training batch: {@code backward<Layer>Batch(int count)}. */
    String backwardMethod() {
        return "backward" + stage.method() + "Batch";
    }

    // ----- storage ----------------------------------------------------------------------------------------------

    /** Where gamma, beta and the running mean and variance of feature f are: the constant plus f. */
    List<FieldSpec> constants() {
        int offset = norm.offset();
        return List.of(
                constant(gamma(), offset, "gamma[f]"),
                constant(beta(), offset + features, "beta[f]"),
                constant(runningMean(), offset + 2 * features, "the running mean[f]"),
                constant(runningVariance(), offset + 3 * features, "the running variance[f]"));
    }

    private FieldSpec constant(String constant, int value, String what) {
        return FieldSpec.builder(TypeName.INT, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Layer $L: $L at $L + f.\n", name, what, constant)
                .initializer("$L", value).build();
    }

    /** The batch statistics the backward pass reads, and the running statistics kept aside around a step. */
    List<FieldSpec> fields() {
        return List.of(
                FieldSpec.builder(DOUBLES, mean(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Layer $L: the mean of each feature over the last training batch.\n", name)
                        .initializer("new double[$L]", features).build(),
                FieldSpec.builder(DOUBLES, variance(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Layer $L: the biased variance of each feature over the last training batch.\n",
                                name)
                        .initializer("new double[$L]", features).build(),
                FieldSpec.builder(DOUBLES, held(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Layer $L: the running mean and variance, kept aside during an update rule's"
                                + " step.\n", name)
                        .initializer("new double[$L]", 2 * features).build());
    }

    /** initialize()'s statements: gamma 1, beta 0, running mean 0, running variance 1. */
    CodeBlock initialization() {
        return CodeBlock.builder()
                .add("// $L: gamma 1, beta 0, running mean 0, running variance 1 (PyTorch's and Keras's initial"
                        + " values)\n", name)
                .addStatement("$T.constant(parameters, $L, $L, 1.0)", Initializers.class, gamma(), features)
                .addStatement("$T.constant(parameters, $L, $L, 0.0)", Initializers.class, beta(), features)
                .addStatement("$T.constant(parameters, $L, $L, 0.0)", Initializers.class, runningMean(), features)
                .addStatement("$T.constant(parameters, $L, $L, 1.0)", Initializers.class, runningVariance(),
                        features)
                .build();
    }

    /**
     * The running statistics aside before the update rule's step ({@code restore} false) and back after it: they
     * are state, not learnt, and a weight decay must not shrink them ({@link BatchNorm.Stage#holdRunning}).
     */
    CodeBlock holdRunning(boolean restore) {
        return restore
                ? CodeBlock.of("$T.arraycopy($L, 0, parameters, $L, $L)", System.class, held(), runningMean(),
                        2 * features)
                : CodeBlock.of("$T.arraycopy(parameters, $L, $L, 0, $L)", System.class, runningMean(), held(),
                        2 * features);
    }

    // ----- the passes -------------------------------------------------------------------------------------------

    /**
     * {@code forward<Layer>()}: LAYER-batchnorm-forward of one sample with the running statistics (evaluation,
     * {@link BatchNorm#forwardInference}); while training, whole batches go through {@link #trainingMethod()}.
     */
    MethodSpec inference(String network) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + stage.method())
                .addJavadoc("Layer $L: $L, in evaluation.\n", name, safe(norm.formula().variant()))
                .addModifiers(Modifier.PRIVATE);
        m.beginControlFlow("if (training)")
                .addStatement("throw new $T($S)", IllegalStateException.class, network
                        + " normalises whole batches while training: use forwardBatch")
                .endControlFlow();
        m.addComment("$L", comment(norm.formula()));
        m.addComment("the running mean and variance in place of the batch's, so a sample's outputs are its own");
        m.addStatement("double[] p = parameters");
        m.addStatement("double[] x = $L", stage.in().name());
        m.addStatement("double[] y = $L", normalised());
        m.beginControlFlow("for (int f = 0; f < $L; f++)", features)
                .addStatement("double mu = p[$L + f]", runningMean())
                .addStatement("double inverseStd = 1.0 / StrictMath.sqrt(p[$L + f] + $L)", runningVariance(),
                        JavaGenerator.literal(layer.epsilon()))
                .addStatement("double gamma = p[$L + f]", gamma())
                .addStatement("double beta = p[$L + f]", beta());
        if (pixels == 1) {
            m.addStatement("y[f] = gamma * ((x[f] - mu) * inverseStd) + beta");
        } else {
            m.addComment("channel f's $L positions", pixels)
                    .addStatement("int first = f * $L", pixels)
                    .beginControlFlow("for (int i = first; i < first + $L; i++)", pixels)
                    .addStatement("y[i] = gamma * ((x[i] - mu) * inverseStd) + beta")
                    .endControlFlow();
        }
        m.endControlFlow();
        if (norm.activation().isPresent()) {
            m.addStatement("activate$L()", stage.method());
        }
        return m.build();
    }

    /** Opens the loops over feature f's values in the batch: each sample k, each of the feature's positions i. */
    private void eachValue(MethodSpec.Builder m) {
        m.beginControlFlow("for (int k = 0; k < count; k++)");
        if (pixels > 1) {
            m.beginControlFlow("for (int i = first; i < first + $L; i++)", pixels);
        }
    }

    private void endEachValue(MethodSpec.Builder m) {
        m.endControlFlow();
        if (pixels > 1) {
            m.endControlFlow();
        }
    }

    /** Feature f's value in sample k of a bank. */
    private String at(String bank) {
        return bank + (pixels > 1 ? "[k][i]" : "[k][f]");
    }

    /** {@code int values = count * pixels}, the number of values of a feature in the batch. */
    private void values(MethodSpec.Builder m) {
        if (pixels > 1) {
            m.addComment("a channel's values: each of its $L positions in each sample", pixels);
            m.addStatement("int values = count * $L", pixels);
        } else {
            m.addComment("a feature's values: one in each sample");
            m.addStatement("int values = count");
        }
    }

    private void first(MethodSpec.Builder m) {
        if (pixels > 1) {
            m.addStatement("int first = f * $L", pixels);
        }
    }

    /**
     * {@code forward<Layer>Batch(count)}: LAYER-batchnorm-forward over a training batch's banks
     * ({@link BatchNorm#forwardTraining}), keeping the batch's mean and biased variance for the backward pass,
     * then the running statistics' update under the layer's convention ({@link BatchNorm#updateRunning}).
     */
    MethodSpec training() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(trainingMethod())
                .addJavadoc("Layer $L: the normalisation of a training batch's $L samples with the batch's own"
                        + " statistics, then the running statistics' update.\n", name, "count")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "count");
        values(m);
        m.beginControlFlow("if (values < 2)")
                .addStatement("throw new $T($S + count)", IllegalArgumentException.class, "batch normalisation needs"
                        + " more than one value per feature in a training batch; got a batch of ")
                .endControlFlow();
        m.addComment("$L", comment(norm.formula()));
        m.addStatement("double[] p = parameters");
        m.addStatement("$T x = $LBank", BANK, stage.in().name());
        m.addStatement("$T y = $LBank", BANK, normalised());
        boolean pytorch = norm.convention() == BatchNorm.RunningStatistics.PYTORCH;
        if (pytorch) {
            m.addComment("PyTorch's running variance averages the unbiased batch variance, values / (values - 1)"
                    + " times the biased one");
            m.addStatement("double correction = (double) values / (values - 1)");
        }
        m.beginControlFlow("for (int f = 0; f < $L; f++)", features);
        first(m);
        m.addStatement("double sum = 0.0");
        eachValue(m);
        m.addStatement("sum += $L", at("x"));
        endEachValue(m);
        m.addStatement("double mu = sum / values");
        m.addStatement("double squares = 0.0");
        eachValue(m);
        m.addStatement("double d = $L - mu", at("x"));
        m.addStatement("squares += d * d");
        endEachValue(m);
        m.addComment("the biased variance, divided by the number of values");
        m.addStatement("double variance = squares / values");
        m.addStatement("$L[f] = mu", mean());
        m.addStatement("$L[f] = variance", variance());
        m.addStatement("double inverseStd = 1.0 / StrictMath.sqrt(variance + $L)",
                JavaGenerator.literal(layer.epsilon()));
        m.addStatement("double gamma = p[$L + f]", gamma());
        m.addStatement("double beta = p[$L + f]", beta());
        eachValue(m);
        m.addStatement("$L = gamma * (($L - mu) * inverseStd) + beta", at("y"), at("x"));
        endEachValue(m);
        String momentum = JavaGenerator.literal(layer.momentum());
        if (pytorch) {
            m.addComment("PyTorch's running statistics, momentum $L: running = (1 - m) running + m batch", momentum);
            m.addStatement("p[$L + f] = (1.0 - $L) * p[$L + f] + $L * mu", runningMean(), momentum, runningMean(),
                    momentum);
            m.addStatement("p[$L + f] = (1.0 - $L) * p[$L + f] + $L * (correction * variance)", runningVariance(),
                    momentum, runningVariance(), momentum);
        } else {
            m.addComment("Keras's moving statistics, momentum $L: moving = m moving + (1 - m) batch, the biased"
                    + " variance", momentum);
            m.addStatement("p[$L + f] = $L * p[$L + f] + (1.0 - $L) * mu", runningMean(), momentum, runningMean(),
                    momentum);
            m.addStatement("p[$L + f] = $L * p[$L + f] + (1.0 - $L) * variance", runningVariance(), momentum,
                    runningVariance(), momentum);
        }
        m.endControlFlow();
        return m.build();
    }

    /**
     * {@code backward<Layer>Batch(count)}: LAYER-batchnorm-backward through the statistics of the last training
     * batch ({@link BatchNorm#backward}): dL/d(its inputs) written into {@code gradIn}'s bank, dL/dgamma and
     * dL/dbeta added to the gradients.
     */
    MethodSpec backward(String gradIn) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(backwardMethod())
                .addJavadoc("Layer $L: the backward pass through the statistics of the last training batch of $L"
                        + " samples.\n", name, "count")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "count");
        values(m);
        m.addComment("$L", comment(norm.backwardFormula()));
        m.addStatement("double[] p = parameters");
        m.addStatement("$T x = $LBank", BANK, stage.in().name());
        m.addComment("dL/dy: dL/d(the normalised values)");
        m.addStatement("$T up = $LBank", BANK, upstream());
        m.addStatement("$T gradIn = $LBank", BANK, gradIn);
        m.beginControlFlow("for (int f = 0; f < $L; f++)", features);
        first(m);
        m.addStatement("double mu = $L[f]", mean());
        m.addStatement("double inverseStd = 1.0 / StrictMath.sqrt($L[f] + $L)", variance(),
                JavaGenerator.literal(layer.epsilon()));
        m.addStatement("double sumUp = 0.0");
        m.addStatement("double sumUpXhat = 0.0");
        eachValue(m);
        m.addStatement("double xhat = ($L - mu) * inverseStd", at("x"));
        m.addStatement("sumUp += $L", at("up"));
        m.addStatement("sumUpXhat += $L * xhat", at("up"));
        endEachValue(m);
        m.addStatement("double scale = p[$L + f] * inverseStd / values", gamma());
        eachValue(m);
        m.addStatement("double xhat = ($L - mu) * inverseStd", at("x"));
        m.addStatement("$L = scale * (values * $L - sumUp - xhat * sumUpXhat)", at("gradIn"), at("up"));
        endEachValue(m);
        m.addStatement("gradients[$L + f] += sumUpXhat", gamma());
        m.addStatement("gradients[$L + f] += sumUp", beta());
        m.endControlFlow();
        return m.build();
    }
}
