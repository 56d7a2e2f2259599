package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.springai.cache.EmbeddingCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the embedding cache, tagged {@code model} and {@code store}: hits and misses (texts), and, where
 * the store can tell (always in memory), evictions, entries and bytes held.
 */
public class NomicEmbeddingCacheMetrics implements MeterBinder {

    /** Counter: texts answered from the cache. */
    public static final String HITS = "nomic.embedding.cache.hits";
    /** Counter: texts the model embedded because the cache did not hold them. */
    public static final String MISSES = "nomic.embedding.cache.misses";
    /** Counter: entries evicted to stay within the bound. */
    public static final String EVICTIONS = "nomic.embedding.cache.evictions";
    /** Gauge: entries held. */
    public static final String SIZE = "nomic.embedding.cache.size";
    /** Gauge: bytes held (estimated). */
    public static final String BYTES = "nomic.embedding.cache.bytes";

    private final EmbeddingCache cache;
    private final String model;

    public NomicEmbeddingCacheMetrics(EmbeddingCache cache, String model) {
        this.cache = cache;
        this.model = model;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("model", model, "store", cache.store().name());
        FunctionCounter.builder(HITS, cache, c -> c.statistics().hits()).tags(tags)
                .description("Texts answered from the embedding cache").register(registry);
        FunctionCounter.builder(MISSES, cache, c -> c.statistics().misses()).tags(tags)
                .description("Texts embedded because the cache did not hold them").register(registry);
        if (cache.store().evictions().isPresent()) {
            FunctionCounter.builder(EVICTIONS, cache, c -> c.store().evictions().orElse(0)).tags(tags)
                    .description("Cache entries evicted to stay within the bound").register(registry);
        }
        if (cache.store().size().isPresent()) {
            Gauge.builder(SIZE, cache, c -> c.store().size().orElse(0)).tags(tags)
                    .description("Texts held by the embedding cache").register(registry);
        }
        if (cache.store().bytes().isPresent()) {
            Gauge.builder(BYTES, cache, c -> c.store().bytes().orElse(0)).tags(tags).baseUnit("bytes")
                    .description("Memory held by the embedding cache (estimated)").register(registry);
        }
    }
}
