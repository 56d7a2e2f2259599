package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;

/** The bulkhead and circuit breaker named nomic in front of the EmbeddingModel. */
class NomicResilienceAutoConfigurationTest {

    @Test
    void theEmbeddingModelIsGuardedAndStillEmbeds() {
        OperationsTestSupport.runner().run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);

            assertThat(model).isInstanceOf(GuardedNomicEmbeddingModel.class);
            assertThat(model.embed("Berlin")).isEqualTo(ctx.getBean(NomicEmbedder.class).embedQuery("Berlin"));
        });
    }

    @Test
    void aFullBulkheadRefusesTheCallWithoutRunningIt() {
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.resilience.max-concurrent-calls=1")
                .run(ctx -> {
                    Resilience4jEmbeddingGuard guard = ctx.getBean(Resilience4jEmbeddingGuard.class);
                    guard.bulkhead().acquirePermission(); // another caller holds the only permit
                    try {
                        assertThatThrownBy(() -> ctx.getBean(EmbeddingModel.class).embed("x"))
                                .isInstanceOf(BulkheadFullException.class);
                    } finally {
                        guard.bulkhead().onComplete();
                    }
                    assertThat(ctx.getBean(EmbeddingModel.class).embed("x")).isNotEmpty();
                });
    }

    @Test
    void badInputNeverCountsAgainstTheCircuitBreaker() {
        OperationsTestSupport.runner().run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> model.call(new EmbeddingRequest(List.of("x"),
                        EmbeddingOptions.builder().dimensions(0).build())))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions must be >= 1");
            }
            CircuitBreaker cb = ctx.getBean(Resilience4jEmbeddingGuard.class).circuitBreaker();

            assertThat(cb.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(cb.getMetrics().getNumberOfFailedCalls()).isZero();
        });
    }

    @Test
    void repeatedRuntimeFailuresOpenTheCircuitAndTurnHealthDown() {
        OperationsTestSupport.runner().run(ctx -> {
            Resilience4jEmbeddingGuard guard = ctx.getBean(Resilience4jEmbeddingGuard.class);
            for (int i = 0; i < 5; i++) { // what a lost device looks like to the guard
                assertThatThrownBy(() -> guard.call(() -> {
                    throw new IllegalStateException("CUDA error: device-side assert triggered");
                })).isInstanceOf(IllegalStateException.class);
            }

            assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> ctx.getBean(EmbeddingModel.class).embed("x"))
                    .isInstanceOf(CallNotPermittedException.class);
            var health = ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("reason")).contains("circuit breaker 'nomic' is open");
        });
    }

    @Test
    void callsRefusedBecauseTheModelIsShuttingDownNeverCountAgainstTheCircuitBreaker() {
        OperationsTestSupport.runner().run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            ctx.getBean(NomicEmbedder.class).close();
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> model.embed("x")).isInstanceOf(EmbeddingRejectedException.class);
            }
            CircuitBreaker cb = ctx.getBean(Resilience4jEmbeddingGuard.class).circuitBreaker();

            assertThat(cb.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(cb.getMetrics().getNumberOfFailedCalls()).isZero();
        });
    }

    @Test
    void resilience4jPropertiesConfigureTheNomicInstances() {
        OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(BulkheadAutoConfiguration.class,
                        CircuitBreakerAutoConfiguration.class))
                .withPropertyValues("resilience4j.bulkhead.instances.nomic.max-concurrent-calls=3")
                .run(ctx -> {
                    Resilience4jEmbeddingGuard guard = ctx.getBean(Resilience4jEmbeddingGuard.class);

                    assertThat(guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(3);
                    assertThat(ctx.getBean(BulkheadRegistry.class).find("nomic")).containsSame(guard.bulkhead());
                });
    }

    @Test
    void aCallWithoutVectorsWithinTheTimeLimitIsRefusedAsTimedOutAndItsTextsDropped() {
        // the worker waits for the batch budget to fill, so the call's texts stay queued past the limit
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.resilience.timeout-duration=300ms",
                "nomic.embedding.scheduler.max-wait=60s", "nomic.embedding.scheduler.shutdown-grace=0s",
                "nomic.embedding.readiness.warm-up=false")
                .run(ctx -> {
                    Resilience4jEmbeddingGuard guard = ctx.getBean(Resilience4jEmbeddingGuard.class);

                    assertThatThrownBy(() -> ctx.getBean(EmbeddingModel.class).embed("x"))
                            .isInstanceOfSatisfying(EmbeddingRejectedException.class, e -> assertThat(e.reason())
                                    .isEqualTo(EmbeddingRejectedException.Reason.TIMED_OUT))
                            .hasMessageContaining("time limiter 'nomic'").hasMessageContaining("300 ms");
                    assertThat(ctx.getBean(NomicEmbedder.class).queueDepth().texts()).isZero();
                    assertThat(guard.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
                });
    }

    @Test
    void resilience4jPropertiesConfigureTheNomicTimeLimiterAndCallsWithinItGetTheirVectors() {
        OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(TimeLimiterAutoConfiguration.class))
                .withPropertyValues("resilience4j.timelimiter.instances.nomic.timeout-duration=20s")
                .run(ctx -> {
                    Resilience4jEmbeddingGuard guard = ctx.getBean(Resilience4jEmbeddingGuard.class);

                    assertThat(ctx.getBean(TimeLimiterRegistry.class).find("nomic")).containsSame(guard.timeLimiter());
                    assertThat(guard.timeLimiter().getTimeLimiterConfig().getTimeoutDuration())
                            .isEqualTo(Duration.ofSeconds(20));
                    assertThat(ctx.getBean(EmbeddingModel.class).embed("Berlin"))
                            .isEqualTo(ctx.getBean(NomicEmbedder.class).embedQuery("Berlin"));
                });
    }

    @Test
    void withoutATimeLimiterConfiguredCallsHaveNoTimeLimitOfTheirOwn() {
        OperationsTestSupport.runner()
                .withConfiguration(AutoConfigurations.of(TimeLimiterAutoConfiguration.class))
                .run(ctx -> assertThat(ctx.getBean(Resilience4jEmbeddingGuard.class).timeLimiter()).isNull());
    }

    @Test
    void aZeroTimeLimitFailsStartupNamingTheProperty() {
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.resilience.timeout-duration=0s")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("nomic.embedding.resilience.timeout-duration"));
    }

    @Test
    void canBeSwitchedOff() {
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.resilience.enabled=false")
                .run(ctx -> assertThat(ctx.getBean(EmbeddingModel.class)).isExactlyInstanceOf(NomicEmbeddingModel.class));
    }

    @Test
    void anAppWithoutResilience4jStartsWithAnUnguardedModel() {
        OperationsTestSupport.runner()
                .withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(EmbeddingCallGuard.class);
                    assertThat(ctx.getBean(EmbeddingModel.class)).isExactlyInstanceOf(NomicEmbeddingModel.class);
                });
    }
}
