package io.github.nomicembed.core.schedule;

import java.time.Duration;

/**
 * Immutable settings of the request scheduler that merges concurrent callers into shared forward passes;
 * build with {@link #builder()}.
 *
 * <pre>{@code
 * EmbedderOptions options = EmbedderOptions.builder()
 *         .optScheduler(SchedulerOptions.builder().optWorkers(1).optMaxQueuedTexts(2048).build())
 *         .build();
 * }</pre>
 *
 * @param enabled whether calls go through the scheduler; off runs every call on its caller's thread
 * @param workers threads that run forward passes, each with its own libtorch intra-op pool
 * @param threadsPerWorker libtorch intra-op threads per worker, or 0 for the embedder's {@code threads}
 *     (else the available processors divided among the workers)
 * @param maxQueuedTexts texts that may wait in the queue; a call that would exceed it is rejected
 *     (a call arriving at an empty queue is always taken)
 * @param maxQueuedTokens tokens that may wait in the queue, likewise
 * @param maxWait how long an idle worker waits for more texts before starting a forward pass that is below
 *     the token budget; zero starts at once (texts queued during a forward pass are what batches)
 * @param requestTimeout how long a caller waits for its vectors before its queued texts are dropped and it
 *     gets {@link EmbeddingRejectedException.Reason#TIMED_OUT}; zero waits without limit
 * @param shutdownGrace how long closing waits for queued work to finish before rejecting the rest
 * @param smallRequestTokens calls of at most this many tokens are small: one that arrives while a larger pass
 *     runs is run at the pass's next yield point (between and inside encoder layers), on the same worker, instead
 *     of waiting for the pass to end; 0 lets every call wait for the pass in flight
 */
public record SchedulerOptions(
        boolean enabled,
        int workers,
        int threadsPerWorker,
        int maxQueuedTexts,
        long maxQueuedTokens,
        Duration maxWait,
        Duration requestTimeout,
        Duration shutdownGrace,
        int smallRequestTokens) {

    public SchedulerOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        if (threadsPerWorker < 0) {
            throw new IllegalArgumentException("threadsPerWorker must be >= 0 (0 = automatic), was " + threadsPerWorker);
        }
        if (maxQueuedTexts < 1) {
            throw new IllegalArgumentException("maxQueuedTexts must be >= 1, was " + maxQueuedTexts);
        }
        if (maxQueuedTokens < 1) {
            throw new IllegalArgumentException("maxQueuedTokens must be >= 1, was " + maxQueuedTokens);
        }
        requireNonNegative(maxWait, "maxWait");
        requireNonNegative(requestTimeout, "requestTimeout");
        requireNonNegative(shutdownGrace, "shutdownGrace");
        if (smallRequestTokens < 0) {
            throw new IllegalArgumentException("smallRequestTokens must be >= 0 (0 = off), was " + smallRequestTokens);
        }
    }

    /** Default of {@link #smallRequestTokens()}: one text of the model's full length. */
    public static final int DEFAULT_SMALL_REQUEST_TOKENS = 512;

    /**
     * The defaults: on, one worker, 4096 texts / 262,144 tokens queued, no linger, no timeout, 30 s grace, calls
     * of up to 512 tokens run inside larger passes.
     */
    public static SchedulerOptions defaults() {
        return builder().build();
    }

    /** The scheduler switched off: every call runs on its caller's thread. */
    public static SchedulerOptions disabled() {
        return builder().optEnabled(false).build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.workers = workers;
        b.threadsPerWorker = threadsPerWorker;
        b.maxQueuedTexts = maxQueuedTexts;
        b.maxQueuedTokens = maxQueuedTokens;
        b.maxWait = maxWait;
        b.requestTimeout = requestTimeout;
        b.shutdownGrace = shutdownGrace;
        b.smallRequestTokens = smallRequestTokens;
        return b;
    }

    /** Intra-op threads each worker runs with, given the embedder's {@code threads} setting (0 = automatic). */
    public int resolvedThreadsPerWorker(int embedderThreads) {
        if (threadsPerWorker > 0) {
            return threadsPerWorker;
        }
        if (embedderThreads > 0) {
            return embedderThreads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a duration >= 0, was " + d);
        }
    }

    /** Builder with validated {@code opt*} setters. */
    public static final class Builder {
        private boolean enabled = true;
        private int workers = 1;
        private int threadsPerWorker;
        private int maxQueuedTexts = 4096;
        private long maxQueuedTokens = 262_144;
        private Duration maxWait = Duration.ZERO;
        private Duration requestTimeout = Duration.ZERO;
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private int smallRequestTokens = DEFAULT_SMALL_REQUEST_TOKENS;

        private Builder() {
        }

        /** Whether calls go through the scheduler (default true). */
        public Builder optEnabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Threads running forward passes, at least 1 (default 1). */
        public Builder optWorkers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** libtorch intra-op threads per worker, or 0 for automatic (default 0). */
        public Builder optThreadsPerWorker(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threadsPerWorker must be >= 0 (0 = automatic), was " + threads);
            }
            this.threadsPerWorker = threads;
            return this;
        }

        /** Texts that may wait in the queue, at least 1 (default 4096). */
        public Builder optMaxQueuedTexts(int texts) {
            if (texts < 1) {
                throw new IllegalArgumentException("maxQueuedTexts must be >= 1, was " + texts);
            }
            this.maxQueuedTexts = texts;
            return this;
        }

        /** Tokens that may wait in the queue, at least 1 (default 262,144). */
        public Builder optMaxQueuedTokens(long tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("maxQueuedTokens must be >= 1, was " + tokens);
            }
            this.maxQueuedTokens = tokens;
            return this;
        }

        /** How long an idle worker waits to fill a forward pass (default zero: start at once). */
        public Builder optMaxWait(Duration maxWait) {
            requireNonNegative(maxWait, "maxWait");
            this.maxWait = maxWait;
            return this;
        }

        /** How long a caller waits for its vectors (default zero: no limit). */
        public Builder optRequestTimeout(Duration timeout) {
            requireNonNegative(timeout, "requestTimeout");
            this.requestTimeout = timeout;
            return this;
        }

        /** How long closing waits for queued work (default 30 s). */
        public Builder optShutdownGrace(Duration grace) {
            requireNonNegative(grace, "shutdownGrace");
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Calls of at most this many tokens run at the yield points of a larger pass in flight instead of after
         * it; 0 turns that off (default 512: one text of the model's full length).
         */
        public Builder optSmallRequestTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("smallRequestTokens must be >= 0 (0 = off), was " + tokens);
            }
            this.smallRequestTokens = tokens;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first value out of range
         */
        public SchedulerOptions build() {
            return new SchedulerOptions(enabled, workers, threadsPerWorker, maxQueuedTexts, maxQueuedTokens, maxWait,
                    requestTimeout, shutdownGrace, smallRequestTokens);
        }
    }
}
