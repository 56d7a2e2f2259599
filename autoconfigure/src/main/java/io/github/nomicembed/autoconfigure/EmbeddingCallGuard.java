package io.github.nomicembed.autoconfigure;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Admission control around every call of the auto-configured {@code NomicEmbeddingModel}: decides whether a
 * call may start (and may refuse it with its own exception), and learns how it ended. The auto-configured one
 * is {@link Resilience4jEmbeddingGuard} (bulkhead and circuit breaker {@code nomic}); declare a bean of this
 * type to replace it.
 */
@FunctionalInterface
public interface EmbeddingCallGuard {

    /** Runs {@code call} if admitted; otherwise throws without running it. */
    <T> T call(Supplier<T> call);

    /**
     * Runs an admitted call's texts, within the guard's time limit if it has one: then {@code async} is used
     * and the future cancelled (its queued texts dropped) when the limit passes; otherwise {@code sync}.
     */
    default <T> T runTexts(Supplier<CompletableFuture<T>> async, Supplier<T> sync) {
        return sync.get();
    }

    /** Whether the guard currently refuses every call (e.g. an open circuit breaker). */
    default boolean refusingCalls() {
        return false;
    }

    /** State to show in the health details (e.g. circuit-breaker state, free bulkhead permits). */
    default Map<String, Object> details() {
        return Map.of();
    }
}
