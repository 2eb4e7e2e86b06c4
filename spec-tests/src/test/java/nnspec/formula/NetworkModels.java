package nnspec.formula;

import java.util.Locale;
import nnspec.diagnostics.SpecException;
import nnspec.interpret.Interpreter;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;

/**
 * Small dense networks on the reference interpreter, built from .nn text, and a few plain matrix helpers written
 * here (independent of the interpreter) to state the documents' formulas against it.
 */
final class NetworkModels {
    private NetworkModels() {
    }

    /**
     * A network of {@code inputs} inputs and dense layers {@code "units activation"}, trained by
     * {@code trainLines}; one inline data row, inputs 0 and a one-hot target (the tests feed their own).
     */
    static Spec spec(int inputs, String trainLines, String... layers) {
        StringBuilder text = new StringBuilder("network Net {\n  input ").append(inputs).append('\n');
        for (String layer : layers) {
            text.append("  dense ").append(layer).append('\n');
        }
        text.append("}\ntrain {\n").append(trainLines).append("\n}\ndata {\n ");
        for (int i = 0; i < inputs; i++) {
            text.append(" 0");
        }
        text.append(" ->");
        int outputs = Integer.parseInt(layers[layers.length - 1].trim().split("\\s+")[0]);
        // a one-hot row, which every loss and rule takes (cce needs a distribution, sign perceptron -1 or 1)
        for (int j = 0; j < outputs; j++) {
            text.append(j == 0 ? " 1" : " 0");
        }
        text.append("\n}\n");
        try {
            return SpecReader.parse("net.nn", text.toString());
        } catch (SpecException e) {
            throw new AssertionError("spec did not parse: " + e.getMessage() + "\n" + text, e);
        }
    }

    static Interpreter interpreter(int inputs, String loss, String... layers) {
        Spec spec = spec(inputs, "  loss " + loss + "\n  optimizer sgd lr 0.1\n  epochs 1\n  batch 1\n  order fixed",
                layers);
        return new Interpreter(spec.network(), spec.train());
    }

    /** Layer l's weight w[j][i] index in the flat layout of {@link Model}. */
    static int weight(int offset, int inputs, int j, int i) {
        return offset + j * inputs + i;
    }

    static int bias(int offset, int inputs, int units, int j) {
        return offset + inputs * units + j;
    }

    /** Out = W in + b for W stored unit by unit (w[j][i] at from + j * in.length + i), b after it. */
    static double[] affine(double[] p, int from, double[] in, int units) {
        double[] z = new double[units];
        for (int j = 0; j < units; j++) {
            double sum = 0.0;
            for (int i = 0; i < in.length; i++) {
                sum += p[from + j * in.length + i] * in[i];
            }
            z[j] = sum + p[from + in.length * units + j];
        }
        return z;
    }

    static double[] forward(Model model, double[] x) {
        double[] yhat = new double[model.outputSize()];
        model.forward(x, yhat);
        return yhat;
    }

    /** Sum of sample losses over {@code data}. */
    static double lossSum(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        double sum = 0.0;
        for (int n = 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            sum += model.loss(data.y()[n]);
        }
        return sum;
    }

    /** The summed gradient over {@code data} from the model's backward pass. */
    static double[] gradientSum(Model model, Dataset data) {
        double[] yhat = new double[model.outputSize()];
        model.zeroGradients();
        for (int n = 0; n < data.size(); n++) {
            model.forward(data.x()[n], yhat);
            model.backward(data.y()[n]);
        }
        return model.gradients().clone();
    }

    /** The loss as a function of the parameter vector, for finite differences. */
    static double lossAt(Model model, Dataset data, double[] parameters) {
        double[] p = model.parameters();
        double[] saved = p.clone();
        System.arraycopy(parameters, 0, p, 0, p.length);
        double loss = lossSum(model, data);
        System.arraycopy(saved, 0, p, 0, p.length);
        return loss;
    }

    static String row(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s", v[i]));
        }
        return s.append(']').toString();
    }
}
