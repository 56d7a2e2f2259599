package io.github.nomicembed.autoconfigure;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;

/**
 * Finds the time limiter {@code nomic}: the one configured under {@code resilience4j.timelimiter.instances.nomic}
 * (already in the registry), else one with {@code nomic.embedding.resilience.timeout-duration}, else none.
 */
class NomicTimeLimiterSource {

    private final NomicResilienceProperties properties;
    private final TimeLimiterRegistry registry;

    NomicTimeLimiterSource(NomicResilienceProperties properties, TimeLimiterRegistry registry) {
        this.properties = properties;
        this.registry = registry;
    }

    /** The time limiter, or {@code null} when neither configuration asks for one. */
    TimeLimiter find() {
        String name = Resilience4jEmbeddingGuard.INSTANCE;
        Duration timeout = properties.getTimeoutDuration();
        return registry.find(name).orElseGet(() -> timeout == null ? null : registry.timeLimiter(name,
                TimeLimiterConfig.custom().timeoutDuration(checked(timeout)).cancelRunningFuture(true).build()));
    }

    private static Duration checked(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw NomicEmbedderLoader.invalid("resilience.timeout-duration", timeout,
                    "allowed: a positive duration (e.g. 30s), or unset for no time limiter");
        }
        return timeout;
    }
}
