package nnspec.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnspec.lower.Layout.LayerSlots;
import nnspec.model.Optimizer;
import nnspec.model.Params;
import nnspec.model.Regularizer;
import nnspec.model.Schedule;
import nnspec.model.TrainSpec;
import nnspec.runtime.Regularization;
import nnspec.runtime.optim.AdaDelta;
import nnspec.runtime.optim.AdaGrad;
import nnspec.runtime.optim.Adam;
import nnspec.runtime.optim.Cosine;
import nnspec.runtime.optim.Cyclical;
import nnspec.runtime.optim.EpsilonPlacement;
import nnspec.runtime.optim.Exponential;
import nnspec.runtime.optim.InverseTime;
import nnspec.runtime.optim.LinearThenConstant;
import nnspec.runtime.optim.RecursiveCosine;
import nnspec.runtime.optim.Momentum;
import nnspec.runtime.optim.RmsProp;
import nnspec.runtime.optim.Sgd;
import nnspec.runtime.optim.StepDecay;

/**
 * The update stage of a spec lowered onto the runtime, once for both back ends: which optimizer object, which
 * schedule, and which parameter ranges a norm penalty covers.
 */
public final class Updates {
    private Updates() {
    }

    /** The runtime optimizer of a gradient-following spec; empty for the perceptron rule. */
    public static Optional<Construction> optimizer(TrainSpec train) {
        Optimizer o = train.optimizer();
        Params p = o.params();
        Construction c = switch (o.kind()) {
            case SGD -> Construction.constructor(Sgd.class, Construction.SIZE, p.number("weight_decay"));
            case MOMENTUM -> switch (p.word("form")) {
                case "pytorch" -> Construction.factory(Momentum.class, "pytorch", Construction.SIZE,
                        p.number("momentum"), p.number("dampening"), false, p.number("weight_decay"));
                case "ema" -> momentum(Momentum.Form.EMA, p);
                case "lr_inside_subtract" -> momentum(Momentum.Form.LR_INSIDE_SUBTRACT, p);
                case "lr_inside_add" -> momentum(Momentum.Form.LR_INSIDE_ADD, p);
                default -> throw new IllegalStateException("momentum form " + p.word("form"));
            };
            case NESTEROV -> Construction.factory(Momentum.class, "pytorch", Construction.SIZE, p.number("momentum"),
                    0.0, true, p.number("weight_decay"));
            case ADAGRAD -> Construction.constructor(AdaGrad.class, Construction.SIZE, p.number("epsilon"),
                    placement(p), p.number("initial_accumulator"));
            case ADADELTA -> Construction.constructor(AdaDelta.class, Construction.SIZE, p.number("rho"),
                    p.number("epsilon"));
            case RMSPROP -> Construction.constructor(RmsProp.class, Construction.SIZE, p.number("rho"),
                    p.number("epsilon"), placement(p), p.word("centered").equals("yes"), p.number("momentum"));
            case ADAM -> Construction.constructor(Adam.class, Construction.SIZE, p.number("beta1"), p.number("beta2"),
                    p.number("epsilon"), epsilonForm(p), p.number("weight_decay") == 0.0 ? Adam.WeightDecay.NONE
                            : Adam.WeightDecay.COUPLED, p.number("weight_decay"));
            case ADAMW -> Construction.constructor(Adam.class, Construction.SIZE, p.number("beta1"),
                    p.number("beta2"), p.number("epsilon"), epsilonForm(p), Adam.WeightDecay.DECOUPLED,
                    p.number("weight_decay"));
            case PERCEPTRON -> null;
        };
        return Optional.ofNullable(c);
    }

    private static Construction momentum(Momentum.Form form, Params p) {
        return Construction.constructor(Momentum.class, Construction.SIZE, form, p.number("momentum"));
    }

    private static EpsilonPlacement placement(Params p) {
        return p.word("epsilon_placement").equals("inside") ? EpsilonPlacement.INSIDE_ROOT
                : EpsilonPlacement.OUTSIDE_ROOT;
    }

    private static Adam.EpsilonForm epsilonForm(Params p) {
        return p.word("epsilon_form").equals("hat") ? Adam.EpsilonForm.EPSILON_HAT : Adam.EpsilonForm.PAPER;
    }

    /** The learning-rate schedule of the spec; a constant rate when it has none. */
    public static nnspec.runtime.optim.Schedule schedule(TrainSpec train) {
        double lr = train.optimizer().learningRate();
        if (train.schedule().isEmpty()) {
            return nnspec.runtime.optim.Schedule.constant(lr);
        }
        Schedule s = train.schedule().get();
        Params p = s.params();
        return switch (s.kind()) {
            case CONSTANT -> nnspec.runtime.optim.Schedule.constant(lr);
            case STEP -> new StepDecay(lr, p.number("gamma"), (long) p.number("every"));
            case EXPONENTIAL -> Exponential.discrete(lr, p.number("gamma"));
            case INVERSE_TIME -> new InverseTime(lr, p.number("decay"));
            case COSINE -> p.word("form").equals("recursive")
                    ? new RecursiveCosine(lr, p.number("min"), (long) p.number("period"))
                    : new Cosine(lr, p.number("min"), (long) p.number("period"), switch (p.word("after")) {
                case "hold" -> Cosine.AfterPeriod.HOLD;
                case "restart" -> Cosine.AfterPeriod.RESTART;
                default -> Cosine.AfterPeriod.CONTINUE;
            });
            case CYCLICAL -> new Cyclical(lr, p.number("max"), (long) p.number("half_period"));
            case LINEAR -> new LinearThenConstant(lr, p.number("final"), (long) p.number("steps"));
        };
    }

    /** True when the schedule's t counts steps; false when it counts epochs (or there is no schedule). */
    public static boolean schedulePerStep(TrainSpec train) {
        return train.schedule().map(Schedule::perStep).orElse(false);
    }

    /** One stretch of the parameter array a penalty covers. */
    public record Range(String layer, int from, int count, boolean biases) {
    }

    /** The ranges a spec's penalty covers, layer by layer: weights, and biases when asked. */
    public static List<Range> penaltyRanges(Layout layout, Regularizer regularizer) {
        String on = regularizer.params().word("on");
        boolean biases = regularizer.params().word("biases").equals("yes");
        List<LayerSlots> layers = layout.layers();
        List<Range> ranges = new ArrayList<>();
        for (LayerSlots s : layers) {
            boolean output = s.index() == layers.size() - 1;
            boolean chosen = switch (on) {
                case "hidden" -> !output;
                case "output" -> output;
                default -> true;
            };
            if (!chosen) {
                continue;
            }
            int count = biases ? s.layer().parameterCount() : s.layer().weightCount();
            ranges.add(new Range(s.layer().name(), s.weightOffset(), count, biases));
        }
        return ranges;
    }

    /** The constant in front of the L2 sum. */
    public static Regularization.Scale scale(Regularizer regularizer) {
        return switch (regularizer.params().words().getOrDefault("constant", "lambda")) {
            case "half" -> Regularization.Scale.HALF_LAMBDA;
            case "half_m" -> Regularization.Scale.LAMBDA_OVER_2M;
            default -> Regularization.Scale.LAMBDA;
        };
    }
}
