package io.github.nomicembed.core.observe;

import io.github.nomicembed.core.schedule.EmbeddingRejectedException;

/**
 * Observes what a {@link io.github.nomicembed.core.NomicEmbedder} does, for metrics. Every method has a no-op
 * default; implementations must be thread-safe and fast (they run on request and worker threads).
 *
 * <pre>{@code
 * NomicEmbedder embedder = NomicEmbedder.load(dir, options, new EmbedderListener() {
 *     public void onForward(int rows, long tokens, long paddedTokens, long nanos) {
 *         forwardTimer.record(nanos, TimeUnit.NANOSECONDS);
 *     }
 * });
 * }</pre>
 */
public interface EmbedderListener {

    /** A listener that records nothing. */
    EmbedderListener NONE = new EmbedderListener() {
    };

    /** A call was accepted for embedding: {@code texts} texts of {@code tokens} tokens in all. */
    default void onRequest(int texts, long tokens) {
    }

    /** {@code texts} texts of one call were longer than the maximum and were truncated. */
    default void onTruncated(int texts) {
    }

    /** A queued call waited {@code nanos} before its first text entered a forward pass. */
    default void onQueueWait(long nanos) {
    }

    /**
     * A small call (see {@link io.github.nomicembed.core.schedule.SchedulerOptions#smallRequestTokens()}) waited
     * {@code nanos} before its pass started: behind larger work, or not at all on an idle scheduler.
     */
    default void onSmallRequestWait(long nanos) {
    }

    /** {@code texts} texts of small calls ({@code tokens} tokens) ran at a yield point of a larger pass in flight. */
    default void onPreemption(int texts, long tokens) {
    }

    /**
     * One forward pass ran: {@code rows} texts of {@code tokens} real tokens, padded to {@code paddedTokens}
     * positions ({@code rows × longest}), in {@code nanos}.
     */
    default void onForward(int rows, long tokens, long paddedTokens, long nanos) {
    }

    /** A call was refused or abandoned before it finished, for {@code reason}. */
    default void onRejected(EmbeddingRejectedException.Reason reason) {
    }

    /** A forward pass of {@code rows} texts ran out of memory and is retried as two halves. */
    default void onOomSplit(int rows) {
    }

    /** A forward pass failed with {@code error} (not bad input: that is refused before any forward). */
    default void onForwardFailure(Throwable error) {
    }
}
