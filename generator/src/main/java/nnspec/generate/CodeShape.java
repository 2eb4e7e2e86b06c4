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

    /** One layer as the emitter writes it: its plan, names and vectors. */
    record LayerCode(LayerPlan plan, String camel, String upper, String method, boolean straight, Vec in, Vec z,
            Vec a, Vec d, Vec u, Vec out) {
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

        /** Dropout: the factors (mask times scale) of the last forward pass, and the generator of its masks. */
        String dropFactors() {
            return camel + "DropFactors";
        }

        String maskDraws() {
            return camel + "MaskDraws";
        }

        boolean dropout() {
            return plan.dropout().isPresent();
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

    CodeShape(Plan plan, String className) {
        this.plan = plan;
        this.className = className;
        List<LayerPlan> planned = plan.layers();
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
                "row", "d", "i", "j", "targetSum", "fill", "values")) {
            camelNames.newName(reserved, "reserved:" + reserved);
        }
        for (String reserved : List.of("INPUT_SIZE", "OUTPUT_SIZE", "PARAMETER_COUNT", "LOG_BASE")) {
            upperNames.newName(reserved, "reserved:" + reserved);
        }
        this.input = new Vec(straight[0] ? "x" : "input", plan.network().inputSize(), !straight[0]);
        Vec in = input;
        for (int l = 0; l < n; l++) {
            LayerPlan layer = planned.get(l);
            String camel = camelNames.newName(Names.camel(layer.name()), l);
            String upper = upperNames.newName(Names.upper(layer.name()), l);
            boolean arrays = !straight[l] || (l + 1 < n && !straight[l + 1])
                    || layer.activation().kind() == ActivationPlan.Kind.COUPLED
                    || (l == n - 1 && plan.output().rule() == OutputRule.CCE_LOGITS);
            Vec z = new Vec(camel + "Z", layer.units(), arrays);
            Vec a = new Vec(camel + "A", layer.outputs(), arrays);
            Vec d = new Vec(camel + "D", layer.units(), arrays);
            Vec u = new Vec(camel + "U", layer.outputs(), true);
            // what the next layer takes: the activations, or after a dropout the activations times its factors
            Vec out = layer.dropout().isPresent() ? new Vec(camel + "Dropped", layer.outputs(), arrays) : a;
            String method = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
            layers.add(new LayerCode(layer, camel, upper, method, straight[l], in, z, a, d, u, out));
            in = out;
        }
    }

    LayerCode output() {
        return layers.get(layers.size() - 1);
    }

    /** The code of the layer a plan's penalty range or other reference names by index. */
    LayerCode layer(int index) {
        return layers.get(index);
    }
}
