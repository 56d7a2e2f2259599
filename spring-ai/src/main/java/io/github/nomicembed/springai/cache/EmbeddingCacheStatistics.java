package io.github.nomicembed.springai.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counts of an {@link EmbeddingCache} since it was created.
 *
 * @param hits texts answered from the cache
 * @param misses texts the model embedded
 * @param evictions entries evicted to stay in the bound (empty when the store cannot tell)
 * @param size entries held (empty when the store cannot tell)
 * @param bytes bytes held, estimated (empty when the store cannot tell)
 * @param store the store's name
 */
public record EmbeddingCacheStatistics(long hits, long misses, OptionalLong evictions, OptionalLong size,
        OptionalLong bytes, String store) {

    /** Hits per lookup, 0 before any. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }

    /** The counts as a map (for health details); unknown ones are left out. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", store);
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("hitRatio", Math.round(hitRatio() * 10_000) / 10_000.0);
        evictions.ifPresent(v -> m.put("evictions", v));
        size.ifPresent(v -> m.put("size", v));
        bytes.ifPresent(v -> m.put("bytes", v));
        return m;
    }
}
