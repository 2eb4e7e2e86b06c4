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
     * The {@code inputs} columns (empty: every column but the targets, in file order) are the inputs. With one
     * target and more than one output unit the target holds a class, one-hot encoded: an index 0..k-1, or a name,
     * mapped to its index in {@code classes} when they are listed, else in order of first appearance. The
     * {@code categorical} input columns hold category names, one-hot encoded in place.
     */
    record Csv(String path, List<String> targets, List<String> inputs, List<String> classes,
               List<String> categorical, SourcePos pos) implements DataSpec {
        public Csv {
            targets = List.copyOf(targets);
            inputs = List.copyOf(inputs);
            classes = List.copyOf(classes);
            categorical = List.copyOf(categorical);
        }

        /** Without categorical columns. */
        public Csv(String path, List<String> targets, List<String> inputs, List<String> classes, SourcePos pos) {
            this(path, targets, inputs, classes, List.of(), pos);
        }

        /** One target, every other column an input, classes as indices or in order of first appearance. */
        public Csv(String path, String target, SourcePos pos) {
            this(path, List.of(target), List.of(), List.of(), pos);
        }

        public Kind kind() { return Kind.CSV; }
    }
}
