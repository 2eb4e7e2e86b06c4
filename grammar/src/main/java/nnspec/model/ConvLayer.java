package nnspec.model;

/**
 * A two-dimensional convolution (PyTorch {@code Conv2d}, Keras {@code Conv2D}): {@code filters} kernels of
 * {@code kernelH x kernelW} taps over every input channel, a bias per filter, then an elementwise activation.
 * The forward pass is the cross-correlation of 003_be7c2a3ed43414a9.txt's "Convolutional Layer" with stride,
 * dilation and zero padding ({@code nnspec.runtime.Convolution}).
 *
 * @param strideH   the step between output rows (PyTorch's {@code stride[0]}); strideW between columns
 * @param dilationH the spacing of the taps down a column (PyTorch's {@code dilation[0]}); dilationW along a row
 * @param padding   top, bottom, left, right: the zero rows and columns added on each side
 */
public record ConvLayer(String name, Shape input, int filters, int kernelH, int kernelW, int strideH, int strideW,
                        int dilationH, int dilationW, Padding padding, Activation activation, Params activationParams, Init init, Shape output,
                        SourcePos pos) implements Layer {

    /** Zero rows and columns on each side, in the order the language writes them. */
    public record Padding(int top, int bottom, int left, int right) {
        @Override
        public String toString() {
            return top == bottom && top == left && top == right ? Integer.toString(top)
                    : top + "," + bottom + "," + left + "," + right;
        }
    }

    /** The stride as the language writes it: {@code S} when both axes agree, else {@code SHxSW}. */
    public String strideText() {
        return pair(strideH, strideW);
    }

    /** The dilation as the language writes it: {@code D} or {@code DHxDW}. */
    public String dilationText() {
        return pair(dilationH, dilationW);
    }

    static String pair(int rows, int columns) {
        return rows == columns ? Integer.toString(rows) : rows + "x" + columns;
    }

    @Override
    public Kind kind() {
        return Kind.CONV;
    }

    @Override
    public int inputs() {
        return input.size();
    }

    @Override
    public int outputs() {
        return output.size();
    }

    /** Taps per filter: input channels x kernel height x kernel width, the fan-in of each output. */
    public int fanIn() {
        return input.channels() * kernelH * kernelW;
    }

    /** Filters x kernel height x kernel width, the fan-out PyTorch and Keras use for convolution kernels. */
    public int fanOut() {
        return filters * kernelH * kernelW;
    }

    public int weightCount() {
        return filters * fanIn();
    }

    public int parameterCount() {
        return weightCount() + filters;
    }
}
