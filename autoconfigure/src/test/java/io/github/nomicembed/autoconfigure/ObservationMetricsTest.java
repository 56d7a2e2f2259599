package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.embedding.observation.autoconfigure.EmbeddingObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;

/** With Boot's observation and metrics auto-configuration, calls show up like Spring AI's own models. */
class ObservationMetricsTest {

    @Test
    void embeddingCallsProduceGenAiOperationAndTokenUsageMeters() {
        ContextRunners.tinyModel()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, EmbeddingObservationAutoConfiguration.class))
                .run(ctx -> {
                    String text = "Berlin ist die Hauptstadt von Deutschland.";
                    ctx.getBean(EmbeddingModel.class).embed(List.of(text));
                    int tokens = ctx.getBean(NomicEmbedder.class)
                            .countTokens(text, EmbeddingTask.DOCUMENT.promptName()).embedded();

                    MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                    assertThat(meters.get("gen_ai.client.operation").tag("gen_ai.system", "nomic")
                            .tag("gen_ai.operation.name", "embedding").timer().count()).isEqualTo(1);
                    assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").counter()
                            .count()).isEqualTo(tokens);
                    assertThat(meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").counter())
                            .isNull();
                });
    }
}
