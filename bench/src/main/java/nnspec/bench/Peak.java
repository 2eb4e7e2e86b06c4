package nnspec.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * This core's FP64 peak, measured rather than assumed: independent fused multiply-adds with no memory traffic, so
 * only the floating-point units limit them. The score counts flops per lane ({@link Lanes} prints the lanes). Twelve accumulators hide the FMA latency (4 cycles on current x86
 * cores, 2 units: 8 in flight are needed). Each FMA counts as 2 flops per lane; the score is FLOP/s.
 * {@link #vector} uses the widest vector the JVM prefers (jdk.incubator.vector); {@link #scalar} one double per
 * instruction, the ceiling of code C2 does not vectorise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class Peak {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int ROUNDS = 1 << 16;
    private static final int ACCUMULATORS = 12;

    public double a = 0.999999;
    public double b = 1e-9;

    @Benchmark
    @OperationsPerInvocation(ROUNDS * ACCUMULATORS * 2)
    public double scalar() {
        double x0 = 1, x1 = 2, x2 = 3, x3 = 4, x4 = 5, x5 = 6, x6 = 7, x7 = 8, x8 = 9, x9 = 10, x10 = 11, x11 = 12;
        for (int r = 0; r < ROUNDS; r++) {
            x0 = Math.fma(x0, a, b);
            x1 = Math.fma(x1, a, b);
            x2 = Math.fma(x2, a, b);
            x3 = Math.fma(x3, a, b);
            x4 = Math.fma(x4, a, b);
            x5 = Math.fma(x5, a, b);
            x6 = Math.fma(x6, a, b);
            x7 = Math.fma(x7, a, b);
            x8 = Math.fma(x8, a, b);
            x9 = Math.fma(x9, a, b);
            x10 = Math.fma(x10, a, b);
            x11 = Math.fma(x11, a, b);
        }
        return x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * ACCUMULATORS * 2)
    public double vector() {
        DoubleVector va = DoubleVector.broadcast(SPECIES, a);
        DoubleVector vb = DoubleVector.broadcast(SPECIES, b);
        DoubleVector x0 = DoubleVector.broadcast(SPECIES, 1), x1 = DoubleVector.broadcast(SPECIES, 2);
        DoubleVector x2 = DoubleVector.broadcast(SPECIES, 3), x3 = DoubleVector.broadcast(SPECIES, 4);
        DoubleVector x4 = DoubleVector.broadcast(SPECIES, 5), x5 = DoubleVector.broadcast(SPECIES, 6);
        DoubleVector x6 = DoubleVector.broadcast(SPECIES, 7), x7 = DoubleVector.broadcast(SPECIES, 8);
        DoubleVector x8 = DoubleVector.broadcast(SPECIES, 9), x9 = DoubleVector.broadcast(SPECIES, 10);
        DoubleVector x10 = DoubleVector.broadcast(SPECIES, 11), x11 = DoubleVector.broadcast(SPECIES, 12);
        for (int r = 0; r < ROUNDS; r++) {
            x0 = x0.fma(va, vb);
            x1 = x1.fma(va, vb);
            x2 = x2.fma(va, vb);
            x3 = x3.fma(va, vb);
            x4 = x4.fma(va, vb);
            x5 = x5.fma(va, vb);
            x6 = x6.fma(va, vb);
            x7 = x7.fma(va, vb);
            x8 = x8.fma(va, vb);
            x9 = x9.fma(va, vb);
            x10 = x10.fma(va, vb);
            x11 = x11.fma(va, vb);
        }
        return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
