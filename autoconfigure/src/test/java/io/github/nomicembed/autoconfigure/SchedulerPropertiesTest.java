package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** {@code nomic.embedding.scheduler.*}: on by default, every value bound and checked. */
class SchedulerPropertiesTest {

    @Test
    void schedulerIsOnByDefault() {
        ContextRunners.tinyModel().run(ctx -> assertThat(ctx.getBean(NomicEmbedder.class).options().scheduler())
                .isEqualTo(SchedulerOptions.defaults()));
    }

    @Test
    void schedulerCanBeSwitchedOff() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.scheduler.enabled=false").run(ctx -> assertThat(
                ctx.getBean(NomicEmbedder.class).options().scheduler().enabled()).isFalse());
    }

    @Test
    void schedulerValuesBindIntoTheEmbedder() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.scheduler.workers=2",
                "nomic.embedding.scheduler.threads-per-worker=1", "nomic.embedding.scheduler.max-queued-texts=64",
                "nomic.embedding.scheduler.max-queued-tokens=5000", "nomic.embedding.scheduler.max-wait=5ms",
                "nomic.embedding.scheduler.request-timeout=20s", "nomic.embedding.scheduler.shutdown-grace=2s",
                "nomic.embedding.scheduler.small-request-tokens=128")
                .run(ctx -> assertThat(ctx.getBean(NomicEmbedder.class).options().scheduler()).isEqualTo(
                        new SchedulerOptions(true, 2, 1, 64, 5000, Duration.ofMillis(5), Duration.ofSeconds(20),
                                Duration.ofSeconds(2), 128)));
    }

    @Test
    void aNegativeSmallRequestBoundFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.scheduler.small-request-tokens=-1").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.scheduler.small-request-tokens").hasMessageContaining("'-1'")
                .hasMessageContaining(">= 0"));
    }

    @Test
    void nativeMemoryTrimSettingsBindIntoTheEmbedder() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.native-memory.trim=false",
                "nomic.embedding.native-memory.trim-threshold=128MB").run(ctx -> {
                    var options = ctx.getBean(NomicEmbedder.class).options();
                    assertThat(options.trimNativeMemory()).isFalse();
                    assertThat(options.trimThresholdBytes()).isEqualTo(128L << 20);
                });
    }

    @Test
    void aNegativeTrimThresholdFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.native-memory.trim-threshold=-1B").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.native-memory.trim-threshold"));
    }

    @Test
    void zeroWorkersFailStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.scheduler.workers=0").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.scheduler.workers").hasMessageContaining("'0'")
                .hasMessageContaining(">= 1"));
    }

    @Test
    void zeroQueuedTextsFailStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.scheduler.max-queued-texts=0").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.scheduler.max-queued-texts"));
    }

    @Test
    void negativeRequestTimeoutFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.scheduler.request-timeout=-1s").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.scheduler.request-timeout")
                .hasMessageContaining(">= 0"));
    }

    @Test
    void anEmbedderListenerBeanSeesTheRequests() {
        AtomicInteger requests = new AtomicInteger();
        ContextRunners.tinyModel().withBean(EmbedderListener.class, () -> new EmbedderListener() {
            @Override
            public void onRequest(int texts, long tokens) {
                requests.incrementAndGet();
            }
        }).run(ctx -> {
            ctx.getBean(NomicEmbedder.class).embed(List.of("hello"), EmbeddingTask.QUERY);
            assertThat(requests).hasValue(1);
        });
    }

    @Test
    void everyEmbedderListenerBeanSeesTheRequests() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        ContextRunners.tinyModel().withBean("first", EmbedderListener.class, () -> counting(first))
                .withBean("second", EmbedderListener.class, () -> counting(second)).run(ctx -> {
                    ctx.getBean(NomicEmbedder.class).embed(List.of("hello"), EmbeddingTask.QUERY);
                    assertThat(first).hasValue(1);
                    assertThat(second).hasValue(1);
                });
    }

    private static EmbedderListener counting(AtomicInteger requests) {
        return new EmbedderListener() {
            @Override
            public void onRequest(int texts, long tokens) {
                requests.incrementAndGet();
            }
        };
    }
}
