package nnspec.runtime;

import java.util.Random;

/**
 * A {@link Random} whose state can be read and set, for checkpoints. It draws exactly the numbers of
 * {@code new java.util.Random(seed)}: the 48-bit linear congruential generator that Random's documentation
 * specifies (state := (state * 0x5DEECE66D + 0xB) mod 2^48, next(bits) = state &gt;&gt;&gt; (48 - bits), the seed
 * scrambled by XOR with 0x5DEECE66D), and Random's own methods built on {@link #next}. Gaussian draws are not
 * covered by {@link #state()} (Random caches a second one); the trainer uses only integer draws.
 */
public final class ShuffleRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private long state;

    public ShuffleRandom(long seed) {
        super(seed);
    }

    @Override
    public synchronized void setSeed(long seed) {
        super.setSeed(seed);
        state = (seed ^ MULTIPLIER) & MASK;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    /** The generator's 48-bit state. */
    public long state() {
        return state;
    }

    /** Continues from {@code state}, a value {@link #state()} gave. */
    public void restore(long state) {
        if ((state & ~MASK) != 0) {
            throw new IllegalArgumentException("not a 48-bit state: " + state);
        }
        this.state = state;
    }
}
