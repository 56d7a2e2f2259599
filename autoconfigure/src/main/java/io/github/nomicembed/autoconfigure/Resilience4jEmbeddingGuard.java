package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.core.schedule.PendingResults;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link EmbeddingCallGuard} of Resilience4j instances named {@code nomic}:
 * <ul>
 *   <li>circuit breaker: an open circuit refuses calls at once with {@code CallNotPermittedException};
 *       only runtime and device failures count against it (see {@link #isFailure}), never bad input
 *       ({@link IllegalArgumentException}) nor a scheduler that refuses work because it is full or
 *       shutting down;</li>
 *   <li>bulkhead: at most {@code maxConcurrentCalls} calls in the model (queued or running); one more
 *       waits up to {@code maxWaitDuration}, then gets {@code BulkheadFullException}.</li>
 *   <li>time limiter (when configured): a call that has no vectors within {@code timeoutDuration} is refused
 *       with {@link EmbeddingRejectedException} {@code TIMED_OUT} and, with {@code cancelRunningFuture} (the
 *       default), its texts not yet in a forward pass are dropped; the time limiter records the timeout.</li>
 * </ul>
 */
public class Resilience4jEmbeddingGuard implements EmbeddingCallGuard {

    /** Name of the Resilience4j instances (bulkhead, circuit breaker, time limiter, rate limiter). */
    public static final String INSTANCE = "nomic";

    private final Bulkhead bulkhead;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    private final Predicate<Throwable> failure;

    /**
     * @param timeLimiter the time limit of a call, or {@code null} for none (the scheduler's request-timeout
     *     still applies)
     */
    public Resilience4jEmbeddingGuard(Bulkhead bulkhead, CircuitBreaker circuitBreaker,
            @Nullable TimeLimiter timeLimiter) {
        this.bulkhead = bulkhead;
        this.circuitBreaker = circuitBreaker;
        this.timeLimiter = timeLimiter;
        this.failure = Resilience4jEmbeddingGuard::isFailure;
    }

    @Override
    public <T> T call(Supplier<T> call) {
        circuitBreaker.acquirePermission();
        try {
            bulkhead.acquirePermission();
        } catch (RuntimeException e) {
            circuitBreaker.releasePermission();
            throw e;
        }
        long start = System.nanoTime();
        try {
            T result = call.get();
            circuitBreaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (RuntimeException | Error e) {
            if (failure.test(e)) {
                circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                circuitBreaker.releasePermission();
            }
            throw e;
        } finally {
            bulkhead.onComplete();
        }
    }

    @Override
    public <T> T runTexts(Supplier<CompletableFuture<T>> async, Supplier<T> sync) {
        if (timeLimiter == null) {
            return sync.get();
        }
        CompletableFuture<T> pending = async.get();
        Duration limit = timeLimiter.getTimeLimiterConfig().getTimeoutDuration();
        try {
            T result = PendingResults.await(pending, limit, "the limit of the time limiter '" + timeLimiter.getName()
                    + "'", timeLimiter.getTimeLimiterConfig().shouldCancelRunningFuture());
            timeLimiter.onSuccess();
            return result;
        } catch (EmbeddingRejectedException e) {
            if (e.reason() == EmbeddingRejectedException.Reason.TIMED_OUT) {
                timeLimiter.onError(TimeLimiter.createdTimeoutExceptionWithName(timeLimiter.getName(), null));
            } else if (e.reason() != EmbeddingRejectedException.Reason.INTERRUPTED) {
                timeLimiter.onError(e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            timeLimiter.onError(e);
            throw e;
        }
    }

    /**
     * Whether {@code error} is a failure of the model or device (counted by the circuit breaker), as opposed
     * to bad input ({@link IllegalArgumentException}) or a request the scheduler refused
     * ({@link EmbeddingRejectedException}: queue full, timed out in the queue, shutting down): those say nothing
     * about the model's health. A text that does not fit in device memory even alone
     * ({@code EmbeddingOutOfMemoryException}) counts: repeated ones mean the device is short of memory.
     */
    public static boolean isFailure(Throwable error) {
        return !(error instanceof IllegalArgumentException) && !(error instanceof EmbeddingRejectedException);
    }

    @Override
    public boolean refusingCalls() {
        CircuitBreaker.State state = circuitBreaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> cb = new LinkedHashMap<>();
        cb.put("state", circuitBreaker.getState().name());
        cb.put("failureRate", circuitBreaker.getMetrics().getFailureRate());
        cb.put("failedCalls", circuitBreaker.getMetrics().getNumberOfFailedCalls());
        Map<String, Object> bh = new LinkedHashMap<>();
        bh.put("availableConcurrentCalls", bulkhead.getMetrics().getAvailableConcurrentCalls());
        bh.put("maxAllowedConcurrentCalls", bulkhead.getMetrics().getMaxAllowedConcurrentCalls());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("circuitBreaker", cb);
        m.put("bulkhead", bh);
        if (timeLimiter != null) {
            m.put("timeLimiter", Map.of("timeoutDuration", timeLimiter.getTimeLimiterConfig().getTimeoutDuration()
                    .toString()));
        }
        return m;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The time limiter, or {@code null} when calls have no time limit of their own. */
    public TimeLimiter timeLimiter() {
        return timeLimiter;
    }
}
