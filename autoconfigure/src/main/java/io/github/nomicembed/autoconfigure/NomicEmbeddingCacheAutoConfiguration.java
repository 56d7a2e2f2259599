package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.cache.CaffeineEmbeddingStore;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import io.github.nomicembed.springai.cache.EmbeddingCacheStore;
import io.github.nomicembed.springai.cache.SpringCacheEmbeddingStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedding cache, when {@code nomic.embedding.cache.enabled=true}: an {@link EmbeddingCache} that the
 * auto-configured {@code NomicEmbeddingModel} puts in front of the model (so every caller of the Spring AI
 * {@code EmbeddingModel} bean uses it), in memory (Caffeine, bounded by bytes or entries) or in the Spring
 * {@link Cache} named by {@code cache-name}. With Micrometer, its hits, misses, evictions and size are meters
 * ({@link NomicEmbeddingCacheMetrics}); the {@code nomic} health component shows them too.
 */
@AutoConfiguration(after = NomicEmbeddingAutoConfiguration.class,
        afterName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(EmbeddingCache.class)
@ConditionalOnBean(NomicEmbedder.class)
@ConditionalOnBooleanProperty(name = NomicEmbeddingCacheProperties.PREFIX + ".enabled")
@EnableConfigurationProperties(NomicEmbeddingCacheProperties.class)
public class NomicEmbeddingCacheAutoConfiguration {

    /**
     * The cache; with a loaded model its identity is derived now (hashing the weights once unless they sit in a
     * Hugging Face cache snapshot), so the first request does not pay for it.
     */
    @Bean
    @ConditionalOnMissingBean
    public EmbeddingCache nomicEmbeddingCache(NomicEmbedder embedder, NomicEmbeddingCacheProperties properties,
            ObjectProvider<CacheManager> cacheManagers) {
        EmbeddingCache cache = new EmbeddingCache(embedder, store(properties, cacheManagers));
        if (embedder.isLoaded()) {
            cache.modelIdentity();
        }
        return cache;
    }

    private static EmbeddingCacheStore store(NomicEmbeddingCacheProperties properties,
            ObjectProvider<CacheManager> cacheManagers) {
        String name = properties.getCacheName();
        if (name == null) {
            return properties.getMaxEntries() != null ? CaffeineEmbeddingStore.ofMaxEntries(properties.getMaxEntries())
                    : CaffeineEmbeddingStore.ofMaxBytes(properties.getMaxBytes().toBytes());
        }
        CacheManager manager = cacheManagers.getIfUnique();
        if (manager == null) {
            throw NomicEmbeddingCacheProperties.invalid("cache-name", name, "it needs exactly one CacheManager bean "
                    + "(e.g. spring-boot-starter-cache with @EnableCaching, or spring-boot-starter-data-redis); "
                    + "found " + cacheManagers.stream().count() + ". Unset it for the in-memory cache");
        }
        Cache cache = manager.getCache(name);
        if (cache == null) {
            throw NomicEmbeddingCacheProperties.invalid("cache-name", name, "the CacheManager has no cache of that "
                    + "name; allowed: " + manager.getCacheNames() + " (or declare it, e.g. spring.cache.cache-names)");
        }
        return new SpringCacheEmbeddingStore(cache);
    }

    /** Cache meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        NomicEmbeddingCacheMetrics nomicEmbeddingCacheMetrics(EmbeddingCache cache, NomicEmbedder embedder) {
            return new NomicEmbeddingCacheMetrics(cache, embedder.options().modelName());
        }
    }
}
