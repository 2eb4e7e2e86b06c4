package nnspec.diagnostics;

/**
 * The catalogue of diagnostics: every error nnspec reports about a spec or its data has one of these stable
 * codes. Each code has a test that shows its input and the exact line it prints; docs/language.md lists them.
 */
public enum DiagnosticCode {
    // reading
    FILE_READ("file-read", Stage.READ, "the spec file cannot be read, is not UTF-8, or is over 1 MiB"),

    // syntax
    SYNTAX("syntax", Stage.SYNTAX, "the text does not follow the grammar"),

    // names
    UNKNOWN_KEYWORD("unknown-keyword", Stage.CHECK,
            "an unknown network item, layer option, train setting or named parameter"),
    UNKNOWN_ACTIVATION("unknown-activation", Stage.CHECK, "an activation that is not one of the language's"),
    UNKNOWN_INIT("unknown-init", Stage.CHECK, "an init kind that is not one of the language's"),
    UNKNOWN_LOSS("unknown-loss", Stage.CHECK, "a loss that is not one of the language's"),
    UNKNOWN_OPTIMIZER("unknown-optimizer", Stage.CHECK, "an optimizer that is not one of the language's"),
    UNKNOWN_RULE("unknown-rule", Stage.CHECK, "an update rule that is not one of the language's"),
    UNKNOWN_ORDER("unknown-order", Stage.CHECK, "a sample order other than fixed or shuffled"),
    UNKNOWN_SCHEDULE("unknown-schedule", Stage.CHECK, "a learning-rate schedule that is not one of the language's"),
    UNKNOWN_REGULARIZER("unknown-regularizer", Stage.CHECK, "a norm penalty other than l1, l2 or elastic"),
    UNKNOWN_CONVENTION("unknown-convention", Stage.CHECK, "a convention other than pytorch or keras"),

    // settings
    DUPLICATE_SETTING("duplicate-setting", Stage.CHECK, "a train setting or layer option given twice"),
    DUPLICATE_NAME("duplicate-name", Stage.CHECK, "two layers with the same name"),
    MISSING_SETTING("missing-setting", Stage.CHECK,
            "a required part is absent: epochs, an optimizer or rule, a dense layer, weights for a bias"),
    CONFLICTING_SETTINGS("conflicting-settings", Stage.CHECK,
            "two settings that exclude each other: optimizer and rule, init and weights"),
    BAD_ARGUMENTS("bad-arguments", Stage.CHECK,
            "a setting with the wrong number or kind of arguments (init constant without a value, ...)"),

    // numbers
    NOT_INTEGER("not-integer", Stage.CHECK, "a fractional number where an integer is required"),
    OUT_OF_RANGE("out-of-range", Stage.CHECK,
            "a number outside its allowed range (units < 1, trace digits > 17, beta outside [0, 1), a negative"
                    + " lambda, a literal too large, ...)"),
    LEARNING_RATE("learning-rate", Stage.CHECK, "a learning rate that is not a positive finite number"),
    UNIFORM_RANGE("uniform-range", Stage.CHECK, "init uniform with low >= high"),
    INIT_FILE("init-file", Stage.CHECK,
            "an init file that cannot be read or lies outside the spec's folder (without --allow-read), or whose rows"
                    + " are not one per unit of weights then bias"),
    LOG_BASE("log-base", Stage.CHECK, "a logarithm base that is not positive, is 1, or is not a number or e"),

    // shapes
    WEIGHTS_SHAPE("weights-shape", Stage.CHECK, "a weights literal that is not units x inputs"),
    BIAS_LENGTH("bias-length", Stage.CHECK, "a bias literal without one entry per unit"),
    SOFTMAX_UNITS("softmax-units", Stage.CHECK, "softmax on a layer of one unit"),
    SOFTMAX_POSITION("softmax-position", Stage.CHECK, "softmax on a layer that is not the output layer"),
    DROPOUT_POSITION("dropout-position", Stage.CHECK, "dropout after the output layer"),
    SHAPE_MISMATCH("shape-mismatch", Stage.CHECK,
            "a layer given a shape it does not take: dense on an image, conv or pooling on a vector, a kernel or"
                    + " window larger than its padded input"),
    OUTPUT_LAYER("output-layer", Stage.CHECK, "a network whose last layer is not a dense layer"),
    BATCHNORM_POSITION("batchnorm-position", Stage.CHECK,
            "batchnorm not right after a dense or conv layer, or placement before on an activation that is not"
                    + " elementwise or draws at random"),
    BATCHNORM_BATCH("batchnorm-batch", Stage.CHECK,
            "batchnorm trained on batches of one value per feature (batch 1 after a dense layer or a 1x1 image)"),

    // loss, output and update rule
    SOFTMAX_NEEDS_CCE("softmax-needs-cce", Stage.CHECK, "a softmax output trained with a loss other than cce"),
    CCE_NEEDS_SOFTMAX("cce-needs-softmax", Stage.CHECK, "loss cce on an output layer that is not softmax"),
    BCE_NEEDS_SIGMOID("bce-needs-sigmoid", Stage.CHECK, "loss bce on an output layer that is not sigmoid"),
    LOGITS_NEED_LINEAR("logits-need-linear", Stage.CHECK, "a loss from logits on an output layer that is not linear"),
    MISSING_LOSS("missing-loss", Stage.CHECK, "a gradient-based optimizer without a loss"),
    PERCEPTRON_NETWORK("perceptron-network", Stage.CHECK,
            "the perceptron rule on a network that is not one dense step or sign layer"),

    // data
    DATA_WIDTH("data-width", Stage.CHECK, "an inline row whose inputs or targets do not fit the network"),
    NO_DATA("no-data", Stage.CHECK, "a data block or data file without rows"),
    TARGET_RANGE("target-range", Stage.CHECK,
            "a target the loss cannot take: bce outside [0, 1], cce rows that are not distributions, perceptron"
                    + " labels other than its unit's"),
    DATA_FILE("data-file", Stage.DATA,
            "the CSV data file cannot be read, or lies outside the spec's folder (without --allow-read)"),
    CSV_HEADER("csv-header", Stage.DATA, "the CSV file has no header row, or a column name twice"),
    CSV_TARGET("csv-target", Stage.DATA, "the target column is not in the CSV header"),
    CSV_INPUTS("csv-inputs", Stage.DATA, "the CSV file's input columns do not match the network's input size"),
    CSV_COLUMNS("csv-columns", Stage.DATA, "a CSV row with a different number of cells than the header"),
    CSV_NUMBER("csv-number", Stage.DATA, "a CSV cell that is not a finite decimal number"),
    CSV_CLASS("csv-class", Stage.DATA, "a class index that is not an integer 0..k-1 for k output units"),
    CSV_CATEGORY("csv-category", Stage.DATA, "a categorical input cell whose category the training part does not hold"),
    TOO_MANY_ERRORS("too-many-errors", Stage.DATA,
            "reporting stopped after 50 errors in one data file (or 50 syntax errors in one spec)");

    /** When a diagnostic is found: reading the file, parsing, checking the spec, or loading the data. */
    public enum Stage { READ, SYNTAX, CHECK, DATA }

    private final String id;
    private final Stage stage;
    private final String summary;

    DiagnosticCode(String id, Stage stage, String summary) {
        this.id = id;
        this.stage = stage;
        this.summary = summary;
    }

    /** The stable code, as stored in {@link Diagnostic#code()}. */
    public String id() {
        return id;
    }

    public Stage stage() {
        return stage;
    }

    /** One line saying what the diagnostic reports. */
    public String summary() {
        return summary;
    }

    @Override
    public String toString() {
        return id;
    }
}
