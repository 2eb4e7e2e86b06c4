package nnspec.generate;

import static nnspec.lower.KernelCall.Operand.A;
import static nnspec.lower.KernelCall.Operand.A_VECTOR;
import static nnspec.lower.KernelCall.Operand.BATCH_SIZE;
import static nnspec.lower.KernelCall.Operand.BIASES_FROM;
import static nnspec.lower.KernelCall.Operand.DELTA;
import static nnspec.lower.KernelCall.Operand.GRADIENTS;
import static nnspec.lower.KernelCall.Operand.INPUT_VECTOR;
import static nnspec.lower.KernelCall.Operand.WEIGHTS_FROM;
import static nnspec.lower.KernelCall.Operand.Z;
import static nnspec.lower.KernelCall.Operand.Z_VECTOR;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import nnspec.generate.CodeShape.LayerCode;
import nnspec.lower.BatchWise;
import nnspec.lower.Citations;
import nnspec.lower.Plan.ActivationPlan;
import nnspec.runtime.FastDense;

/**
 * The batch-wise training steps of a plan that {@link BatchWise#pays}: {@code stepsByBatch()}, {@code forwardBatch},
 * {@code sample} and {@code backwardBatch} over the whole mini-batch, each dense layer's products by {@link
 * FastDense}'s batched kernels and the per-sample work (activations, output delta) sample by sample in between, as
 * the interpreter's batch path does. Every layer is loop-form (more weights than any straight-line layer), so the
 * per-sample arrays the output delta and the loss read exist, and the per-sample methods serve evaluation.
 */
final class BatchEmission {
    private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);

    private final CodeShape shape;
    private final List<FieldSpec> fields = new ArrayList<>();
    private final List<MethodSpec> methods = new ArrayList<>();

    BatchEmission(CodeShape shape) {
        this.shape = shape;
        if (!BatchWise.pays(shape.plan) || shape.layers.stream().anyMatch(LayerCode::straight)) {
            throw new IllegalStateException("batch-wise steps for a plan that does not pay: generator bug");
        }
        storage();
        forwardBatch();
        sample();
        backwardBatch();
    }

    List<FieldSpec> fields() {
        return fields;
    }

    List<MethodSpec> methods() {
        return methods;
    }

    private static String batchZ(LayerCode layer) {
        return layer.camel() + "BatchZ";
    }

    private static String batchA(LayerCode layer) {
        return layer.camel() + "BatchA";
    }

    private static String batchD(LayerCode layer) {
        return layer.camel() + "BatchD";
    }

    /** The batch rows of layer {@code l}'s input: the batch's inputs, or the activations of the layer below. */
    private String batchIn(int l) {
        return l == 0 ? "batchInputs" : batchA(shape.layers.get(l - 1));
    }

    private void storage() {
        fields.add(FieldSpec.builder(TypeName.INT, "batchRows", Modifier.PRIVATE)
                .addJavadoc("The samples the batch arrays have rows for.\n").build());
        fields.add(FieldSpec.builder(DOUBLES, "batchInputs", Modifier.PRIVATE)
                .addJavadoc("The inputs of the last forwardBatch, one row per sample.\n")
                .initializer("new double[0]").build());
        MethodSpec.Builder rows = MethodSpec.methodBuilder("batchRows")
                .addJavadoc("Rows for $L samples in every batch array (they grow to the largest batch, then stay).\n",
                        "count")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "count")
                .beginControlFlow("if (count <= batchRows)")
                .addStatement("return")
                .endControlFlow()
                .addStatement("batchInputs = new double[count * INPUT_SIZE]");
        for (LayerCode layer : shape.layers) {
            String name = Names.safe(layer.name());
            for (String[] array : new String[][] {{batchZ(layer), "pre-activations z"},
                {batchA(layer), "activations a = f(z)"}, {batchD(layer), "deltas dL/dz"}}) {
                fields.add(FieldSpec.builder(DOUBLES, array[0], Modifier.PRIVATE)
                        .addJavadoc("Layer $L: the batch's $L, one row per sample.\n", name, array[1])
                        .initializer("new double[0]").build());
                rows.addStatement("$L = new double[count * $L]", array[0], layer.units());
            }
        }
        methods.add(rows.addStatement("batchRows = count").build());
        methods.add(override("stepsByBatch", TypeName.BOOLEAN)
                .addJavadoc("Fast numeric mode, large dense layers: a training step runs each layer over the whole"
                        + " batch as matrix-matrix products.\n")
                .addStatement("return true").build());
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private void forwardBatch() {
        MethodSpec.Builder m = override("forwardBatch", TypeName.VOID)
                .addParameter(ArrayTypeName.of(DOUBLES), "x")
                .addParameter(ArrayTypeName.of(DOUBLES), "yhat")
                .addParameter(TypeName.INT, "count")
                .addStatement("batchRows(count)")
                .beginControlFlow("for (int k = 0; k < count; k++)")
                .addStatement("$T.arraycopy(x[k], 0, batchInputs, k * INPUT_SIZE, INPUT_SIZE)", System.class)
                .endControlFlow();
        for (int l = 0; l < shape.layers.size(); l++) {
            LayerCode layer = shape.layers.get(l);
            m.addComment("$L, over the batch: Z = X W^T + b, each sample's sums in the one-sample order",
                    Emitter.comment(Citations.AFFINE));
            m.addStatement("$T.forward($L, 0, count, $L, $L, parameters, $L, $L, $L, 0)", FastDense.class,
                    batchIn(l), layer.inputs(), layer.units(), layer.wOffset(), layer.bOffset(), batchZ(layer));
            m.addComment("$L", Emitter.comment(layer.plan().activation().formula()));
            if (layer.plan().activation() instanceof ActivationPlan.Elementwise act) {
                m.beginControlFlow("for (int k = 0; k < count * $L; k++)", layer.units())
                        .addStatement("$L[k] = $L", batchA(layer), act.value().code(Emitter.bind(Z,
                                batchZ(layer) + "[k]")))
                        .endControlFlow();
            } else {
                // the output layer's activation couples its units (BatchWise): sample by sample
                ActivationPlan.Coupled act = (ActivationPlan.Coupled) layer.plan().activation();
                m.beginControlFlow("for (int k = 0; k < count; k++)")
                        .addStatement("$T.arraycopy($L, k * $L, $L, 0, $L)", System.class, batchZ(layer),
                                layer.units(), layer.z().name(), layer.units())
                        .addStatement("$L", act.forward().code(Emitter.bind(Z_VECTOR, layer.z().name(), A_VECTOR,
                                layer.a().name())))
                        .addStatement("$T.arraycopy($L, 0, $L, k * $L, $L)", System.class, layer.a().name(),
                                batchA(layer), layer.units(), layer.units())
                        .endControlFlow();
            }
        }
        LayerCode out = shape.output();
        m.beginControlFlow("for (int k = 0; k < count; k++)")
                .addStatement("$T.arraycopy($L, k * OUTPUT_SIZE, yhat[k], 0, OUTPUT_SIZE)", System.class,
                        batchA(out))
                .endControlFlow()
                .addStatement("sample(count - 1)");
        methods.add(m.build());
    }

    private void sample() {
        LayerCode out = shape.output();
        methods.add(override("sample", TypeName.VOID)
                .addParameter(TypeName.INT, "k")
                .addComment("the output layer's row k where loss(), the output delta and the accessors read it")
                .addStatement("$T.arraycopy($L, k * OUTPUT_SIZE, $L, 0, OUTPUT_SIZE)", System.class, batchZ(out),
                        out.z().name())
                .addStatement("$T.arraycopy($L, k * OUTPUT_SIZE, $L, 0, OUTPUT_SIZE)", System.class, batchA(out),
                        out.a().name())
                .build());
    }

    private void backwardBatch() {
        LayerCode out = shape.output();
        MethodSpec.Builder m = override("backwardBatch", TypeName.VOID)
                .addParameter(ArrayTypeName.of(DOUBLES), "y")
                .addParameter(TypeName.INT, "count")
                .addComment("BP-output-delta, sample by sample")
                .beginControlFlow("for (int k = 0; k < count; k++)")
                .addStatement("sample(k)")
                .addStatement("delta$L(y[k])", out.method())
                .addStatement("$T.arraycopy($L, 0, $L, k * OUTPUT_SIZE, OUTPUT_SIZE)", System.class, out.d().name(),
                        batchD(out))
                .endControlFlow();
        for (int l = shape.layers.size() - 1; l >= 0; l--) {
            LayerCode layer = shape.layers.get(l);
            m.addComment("$L, over the batch (each element adds its samples' terms in sample order)",
                    Emitter.comment(Citations.PARAMETER_GRADIENTS));
            m.addStatement(layer.plan().gradients().code(Emitter.bind(INPUT_VECTOR, batchIn(l), DELTA, batchD(layer),
                    BATCH_SIZE, "count", GRADIENTS, "gradients", WEIGHTS_FROM, layer.wOffset(), BIASES_FROM,
                    layer.bOffset())));
            if (l == 0) {
                continue;
            }
            LayerCode below = shape.layers.get(l - 1);
            ActivationPlan.Elementwise act = (ActivationPlan.Elementwise) below.plan().activation();
            m.addComment("$L, over the batch: each sum from 0.0 over the units in order, then times f'(z)",
                    Emitter.comment(Citations.HIDDEN_DELTA));
            m.addStatement("$T.backwardInput($L, 0, count, $L, $L, parameters, $L, $L, 0)", FastDense.class,
                    batchD(layer), layer.inputs(), layer.units(), layer.wOffset(), batchD(below));
            m.addComment("$L", Emitter.comment(act.derivativeFormula()));
            m.beginControlFlow("for (int k = 0; k < count * $L; k++)", below.units())
                    .addStatement("$L[k] *= $L", batchD(below), act.derivative().code(Emitter.bind(Z,
                            batchZ(below) + "[k]", A, batchA(below) + "[k]")))
                    .endControlFlow();
        }
        methods.add(m.build());
    }
}
