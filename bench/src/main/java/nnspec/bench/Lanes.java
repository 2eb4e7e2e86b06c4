package nnspec.bench;

import jdk.incubator.vector.DoubleVector;

/** Prints the lanes of the JVM's preferred double vector, by which bench/run.sh scales {@link Peak#vector}. */
public final class Lanes {
    private Lanes() {
    }

    public static void main(String[] args) {
        System.out.println(DoubleVector.SPECIES_PREFERRED.length());
    }
}
