package nnspec.support;

/**
 * Data blocks whose classes under fixed literal weights are counted by hand, for the classification metrics.
 */
public final class HandCounted {
    private HandCounted() {
    }

    /**
     * For one sigmoid unit z = x0 - x1 (class 1 when z &gt; 0). Rows 1-3: z = 2, 2, 3 with target 1 (TP); rows 4-5:
     * z = -2, -2 with target 1 (FN); row 6: z = 1 with target 0 (FP); rows 7-10: z = -1, -3, -1, -2 with target 0
     * (TN). So TP 3, FP 1, FN 2, TN 4: precision 3/4, recall 3/5, specificity 4/5, accuracy 7/10, error 3/10.
     */
    public static final String BINARY_DATA = """
            data {
              2 0 -> 1
              3 1 -> 1
              1 -2 -> 1
              0 2 -> 1
              1 3 -> 1
              1 0 -> 0
              0 1 -> 0
              0 3 -> 0
              1 2 -> 0
              2 4 -> 0
            }
            """;

    /**
     * For three softmax units z = (x0, x1, -x0 - x1), whose arg-max leads by at least 1 on every row: predicted 0, 1,
     * 2, 0, 1, 2, 1, 0 against actual 0, 1, 2, 1, 2, 0, 1, 0. Rows 4, 5, 6 are wrong: error 3/8, accuracy 5/8; the
     * matrix m[predicted][actual] is [[2, 1, 0], [0, 2, 1], [1, 0, 1]].
     */
    public static final String THREE_CLASS_DATA = """
            data {
              2 0 -> 1 0 0
              0 2 -> 0 1 0
              -1 -1 -> 0 0 1
              2 0 -> 0 1 0
              0 3 -> 0 0 1
              -2 -1 -> 1 0 0
              1 3 -> 0 1 0
              3 1 -> 1 0 0
            }
            """;
}
