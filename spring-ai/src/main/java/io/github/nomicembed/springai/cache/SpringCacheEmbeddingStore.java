package io.github.nomicembed.springai.cache;

import java.util.Map;
import java.util.OptionalLong;
import org.springframework.cache.Cache;

/**
 * A store on any Spring {@link Cache} (Redis, Hazelcast, Caffeine, ...), e.g. one that several replicas share.
 * Its bound and eviction are the cache's own; the size is known only for map-backed caches.
 */
public final class SpringCacheEmbeddingStore implements EmbeddingCacheStore {

    private final Cache cache;

    public SpringCacheEmbeddingStore(Cache cache) {
        if (cache == null) {
            throw new IllegalArgumentException("cache must not be null");
        }
        this.cache = cache;
    }

    @Override
    public CachedEmbedding get(String key) {
        Cache.ValueWrapper wrapper = cache.get(key);
        return wrapper != null && wrapper.get() instanceof CachedEmbedding value ? value : null;
    }

    @Override
    public void put(String key, CachedEmbedding value) {
        cache.put(key, value);
    }

    @Override
    public OptionalLong size() {
        return cache.getNativeCache() instanceof Map<?, ?> map ? OptionalLong.of(map.size()) : OptionalLong.empty();
    }

    @Override
    public OptionalLong bytes() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong evictions() {
        return OptionalLong.empty();
    }

    @Override
    public String name() {
        return "spring:" + cache.getName();
    }
}
