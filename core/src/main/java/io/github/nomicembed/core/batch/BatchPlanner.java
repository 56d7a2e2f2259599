package io.github.nomicembed.core.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits texts of known token lengths into forward-pass batches: sorted by length so each batch pads
 * little, cut when adding a text would exceed {@code maxBatchTokens} padded positions
 * ({@code rows × longest}) or {@code batchSize} rows. A text longer than the token budget runs alone.
 *
 * <pre>{@code
 * List<int[]> batches = new BatchPlanner(32, 8192).plan(new int[] {12, 500, 9});
 * // [[2, 0], [1]]: indices into the input, each batch sorted by length
 * }</pre>
 */
public final class BatchPlanner {

    private final int batchSize;
    private final int maxBatchTokens;

    /**
     * @param batchSize maximum rows per batch, at least 1
     * @param maxBatchTokens maximum padded positions per batch, at least 1
     */
    public BatchPlanner(int batchSize, int maxBatchTokens) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be >= 1, was " + maxBatchTokens);
        }
        this.batchSize = batchSize;
        this.maxBatchTokens = maxBatchTokens;
    }

    /** Returns batches of indices into {@code lengths}; every index appears exactly once. */
    public List<int[]> plan(int[] lengths) {
        int[] order = IntStream.range(0, lengths.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        List<int[]> batches = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int to = from + 1;
            while (to < order.length && to - from < batchSize
                    && (long) (to - from + 1) * lengths[order[to]] <= maxBatchTokens) {
                to++;
            }
            int[] batch = new int[to - from];
            System.arraycopy(order, from, batch, 0, batch.length);
            batches.add(batch);
            from = to;
        }
        return batches;
    }
}
