package io.github.nomicembed.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * The embedding cache, under {@code nomic.embedding.cache}: off by default. When on, every text is embedded
 * once per model (see {@link io.github.nomicembed.springai.cache.EmbeddingCache}); re-ingesting an unchanged
 * corpus or repeating a query is answered from memory.
 *
 * <pre>
 * nomic.embedding.cache.enabled=true
 * nomic.embedding.cache.max-bytes=512MB
 * # or share one cache between replicas (a CacheManager bean, e.g. Redis):
 * nomic.embedding.cache.cache-name=nomic-embeddings
 * </pre>
 */
@ConfigurationProperties(prefix = NomicEmbeddingCacheProperties.PREFIX)
public class NomicEmbeddingCacheProperties {

    /** Property prefix. */
    public static final String PREFIX = "nomic.embedding.cache";

    /** Whether embeddings are cached, both for the Spring AI EmbeddingModel and what uses it. */
    private final boolean enabled;

    /**
     * Most memory the in-memory cache holds, estimated per entry (about 3.3 KB per text for the 768-dimension
     * model); the least useful entries are evicted first. Ignored when max-entries or cache-name is set.
     */
    private final DataSize maxBytes;

    /** Most texts the in-memory cache holds, instead of max-bytes. Unset means bounded by max-bytes. */
    private final Long maxEntries;

    /**
     * Name of a Spring Cache to keep the vectors in instead of the in-memory one, taken from the application's
     * CacheManager (e.g. Redis, so that several replicas share it); its own settings bound it. Unset means
     * in memory.
     */
    private final String cacheName;

    public NomicEmbeddingCacheProperties(@DefaultValue("false") boolean enabled,
            @DefaultValue("256MB") DataSize maxBytes, Long maxEntries, String cacheName) {
        if (maxBytes.toBytes() < 1) {
            throw invalid("max-bytes", maxBytes, "allowed: a positive size such as 64MB or 1GB");
        }
        if (maxEntries != null && maxEntries < 1) {
            throw invalid("max-entries", maxEntries, "allowed: a positive number of texts, or unset to bound by "
                    + "max-bytes");
        }
        if (cacheName != null && cacheName.isBlank()) {
            throw invalid("cache-name", cacheName, "allowed: the name of a cache of the application's CacheManager, "
                    + "or unset for the in-memory cache");
        }
        this.enabled = enabled;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.cacheName = cacheName;
    }

    static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + "." + property, value, reason);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public DataSize getMaxBytes() {
        return maxBytes;
    }

    /** The entry bound, or {@code null} to bound by bytes. */
    public Long getMaxEntries() {
        return maxEntries;
    }

    /** The Spring Cache name, or {@code null} for the in-memory cache. */
    public String getCacheName() {
        return cacheName;
    }
}
