package nnspec.generate;

import com.palantir.javapoet.NameAllocator;
import java.util.ArrayList;
import java.util.List;
import nnspec.lower.OutputRule;
import nnspec.lower.Plan;
import nnspec.lower.Plan.ActivationPlan;
import nnspec.lower.Plan.LayerPlan;

/**
 * The shape of the generated code for one plan, decided before anything is written: which layers are straight-line
 * and which loop, the Java names of every layer's constants, fields and methods, and whether each vector of the
 * forward and backward pass is one field per element or one array.
 */
final class CodeShape {
    /** A vector of the forward or backward pass: one field per element ({@code hiddenZ0}) or one array. */
    record Vec(String name, int size, boolean array) {
        String at(int k) {
            return array ? name + "[" + k + "]" : name + k;
        }

        String at(String index) {
            if (!array) {
                throw new IllegalStateException("loop over the scalar fields " + name + ": generator bug");
            }
            return name + "[" + index + "]";
        }

        /** Element {@code unit}: an {@link Integer} unit index, or the name of a loop variable. */
        String at(Object unit) {
            return unit instanceof Integer k ? at(k.intValue()) : at((String) unit);
        }
    }

    /**
     * One stage as the emitter writes it: its plan, names, what it takes ({@code in}) and gives ({@code out}), and
     * {@code g}, dL/d(out), where a backward step writes it (null where none does: the network's output, or a dense
     * layer whose delta the dense layer above computes directly).
     */
    record StageCode(Plan.Stage plan, String camel, String upper, String method, Vec in, Vec out, Vec g) {
        /** Dropout: the factors (mask times scale) of the last forward pass, and the generator of its masks. */
        String dropFactors() {
            return camel + "Factors";
        }

        String maskDraws() {
            return camel + "MaskDraws";
        }

        /**
         * Convolution: pre-activations and deltas; max pooling: the arg-max; batch normalisation with placement
         * before: the normalised values and dL/d(them).
         */
        Vec z() {
            return new Vec(camel + "Z", plan.outputs(), true);
        }

        Vec d() {
            return new Vec(camel + "D", plan.outputs(), true);
        }

        String argmax() {
            return camel + "Argmax";
        }

        String wOffset() {
            return upper + "_W";
        }

        String bOffset() {
            return upper + "_B";
        }
    }

    /** One dense layer as the emitter writes it: its plan, names and vectors. */
    record LayerCode(LayerPlan plan, String camel, String upper, String method, boolean straight, Vec in, Vec z,
            Vec a, Vec d, Vec u) {
        String name() {
            return plan.name();
        }

        String w(int j, int i) {
            return upper + "_W_" + j + "_" + i;
        }

        String b(int j) {
            return upper + "_B_" + j;
        }

        String wOffset() {
            return upper + "_W";
        }

        String bOffset() {
            return upper + "_B";
        }

        String inputs() {
            return upper + "_INPUTS";
        }

        String units() {
            return upper + "_UNITS";
        }

        String literal(int chunk) {
            return upper + "_LITERAL_" + chunk;
        }

        /** Randomised ReLU: the slopes of the last forward pass, and the generator they are drawn from. */
        String slopes() {
            return z.name() + "Slopes";
        }

        String slopeDraws() {
            return z.name() + "SlopeDraws";
        }

        boolean coupled() {
            return plan.activation().kind() == ActivationPlan.Kind.COUPLED;
        }

        boolean randomised() {
            return plan.activation().kind() == ActivationPlan.Kind.RANDOMISED;
        }
    }

    final Plan plan;
    final String className;
    final Vec input;
    final List<LayerCode> layers = new ArrayList<>();
    final List<StageCode> stages = new ArrayList<>();

    CodeShape(Plan plan, String className) {
        this.plan = plan;
        this.className = className;
        List<LayerPlan> planned = plan.layers();
        List<Plan.Stage> all = plan.stages();
        int n = planned.size();
        boolean[] straight = new boolean[n];
        int budget = JavaGenerator.STRAIGHT_LINE_MAX_PARAMETERS;
        for (int l = 0; l < n; l++) {
            int weights = planned.get(l).slots().layer().weightCount();
            int parameters = planned.get(l).slots().layer().parameterCount();
            straight[l] = weights <= JavaGenerator.STRAIGHT_LINE_MAX_WEIGHTS && parameters <= budget;
            if (straight[l]) {
                budget -= parameters;
            }
        }
        NameAllocator camelNames = new NameAllocator();
        NameAllocator upperNames = new NameAllocator();
        for (String reserved : List.of("x", "input", "parameters", "gradients", "p", "g", "y", "yhat", "sum",
                "row", "d", "i", "j", "k", "targetSum", "fill", "values", "training", "optimizer", "lossSum",
                "trainingSamples", "count", "banked", "bufferedSamples")) {
            camelNames.newName(reserved, "reserved:" + reserved);
        }
        for (String reserved : List.of("INPUT_SIZE", "OUTPUT_SIZE", "PARAMETER_COUNT", "LOG_BASE", "LAYER_NAMES",
                "LAYER_OFFSETS", "LAYER_WIDTHS_IN", "LAYER_WIDTHS_OUT", "GRADIENT_BUFFER")) {
            upperNames.newName(reserved, "reserved:" + reserved);
        }
        boolean firstDense = all.get(0).kind() == Plan.Stage.Kind.DENSE;
        // with batch normalisation every per-sample vector is an array, so that each sample of a batch has its own
        boolean banked = plan.batchCoupled();
        boolean scalarInput = firstDense && straight[0] && !banked;
        this.input = new Vec(scalarInput ? "x" : "input", plan.network().inputSize(), !scalarInput);
        Vec in = input;
        Vec inG = null;
        int l = 0;
        for (int s = 0; s < all.size(); s++) {
            Plan.Stage stage = all.get(s);
            String camel = camelNames.newName(Names.camel(stage.name()), s);
            String upper = upperNames.newName(Names.upper(stage.name()), s);
            String method = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
            boolean last = s == all.size() - 1;
            // dL/d(this stage's outputs) is written by the stage above, unless a dense layer above a dense layer
            // computes the delta directly
            boolean gWritten = !last && !(stage.kind() == Plan.Stage.Kind.DENSE
                    && all.get(s + 1).kind() == Plan.Stage.Kind.DENSE);
            Vec out;
            Vec g;
            switch (stage.kind()) {
                case DENSE -> {
                    LayerPlan layer = (LayerPlan) stage;
                    boolean arrays = !straight[l] || (l + 1 < n && !straight[l + 1])
                            || layer.activation().kind() == ActivationPlan.Kind.COUPLED
                            || (l == n - 1 && plan.output().rule() == OutputRule.CCE_LOGITS) || banked;
                    Vec z = new Vec(camel + "Z", layer.units(), arrays);
                    Vec a = new Vec(camel + "A", layer.outputs(), arrays);
                    Vec d = new Vec(camel + "D", layer.units(), arrays);
                    Vec u = new Vec(camel + "U", layer.outputs(), true);
                    layers.add(new LayerCode(layer, camel, upper, method, straight[l], in, z, a, d, u));
                    out = a;
                    g = !gWritten ? null : layer.activation().kind() == ActivationPlan.Kind.COUPLED ? u
                            : new Vec(camel + "G", layer.outputs(), arrays);
                    l++;
                }
                case DROPOUT -> {
                    out = new Vec(camel + "Out", stage.outputs(), in.array());
                    g = gWritten ? new Vec(camel + "G", stage.outputs(), in.array()) : null;
                }
                case FLATTEN -> {
                    out = in;
                    g = inG;
                }
                case CONV, POOL, BATCHNORM -> {
                    out = new Vec(camel + "Out", stage.outputs(), true);
                    g = gWritten ? new Vec(camel + "G", stage.outputs(), true) : null;
                }
                default -> throw new IllegalStateException("stage " + stage.kind());
            }
            stages.add(new StageCode(stage, camel, upper, method, in, out, g));
            in = out;
            inG = g;
        }
    }

    LayerCode output() {
        return layers.get(layers.size() - 1);
    }

    /** The code of the dense layer of stage {@code s}. */
    LayerCode layerOf(Plan.Stage stage) {
        return layers.get(((LayerPlan) stage).index());
    }
}
