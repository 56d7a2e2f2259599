package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operations of the loaded nomic model: its lifecycle (warm-up, readiness; {@link NomicReadinessProperties}),
 * and, when Spring Boot's health and actuator modules are on the classpath, the {@code nomic} health
 * component ({@code management.health.nomic.enabled}) and the {@code nomic} entry of {@code /actuator/info}.
 */
@AutoConfiguration(after = NomicEmbeddingAutoConfiguration.class,
        afterName = {"io.github.nomicembed.autoconfigure.NomicResilienceAutoConfiguration",
                // the lifecycle must hear readiness changes after ApplicationAvailabilityBean (same order, so
                // registration order decides) to have the last word while the model is not ready
                "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration"})
@ConditionalOnBean(NomicEmbedder.class)
@EnableConfigurationProperties(NomicReadinessProperties.class)
public class NomicEmbeddingOperationsAutoConfiguration {

    /** Warm-up and readiness. */
    @Bean
    @ConditionalOnMissingBean
    public NomicModelLifecycle nomicModelLifecycle(NomicEmbedder embedder, NomicReadinessProperties properties,
            ApplicationEventPublisher events, ObjectProvider<NomicEmbeddingProperties> embeddingProperties) {
        return new NomicModelLifecycle(embedder, properties, events, embeddingProperties.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
            "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
    static class HealthConfiguration {

        /** Health component {@code nomic}. */
        @Bean
        @ConditionalOnMissingBean(name = "nomicHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("nomic")
        HealthIndicator nomicHealthIndicator(NomicEmbedder embedder, NomicEmbeddingProperties properties,
                NomicModelLifecycle lifecycle, ObjectProvider<EmbeddingCallGuard> guard,
                ObjectProvider<EmbeddingCache> cache) {
            return new NomicEmbeddingHealthIndicator(embedder, properties, lifecycle, guard.getIfUnique(),
                    cache.getIfUnique());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class InfoConfiguration {

        /** {@code nomic} in {@code /actuator/info}. */
        @Bean
        @ConditionalOnMissingBean(name = "nomicInfoContributor")
        InfoContributor nomicInfoContributor(NomicEmbedder embedder, NomicEmbeddingProperties properties) {
            return new NomicEmbeddingInfoContributor(embedder, properties);
        }
    }
}
