package nnspec.lower;

import java.util.List;
import java.util.Optional;
import nnspec.lower.Layout.LayerSlots;
import nnspec.model.Init;
import nnspec.model.Loss;
import nnspec.model.NetworkSpec;
import nnspec.model.PoolLayer;
import nnspec.model.TrainSpec;
import nnspec.runtime.Decision;
import nnspec.runtime.TrainingPlan;

/**
 * A checked spec lowered onto the runtime, once, for both back ends: the parameter layout, each layer's kernels
 * (activation, initialisation, dropout), the loss and the output layer's delta rule, the decision accuracy uses,
 * the update (optimizer or perceptron rule), the norm penalty and the schedule. The interpreter calls what it
 * names; the code generator writes calls to the same kernels with the same arguments and comments from the same
 * {@link FormulaRef}s. Neither back end chooses a kernel or re-checks the spec: {@link KernelTable} builds every
 * part, and the checker has already reported everything a spec can get wrong.
 */
public record Plan(NetworkSpec network, TrainSpec train, Layout layout, List<Stage> stages,
        Optional<LossPlan> loss, OutputPlan output, Decision decision, UpdatePlan update,
        Optional<PenaltyPlan> penalty, SchedulePlan schedule) {

    public Plan {
        stages = List.copyOf(stages);
    }

    /** The dense layers' plans, in order (index l is dense layer l, as {@link LayerPlan#index()}). */
    public List<LayerPlan> layers() {
        return stages.stream().filter(LayerPlan.class::isInstance).map(LayerPlan.class::cast).toList();
    }

    /**
     * One layer of the network as the back ends run it, in order: it takes {@link #inputs()} values (the network's
     * input or the outputs of the stage before it) and gives {@link #outputs()}; its backward step turns dL/d(its
     * outputs) into its parameters' gradients and dL/d(its inputs).
     */
    public sealed interface Stage permits LayerPlan, DropoutPlan, ConvPlan, PoolPlan, FlattenPlan, NormPlan {
        /** The kinds of stage, for exhaustive switches. */
        enum Kind { DENSE, DROPOUT, CONV, POOL, FLATTEN, BATCHNORM }

        Kind kind();

        String name();

        int inputs();

        int outputs();
    }

    /** The plan of a checked network and training plan. */
    public static Plan of(NetworkSpec network, TrainSpec train) {
        return KernelTable.plan(network, train);
    }

    /**
     * The train block as the runtime's training loop takes it. Generated classes return the same plan from code the
     * emitter writes (GeneratedTrainingPlanTest ties the two).
     */
    public static TrainingPlan trainingPlan(TrainSpec train) {
        SchedulePlan schedule = KernelTable.schedule(train);
        return new TrainingPlan(train.epochs(), train.batchSize(), train.order() == TrainSpec.Order.SHUFFLED,
                train.shuffleSeed(), schedule.create(), schedule.perStep(), meanOverSamples(train));
    }

    /** Whether a batch's loss is the mean of its sample losses (else their sum); the mean without a loss. */
    public static boolean meanOverSamples(TrainSpec train) {
        return train.loss().map(Loss::meanOverSamples).orElse(true);
    }

    /**
     * Whether a training pass needs the whole batch at once: a batch normalisation, whose outputs depend on every
     * sample of the batch. Both back ends then run the stages between normalisations sample by sample and each
     * normalisation over the batch (Model#forwardBatch).
     */
    public boolean batchCoupled() {
        return stages.stream().anyMatch(s -> s.kind() == Stage.Kind.BATCHNORM);
    }

    /** Whether any forward pass draws at random while training (dropout masks, randomised ReLU slopes). */
    public boolean random() {
        return stages.stream().anyMatch(s -> s.kind() == Stage.Kind.DROPOUT
                || s instanceof LayerPlan l && l.activation() instanceof ActivationPlan.Randomised);
    }

    /**
     * One dense layer: where its parameters live and the kernels of its stages; {@code affine} is LAYER-neuron-affine
     * for one sample, z = b + W x, as a call of the runtime's dense kernel (the fast mode's twin reassociates the
     * sums of large layers); {@code gradients} is BP-param-grads over {@code BATCH_SIZE} samples whose inputs and
     * deltas lie row by row in its two vectors (one sample in the interpreter, a buffered batch in generated code).
     */
    public record LayerPlan(LayerSlots slots, ActivationPlan activation, InitPlan init, KernelCall affine,
            KernelCall gradients) implements Stage {
        public Kind kind() {
            return Kind.DENSE;
        }

        public int index() {
            return slots.index();
        }

        public String name() {
            return slots.layer().name();
        }

        public int inputs() {
            return slots.layer().inputs();
        }

        public int units() {
            return slots.layer().units();
        }

        public int outputs() {
            return slots.layer().outputs();
        }
    }

    /** How a layer's activation is computed and backpropagated. */
    public sealed interface ActivationPlan {
        /** The families, for exhaustive switches (Java 17 has no pattern switch over sealed types). */
        enum Kind { ELEMENTWISE, COUPLED, RANDOMISED }

        Kind kind();

        FormulaRef formula();

        /**
         * Unit by unit: {@code value} takes z; {@code derivative} takes z and a = f(z) and gives f'(z), described by
         * {@code derivativeFormula}.
         */
        record Elementwise(FormulaRef formula, FormulaRef derivativeFormula, KernelCall value,
                KernelCall derivative) implements ActivationPlan {
            public Kind kind() {
                return Kind.ELEMENTWISE;
            }
        }

        /**
         * Coupling the layer's units: {@code forward} maps the z vector to the a vector; {@code backward} turns dL/da
         * into dL/dz by a Jacobian-vector product ({@code backwardFormula}).
         */
        record Coupled(FormulaRef formula, FormulaRef backwardFormula, KernelCall forward, KernelCall backward)
                implements ActivationPlan {
            public Kind kind() {
                return Kind.COUPLED;
            }
        }

        /**
         * Randomised ReLU: while training, {@code draw} fills the layer's slopes from its generator (seeded with
         * {@code seed} at initialisation); in evaluation {@code evaluation} sets them to the mean slope; then
         * {@code value} and {@code derivative} take each unit's slope.
         */
        record Randomised(FormulaRef formula, FormulaRef derivativeFormula, long seed, KernelCall draw,
                KernelCall evaluation, KernelCall value, KernelCall derivative) implements ActivationPlan {
            public Kind kind() {
                return Kind.RANDOMISED;
            }
        }
    }

    /** How a layer's weights and biases start. */
    public sealed interface InitPlan {
        /** The families, for exhaustive switches. */
        enum Kind { LITERAL, DRAWN }

        Kind kind();

        FormulaRef formula();

        /** The numbers the spec wrote, or an init file held (data, not a formula). */
        record Literal(FormulaRef formula, Init.Literal values) implements InitPlan {
            public Kind kind() {
                return Kind.LITERAL;
            }

            public double weight(int unit, int input) {
                return values.weights().get(unit).get(input);
            }

            public double bias(int unit) {
                return values.bias().isEmpty() ? 0.0 : values.bias().get(unit);
            }
        }

        /** Kernel calls that write the layer's parameters, in order (weights, then biases). */
        record Drawn(FormulaRef formula, List<KernelCall> calls) implements InitPlan {
            public Drawn {
                calls = List.copyOf(calls);
            }

            public Kind kind() {
                return Kind.DRAWN;
            }
        }
    }

    /**
     * REG-dropout on the {@code width} outputs of the stage before it, element by element: {@code factors} fills
     * this pass's factors (mask times scale while training, the evaluation scale otherwise) from the layer's
     * generator, seeded with {@code seed}; forward and backward both multiply by them ({@code backwardFormula}).
     */
    public record DropoutPlan(String name, int width, FormulaRef formula, FormulaRef backwardFormula, long seed,
            double dropProbability, KernelCall factors) implements Stage {
        public Kind kind() {
            return Kind.DROPOUT;
        }

        public int inputs() {
            return width;
        }

        public int outputs() {
            return width;
        }
    }

    /**
     * A convolution: {@code forward} writes the pre-activations z (operands INPUT_VECTOR, PARAMETERS, Z_VECTOR);
     * the activation is elementwise; backward, from delta = dL/dz (DELTA), {@code kernelGradient} and
     * {@code biasGradient} add to GRADIENTS and {@code inputGradient} writes dL/d(input) (INPUT_GRADIENT).
     */
    public record ConvPlan(Layout.ConvSlots slots, ActivationPlan.Elementwise activation, InitPlan.Drawn init,
            FormulaRef formula, FormulaRef backwardFormula, KernelCall forward, KernelCall kernelGradient,
            KernelCall biasGradient, KernelCall inputGradient) implements Stage {
        public Kind kind() {
            return Kind.CONV;
        }

        public String name() {
            return slots.layer().name();
        }

        public int inputs() {
            return slots.layer().inputs();
        }

        public int outputs() {
            return slots.layer().outputs();
        }
    }

    /**
     * Max or average pooling: {@code forward} (INPUT_VECTOR to OUTPUT_VECTOR, and for max the ARGMAX it chose),
     * {@code backward} (UPSTREAM, dL/d(output), to INPUT_GRADIENT).
     */
    public record PoolPlan(PoolLayer layer, FormulaRef formula, FormulaRef backwardFormula, KernelCall forward,
            KernelCall backward) implements Stage {
        public Kind kind() {
            return Kind.POOL;
        }

        public String name() {
            return layer.name();
        }

        public int inputs() {
            return layer.inputs();
        }

        public int outputs() {
            return layer.outputs();
        }

        public boolean max() {
            return layer.mode() == PoolLayer.Mode.MAX;
        }
    }

    /**
     * Batch normalisation (LAYER-batchnorm-forward, LAYER-batchnorm-backward): {@code create()} gives the runtime's
     * {@link nnspec.runtime.BatchNorm.Stage} over the layer's geometry and parameters, which the interpreter calls
     * with the batch's arrays (generated code writes the same kernels out for the layer's constants). With placement
     * before, {@code activation} is the previous layer's activation, applied
     * to the normalised values (the previous stage was lowered with the identity); empty with placement after.
     */
    public record NormPlan(Layout.NormSlots slots, FormulaRef formula, FormulaRef backwardFormula,
            FormulaRef placementFormula, Optional<ActivationPlan.Elementwise> activation) implements Stage {
        public Kind kind() {
            return Kind.BATCHNORM;
        }

        public String name() {
            return slots.layer().name();
        }

        public int inputs() {
            return slots.layer().inputs();
        }

        public int outputs() {
            return slots.layer().outputs();
        }

        public int offset() {
            return slots.offset();
        }

        public nnspec.runtime.BatchNorm.RunningStatistics convention() {
            return slots.layer().convention() == nnspec.model.Convention.KERAS
                    ? nnspec.runtime.BatchNorm.RunningStatistics.KERAS
                    : nnspec.runtime.BatchNorm.RunningStatistics.PYTORCH;
        }

        /** The runtime's stage: its buffers belong to one model. */
        public nnspec.runtime.BatchNorm.Stage create() {
            nnspec.model.BatchNormLayer b = slots.layer();
            return new nnspec.runtime.BatchNorm.Stage(b.features(), b.pixels(), slots.offset(), b.epsilon(),
                    b.momentum(), convention());
        }
    }

    /** Flatten: the same values, read as a vector; nothing is computed. */
    public record FlattenPlan(String name, int width) implements Stage {
        public Kind kind() {
            return Kind.FLATTEN;
        }

        public int inputs() {
            return width;
        }

        public int outputs() {
            return width;
        }
    }

    /**
     * The data loss of a sample. {@code term} is one output's term (operands P, Y, LOG_BASE) unless {@code vector},
     * when it is the whole sample's sum (operands A_VECTOR, Y_VECTOR, LOG_BASE); {@code derivative} gives dL/dp of
     * one output where the output delta uses the chain rule.
     */
    public record LossPlan(FormulaRef formula, FormulaRef derivativeFormula, KernelCall term,
            Optional<KernelCall> derivative, boolean vector, boolean meanOverOutputs, boolean meanOverSamples,
            double logBase) {
    }

    /**
     * BP-output-delta: the rule, and the kernel giving one unit's delta (or the whole layer's, for logits of a
     * softmax) where the rule fuses loss and activation; empty for the chain rule, which takes the loss's
     * derivative and the activation's backward step. The deltas are divided by {@code divisor} (the number of
     * outputs when their mean is the sample's loss, else 1).
     */
    public record OutputPlan(OutputRule rule, FormulaRef formula, Optional<KernelCall> delta, int divisor) {
    }

    /**
     * The update after a batch: {@code mean} turns the summed gradients into their mean (empty when the spec sums
     * them); the optimizer object's construction, or, for the perceptron rule, the {@code rule} call.
     */
    public record UpdatePlan(FormulaRef formula, Optional<Construction> optimizer, Optional<KernelCall> rule,
            FormulaRef meanFormula, Optional<KernelCall> mean) {
    }

    /** A norm penalty over the given ranges, with the formulas of its value and of its gradient. */
    public record PenaltyPlan(FormulaRef formula, FormulaRef gradientFormula, List<PenaltyRange> ranges) {
        public PenaltyPlan {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * One layer's part of a penalty, a dense layer's or a convolution's: {@code value} returns the penalty over the
     * {@code count} parameters from {@code weightsFrom} (its weights or kernel, then its biases if covered) and
     * {@code gradient} adds its gradient (operands PARAMETERS, WEIGHTS_FROM, TRAINING_SAMPLES, GRADIENTS).
     */
    public record PenaltyRange(int weightsFrom, int count, boolean biases, KernelCall value, KernelCall gradient) {
    }

    /** The learning-rate schedule the trainer consults, and whether its t counts steps (else epochs). */
    public record SchedulePlan(FormulaRef formula, Construction schedule, boolean perStep) {
        public nnspec.runtime.optim.Schedule create() {
            return (nnspec.runtime.optim.Schedule) schedule.instantiate(0);
        }
    }
}
