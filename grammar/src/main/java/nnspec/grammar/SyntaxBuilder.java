package nnspec.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnspec.grammar.NNParser.BatchSettingContext;
import nnspec.grammar.NNParser.BiasOptionContext;
import nnspec.grammar.NNParser.ColumnNameContext;
import nnspec.grammar.NNParser.CsvDataContext;
import nnspec.grammar.NNParser.DataBlockContext;
import nnspec.grammar.NNParser.CeilOptionContext;
import nnspec.grammar.NNParser.ConvDeclContext;
import nnspec.grammar.NNParser.ConvItemContext;
import nnspec.grammar.NNParser.CountPaddingOptionContext;
import nnspec.grammar.NNParser.DenseDeclContext;
import nnspec.grammar.NNParser.DilationOptionContext;
import nnspec.grammar.NNParser.FlattenItemContext;
import nnspec.grammar.NNParser.PaddingOptionContext;
import nnspec.grammar.NNParser.PoolDeclContext;
import nnspec.grammar.NNParser.PoolItemContext;
import nnspec.grammar.NNParser.StrideOptionContext;
import nnspec.grammar.NNParser.WindowOptionContext;
import nnspec.grammar.NNParser.DenseItemContext;
import nnspec.grammar.NNParser.DropoutDeclContext;
import nnspec.grammar.NNParser.DropoutItemContext;
import nnspec.grammar.NNParser.EpochsSettingContext;
import nnspec.grammar.NNParser.InitOptionContext;
import nnspec.grammar.NNParser.InlineDataContext;
import nnspec.grammar.NNParser.LayerOptionContext;
import nnspec.grammar.NNParser.LossSettingContext;
import nnspec.grammar.NNParser.MatrixContext;
import nnspec.grammar.NNParser.NameOptionContext;
import nnspec.grammar.NNParser.NetworkBlockContext;
import nnspec.grammar.NNParser.NetworkItemContext;
import nnspec.grammar.NNParser.OptimizerSettingContext;
import nnspec.grammar.NNParser.OrderSettingContext;
import nnspec.grammar.NNParser.ParamsContext;
import nnspec.grammar.NNParser.ConventionSettingContext;
import nnspec.grammar.NNParser.RegularizeSettingContext;
import nnspec.grammar.NNParser.ScheduleSettingContext;
import nnspec.grammar.NNParser.RowContext;
import nnspec.grammar.NNParser.RuleSettingContext;
import nnspec.grammar.NNParser.SpecContext;
import nnspec.grammar.NNParser.TraceSettingContext;
import nnspec.grammar.NNParser.TrainBlockContext;
import nnspec.grammar.NNParser.TrainSettingContext;
import nnspec.grammar.NNParser.UnknownNetworkItemContext;
import nnspec.grammar.NNParser.UnknownTrainSettingContext;
import nnspec.grammar.NNParser.VectorContext;
import nnspec.grammar.NNParser.WeightsOptionContext;
import nnspec.grammar.SpecSyntax.Word;
import nnspec.grammar.SpecSyntax.Num;
import nnspec.model.SourcePos;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Turns a syntactically valid parse tree into {@link SpecSyntax}: one method per construct, each attaching the
 * position of the construct's first token. Only called when the parser reported no error, so every token the
 * grammar requires is present.
 */
final class SyntaxBuilder {
    private final String fileName;

    SyntaxBuilder(String fileName) {
        this.fileName = fileName;
    }

    SpecSyntax spec(SpecContext ctx) {
        return new SpecSyntax(fileName, network(ctx.networkBlock()), train(ctx.trainBlock()), data(ctx.dataBlock()));
    }

    SpecSyntax.Network network(NetworkBlockContext ctx) {
        List<SpecSyntax.Item> items = new ArrayList<>();
        List<Word> unknown = new ArrayList<>();
        for (NetworkItemContext item : ctx.networkItem()) {
            if (item instanceof DenseItemContext dense) {
                items.add(dense(dense.denseDecl()));
            } else if (item instanceof DropoutItemContext dropout) {
                DropoutDeclContext decl = dropout.dropoutDecl();
                items.add(new SpecSyntax.Dropout(Optional.ofNullable(decl.rate).map(this::num),
                        params(decl.params()), pos(decl)));
            } else if (item instanceof ConvItemContext conv) {
                items.add(conv(conv.convDecl()));
            } else if (item instanceof PoolItemContext pool) {
                PoolDeclContext decl = pool.poolDecl();
                items.add(new SpecSyntax.Pool(word(decl.kind), word(decl.window), windowOptions(decl.windowOption()),
                        Optional.ofNullable(decl.layerName).map(n -> word(n.getStart())), pos(decl)));
            } else if (item instanceof FlattenItemContext flatten) {
                items.add(new SpecSyntax.Flatten(pos(flatten)));
            } else if (item instanceof NNParser.BatchnormItemContext batchnorm) {
                items.add(new SpecSyntax.BatchNorm(batchnorm.batchnormDecl().batchnormParam().stream()
                        .map(p -> new SpecSyntax.Param(word(p.key), word(p.value.getStart()))).toList(),
                        pos(batchnorm)));
            } else if (item instanceof UnknownNetworkItemContext other) {
                unknown.add(word(other.word));
            } else {
                throw unexpected(item);
            }
        }
        return new SpecSyntax.Network(word(ctx.name.getStart()), num(ctx.inputDecl().size),
                pos(ctx.inputDecl()), items, unknown, pos(ctx));
    }

    SpecSyntax.Conv conv(ConvDeclContext ctx) {
        List<SpecSyntax.LayerOption> options = new ArrayList<>();
        for (LayerOptionContext option : ctx.layerOption()) {
            options.add(layerOption(option));
        }
        return new SpecSyntax.Conv(num(ctx.filters), word(ctx.kernel), windowOptions(ctx.windowOption()),
                word(ctx.activation), params(ctx.params()), options, pos(ctx));
    }

    List<SpecSyntax.WindowOption> windowOptions(List<WindowOptionContext> options) {
        List<SpecSyntax.WindowOption> result = new ArrayList<>();
        for (WindowOptionContext option : options) {
            List<Word> values = new ArrayList<>();
            if (option instanceof StrideOptionContext stride) {
                values.add(word(stride.value));
            } else if (option instanceof PaddingOptionContext padding) {
                if (padding.word != null) {
                    values.add(word(padding.word));
                }
                padding.sides.forEach(side -> values.add(word(side)));
            } else if (option instanceof DilationOptionContext dilation) {
                values.add(word(dilation.value));
            } else if (option instanceof CeilOptionContext ceil) {
                values.add(word(ceil.choice));
            } else if (option instanceof CountPaddingOptionContext count) {
                values.add(word(count.choice));
            } else {
                throw unexpected(option);
            }
            result.add(new SpecSyntax.WindowOption(word(option.getStart()), values));
        }
        return result;
    }

    SpecSyntax.Dense dense(DenseDeclContext ctx) {
        List<SpecSyntax.LayerOption> options = new ArrayList<>();
        for (LayerOptionContext option : ctx.layerOption()) {
            options.add(layerOption(option));
        }
        return new SpecSyntax.Dense(num(ctx.units), word(ctx.activation), params(ctx.params()), options, pos(ctx));
    }

    SpecSyntax.LayerOption layerOption(LayerOptionContext ctx) {
        if (ctx instanceof InitOptionContext init) {
            return initOption(init);
        } else if (ctx instanceof WeightsOptionContext weights) {
            return new SpecSyntax.WeightsOption(matrix(weights.matrix()), pos(ctx));
        } else if (ctx instanceof BiasOptionContext bias) {
            return new SpecSyntax.BiasOption(vector(bias.vector()), pos(ctx));
        } else if (ctx instanceof NameOptionContext name) {
            return new SpecSyntax.NameOption(word(name.layerName.getStart()), pos(ctx));
        }
        throw unexpected(ctx);
    }

    SpecSyntax.InitOption initOption(InitOptionContext ctx) {
        return new SpecSyntax.InitOption(word(ctx.kind), Optional.ofNullable(ctx.path).map(this::string),
                nums(ctx.args), Optional.ofNullable(ctx.seed).map(this::num), params(ctx.params()), pos(ctx));
    }

    List<SpecSyntax.NumList> matrix(MatrixContext ctx) {
        return ctx.vector().stream().map(this::vector).toList();
    }

    SpecSyntax.NumList vector(VectorContext ctx) {
        return new SpecSyntax.NumList(nums(ctx.NUMBER().stream().map(n -> n.getSymbol()).toList()), pos(ctx));
    }

    SpecSyntax.Train train(TrainBlockContext ctx) {
        List<SpecSyntax.Setting> settings = new ArrayList<>();
        List<Word> unknown = new ArrayList<>();
        for (TrainSettingContext setting : ctx.trainSetting()) {
            if (setting instanceof UnknownTrainSettingContext other) {
                unknown.add(word(other.word));
            } else {
                settings.add(trainSetting(setting));
            }
        }
        return new SpecSyntax.Train(settings, unknown, pos(ctx));
    }

    SpecSyntax.Setting trainSetting(TrainSettingContext ctx) {
        if (ctx instanceof LossSettingContext loss) {
            List<SpecSyntax.Param> params = new ArrayList<>(params(loss.params()));
            Optional<SpecSyntax.Param> base = params.stream().filter(p -> p.key().text().equals("base")).findFirst();
            base.ifPresent(params::remove);
            return new SpecSyntax.LossSetting(word(loss.kind), base.map(SpecSyntax.Param::value), params, pos(ctx));
        } else if (ctx instanceof OptimizerSettingContext optimizer) {
            return new SpecSyntax.OptimizerSetting(word(optimizer.kind), params(optimizer.params()), pos(ctx));
        } else if (ctx instanceof RuleSettingContext rule) {
            return new SpecSyntax.RuleSetting(word(rule.kind), params(rule.params()), pos(ctx));
        } else if (ctx instanceof ScheduleSettingContext schedule) {
            return new SpecSyntax.ScheduleSetting(word(schedule.kind), params(schedule.params()), pos(ctx));
        } else if (ctx instanceof RegularizeSettingContext regularize) {
            return new SpecSyntax.RegularizeSetting(word(regularize.kind), params(regularize.params()), pos(ctx));
        } else if (ctx instanceof ConventionSettingContext convention) {
            return new SpecSyntax.ConventionSetting(word(convention.kind), pos(ctx));
        } else if (ctx instanceof EpochsSettingContext epochs) {
            return new SpecSyntax.EpochsSetting(num(epochs.count), pos(ctx));
        } else if (ctx instanceof BatchSettingContext batch) {
            return new SpecSyntax.BatchSetting(num(batch.size), pos(ctx));
        } else if (ctx instanceof OrderSettingContext order) {
            return new SpecSyntax.OrderSetting(word(order.kind), Optional.ofNullable(order.seed).map(this::num),
                    pos(ctx));
        } else if (ctx instanceof TraceSettingContext trace) {
            return new SpecSyntax.TraceSetting(num(trace.digits), pos(ctx));
        } else if (ctx instanceof NNParser.EarlyStopSettingContext stop) {
            return new SpecSyntax.EarlyStopSetting(params(stop.params()), pos(ctx));
        }
        throw unexpected(ctx);
    }

    SpecSyntax.Data data(DataBlockContext ctx) {
        if (ctx instanceof InlineDataContext inline) {
            return new SpecSyntax.InlineData(inline.row().stream().map(this::row).toList(),
                    dataOptions(inline.dataOption()), pos(ctx));
        } else if (ctx instanceof CsvDataContext csv) {
            return new SpecSyntax.CsvData(string(csv.path), csv.columns.stream().map(this::column).toList(),
                    dataOptions(csv.dataOption()), pos(ctx));
        }
        throw unexpected(ctx);
    }

    List<SpecSyntax.DataOption> dataOptions(List<NNParser.DataOptionContext> options) {
        return options.stream().map(o -> new SpecSyntax.DataOption(word(o.key),
                o.args.stream().map(a -> a.STRING() != null ? string(a.STRING().getSymbol()) : word(a.getStart()))
                        .toList(), pos(o))).toList();
    }

    SpecSyntax.Row row(RowContext ctx) {
        return new SpecSyntax.Row(nums(ctx.x), nums(ctx.y), pos(ctx));
    }

    List<SpecSyntax.Param> params(ParamsContext ctx) {
        return ctx.param().stream()
                .map(p -> new SpecSyntax.Param(word(p.key.getStart()), word(p.value.getStart())))
                .toList();
    }

    Word column(ColumnNameContext ctx) {
        return ctx.STRING() != null ? string(ctx.STRING().getSymbol()) : word(ctx.getStart());
    }

    // ---- tokens ----

    private Word word(Token token) {
        return new Word(token.getText(), pos(token));
    }

    /** A STRING token without its quotes, positioned at the opening quote. */
    private Word string(Token token) {
        String text = token.getText();
        return new Word(text.substring(1, text.length() - 1), pos(token));
    }

    private Num num(Token token) {
        return new Num(token.getText(), pos(token));
    }

    private List<Num> nums(List<Token> tokens) {
        return tokens.stream().map(this::num).toList();
    }

    private SourcePos pos(ParserRuleContext ctx) {
        return pos(ctx.getStart());
    }

    SourcePos pos(Token token) {
        return new SourcePos(fileName, token.getLine(), token.getCharPositionInLine() + 1);
    }

    private static IllegalStateException unexpected(ParserRuleContext ctx) {
        return new IllegalStateException("grammar and SyntaxBuilder disagree: " + ctx.getClass().getSimpleName());
    }
}
