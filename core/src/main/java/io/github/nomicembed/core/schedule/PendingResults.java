package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place where waiting for a call's vectors turns into its outcome: the result, the call's own failure
 * unwrapped, or a rejection ({@link Reason#TIMED_OUT}, {@link Reason#INTERRUPTED}) after which the call's queued
 * texts are dropped.
 */
public final class PendingResults {

    private PendingResults() {
    }

    /**
     * Waits for {@code pending} at most {@code timeout} (zero: without limit) and returns its value.
     *
     * @param limitName what set the limit, for the message (e.g. {@code "the request timeout"})
     * @param cancelOnTimeout whether a timeout cancels {@code pending}, dropping its queued texts
     * @throws EmbeddingRejectedException {@code TIMED_OUT} when the wait runs out, {@code INTERRUPTED} when the
     *     waiting thread is interrupted (then {@code pending} is cancelled and the interrupt flag kept)
     * @throws RuntimeException or {@link Error}: the call's own failure, as thrown where it ran
     */
    public static <T> T await(CompletableFuture<T> pending, Duration timeout, String limitName,
            boolean cancelOnTimeout) {
        try {
            return timeout.isZero() ? pending.get() : pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (cancelOnTimeout) {
                pending.cancel(false);
            }
            throw new EmbeddingRejectedException(Reason.TIMED_OUT, "no vectors within " + limitName + " of "
                    + timeout.toMillis() + " ms" + (cancelOnTimeout ? "; the call's queued texts were dropped" : ""));
        } catch (InterruptedException e) {
            pending.cancel(false);
            Thread.currentThread().interrupt();
            throw new EmbeddingRejectedException(Reason.INTERRUPTED,
                    "interrupted while waiting; the call's queued texts were dropped");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
