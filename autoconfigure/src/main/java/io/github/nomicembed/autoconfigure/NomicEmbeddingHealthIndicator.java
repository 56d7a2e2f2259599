package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health component {@code nomic}: UP when the model is {@link NomicModelState#READY} and its circuit breaker
 * lets calls through; OUT_OF_SERVICE while loading in the background, warming up or shutting down; DOWN with
 * the reason after a failed background load or warm-up, or while the circuit breaker is open. Details: model, revision or path, device, dtype, dimensions,
 * maximum sequence length, state, queue depth and the resilience state, and, when the embedding cache is on, its
 * hits, misses, evictions and size.
 */
public class NomicEmbeddingHealthIndicator extends AbstractHealthIndicator {

    private final NomicEmbedder embedder;
    private final NomicEmbeddingProperties properties;
    private final NomicModelLifecycle lifecycle;
    private final EmbeddingCallGuard guard;
    private final EmbeddingCache cache;

    /**
     * @param guard the call guard, or {@code null} when there is none
     */
    public NomicEmbeddingHealthIndicator(NomicEmbedder embedder, NomicEmbeddingProperties properties,
            NomicModelLifecycle lifecycle, EmbeddingCallGuard guard) {
        this(embedder, properties, lifecycle, guard, null);
    }

    /**
     * @param guard the call guard, or {@code null} when there is none
     * @param cache the embedding cache, or {@code null} when it is off
     */
    public NomicEmbeddingHealthIndicator(NomicEmbedder embedder, NomicEmbeddingProperties properties,
            NomicModelLifecycle lifecycle, EmbeddingCallGuard guard, EmbeddingCache cache) {
        super("nomic health check failed");
        this.embedder = embedder;
        this.properties = properties;
        this.lifecycle = lifecycle;
        this.guard = guard;
        this.cache = cache;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        NomicModelState state = lifecycle.state();
        builder.withDetail("state", state.name().toLowerCase(java.util.Locale.ROOT));
        builder.withDetails(NomicModelDescription.of(embedder, properties));
        builder.withDetail("queue", QueueDepth.of(embedder));
        Map<String, Object> resilience = guard == null ? Map.of() : guard.details();
        if (!resilience.isEmpty()) {
            builder.withDetail("resilience", resilience);
        }
        if (cache != null) {
            builder.withDetail("cache", cache.statistics().asMap());
        }
        switch (state) {
            case READY -> {
                if (guard != null && guard.refusingCalls()) {
                    builder.down().withDetail("reason", "the circuit breaker 'nomic' is open after repeated "
                            + "model/device failures; calls are refused until it lets trial calls through");
                } else {
                    builder.up();
                }
            }
            case FAILED -> builder.down().withDetail("reason", lifecycle.failure());
            case LOADING, WARMING_UP, SHUTTING_DOWN -> builder.status(Status.OUT_OF_SERVICE);
        }
    }
}
