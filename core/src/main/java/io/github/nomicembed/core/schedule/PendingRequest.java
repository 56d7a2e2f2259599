package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One caller's texts in the scheduler's queue. Its texts are handed out shortest first (so the pieces of a
 * large request pad little) and their vectors written back by index, so the caller gets input order.
 * The queue fields ({@link #next}) are guarded by the scheduler's lock; results arrive from workers.
 */
final class PendingRequest {

    private final List<Tokenized> texts;
    private final int[] order;
    private final float[][] results;
    private final AtomicInteger done = new AtomicInteger();
    private final CompletableFuture<float[][]> future = new CompletableFuture<>();
    private final long enqueuedNanos;
    private final long totalTokens;
    private int next;
    private long tokensLeft;

    PendingRequest(List<Tokenized> texts, long enqueuedNanos) {
        this.texts = texts;
        this.order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> texts.get(i).length()).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        this.results = new float[texts.size()][];
        this.enqueuedNanos = enqueuedNanos;
        long sum = 0;
        for (Tokenized t : texts) {
            sum += t.length();
        }
        this.totalTokens = sum;
        this.tokensLeft = sum;
    }

    /** One text of a request, handed to a forward pass. */
    record Piece(PendingRequest request, int index, Tokenized text) {
    }

    CompletableFuture<float[][]> future() {
        return future;
    }

    long enqueuedNanos() {
        return enqueuedNanos;
    }

    /** Tokens of all the request's texts. */
    long totalTokens() {
        return totalTokens;
    }

    int size() {
        return texts.size();
    }

    boolean started() {
        return next > 0;
    }

    boolean hasNext() {
        return next < order.length;
    }

    int nextLength() {
        return texts.get(order[next]).length();
    }

    Piece take() {
        int index = order[next++];
        Tokenized t = texts.get(index);
        tokensLeft -= t.length();
        return new Piece(this, index, t);
    }

    /** Texts not yet handed out. */
    int textsLeft() {
        return order.length - next;
    }

    /** Tokens of the texts not yet handed out. */
    long tokensLeft() {
        return tokensLeft;
    }

    /** Stops handing out texts (the request was cancelled or failed). */
    void drain() {
        next = order.length;
        tokensLeft = 0;
    }

    /** Records the vector of text {@code index}; completes the caller's future with the last one. */
    void deliver(int index, float[] vector) {
        results[index] = vector;
        if (done.incrementAndGet() == results.length) {
            future.complete(results);
        }
    }
}
