package nnspec.model;

import java.util.List;

/** Where the training data comes from. Consumers dispatch on {@link #kind()}. */
public sealed interface DataSpec {
    enum Kind { INLINE, CSV }

    Kind kind();

    SourcePos pos();

    /** One inline row {@code x1 x2 ... -> y1 ...}. */
    record Row(List<Double> x, List<Double> y, SourcePos pos) {
        public Row {
            x = List.copyOf(x);
            y = List.copyOf(y);
        }
    }

    record Inline(List<Row> rows, SourcePos pos) implements DataSpec {
        public Inline {
            rows = List.copyOf(rows);
        }
        public Kind kind() { return Kind.INLINE; }
    }

    /**
     * A CSV file with a header row; {@code path} is as written in the spec, resolved against the spec's folder.
     * Every column but {@code target} is an input, in file order. With more than one output unit the target
     * holds a class index 0..k-1 and is one-hot encoded.
     */
    record Csv(String path, String target, SourcePos pos) implements DataSpec {
        public Kind kind() { return Kind.CSV; }
    }
}
