package io.github.nomicembed.core.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits texts of known token lengths into forward-pass batches: sorted by length (so rows of a batch are
 * alike and attention can group them), cut when adding a text would exceed {@code maxBatchTokens} real tokens
 * or {@code batchSize} rows. The forward pass drops padding, so the budget counts real tokens: it bounds the
 * activations one forward holds (about 12 KB per token for the widest, the MLP's {@code [N, 3072]}), which
 * decides whether they stay in cache. A text longer than the token budget runs alone.
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
     * @param maxBatchTokens maximum real tokens per batch, at least 1
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
            long tokens = lengths[order[from]];
            while (to < order.length && to - from < batchSize && tokens + lengths[order[to]] <= maxBatchTokens) {
                tokens += lengths[order[to]];
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
