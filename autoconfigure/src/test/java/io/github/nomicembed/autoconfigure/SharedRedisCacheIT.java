package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.springai.cache.EmbeddingCache;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Two replicas (two contexts, two models) share their embeddings through one real Redis. */
class SharedRedisCacheIT {

    static LocalRedis redis;
    static LettuceConnectionFactory connections;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        connections.afterPropertiesSet();
        connections.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (connections != null) {
            connections.destroy();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private final ApplicationContextRunner replica = ContextRunners.tinyModel()
            .withConfiguration(AutoConfigurations.of(NomicEmbeddingCacheAutoConfiguration.class))
            .withBean(CacheManager.class, () -> {
                RedisCacheManager manager = RedisCacheManager.builder(connections)
                        .initialCacheNames(java.util.Set.of("nomic-embeddings")).build();
                manager.afterPropertiesSet();
                return manager;
            })
            .withPropertyValues("nomic.embedding.cache.enabled=true",
                    "nomic.embedding.cache.cache-name=nomic-embeddings");

    @Test
    void aReplicaGetsTheVectorAnotherReplicaStoredBitForBit() {
        Document doc = new Document("Shared through Redis: " + System.nanoTime());
        AtomicReference<float[]> stored = new AtomicReference<>();
        replica.run(first -> stored.set(first.getBean(EmbeddingModel.class).embed(doc)));

        replica.run(second -> {
            float[] served = second.getBean(EmbeddingModel.class).embed(doc);
            EmbeddingCache cache = second.getBean(EmbeddingCache.class);

            assertThat(cache.statistics().hits()).isEqualTo(1);
            assertThat(cache.statistics().misses()).isZero();
            assertThat(cache.statistics().store()).isEqualTo("spring:nomic-embeddings");
            assertThat(Arrays.equals(served, stored.get())).isTrue();
        });
    }
}
