package nnspec.grammar;

import java.util.List;
import java.util.Optional;
import nnspec.model.SourcePos;

/**
 * A .nn file as written, before any check: every word and number keeps its text and position, so the checker
 * can point at the offending token. Built from the parse tree by {@link SyntaxBuilder}, read by the checker
 * ({@code nnspec.check.Checker}, named rather than linked: the checker depends on this package, never the
 * reverse); nothing after the checker sees it.
 */
public record SpecSyntax(String fileName, Network network, Train train, Data data) {

    /** A word (name, keyword argument or string contents) where it was written. */
    public record Word(String text, SourcePos pos) {
    }

    /** A number literal as written; the checker decides whether it must be an integer. */
    public record Num(String text, SourcePos pos) {
    }

    /** A named parameter {@code key value}; the value is a number or a word, as written. */
    public record Param(Word key, Word value) {
    }

    /**
     * The network block: its input ({@code 64} or {@code 1x8x8}, as written) and its layers in the order written.
     */
    public record Network(Word name, Num inputSize, SourcePos inputPos, List<Item> items, List<Word> unknownItems,
                          SourcePos pos) {
        public Network {
            items = List.copyOf(items);
            unknownItems = List.copyOf(unknownItems);
        }

        /** The dense layers, in order. */
        public List<Dense> layers() {
            return items.stream().filter(Dense.class::isInstance).map(Dense.class::cast).toList();
        }
    }

    /** A layer of the network block; {@code pos} is that of its keyword. */
    public sealed interface Item {
        SourcePos pos();
    }

    /** {@code dropout [RATE] [params]}; {@code pos} is that of {@code dropout}. */
    public record Dropout(Optional<Num> rate, List<Param> params, SourcePos pos) implements Item {
        public Dropout {
            params = List.copyOf(params);
        }
    }

    /** {@code dense UNITS ACTIVATION [params] options...}; {@code pos} is that of {@code dense}. */
    public record Dense(Num units, Word activation, List<Param> activationParams, List<LayerOption> options,
                        SourcePos pos) implements Item {
        public Dense {
            activationParams = List.copyOf(activationParams);
            options = List.copyOf(options);
        }
    }

    /** {@code conv FILTERS KHxKW window-options... ACTIVATION [params] options...}. */
    public record Conv(Num filters, Word kernel, List<WindowOption> windowOptions, Word activation,
                       List<Param> activationParams, List<LayerOption> options, SourcePos pos) implements Item {
        public Conv {
            windowOptions = List.copyOf(windowOptions);
            activationParams = List.copyOf(activationParams);
            options = List.copyOf(options);
        }
    }

    /** {@code maxpool KHxKW window-options...} or {@code avgpool ...}; {@code kind} is the keyword. */
    public record Pool(Word kind, Word window, List<WindowOption> windowOptions, Optional<Word> name, SourcePos pos)
            implements Item {
        public Pool {
            windowOptions = List.copyOf(windowOptions);
        }
    }

    /**
     * {@code batchnorm} and its {@code key value} settings as written (epsilon, momentum, convention, placement,
     * name), checked by the checker.
     */
    public record BatchNorm(List<Param> params, SourcePos pos) implements Item {
        public BatchNorm {
            params = List.copyOf(params);
        }
    }

    /** {@code flatten}. */
    public record Flatten(SourcePos pos) implements Item {
    }

    /**
     * {@code stride S}, {@code padding ...}, {@code dilation D}, {@code ceil yes|no} or {@code count_padding
     * yes|no}: the keyword and the words or numbers after it, as written.
     */
    public record WindowOption(Word keyword, List<Word> values) {
        public WindowOption {
            values = List.copyOf(values);
        }
    }

    /** An option of a dense layer; {@code pos} is that of its keyword. */
    public sealed interface LayerOption {
        String keyword();

        SourcePos pos();
    }

    /** {@code init KIND ["PATH"] NUMBER* [seed S] [params]}; the path (without quotes) for {@code init file}. */
    public record InitOption(Word kind, Optional<Word> path, List<Num> args, Optional<Num> seed, List<Param> params,
                             SourcePos pos) implements LayerOption {
        public InitOption {
            args = List.copyOf(args);
            params = List.copyOf(params);
        }
        public String keyword() { return "init"; }
    }

    /** One row of a weights literal: the entries and the position of its {@code [}. */
    public record NumList(List<Num> values, SourcePos pos) {
        public NumList {
            values = List.copyOf(values);
        }
    }

    public record WeightsOption(List<NumList> rows, SourcePos pos) implements LayerOption {
        public WeightsOption {
            rows = List.copyOf(rows);
        }
        public String keyword() { return "weights"; }
    }

    public record BiasOption(NumList values, SourcePos pos) implements LayerOption {
        public String keyword() { return "bias"; }
    }

    public record NameOption(Word name, SourcePos pos) implements LayerOption {
        public String keyword() { return "name"; }
    }

    public record Train(List<Setting> settings, List<Word> unknownSettings, SourcePos pos) {
        public Train {
            settings = List.copyOf(settings);
            unknownSettings = List.copyOf(unknownSettings);
        }
    }

    /** A train setting; {@code pos} is that of its keyword. */
    public sealed interface Setting {
        String keyword();

        SourcePos pos();
    }

    /**
     * {@code loss KIND [base B] [params]}; the base is a number or a word such as {@code e}, taken out of the
     * parameters because every cross-entropy has one.
     */
    public record LossSetting(Word kind, Optional<Word> base, List<Param> params, SourcePos pos) implements Setting {
        public LossSetting {
            params = List.copyOf(params);
        }
        public String keyword() { return "loss"; }
    }

    /** {@code optimizer KIND lr X [params]}. */
    public record OptimizerSetting(Word kind, List<Param> params, SourcePos pos) implements Setting {
        public OptimizerSetting {
            params = List.copyOf(params);
        }
        public String keyword() { return "optimizer"; }
    }

    /** {@code rule KIND lr X [params]}. */
    public record RuleSetting(Word kind, List<Param> params, SourcePos pos) implements Setting {
        public RuleSetting {
            params = List.copyOf(params);
        }
        public String keyword() { return "rule"; }
    }

    /** {@code schedule KIND [params]}. */
    public record ScheduleSetting(Word kind, List<Param> params, SourcePos pos) implements Setting {
        public ScheduleSetting {
            params = List.copyOf(params);
        }
        public String keyword() { return "schedule"; }
    }

    /** {@code regularize KIND [params]}. */
    public record RegularizeSetting(Word kind, List<Param> params, SourcePos pos) implements Setting {
        public RegularizeSetting {
            params = List.copyOf(params);
        }
        public String keyword() { return "regularize"; }
    }

    /** {@code convention NAME}. */
    public record ConventionSetting(Word name, SourcePos pos) implements Setting {
        public String keyword() { return "convention"; }
    }

    public record EpochsSetting(Num count, SourcePos pos) implements Setting {
        public String keyword() { return "epochs"; }
    }

    public record BatchSetting(Num size, SourcePos pos) implements Setting {
        public String keyword() { return "batch"; }
    }

    public record OrderSetting(Word kind, Optional<Num> seed, SourcePos pos) implements Setting {
        public String keyword() { return "order"; }
    }

    public record TraceSetting(Num digits, SourcePos pos) implements Setting {
        public String keyword() { return "trace"; }
    }

    /** {@code early_stop [params]}. */
    public record EarlyStopSetting(List<Param> params, SourcePos pos) implements Setting {
        public EarlyStopSetting {
            params = List.copyOf(params);
        }
        public String keyword() { return "early_stop"; }
    }

    public sealed interface Data {
        SourcePos pos();

        /** The options after the data, in the order written. */
        List<DataOption> options();
    }

    /**
     * An option of the data, {@code NAME ARG...} on one line: {@code split test 0.2 seed 1}, {@code scale minmax},
     * {@code classes a b c}; each argument as written (a string without its quotes).
     */
    public record DataOption(Word name, List<Word> args, SourcePos pos) {
        public DataOption {
            args = List.copyOf(args);
        }
    }

    public record InlineData(List<Row> rows, List<DataOption> options, SourcePos pos) implements Data {
        public InlineData {
            rows = List.copyOf(rows);
            options = List.copyOf(options);
        }
    }

    /** {@code x... -> y...}; {@code pos} is that of the first number. */
    public record Row(List<Num> x, List<Num> y, SourcePos pos) {
        public Row {
            x = List.copyOf(x);
            y = List.copyOf(y);
        }
    }

    /** {@code data csv "PATH" target COLUMN, ... [options]}; {@code path} without its quotes. */
    public record CsvData(Word path, List<Word> targets, List<DataOption> options, SourcePos pos) implements Data {
        public CsvData {
            targets = List.copyOf(targets);
            options = List.copyOf(options);
        }
    }
}
