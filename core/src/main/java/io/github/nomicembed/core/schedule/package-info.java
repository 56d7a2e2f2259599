/**
 * Merging concurrent callers' texts into shared forward passes: a bounded queue, long-lived worker threads,
 * fair round-robin over requests, timeouts and cancellation that drop queued texts, and the exceptions a caller
 * sees when the queue is full or the device runs out of memory.
 * <p>API: the two exceptions, {@link io.github.nomicembed.core.schedule.SchedulerOptions} and
 * {@link io.github.nomicembed.core.schedule.PendingResults}; {@code EmbeddingScheduler} is internal (the embedder
 * owns it).
 */
@NullMarked
package io.github.nomicembed.core.schedule;

import org.jspecify.annotations.NullMarked;
