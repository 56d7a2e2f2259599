/**
 * Merging concurrent callers' texts into shared forward passes: a bounded queue, long-lived worker threads,
 * fair round-robin over requests, timeouts and cancellation that drop queued texts, and the exceptions a caller
 * sees when the queue is full or the device runs out of memory.
 */
@NullMarked
package io.github.nomicembed.core.schedule;

import org.jspecify.annotations.NullMarked;
