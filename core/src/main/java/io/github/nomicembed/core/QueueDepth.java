package io.github.nomicembed.core;

/**
 * What waits in the request scheduler's queue at one moment, as {@link NomicEmbedder#queueDepth()} returns it
 * (both 0 with the scheduler off, or before the model is loaded).
 *
 * @param texts texts waiting
 * @param tokens tokens of those texts
 */
public record QueueDepth(int texts, long tokens) {

    /** Nothing waiting. */
    public static final QueueDepth EMPTY = new QueueDepth(0, 0);
}
