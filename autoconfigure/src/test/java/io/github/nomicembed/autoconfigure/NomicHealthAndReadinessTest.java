package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;

/** The nomic health component, the model lifecycle and the readiness state it drives. */
class NomicHealthAndReadinessTest {

    @Test
    void healthIsUpWithTheModelDetailsOnceWarmedUp() {
        OperationsTestSupport.runner().run(ctx -> {
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
            Health health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "ready")
                    .containsEntry("model", embedder.options().modelName())
                    .containsEntry("path", TinyModel.dir().toAbsolutePath().toString())
                    .containsEntry("device", String.valueOf(embedder.info().device()))
                    .containsEntry("dtype", "float32")
                    .containsEntry("dimensions", TinyModel.hiddenSize())
                    .containsEntry("maxSequenceLength", embedder.info().maxSequenceLength())
                    .containsKeys("queue", "resilience");
            assertThat(health.getDetails().get("resilience")).asString().contains("state=CLOSED");
        });
    }

    @Test
    void healthSaysWhichBlasKernelsRunOnCpu() {
        OperationsTestSupport.runner().run(ctx -> {
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
            Health health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);

            assertThat(health.getDetails().get("blas")).isInstanceOf(java.util.Map.class);
            java.util.Map<?, ?> blas = (java.util.Map<?, ?>) health.getDetails().get("blas");
            assertThat(blas.get("kernels")).isEqualTo(embedder.info().blas().kernels());
            assertThat(blas.get("fastPath")).isEqualTo(embedder.info().blas().fastPath());
            assertThat(blas.get("mode")).isEqualTo(embedder.info().blas().mode().toString());
            assertThat((String) blas.get("summary")).startsWith("MKL");
        });
    }

    @Test
    void healthSaysTheWeightProductsRunOnPackedWeightsByDefault() {
        OperationsTestSupport.runner().run(ctx -> {
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
            Health health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);

            assertThat(health.getDetails()).containsEntry("gemm", embedder.info().gemm());
            assertThat(embedder.options().packWeights()).isTrue();
        });
    }

    @Test
    void packWeightsFalseRunsTheProductsThroughLibtorch() {
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.cpu.pack-weights=false").run(ctx -> {
            Health health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);

            assertThat(health.getDetails()).containsEntry("gemm", "libtorch (pack-weights=false)");
        });
    }

    @Test
    void readinessAcceptsTrafficOnceTheModelIsWarmedUp() {
        OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .run(ctx -> {
                    AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC); // as Boot does when started

                    assertThat(ctx.getBean(NomicModelLifecycle.class).state()).isEqualTo(NomicModelState.READY);
                    assertThat(ctx.getBean(ApplicationAvailability.class).getReadinessState())
                            .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
                });
    }

    @Test
    void aFailedBackgroundWarmUpKeepsReadinessRefusingAndHealthDownWithTheReason() {
        OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.truncation=error",
                        "nomic.embedding.readiness.warm-up-in-background=true",
                        "nomic.embedding.readiness.warm-up-text=" + OperationsTestSupport.overLongText())
                .run(ctx -> {
                    NomicModelLifecycle lifecycle = ctx.getBean(NomicModelLifecycle.class);
                    AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
                    OperationsTestSupport.await(() -> lifecycle.state() != NomicModelState.WARMING_UP, "warm-up");

                    Health health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);
                    assertThat(lifecycle.state()).isEqualTo(NomicModelState.FAILED);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat((String) health.getDetails().get("reason")).contains("warm-up", "tokens");
                    assertThat(ctx.getBean(ApplicationAvailability.class).getReadinessState())
                            .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
                });
    }

    @Test
    void aBackgroundWarmUpThatSucceedsEndsReady() {
        OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.readiness.warm-up-in-background=true")
                .run(ctx -> {
                    NomicModelLifecycle lifecycle = ctx.getBean(NomicModelLifecycle.class);
                    AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
                    OperationsTestSupport.await(() -> lifecycle.state() != NomicModelState.WARMING_UP, "warm-up");

                    assertThat(lifecycle.state()).isEqualTo(NomicModelState.READY);
                    OperationsTestSupport.await(() -> ctx.getBean(ApplicationAvailability.class).getReadinessState()
                            == ReadinessState.ACCEPTING_TRAFFIC, "readiness ACCEPTING_TRAFFIC");
                });
    }

    @Test
    void aFailedWarmUpFailsStartupNamingTheModelAndTheSwitch() {
        OperationsTestSupport.runner()
                .withPropertyValues("nomic.embedding.truncation=error",
                        "nomic.embedding.readiness.warm-up-text=" + OperationsTestSupport.overLongText())
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("tokens");
                    assertThat(ctx.getStartupFailure()).hasMessageContaining("warm-up forward pass")
                            .hasMessageContaining(TinyModel.dir().toString())
                            .hasMessageContaining("nomic.embedding.readiness.warm-up=false");
                });
    }

    @Test
    void disabledWarmUpIsReadyAtOnce() {
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.readiness.warm-up=false")
                .run(ctx -> assertThat(ctx.getBean(NomicModelLifecycle.class).state())
                        .isEqualTo(NomicModelState.READY));
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        OperationsTestSupport.runner().withPropertyValues("management.health.nomic.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("nomicHealthIndicator"));
    }

    @Test
    void anAppWithoutBootHealthStartsWithoutTheIndicator() {
        OperationsTestSupport.runner()
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean("nomicHealthIndicator");
                    assertThat(ctx.getBean(NomicModelLifecycle.class).state()).isEqualTo(NomicModelState.READY);
                });
    }

    @Test
    void infoDescribesModelPromptsAndLibraryVersions() {
        OperationsTestSupport.runner().run(ctx -> {
            org.springframework.boot.actuate.info.Info.Builder builder =
                    new org.springframework.boot.actuate.info.Info.Builder();
            ctx.getBean("nomicInfoContributor", org.springframework.boot.actuate.info.InfoContributor.class)
                    .contribute(builder);
            @SuppressWarnings("unchecked")
            Map<String, Object> nomic = (Map<String, Object>) builder.build().getDetails().get("nomic");
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);

            assertThat(nomic).containsEntry("model", embedder.options().modelName())
                    .containsEntry("dimensions", embedder.dimensions());
            assertThat(nomic.get("prompts")).isEqualTo(embedder.info().prompts());
            assertThat(embedder.info().prompts()).containsKey("query");
            assertThat(nomic.get("versions")).asString().contains("djl=0.36.0", "libtorch=2.7.1");
        });
    }
}
