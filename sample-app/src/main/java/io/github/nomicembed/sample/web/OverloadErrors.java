package io.github.nomicembed.sample.web;

import io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import org.springframework.http.HttpStatus;

/**
 * The answers to work this server cannot take now, all with {@code Retry-After}:
 * <ul>
 *   <li>429 {@code rate_limit_exceeded}: the rate limiter {@code nomic} (app.rate-limit.enabled) refused it;</li>
 *   <li>429 {@code server_busy}: the bulkhead {@code nomic} is full (too many requests in the model at once);</li>
 *   <li>503 {@code model_unavailable}: the circuit breaker {@code nomic} is open after repeated model/device
 *       failures, or the model is not ready (loading, warming up, failed, shutting down);</li>
 *   <li>503 {@code queue_full} / {@code queue_timeout} / {@code interrupted} / {@code shutting_down}: the
 *       model's request scheduler refused or gave up on the request;</li>
 *   <li>503 {@code model_out_of_memory} (no Retry-After): one text does not fit in device memory.</li>
 * </ul>
 */
public final class OverloadErrors {

    /** Retry-After of a full bulkhead or scheduler queue: work drains within about a second. */
    static final long BUSY_RETRY_SECONDS = 1;

    /** Retry-After while the model is not ready. */
    static final long NOT_READY_RETRY_SECONDS = 5;

    private OverloadErrors() {
    }

    static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Rate limit reached for this server (rate limiter "
                + "'nomic'). Retry after " + retryAfterSeconds + " s or send fewer requests.", null,
                "rate_limit_exceeded", retryAfterSeconds);
    }

    static ApiException busy() {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "The model is busy: too many requests are in "
                + "progress (bulkhead 'nomic'). Retry shortly.", null, "server_busy", BUSY_RETRY_SECONDS);
    }

    static ApiException circuitOpen(long retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The model is unavailable after repeated failures "
                + "(circuit breaker 'nomic' is open). Retry after " + retryAfterSeconds + " s.", null,
                "model_unavailable", retryAfterSeconds);
    }

    /** The model's request scheduler refused or gave up on the request: 503 with Retry-After. */
    static ApiException rejected(EmbeddingRejectedException e) {
        return switch (e.reason()) {
            case QUEUE_FULL_TEXTS, QUEUE_FULL_TOKENS -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "The model's request queue is full (" + e.getMessage() + "). Retry shortly.", null, "queue_full",
                    BUSY_RETRY_SECONDS);
            case TIMED_OUT -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The request got no vectors within "
                    + "its time limit and was dropped (" + e.getMessage() + "). Retry shortly, or send fewer texts.",
                    null, "queue_timeout", BUSY_RETRY_SECONDS);
            case INTERRUPTED -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The request was interrupted while "
                    + "waiting for the model. Retry.", null, "interrupted", BUSY_RETRY_SECONDS);
            case SHUT_DOWN -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "This server is shutting down. Retry "
                    + "on another instance.", null, "shutting_down", NOT_READY_RETRY_SECONDS);
            case NOT_LOADED -> notReady("loading");
            case LOAD_FAILED -> notReady("failed: " + e.getMessage());
        };
    }

    /** A text that does not fit in device memory even alone: 503, no Retry-After (the same text fails again). */
    static ApiException outOfMemory(EmbeddingOutOfMemoryException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The model ran out of memory on a single text ("
                + e.getMessage() + "). Send shorter texts.", "input", "model_out_of_memory", null);
    }

    /** The model is not ready to serve ({@code state}: warming up, failed, shutting down). */
    public static ApiException notReady(String state) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The model is not ready (" + state
                + "). Retry later.", null, "model_unavailable", NOT_READY_RETRY_SECONDS);
    }
}
