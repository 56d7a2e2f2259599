package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the nomic model ({@code nomic.embedding.*}, see {@link NomicEmbeddingMetrics}), when
 * Micrometer and a {@link MeterRegistry} bean are present: a {@link MicrometerEmbedderListener} that the
 * model is loaded with, and gauges of its request queue.
 */
@AutoConfiguration(after = NomicEmbeddingAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, NomicEmbedder.class})
public class NomicEmbeddingMetricsAutoConfiguration {

    /** Loaded into the embedder by {@link NomicEmbeddingAutoConfiguration}. */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerEmbedderListener nomicEmbedderMetricsListener(MeterRegistry registry,
            NomicEmbeddingProperties properties) {
        return new MicrometerEmbedderListener(registry, properties.getModelId());
    }

    /** Queue gauges. */
    @Bean
    @ConditionalOnMissingBean
    public NomicEmbeddingMetrics nomicEmbeddingMetrics(NomicEmbedder embedder) {
        return new NomicEmbeddingMetrics(embedder);
    }
}
