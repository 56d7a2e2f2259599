package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The model's nomic.embedding.* meters move with real calls. */
class NomicEmbeddingMetricsTest {

    private static ApplicationContextRunner runner() {
        return ContextRunners.tinyModel().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                NomicEmbeddingMetricsAutoConfiguration.class));
    }

    @Test
    void requestsTextsTokensAndForwardPassesAreCounted() {
        runner().run(ctx -> {
            List<String> texts = List.of("Berlin ist die Hauptstadt.", "Paris is in France.", "x");
            ctx.getBean(EmbeddingModel.class).embed(texts);
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
            long tokens = texts.stream()
                    .mapToLong(t -> embedder.countTokens(t, EmbeddingTask.DOCUMENT.promptName()).embedded()).sum();
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);

            assertThat(meters.get(NomicEmbeddingMetrics.REQUESTS).counter().count()).isEqualTo(1);
            assertThat(meters.get(NomicEmbeddingMetrics.TEXTS).counter().count()).isEqualTo(3);
            assertThat(meters.get(NomicEmbeddingMetrics.TOKENS).counter().count()).isEqualTo(tokens);
            assertThat(meters.get(NomicEmbeddingMetrics.FORWARD).timer().count()).isPositive();
            assertThat(meters.get(NomicEmbeddingMetrics.BATCH_SIZE).summary().totalAmount()).isEqualTo(3);
            assertThat(meters.get(NomicEmbeddingMetrics.BATCH_TOKENS).summary().totalAmount()).isEqualTo(tokens);
            assertThat(meters.get(NomicEmbeddingMetrics.QUEUE_WAIT).timer().count()).isPositive();
            assertThat(meters.get(NomicEmbeddingMetrics.QUEUE_TEXTS).gauge().value()).isZero();
            assertThat(meters.get(NomicEmbeddingMetrics.REQUESTS).counter().getId().getTag("model"))
                    .isEqualTo(embedder.options().modelName());
        });
    }

    @Test
    void aSmallCallsWaitIsTimedAndALargeCallsIsNot() {
        runner().withPropertyValues("nomic.embedding.scheduler.small-request-tokens=64").run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            model.embed(List.of("a short query"));
            model.embed(List.of("a longer document text with several words in it ".repeat(20)));

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get(NomicEmbeddingMetrics.SMALL_REQUEST_WAIT).timer().count()).isEqualTo(1);
            assertThat(meters.get(NomicEmbeddingMetrics.QUEUE_WAIT).timer().count()).isEqualTo(2);
            assertThat(meters.get(NomicEmbeddingMetrics.PREEMPTIONS).counter().count()).isZero();
        });
    }

    @Test
    void truncatedTextsAreCounted() {
        runner().run(ctx -> {
            ctx.getBean(EmbeddingModel.class).embed(List.of("word ".repeat(2000), "short"));

            assertThat(ctx.getBean(MeterRegistry.class).get(NomicEmbeddingMetrics.TRUNCATED).counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void everyRejectionReasonHasItsSeriesFromTheStart() {
        runner().run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            for (EmbeddingRejectedException.Reason reason : EmbeddingRejectedException.Reason.values()) {
                assertThat(meters.get(NomicEmbeddingMetrics.REJECTIONS)
                        .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).counter().count()).isZero();
            }
        });
    }

    @Test
    void withoutMicrometerTheModelStartsWithoutMeters() {
        ContextRunners.tinyModel().withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .withConfiguration(AutoConfigurations.of(NomicEmbeddingMetricsAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(MicrometerEmbedderListener.class));
    }
}
