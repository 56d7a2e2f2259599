package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.nomicembed.springai.cache.CaffeineEmbeddingStore;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

/** The embedding cache bean, its nomic.embedding.cache.* settings, meters and health details. */
class NomicEmbeddingCacheAutoConfigurationTest {

    private final ApplicationContextRunner runner = ContextRunners.tinyModel()
            .withConfiguration(AutoConfigurations.of(NomicEmbeddingCacheAutoConfiguration.class));

    private final ApplicationContextRunner enabled = runner.withPropertyValues("nomic.embedding.cache.enabled=true");

    @Test
    void theCacheIsOffByDefault() {
        runner.run(ctx -> {
            assertThat(ctx).doesNotHaveBean(EmbeddingCache.class);
            assertThat(ctx.getBean(NomicEmbeddingModel.class).getCache()).isNull();
        });
    }

    @Test
    void enablingItPutsTheCacheInFrontOfTheEmbeddingModel() {
        enabled.run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            model.embed(new Document("Berlin"));
            model.embed(new Document("Berlin"));
            EmbeddingCache cache = ctx.getBean(EmbeddingCache.class);
            assertThat(cache.statistics().hits()).isEqualTo(1);
            assertThat(cache.statistics().misses()).isEqualTo(1);
            assertThat(cache.statistics().store()).isEqualTo("caffeine");
        });
    }

    @Test
    void maxEntriesBoundsTheInMemoryCache() {
        enabled.withPropertyValues("nomic.embedding.cache.max-entries=3").run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            model.embed(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
            ((CaffeineEmbeddingStore) ctx.getBean(EmbeddingCache.class).store())
                    .cleanUp();
            assertThat(ctx.getBean(EmbeddingCache.class).statistics().size().getAsLong()).isLessThanOrEqualTo(3);
        });
    }

    @Test
    void maxBytesBoundsTheInMemoryCache() {
        enabled.withPropertyValues("nomic.embedding.cache.max-bytes=2KB").run(ctx -> {
            ctx.getBean(EmbeddingModel.class).embed(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
            EmbeddingCache cache = ctx.getBean(EmbeddingCache.class);
            ((CaffeineEmbeddingStore) cache.store()).cleanUp();
            assertThat(cache.statistics().bytes().getAsLong()).isLessThanOrEqualTo(2048);
        });
    }

    @Test
    void cacheNameKeepsTheVectorsInTheApplicationsCacheManager() {
        ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("shared-embeddings");
        enabled.withBean(CacheManager.class, () -> manager)
                .withPropertyValues("nomic.embedding.cache.cache-name=shared-embeddings").run(ctx -> {
                    ctx.getBean(EmbeddingModel.class).embed(new Document("Berlin"));
                    assertThat(ctx.getBean(EmbeddingCache.class).statistics().store())
                            .isEqualTo("spring:shared-embeddings");
                    assertThat(((Map<?, ?>) manager.getCache("shared-embeddings").getNativeCache())).hasSize(1);
                });
    }

    @Test
    void cacheNameWithoutACacheManagerFailsStartup() {
        enabled.withPropertyValues("nomic.embedding.cache.cache-name=shared").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.cache.cache-name").hasMessageContaining("CacheManager"));
    }

    @Test
    void anUnknownCacheNameFailsStartupListingTheCaches() {
        enabled.withBean(CacheManager.class, () -> new ConcurrentMapCacheManager("embeddings")).withPropertyValues("nomic.embedding.cache.cache-name=missing").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.cache.cache-name")
                .hasMessageContaining("'missing'").hasMessageContaining("[embeddings]"));
    }

    @Test
    void zeroMaxEntriesFailsStartup() {
        enabled.withPropertyValues("nomic.embedding.cache.max-entries=0").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.cache.max-entries")
                .hasMessageContaining("'0'"));
    }

    @Test
    void zeroMaxBytesFailsStartup() {
        enabled.withPropertyValues("nomic.embedding.cache.max-bytes=0B").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.cache.max-bytes"));
    }

    @Test
    void hitsMissesEvictionsAndSizeAreMeters() {
        enabled.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.cache.max-entries=2").run(ctx -> {
                    EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
                    model.embed(List.of("a", "b", "c"));
                    model.embed(List.of("c"));
                    ((CaffeineEmbeddingStore) ctx.getBean(EmbeddingCache.class)
                            .store()).cleanUp();
                    MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                    assertThat(meters.get(NomicEmbeddingCacheMetrics.HITS).functionCounter().count()).isEqualTo(1);
                    assertThat(meters.get(NomicEmbeddingCacheMetrics.MISSES).functionCounter().count()).isEqualTo(3);
                    assertThat(meters.get(NomicEmbeddingCacheMetrics.EVICTIONS).functionCounter().count())
                            .isGreaterThanOrEqualTo(1);
                    assertThat(meters.get(NomicEmbeddingCacheMetrics.SIZE).gauge().value()).isLessThanOrEqualTo(2);
                    assertThat(meters.get(NomicEmbeddingCacheMetrics.BYTES).gauge().value()).isPositive();
                });
    }

    @Test
    void theNomicHealthComponentShowsTheCache() {
        enabled.withConfiguration(AutoConfigurations.of(NomicResilienceAutoConfiguration.class,
                NomicEmbeddingOperationsAutoConfiguration.class)).run(ctx -> {
                    ctx.getBean(EmbeddingModel.class).embed(new Document("Berlin"));
                    ctx.getBean(EmbeddingModel.class).embed(new Document("Berlin"));
                    Health health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);
                    assertThat(health.getDetails().get("cache")).asString().contains("hits=1", "misses=1",
                            "store=caffeine", "size=1");
                });
    }
}
