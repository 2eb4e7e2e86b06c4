package nnspec.model;

/**
 * Max or average pooling per channel over {@code windowH x windowW} windows (PyTorch {@code MaxPool2d} and
 * {@code AvgPool2d}; 003_be7c2a3ed43414a9.txt, "Pooling Layer"), with the runtime's kernels
 * ({@code nnspec.runtime.Pooling}).
 *
 * @param strideH      the step between windows down the rows (PyTorch's {@code stride[0]}); strideW across
 * @param ceil         whether the output size rounds up (PyTorch's {@code ceil_mode})
 * @param countPadding average only: whether padded cells count in the divisor (PyTorch's
 *                     {@code count_include_pad})
 */
public record PoolLayer(String name, Mode mode, Shape input, int windowH, int windowW, int strideH, int strideW,
                        ConvLayer.Padding padding, boolean ceil, boolean countPadding, Shape output, SourcePos pos)
        implements Layer {

    /** What a window gives: its largest value or its mean. */
    public enum Mode {
        MAX("maxpool"), AVERAGE("avgpool");

        private final String keyword;

        Mode(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** The stride as the language writes it: {@code S} when both axes agree, else {@code SHxSW}. */
    public String strideText() {
        return ConvLayer.pair(strideH, strideW);
    }

    @Override
    public Kind kind() {
        return Kind.POOL;
    }

    @Override
    public int inputs() {
        return input.size();
    }

    @Override
    public int outputs() {
        return output.size();
    }
}
