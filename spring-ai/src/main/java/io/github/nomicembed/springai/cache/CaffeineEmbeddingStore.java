package io.github.nomicembed.springai.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory store bounded by bytes (the estimate of {@link CachedEmbedding#estimatedBytes()}) or by
 * entries; the least useful entries are evicted first (Caffeine's W-TinyLFU).
 */
public final class CaffeineEmbeddingStore implements EmbeddingCacheStore {

    private final Cache<String, CachedEmbedding> cache;
    private final boolean byBytes;
    private final AtomicLong entryBytes = new AtomicLong();

    private CaffeineEmbeddingStore(Cache<String, CachedEmbedding> cache, boolean byBytes) {
        this.cache = cache;
        this.byBytes = byBytes;
    }

    /** A store holding at most {@code maxBytes} bytes of entries. */
    public static CaffeineEmbeddingStore ofMaxBytes(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max-bytes " + maxBytes + " must be positive, e.g. 256MB");
        }
        return new CaffeineEmbeddingStore(Caffeine.newBuilder().maximumWeight(maxBytes)
                .<String, CachedEmbedding>weigher((k, v) -> (int) Math.min(Integer.MAX_VALUE, v.estimatedBytes()))
                .recordStats().build(), true);
    }

    /** A store holding at most {@code maxEntries} entries. */
    public static CaffeineEmbeddingStore ofMaxEntries(long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("max-entries " + maxEntries + " must be positive, e.g. 100000");
        }
        return new CaffeineEmbeddingStore(Caffeine.newBuilder().maximumSize(maxEntries)
                .<String, CachedEmbedding>recordStats().build(), false);
    }

    @Override
    public CachedEmbedding get(String key) {
        return cache.getIfPresent(key);
    }

    @Override
    public void put(String key, CachedEmbedding value) {
        entryBytes.set(value.estimatedBytes());
        cache.put(key, value);
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(cache.estimatedSize());
    }

    @Override
    public OptionalLong bytes() {
        if (byBytes) {
            return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).map(OptionalLong::of)
                    .orElse(OptionalLong.empty());
        }
        return OptionalLong.of(cache.estimatedSize() * entryBytes.get());
    }

    @Override
    public OptionalLong evictions() {
        return OptionalLong.of(cache.stats().evictionCount());
    }

    /** Runs pending maintenance (evictions) now; for tests and the benchmark. */
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public String name() {
        return "caffeine";
    }
}
