package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Resilience4j {@link Retry} for Hub requests: exponential, randomized backoff; retries {@link IOException}s only
 * (connection errors, timeouts, truncated bodies, HTTP 408/429/5xx as {@link TransientHttpException}), never
 * authentication, not-found, checksum or local disk errors (those are not IOExceptions at this level).
 */
final class HubRetry {

    /** Told about each retry: the attempt that failed (from 1), the wait before the next, and the error. */
    interface Listener {
        void onRetry(int attempt, Duration wait, Throwable error);
    }

    private final RetryConfig config;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    HubRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.25, maxBackoff))
                .retryOnException(HubRetry::isTransient)
                .build();
    }

    int maxAttempts() {
        return maxAttempts;
    }

    HubRetry withMaxAttempts(int attempts) {
        return attempts == maxAttempts ? this : new HubRetry(attempts, initialBackoff, maxBackoff);
    }

    static boolean isTransient(Throwable t) {
        return t instanceof IOException && !(t instanceof InterruptedIOException)
                && !Thread.currentThread().isInterrupted();
    }

    /** Runs {@code operation}, retrying transient failures; the last failure is rethrown as is. */
    <T> T call(String name, CheckedSupplier<T> operation, Listener listener) throws IOException {
        Retry retry = Retry.of(name, config);
        retry.getEventPublisher().onRetry(event -> listener.onRetry(event.getNumberOfRetryAttempts(),
                event.getWaitInterval(), event.getLastThrowable()));
        try {
            return retry.executeCheckedSupplier(operation);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The error after the last attempt failed. */
    ModelCacheException exhausted(HubFile f, URI endpoint, IOException cause, boolean partialKept) {
        return new ModelCacheException(Reason.NETWORK, "Could not fetch " + f.describe() + " from " + endpoint
                + " (" + maxAttempts + (maxAttempts == 1 ? " attempt): " : " attempts): ") + describe(cause) + ". "
                + (partialKept ? "The partial download is kept and resumes on the next attempt. " : "")
                + "Check network access (a proxy is set with -Dhttps.proxyHost/-Dhttps.proxyPort), "
                + "or set HF_ENDPOINT to a reachable mirror, or prefetch the model with the model-cache CLI and "
                + "run offline (HF_HUB_OFFLINE=1 or nomic.embedding.offline=true).", cause);
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        String type = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
