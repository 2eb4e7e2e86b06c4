package nnspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import nnspec.diagnostics.SpecException;
import nnspec.read.SpecReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 13: targets are checked against the loss. The sets are the losses' definitions: bce is defined for a
 * target probability y in [0, 1] (PyTorch's BCELoss documents "y should be numbers between 0 and 1"); cce for a
 * target distribution (PyTorch's CrossEntropyLoss "class probabilities", each in [0, 1] and summing to 1), whose
 * fused gradient softmax(z) - y needs the sum 1; the perceptron rule for the labels its unit gives (0/1 for step,
 * -1/+1 for sign; 000 and 002 print the two forms). One line for the first bad row, at its offending number.
 */
class TargetsTest {
    private record Case(String name, String text, String expected) {
    }

    private static final String BCE = "network N { input 1 dense 1 sigmoid }\n"
            + "train { loss bce optimizer sgd lr 0.1 epochs 1 }\n";
    private static final String CCE = "network N { input 1 dense 3 softmax }\n"
            + "train { loss cce optimizer sgd lr 0.1 epochs 1 }\n";

    private static final List<Case> CASES = List.of(
            new Case("bce target above 1", BCE + "data {\n 0 -> 1\n 1 -> 2\n}\n",
                    "t.nn:5:7: row 2: target 2.0 is outside [0, 1]; loss bce takes the probability of class 1"),
            new Case("bce target below 0, and more after it", BCE + "data {\n 0 -> -0.5\n 1 -> 1\n 2 -> 3\n 3 -> -1\n}\n",
                    "t.nn:4:7: row 1: target -0.5 is outside [0, 1]; loss bce takes the probability of class 1"
                    + " (and 2 more rows after it)"),
            new Case("bce from logits takes probabilities too", "network N { input 1 dense 1 linear }\n"
                    + "train { loss bce from logits optimizer sgd lr 0.1 epochs 1 }\ndata { 0 -> 1.5 }\n",
                    "t.nn:3:13: row 1: target 1.5 is outside [0, 1]; loss bce takes the probability of class 1"),
            // 0.5 + 0.6 rounds to 1.1 exactly as printed
            new Case("cce row summing to 1.1", CCE + "data { 0 -> 0.5 0.6 0 }\n",
                    "t.nn:3:13: row 1: targets sum to 1.1; loss cce takes a distribution over the 3 classes"
                    + " (non-negative, summing to 1 within 1.0E-6), such as a one-hot row"),
            new Case("cce negative target", CCE + "data { 0 -> 1 0 0\n 1 -> 1.5 -0.5 0 }\n",
                    "t.nn:4:11: row 2: target -0.5 (output 2) is negative; loss cce takes a distribution over the 3"
                    + " classes (non-negative, summing to 1), such as a one-hot row"),
            new Case("cce all zeros", CCE + "data { 0 -> 0 0 0 }\n",
                    "t.nn:3:13: row 1: targets sum to 0.0; loss cce takes a distribution over the 3 classes"
                    + " (non-negative, summing to 1 within 1.0E-6), such as a one-hot row"),
            new Case("step perceptron with a -1 label", "network N { input 2 dense 1 step weights [[0, 0]] }\n"
                    + "train { rule perceptron lr 0.1 epochs 1 }\ndata { 0 0 -> 0\n 1 1 -> -1 }\n",
                    "t.nn:4:9: row 2: label -1.0 is not 0 or 1, the labels of rule perceptron on a step unit"),
            new Case("sign perceptron with a 0 label", "network N { input 2 dense 1 sign weights [[0, 0]] }\n"
                    + "train { rule perceptron lr 0.1 epochs 1 }\ndata { 0 0 -> 0\n 1 1 -> 1 }\n",
                    "t.nn:3:15: row 1: label 0.0 is not -1 or 1, the labels of rule perceptron on a sign unit"));

    @TestFactory
    Stream<DynamicTest> eachBadTargetIsOneLineAtItsNumber() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse("t.nn", c.text()));
            assertEquals(c.expected(), e.getMessage());
            assertEquals("target-range", e.diagnostics().get(0).code());
        }));
    }

    /** The edges of each set pass: 0 and 1 for bce, a six-decimal distribution for cce, any target for mse. */
    @Test
    void targetsInsideTheirSetsPass() throws SpecException {
        SpecReader.parse("t.nn", BCE + "data { 0 -> 0\n 1 -> 1\n 2 -> 0.25 }\n");
        // 0.333333 + 0.333333 + 0.333334 is 1 within a few ulps, far inside 1e-6
        SpecReader.parse("t.nn", CCE + "data { 0 -> 0.333333 0.333333 0.333334\n 1 -> 0 1 0 }\n");
        SpecReader.parse("t.nn", "network N { input 1 dense 1 sigmoid }\n"
                + "train { loss mse optimizer sgd lr 0.1 epochs 1 }\ndata { 0 -> 7 }\n");
        SpecReader.parse("t.nn", "network N { input 2 dense 1 sign weights [[0, 0]] }\n"
                + "train { rule perceptron lr 0.1 epochs 1 }\ndata { 0 0 -> -1\n 1 1 -> 1 }\n");
    }
}
