package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code nomic.embedding.readiness.load-in-background}: the application starts before the model is loaded and
 * reports the load (health, readiness, typed refusals) instead of failing startup.
 */
class BackgroundLoadTest {

    @TempDir
    Path tmp;

    private static ApplicationContextRunner inBackground() {
        return OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.readiness.load-in-background=true");
    }

    private static Health health(org.springframework.context.ApplicationContext ctx) {
        return ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);
    }

    private static ReadinessState readiness(org.springframework.context.ApplicationContext ctx) {
        return ctx.getBean(ApplicationAvailability.class).getReadinessState();
    }

    @Test
    void theAppStartsWhileTheModelLoadsRefusesCallsAndTrafficThenServesOnceReady() throws Exception {
        CountDownLatch download = new CountDownLatch(1);
        inBackground().withBean(ModelDirectoryResolver.class, () -> tinyModelAfter(download)).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            NomicModelLifecycle lifecycle = ctx.getBean(NomicModelLifecycle.class);
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC); // as Boot does when started

            assertThat(lifecycle.state()).isEqualTo(NomicModelState.LOADING);
            assertThat(readiness(ctx)).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            Health loading = health(ctx);
            assertThat(loading.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(loading.getDetails()).containsEntry("state", "loading")
                    .containsEntry("dimensions", TinyModel.hiddenSize()); // from model-path's config.json
            assertThat(model.dimensions()).isEqualTo(TinyModel.hiddenSize());
            assertThatThrownBy(() -> model.embed("search me"))
                    .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_LOADED));

            download.countDown();
            OperationsTestSupport.await(() -> lifecycle.state() == NomicModelState.READY, "READY");
            OperationsTestSupport.await(() -> readiness(ctx) == ReadinessState.ACCEPTING_TRAFFIC,
                    "readiness ACCEPTING_TRAFFIC");

            assertThat(health(ctx).getStatus()).isEqualTo(Status.UP);
            try (NomicEmbedder reference = NomicEmbedder.load(TinyModel.dir())) {
                assertThat(model.embed("search me")).containsExactly(reference.embedQuery("search me"));
            }
        });
    }

    @Test
    void corruptWeightsTurnHealthDownWithTheFileInsteadOfFailingStartup() throws IOException {
        Path dir = copyOfTinyModel();
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        inBackground().withPropertyValues("nomic.embedding.model-path=" + dir).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            NomicModelLifecycle lifecycle = ctx.getBean(NomicModelLifecycle.class);
            AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
            OperationsTestSupport.await(() -> lifecycle.state() == NomicModelState.FAILED, "FAILED");

            Health health = health(ctx);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("reason")).contains("failed to load",
                    dir.resolve("model.safetensors").toString());
            assertThat(readiness(ctx)).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThatThrownBy(() -> ctx.getBean(EmbeddingModel.class).embed("x"))
                    .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.LOAD_FAILED));
        });
    }

    @Test
    void aDimensionOverTheModelsHiddenSizeFailsTheLoadNamingTheProperty() {
        inBackground().withPropertyValues("nomic.embedding.dimensions=" + (TinyModel.hiddenSize() + 1)).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            NomicModelLifecycle lifecycle = ctx.getBean(NomicModelLifecycle.class);
            OperationsTestSupport.await(() -> lifecycle.state() == NomicModelState.FAILED, "FAILED");

            assertThat(lifecycle.failure()).contains("nomic.embedding.dimensions");
        });
    }

    @Test
    void aDefaultTaskTheLoadedModelLacksFailsItNamingThePropertyAndTheNames() {
        inBackground().withPropertyValues("nomic.embedding.default-task=Nope").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            NomicModelLifecycle lifecycle = ctx.getBean(NomicModelLifecycle.class);
            OperationsTestSupport.await(() -> lifecycle.state() == NomicModelState.FAILED, "FAILED");

            assertThat(lifecycle.failure()).contains("nomic.embedding.default-task", "query");
            assertThat(health(ctx).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void anInvalidPropertyStillFailsStartupAtOnce() {
        inBackground().withPropertyValues("nomic.embedding.batch-size=0")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining(
                        "nomic.embedding.batch-size"));
    }

    @Test
    void withoutAKnownDimensionTheModelsDimensionsWaitForTheLoadWhileCallsAreRefusedAtOnce() throws Exception {
        CountDownLatch download = new CountDownLatch(1);
        inBackground().withBean(ModelDirectoryResolver.class, () -> tinyModelAfter(download))
                .withPropertyValues("nomic.embedding.model-path=").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            CompletableFuture<Integer> dimensions = CompletableFuture.supplyAsync(model::dimensions);

            assertThatThrownBy(() -> dimensions.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> model.embed("x")).isInstanceOf(EmbeddingRejectedException.class);
            download.countDown();
            assertThat(dimensions.get(60, TimeUnit.SECONDS)).isEqualTo(TinyModel.hiddenSize());
        });
    }

    /** Resolves the tiny model once {@code download} is counted down, like a download into the model cache. */
    private static ModelDirectoryResolver tinyModelAfter(CountDownLatch download) {
        return () -> {
            try {
                download.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TinyModel.dir();
        };
    }

    private Path copyOfTinyModel() throws IOException {
        return TinyModel.copyTo(tmp.resolve("model"));
    }
}
