package nnspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import nnspec.check.Checker;
import nnspec.diagnostics.SpecException;
import nnspec.model.DenseLayer;
import nnspec.model.Spec;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What a spec's content can ask of the checker (issue 13, part B): sizes beyond nnspec's limits, counts that
 * overflow an int, literals a double cannot hold, an init range whose width overflows, and activation parameters
 * outside the formula's domain. Each gives exactly one positioned line; the counts in the messages are the exact
 * products, worked out by hand in each case's comment.
 */
class SpecLimitsTest {
    private static final String TRAIN = "train { loss mse optimizer sgd lr 0.1 epochs 3 }\n";
    private static final String DATA = "data { 0 1 -> 1 }\n";

    private record Case(String name, String text, String expected) {
    }

    private static final List<Case> CASES = List.of(
            // 2N of dense N glu overflowed an int and left the width null without a message
            new Case("glu whose 2N overflows an int", "network N { input 2 dense 2147483647 glu dense 1 sigmoid }\n"
                    + TRAIN + DATA, "t.nn:1:27: units of layer dense1 must be at most 524288 (nnspec's limit of"
                    + " 1048576 units per layer, and dense N glu has 2N); found 2147483647"),
            new Case("glu one past half the unit limit", "network N { input 2 dense 524289 glu dense 1 sigmoid }\n"
                    + TRAIN + DATA, "t.nn:1:27: units of layer dense1 must be at most 524288 (nnspec's limit of"
                    + " 1048576 units per layer, and dense N glu has 2N); found 524289"),
            new Case("10^8 units", "network N { input 2 dense 100000000 tanh dense 1 sigmoid }\n" + TRAIN + DATA,
                    "t.nn:1:27: units of layer dense1 must be at most 1048576 (nnspec's limit of units per layer);"
                    + " found 100000000"),
            // (2 + 1) 10^4 + (10^4 + 1) 10^4 + (10^4 + 1) 1 = 30000 + 100010000 + 10001 = 100050001
            new Case("two layers of 10^4 units", "network N { input 2 dense 10000 tanh dense 10000 tanh"
                    + " dense 1 sigmoid }\n" + TRAIN + DATA, "t.nn:1:38: network N has 100050001 parameters; at most"
                    + " 16777216 (nnspec's limit of parameters per network), passed at layer dense2 (100010000"
                    + " parameters of its own)"),
            // (4096 + 1) 4096 = 16781312 = 2^24 + 4096
            new Case("one parameter row past the limit", "network N { input 4096 dense 4096 linear }\n" + TRAIN
                    + "data { " + "0 ".repeat(4096) + "-> " + "0 ".repeat(4096) + "}\n",
                    "t.nn:1:24: network N has 16781312 parameters; at most 16777216 (nnspec's limit of parameters"
                    + " per network), passed at layer dense1 (16781312 parameters of its own)"),
            // conv1: 1024 (16 * 64 * 64 + 1) = 1024 * 65537 = 67109888; dense1: 1024 + 1 more
            new Case("convolution kernels count", "network N { input 16x64x64 conv 1024 64x64 relu flatten"
                    + " dense 1 sigmoid }\n" + TRAIN + DATA, "t.nn:1:28: network N has 67110913 parameters; at most"
                    + " 16777216 (nnspec's limit of parameters per network), passed at layer conv1 (67109888"
                    + " parameters of its own)"),
            new Case("input image beyond the value limit", "network N { input 1024x1024x1024 flatten dense 1 sigmoid"
                    + " }\n" + TRAIN + DATA, "t.nn:1:19: input 1024x1024x1024 has 1073741824 values (1024x1024x1024);"
                    + " at most 16777216 (nnspec's limit of values a layer takes or gives)"),
            new Case("input vector beyond the value limit", "network N { input 16777217 dense 1 sigmoid }\n" + TRAIN
                    + DATA, "t.nn:1:19: input must be at most 16777216 (nnspec's limit of values a layer takes or"
                    + " gives); found 16777217"),
            // 1024 filters of (1024 - 3 + 1)^2 = 1024 * 1022 * 1022 = 1069551616
            new Case("convolution output beyond the value limit", "network N { input 1x1024x1024 conv 1024 3x3 relu"
                    + " flatten dense 1 sigmoid }\n" + TRAIN + DATA, "t.nn:1:31: the output of layer conv1 has"
                    + " 1069551616 values (1024x1022x1022); at most 16777216 (nnspec's limit of values a layer takes"
                    + " or gives)"),
            // 10^6 (10^6 - 1) + 1 = 999999000001 overflows an int
            new Case("dilated kernel beyond any input", "network N { input 1x8x8 conv 2 1000000x1000000 dilation"
                    + " 1000000 relu flatten dense 1 sigmoid }\n" + TRAIN + DATA, "t.nn:1:32: conv layer conv1: the"
                    + " kernel 1000000x1000000 with dilation 1000000 spans 999999000001x999999000001 pixels, more"
                    + " than any input (nnspec's limit of values a layer takes or gives is 16777216)"),
            new Case("epochs 10^12", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss mse optimizer sgd lr 0.1 epochs 1000000000000 }\n" + DATA,
                    "t.nn:2:46: epochs must be at most 2147483647 (the largest int); found 1000000000000"),
            new Case("learning rate below the smallest double", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss mse optimizer sgd lr 1e-400 epochs 3 }\n" + DATA,
                    "t.nn:2:35: number 1e-400 is too small: it would round to 0; the smallest above 0 is 4.9E-324"),
            new Case("weight below the smallest double", "network N { input 2 dense 1 sigmoid weights [[1e-999,"
                    + " 0]] }\n" + TRAIN + DATA,
                    "t.nn:1:47: number 1e-999 is too small: it would round to 0; the smallest above 0 is 4.9E-324"),
            new Case("target below the smallest double", "network N { input 2 dense 1 sigmoid }\n" + TRAIN
                    + "data { 0 1 -> 0.00001e-330 }\n",
                    "t.nn:3:15: number 0.00001e-330 is too small: it would round to 0; the smallest above 0 is"
                    + " 4.9E-324"),
            new Case("optimizer parameter below the smallest double", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss mse optimizer adam lr 0.1 epsilon 1e-999 epochs 3 }\n" + DATA,
                    "t.nn:2:48: number 1e-999 is too small: it would round to 0; the smallest above 0 is 4.9E-324"),
            new Case("optimizer parameter beyond the largest double", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss mse optimizer adam lr 0.1 epsilon 1e999 epochs 3 }\n" + DATA,
                    "t.nn:2:48: number 1e999 is too large; the largest is 1.7976931348623157E308"),
            // a numeral of 1,000 digits is quoted by its first and last 18 characters
            new Case("weight of a thousand digits beyond the largest double", "network N { input 2 dense 1 sigmoid"
                    + " weights [[" + "9".repeat(1000) + ", 0]] }\n" + TRAIN + DATA,
                    "t.nn:1:47: number 999999999999999999..." + "999999999999999999"
                    + " is too large; the largest is 1.7976931348623157E308"),
            new Case("log base below the smallest double", "network N { input 2 dense 1 sigmoid }\n"
                    + "train { loss bce base 1e-999 optimizer sgd lr 0.1 epochs 3 }\n" + DATA,
                    "t.nn:2:23: number 1e-999 is too small: it would round to 0; the smallest above 0 is 4.9E-324"),
            // high - low = 2e308 is beyond the largest double, so every draw low + (high - low) u overflows
            new Case("uniform range whose width overflows", "network N { input 2 dense 1 sigmoid init uniform -1e308"
                    + " 1e308 }\n" + TRAIN + DATA, "t.nn:1:50: init uniform of layer dense1 needs high - low at most"
                    + " 1.7976931348623157E308; found low -1e308 and high 1e308"),
            // squareplus'(z) = (1 + z / sqrt(z^2 + b)) / 2 is 0/0 at z = 0 when b = 0
            new Case("squareplus b 0", "network N { input 2 dense 2 squareplus b 0 dense 1 sigmoid }\n" + TRAIN
                    + DATA, "t.nn:1:42: b of activation squareplus of layer dense1 must be in (0, infinity); found 0"));

    @TestFactory
    Stream<DynamicTest> eachCaseIsOnePositionedLine() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse("t.nn", c.text()));
            assertEquals(c.expected(), e.getMessage());
        }));
    }

    /** Oracle: the limits themselves; a network of exactly 2^24 parameters and a layer of 2^20 units pass. */
    @Test
    void theLimitsThemselvesAreAccepted() throws SpecException {
        // (4095 + 1) 4096 = 2^24
        Spec atLimit = SpecReader.parse("t.nn", "network N { input 4095 dense 4096 linear }\n" + TRAIN + "data { "
                + "0 ".repeat(4095) + "-> " + "0 ".repeat(4096) + "}\n");
        assertEquals(Checker.MAX_PARAMETERS, atLimit.network().parameterCount());
        Spec wide = SpecReader.parse("t.nn", "network N { input 1 dense 1048576 relu dense 1 sigmoid }\n" + TRAIN
                + "data { 0 -> 1 }\n");
        assertEquals(Checker.MAX_UNITS, ((DenseLayer) wide.network().layers().get(0)).units());
        Spec glu = SpecReader.parse("t.nn", "network N { input 1 dense 524288 glu dense 1 sigmoid }\n" + TRAIN
                + "data { 0 -> 1 }\n");
        assertEquals(Checker.MAX_UNITS, ((DenseLayer) glu.network().layers().get(0)).units());
    }

    /** The smallest subnormal and a width just inside the double range are numbers, not errors. */
    @Test
    void representableExtremesAreAccepted() throws SpecException {
        SpecReader.parse("t.nn", "network N { input 2 dense 1 sigmoid weights [[4.9e-324, 0]] init_none }\n"
                .replace(" init_none", "") + TRAIN + DATA);
        SpecReader.parse("t.nn", "network N { input 2 dense 1 sigmoid init uniform -8e307 8e307 }\n" + TRAIN + DATA);
        SpecReader.parse("t.nn", "network N { input 2 dense 2 squareplus b 1e-300 dense 1 sigmoid }\n" + TRAIN
                + DATA);
    }
}
