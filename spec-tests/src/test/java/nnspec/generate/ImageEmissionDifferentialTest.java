package nnspec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import javax.tools.ToolProvider;
import nnspec.diagnostics.SpecException;
import nnspec.lower.NumericMode;
import nnspec.model.ConvLayer;
import nnspec.model.PoolLayer;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import nnspec.runtime.Convolution;
import nnspec.runtime.Model;
import nnspec.runtime.Pooling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated pooling and convolution code ({@link ImageEmission}) against the runtime kernels it specialises
 * ({@link Pooling}, {@link Convolution}), bit for bit, on seeded random geometries. Oracle: the runtime kernels,
 * called here directly on the very arrays the generated layer read; the generated class's private layer methods
 * and fields are reached by reflection, so the inputs can hold what a whole network rarely produces: ties (values
 * drawn from a set of five), NaN, infinities and -0.0 (which an average must turn into 0.0, as the kernel's sum
 * from 0.0 does).
 *
 * <p>Each network puts the layer under test after {@code maxpool 1x1} (an identity whose dL/d(inputs) field is the
 * tested layer's input gradient), then flatten and a dense output (the layers are named by kind: pool1 and pool2, or pool1 and conv1). Pooling draws windows 1-4 per axis, strides
 * 1-3 per axis, no padding, symmetric, per axis pair, per side and {@code same}, ceil yes or no, count_padding yes or
 * no. Convolutions are padded or have more than {@link ImageEmission#UNROLLED_TAPS} taps (a channel or a kernel),
 * the cases that called the runtime before. Every method of every generated class must stay under 8000 bytes of
 * bytecode. Pooling and convolution have no fast twins ({@link NumericMode#TWINS}), so both numeric modes generate
 * this code the same way; the test generates in both and checks that.
 */
class ImageEmissionDifferentialTest {
    private static final int POOL_CASES = 40;
    private static final int CONV_CASES = 20;
    private static final double[] TIES = {-1.0, -0.0, 0.0, 0.5, 1.0};
    private static final List<String> FIXED_POOLS = List.of("maxpool 5x6 stride 1 padding 2,3",
            "avgpool 5x6 stride 1 padding 2,3 count_padding no", "avgpool 6x6 stride 1 padding 3 ceil yes",
            "maxpool 6x6 stride 2 padding 3 ceil yes");
    private static final List<String> FIXED_CONVS = List.of("conv 2 5x5 padding same linear",
            "conv 2 9x9 padding 4 linear");

    @Test
    void generatedPoolingEqualsTheRuntimeKernelsBitForBit(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(20261202L);
        List<Spec> specs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // fixed first: windows of 30 taps over many runs of positions (unrolled, more code than one method takes,
        // so split into parts), and windows of 36 taps (loops over the taps)
        for (String line : FIXED_POOLS) {
            specs.add(SpecReader.parse("pool.nn", network(specs.size(), 2, 12, 12, line)));
            lines.add(line);
        }
        for (int attempt = 0; specs.size() < POOL_CASES && attempt < 5000; attempt++) {
            int channels = 1 + random.nextInt(2);
            int height = 3 + random.nextInt(7);
            int width = 3 + random.nextInt(7);
            String line = poolLine(random);
            try {
                specs.add(SpecReader.parse("pool.nn", network(specs.size(), channels, height, width, line)));
                lines.add(line);
            } catch (SpecException e) {
                // padding over half the window, or a window larger than the padded input: draw again
            }
        }
        assertEquals(POOL_CASES, specs.size());
        List<Layer> layers = load(dir, specs, "Pool2");
        int max = 0;
        int split = 0;
        int padded = 0;
        int ceil = 0;
        int excluded = 0;
        for (int n = 0; n < specs.size(); n++) {
            PoolLayer p = (PoolLayer) specs.get(n).network().layers().get(1);
            Layer layer = layers.get(n);
            String line = lines.get(n);
            int channels = p.input().channels();
            int height = p.input().height();
            int width = p.input().width();
            double[] in = layer.array("pool1Out");
            boolean tied = p.mode() == PoolLayer.Mode.MAX || random.nextBoolean();
            for (int k = 0; k < in.length; k++) {
                in[k] = value(random, tied);
            }
            layer.call("forwardPool2");
            int outputs = p.output().size();
            double[] out = new double[outputs];
            int[] argmax = new int[outputs];
            Supplier<String> what = () -> line + " over " + p.input() + " -> " + p.output() + "\n" + layer.source;
            if (p.mode() == PoolLayer.Mode.MAX) {
                Pooling.maxForward(in, 0, channels, height, width, p.windowH(), p.windowW(), p.strideH(),
                        p.strideW(), p.padding().top(), p.padding().left(), p.output().height(),
                        p.output().width(), out, 0, argmax, 0);
                assertArrayEquals(argmax, layer.ints("pool2Argmax"), what);
                max++;
            } else {
                Pooling.averageForward(in, 0, channels, height, width, p.windowH(), p.windowW(), p.strideH(),
                        p.strideW(), p.padding().top(), p.padding().bottom(), p.padding().left(),
                        p.padding().right(), p.output().height(), p.output().width(), p.countPadding(), out, 0);
                excluded += p.countPadding() ? 0 : 1;
            }
            assertBits(out, layer.array("pool2Out"), what);

            double[] upstream = layer.array("pool2G");
            for (int k = 0; k < upstream.length; k++) {
                upstream[k] = random.nextInt(8) == 0 ? -0.0 : random.nextDouble(-1.0, 1.0);
            }
            double[] gradIn = layer.array("pool1G");
            Arrays.fill(gradIn, Double.NaN); // the layer must write every element
            layer.call("backwardPool2");
            double[] expected = new double[in.length];
            if (p.mode() == PoolLayer.Mode.MAX) {
                Pooling.maxBackward(upstream, 0, argmax, 0, outputs, expected, 0, in.length);
            } else {
                Pooling.averageBackward(upstream, 0, channels, height, width, p.windowH(), p.windowW(),
                        p.strideH(), p.strideW(), p.padding().top(), p.padding().bottom(), p.padding().left(),
                        p.padding().right(), p.output().height(), p.output().width(), p.countPadding(), expected, 0);
            }
            assertBits(expected, gradIn, what);
            ConvLayer.Padding pad = p.padding();
            padded += pad.top() + pad.bottom() + pad.left() + pad.right() > 0 ? 1 : 0;
            ceil += p.ceil() ? 1 : 0;
            split += layer.source.contains("Pool2Part0(") ? 1 : 0;
        }
        // the draw reaches both modes, padding, ceil mode and averages that leave padded cells out
        assertTrue(max > 10 && POOL_CASES - max > 10 && padded > 10 && ceil > 10 && excluded > 3 && split >= 2,
                max + " " + padded + " " + ceil + " " + excluded + " " + split);
    }

    @Test
    void generatedPaddedAndLargeConvolutionsEqualTheRuntimeKernelsBitForBit(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(20261203L);
        List<Spec> specs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // fixed first: a padded 5x5 kernel unrolled over 25 runs of positions, and a padded 9x9 kernel (loops over
        // its taps) over 81: both more code than one method takes, so split into parts
        for (String line : FIXED_CONVS) {
            specs.add(SpecReader.parse("conv.nn", network(specs.size(), 1, 9, 9, line)));
            lines.add(line);
        }
        for (int attempt = 0; specs.size() < CONV_CASES && attempt < 5000; attempt++) {
            // every fourth case a kernel of 36 or more taps, every fourth (from the second) 3 or 4 channels of 9 to
            // 16 taps: more than 32 taps in all, a loop over the channels
            boolean large = specs.size() % 4 == 0;
            boolean wide = specs.size() % 4 == 1;
            int channels = wide ? 3 + random.nextInt(2) : 1 + random.nextInt(4);
            int height = 4 + random.nextInt(8);
            int width = 4 + random.nextInt(8);
            String line = convLine(random, large, wide);
            Spec spec;
            try {
                spec = SpecReader.parse("conv.nn", network(specs.size(), channels, height, width, line));
            } catch (SpecException e) {
                continue; // the kernel does not fit the padded input: draw again
            }
            ConvLayer c = (ConvLayer) spec.network().layers().get(1);
            ConvLayer.Padding pad = c.padding();
            if (pad.top() + pad.bottom() + pad.left() + pad.right() > 0 || c.fanIn() > ImageEmission.UNROLLED_TAPS) {
                // padded or large: the cases that called the runtime before (ConvBackwardDifferentialTest has the rest)
                specs.add(spec);
                lines.add(line);
            }
        }
        assertEquals(CONV_CASES, specs.size());
        List<Layer> layers = load(dir, specs, "Conv1");
        int largeKernels = 0;
        int channelLoops = 0;
        int split = 0;
        for (int s = 0; s < specs.size(); s++) {
            ConvLayer c = (ConvLayer) specs.get(s).network().layers().get(1);
            ConvLayer.Padding pad = c.padding();
            Layer layer = layers.get(s);
            String line = lines.get(s);
            int channels = c.input().channels();
            int height = c.input().height();
            int width = c.input().width();
            double[] in = layer.array("pool1Out");
            for (int k = 0; k < in.length; k++) {
                in[k] = value(random, false);
            }
            double[] parameters = layer.model.parameters();
            for (int k = 0; k < parameters.length; k++) {
                parameters[k] = random.nextInt(10) == 0 ? -0.0 : random.nextDouble(-1.0, 1.0);
            }
            int w = layer.constant("CONV1_W");
            int b = layer.constant("CONV1_B");
            Supplier<String> what = () -> c.filters() + " filters " + c.kernelH() + "x" + c.kernelW() + " over "
                    + c.input() + " -> " + c.output() + ": " + line + "\n" + layer.source;
            layer.call("forwardConv1");
            double[] z = new double[c.outputs()];
            Convolution.forward(in, 0, channels, height, width, parameters, w, parameters, b, c.filters(),
                    c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), pad.top(),
                    pad.left(), c.output().height(), c.output().width(), z, 0);
            assertBits(z, layer.array("conv1Z"), what);

            double[] upstream = layer.array("conv1G");
            for (int k = 0; k < upstream.length; k++) {
                upstream[k] = random.nextInt(8) == 0 ? -0.0 : random.nextDouble(-1.0, 1.0);
            }
            layer.model.zeroGradients();
            double[] gradIn = layer.array("pool1G");
            Arrays.fill(gradIn, Double.NaN); // the layer must write every element
            layer.call("backwardConv1");
            double[] delta = layer.array("conv1D");
            double[] expected = new double[parameters.length];
            Convolution.kernelGradient(in, 0, channels, height, width, delta, 0, c.filters(), c.kernelH(),
                    c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), pad.top(), pad.left(),
                    c.output().height(), c.output().width(), expected, w);
            Convolution.biasGradient(delta, 0, c.filters(), c.output().height(), c.output().width(), expected, b);
            assertBits(expected, layer.model.gradients(), what);
            double[] expectedIn = new double[in.length];
            Convolution.inputGradient(delta, 0, parameters, w, channels, height, width, c.filters(), c.kernelH(),
                    c.kernelW(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), pad.top(), pad.left(),
                    c.output().height(), c.output().width(), expectedIn, 0);
            assertBits(expectedIn, gradIn, what);
            largeKernels += c.kernelH() * c.kernelW() > ImageEmission.UNROLLED_TAPS ? 1 : 0;
            channelLoops += c.fanIn() > ImageEmission.UNROLLED_TAPS
                    && c.kernelH() * c.kernelW() <= ImageEmission.UNROLLED_TAPS ? 1 : 0;
            split += layer.source.contains("Conv1Part0(") ? 1 : 0;
        }
        assertTrue(largeKernels > 3 && channelLoops > 1 && split >= 2, largeKernels + " " + channelLoops + " "
                + split);
    }

    /** input, the identity maxpool 1x1 (pool1), the layer under test (layer 2), flatten, a dense output. */
    private static String network(int n, int channels, int height, int width, String line) {
        String sample = " 0".repeat(channels * height * width);
        return "network Image" + n + " {\n  input " + channels + "x" + height + "x" + width + "\n  maxpool 1x1\n  " + line
                + "\n  flatten\n  dense 1 linear init glorot_uniform seed 3\n}\n"
                + "train {\n  loss mse\n  optimizer sgd lr 0.1\n  epochs 1\n}\ndata {\n" + sample + " -> 0\n}\n";
    }

    /** A random value; with {@code tied}, mostly from five values (ties), sometimes NaN or an infinity. */
    private static double value(SplittableRandom random, boolean tied) {
        int special = random.nextInt(40);
        if (special == 0) {
            return Double.NaN;
        }
        if (special == 1) {
            return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        if (special < 5) {
            return -0.0;
        }
        return tied ? TIES[random.nextInt(TIES.length)] : random.nextDouble(-1.0, 1.0);
    }

    private static String poolLine(SplittableRandom random) {
        boolean max = random.nextBoolean();
        int kh = 1 + random.nextInt(4);
        int kw = 1 + random.nextInt(4);
        int sh = 1 + random.nextInt(3);
        int sw = random.nextBoolean() ? sh : 1 + random.nextInt(3);
        StringBuilder line = new StringBuilder(max ? "maxpool " : "avgpool ").append(kh).append('x').append(kw)
                .append(" stride ").append(sh == sw ? Integer.toString(sh) : sh + "x" + sw);
        line.append(padding(random, kh / 2, kw / 2));
        if (random.nextInt(3) > 0) {
            line.append(" ceil ").append(random.nextInt(3) > 0 ? "yes" : "no");
        }
        if (!max && random.nextInt(3) > 0) {
            line.append(" count_padding ").append(random.nextInt(3) > 0 ? "no" : "yes");
        }
        return line.toString();
    }

    /** No padding, P, V,H, T,B,L,R or same, sides up to {@code rows} and {@code cols}. */
    private static String padding(SplittableRandom random, int rows, int cols) {
        int most = Math.min(rows, cols);
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> " padding " + random.nextInt(most + 1);
            case 2 -> " padding " + random.nextInt(rows + 1) + "," + random.nextInt(cols + 1);
            case 3 -> " padding " + random.nextInt(rows + 1) + "," + random.nextInt(rows + 1) + ","
                    + random.nextInt(cols + 1) + "," + random.nextInt(cols + 1);
            default -> " padding same";
        };
    }

    private static String convLine(SplittableRandom random, boolean large, boolean wide) {
        int kh = large ? 6 + random.nextInt(2) : wide ? 3 + random.nextInt(2) : 1 + random.nextInt(4);
        int kw = large ? 6 + random.nextInt(2) : wide ? 3 + random.nextInt(2) : 1 + random.nextInt(4);
        int filters = 1 + random.nextInt(3);
        int sh = 1 + random.nextInt(3);
        int sw = random.nextBoolean() ? sh : 1 + random.nextInt(3);
        int dh = 1 + random.nextInt(2);
        int dw = random.nextBoolean() ? dh : 1 + random.nextInt(2);
        String padding = padding(random, 3, 3);
        if (!large && !wide && padding.isEmpty()) {
            padding = " padding 1";
        }
        return "conv " + filters + " " + kh + "x" + kw + " stride " + (sh == sw ? sh : sh + "x" + sw) + padding
                + " dilation " + (dh == dw ? dh : dh + "x" + dw) + " linear init glorot_uniform seed 5";
    }

    /** A generated class, compiled once, with its private layer methods and fields reached by reflection. */
    record Layer(Model model, String source) {
        double[] array(String field) throws ReflectiveOperationException {
            return (double[]) field(field).get(model);
        }

        int[] ints(String field) throws ReflectiveOperationException {
            return (int[]) field(field).get(model);
        }

        int constant(String field) throws ReflectiveOperationException {
            return field(field).getInt(null);
        }

        void call(String method) throws ReflectiveOperationException {
            Method m = model.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(model);
        }

        private Field field(String name) throws NoSuchFieldException {
            Field f = model.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }
    }

    /**
     * Generates each spec's class in both numeric modes (the same source for the tested layer: it has no fast twin),
     * checks that the tested layer's methods call no runtime kernel, compiles all the classes in one javac run (one
     * run per class would take most of the test's time), checks that every method's bytecode stays under 8000 bytes,
     * and loads them.
     */
    private static List<Layer> load(Path dir, List<Spec> specs, String stage) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> arguments = new ArrayList<>(InMemoryCompiler.OPTIONS);
        arguments.addAll(List.of("-d", classes.toString(), "-classpath", InMemoryCompiler.runtimeClassPath()));
        List<String> texts = new ArrayList<>();
        for (Spec spec : specs) {
            String source = JavaGenerator.generate(spec, InMemoryCompiler.PACKAGE, NumericMode.STRICT);
            Map<String, String> methods = JavaGeneratorTest.methods(source);
            Map<String, String> fast = JavaGeneratorTest.methods(JavaGenerator.generate(spec,
                    InMemoryCompiler.PACKAGE, NumericMode.FAST));
            for (String name : new String[] {"forward" + stage, "backward" + stage}) {
                String body = methods.get(name);
                assertEquals(body, fast.get(name), name);
                assertFalse(body.contains("Pooling.") || body.contains("Convolution."), source);
            }
            Path file = sources.resolve(JavaGenerator.className(spec) + ".java");
            Files.writeString(file, source);
            arguments.add(file.toString());
            texts.add(source);
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, arguments.toArray(String[]::new));
        assertEquals(0, status, errors::toString);
        List<Layer> layers = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                Model.class.getClassLoader())) {
            for (int n = 0; n < specs.size(); n++) {
                String simple = JavaGenerator.className(specs.get(n));
                String name = InMemoryCompiler.PACKAGE + "." + simple;
                try (var files = Files.list(classes.resolve(InMemoryCompiler.PACKAGE.replace('.', '/')))) {
                    for (Path c : files.filter(f -> f.getFileName().toString().equals(simple + ".class")
                            || f.getFileName().toString().startsWith(simple + "$")).toList()) {
                        for (Map.Entry<String, Integer> m : JavaGeneratorTest.codeLengths(Files.readAllBytes(c))
                                .entrySet()) {
                            assertTrue(m.getValue() < 8000, c + ": " + m.getKey() + " has " + m.getValue()
                                    + " bytes\n" + texts.get(n));
                        }
                    }
                }
                Model model = (Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
                layers.add(new Layer(model, texts.get(n)));
            }
        }
        return layers;
    }

    private static void assertBits(double[] expected, double[] actual, Supplier<String> what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            if (Double.doubleToRawLongBits(expected[k]) != Double.doubleToRawLongBits(actual[k])) {
                int index = k;
                assertEquals(expected[k], actual[k], () -> "element " + index + " differs: " + what.get());
                assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                        () -> "element " + index + " differs in its bits: " + what.get());
            }
        }
    }

    private static void assertArrayEquals(int[] expected, int[] actual, Supplier<String> what) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual), what);
    }
}
