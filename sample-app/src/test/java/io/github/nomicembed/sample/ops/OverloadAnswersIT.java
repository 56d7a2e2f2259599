package io.github.nomicembed.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.autoconfigure.NomicModelLifecycle;
import io.github.nomicembed.autoconfigure.NomicModelState;
import io.github.nomicembed.autoconfigure.Resilience4jEmbeddingGuard;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.sample.AppRunner;
import io.github.nomicembed.sample.Http;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a client gets when the server cannot take its work, over real HTTP: 429 from the rate limiter and the
 * bulkhead, 503 from an open circuit breaker, a model that is not ready, or a model shutting down; all with
 * {@code Retry-After} and in OpenAI's error shape; and the server serves again once the cause is gone.
 */
class OverloadAnswersIT {

    private static final String BODY = "{\"input\":\"overload\"}";

    @TempDir
    Path storeDir;

    @Test
    void overTheRateLimitIs429WithRetryAfter() {
        try (ConfigurableApplicationContext app = start("app.rate-limit.enabled=true",
                "resilience4j.ratelimiter.instances.nomic.limit-for-period=3",
                "resilience4j.ratelimiter.instances.nomic.limit-refresh-period=60s")) {
            Http http = AppRunner.http(app);
            for (int i = 0; i < 3; i++) {
                assertThat(http.postJson("/v1/embeddings", BODY).status()).isEqualTo(200);
            }

            Http.Response r = send(http);

            assertThat(r.status()).isEqualTo(429);
            assertThat(r.error("code")).isEqualTo("rate_limit_exceeded");
            assertThat(r.error("type")).isEqualTo("requests");
            assertThat(r.header("Retry-After")).isEqualTo("60");
        }
    }

    @Test
    void aFullBulkheadIs429AndAnOpenCircuitIs503UntilItCloses() {
        try (ConfigurableApplicationContext app = start("resilience4j.bulkhead.instances.nomic.max-concurrent-calls=1")) {
            Http http = AppRunner.http(app);
            Resilience4jEmbeddingGuard guard = app.getBean(Resilience4jEmbeddingGuard.class);

            guard.bulkhead().acquirePermission(); // another request holds the only permit
            Http.Response busy = send(http);
            guard.bulkhead().onComplete();
            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy.error("code")).isEqualTo("server_busy");
            assertThat(busy.header("Retry-After")).isEqualTo("1");

            guard.circuitBreaker().transitionToOpenState(); // as after repeated device failures
            Http.Response open = send(http);
            assertThat(open.status()).isEqualTo(503);
            assertThat(open.error("code")).isEqualTo("model_unavailable");
            assertThat(open.error("type")).isEqualTo("server_error");
            assertThat(open.header("Retry-After")).isEqualTo("30");
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);

            guard.circuitBreaker().transitionToClosedState();
            assertThat(send(http).status()).isEqualTo(200);
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    @Test
    void aModelThatFailedItsBackgroundWarmUpAnswers503AndIsNotReady() throws InterruptedException {
        try (ConfigurableApplicationContext app = start("nomic.embedding.truncation=error",
                "nomic.embedding.readiness.warm-up-in-background=true",
                "nomic.embedding.readiness.warm-up-text=" + "word ".repeat(2000))) {
            Http http = AppRunner.http(app);
            NomicModelLifecycle lifecycle = app.getBean(NomicModelLifecycle.class);
            Awaitility.await("the background warm-up").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20)).until(() -> lifecycle.state() != NomicModelState.WARMING_UP);

            Http.Response r = send(http);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error("code")).isEqualTo("model_unavailable");
            assertThat(r.error("message")).contains("failed", "warm-up");
            assertThat(r.header("Retry-After")).isEqualTo("5");
            Http.Response readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.json().at("/components/nomic/details/reason").asString()).contains("warm-up");
            assertThat(readiness.json().at("/components/readinessState/status").asString())
                    .isEqualTo("OUT_OF_SERVICE");
        }
    }

    @Test
    void aRequestWithoutVectorsWithinTheTimeLimiterIs503QueueTimeoutAndTheServerServesAgain() {
        // the model's worker waits for its batch budget to fill, so the request's texts stay queued
        try (ConfigurableApplicationContext app = start("resilience4j.timelimiter.instances.nomic.timeout-duration=300ms",
                "nomic.embedding.scheduler.max-wait=60s", "nomic.embedding.scheduler.shutdown-grace=0s",
                "nomic.embedding.readiness.warm-up=false")) {
            Http http = AppRunner.http(app);

            Http.Response r = send(http);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error("code")).isEqualTo("queue_timeout");
            assertThat(r.error("message")).contains("time limiter 'nomic'", "300 ms");
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(app.getBean(NomicEmbedder.class).queueDepth().texts()).isZero();
            assertThat(http.get("/actuator/metrics/resilience4j.timelimiter.calls?tag=name:nomic&tag=kind:timeout")
                    .json().at("/measurements/0/value").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void aClosedModelAnswers503ShuttingDown() {
        try (ConfigurableApplicationContext app = start()) {
            Http http = AppRunner.http(app);
            app.getBean(NomicEmbedder.class).close(); // what close() does to late requests during shutdown

            Http.Response r = send(http);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error("code")).isEqualTo("shutting_down");
            assertThat(r.header("Retry-After")).isEqualTo("5");
        }
    }

    private ConfigurableApplicationContext start(String... properties) {
        String[] all = new String[properties.length + 1];
        all[0] = "app.store.dir=" + storeDir;
        System.arraycopy(properties, 0, all, 1, properties.length);
        return AppRunner.start("offline-demo", all);
    }

    private static Http.Response send(Http http) {
        return http.postJson("/v1/embeddings", BODY);
    }
}
