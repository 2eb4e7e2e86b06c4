package com.example.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nnspec.runtime.EpochResult;
import org.junit.jupiter.api.Test;

/** Trains the class generated from src/main/nn/com/example/gates/xor.nn and checks every answer. */
class XorTest {
    @Test
    void learnsXor() {
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[][] y = {{0}, {1}, {1}, {0}};
        Xor xor = new Xor();
        EpochResult last = xor.train(x, y); // the spec's train block: 1000 epochs of sgd
        assertEquals(1.0, last.accuracy());
        assertEquals(1, xor.predictClass(new double[] {0, 1}));
        assertEquals(0, xor.predictClass(new double[] {1, 1}));
    }
}
