package io.github.nomicembed.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operations view of the sample app: the nomic health component with its details, the Kubernetes probe
 * groups, the nomic info entry, and the metrics (Micrometer and Prometheus) of the model and its
 * Resilience4j instances.
 */
class ActuatorOperationsIT extends SharedAppIT {

    @Test
    void healthShowsTheNomicComponentWithModelDetails() {
        JsonNode nomic = http().get("/actuator/health").json().at("/components/nomic");

        assertThat(nomic.get("status").asString()).isEqualTo("UP");
        assertThat(nomic.at("/details/state").asString()).isEqualTo("ready");
        assertThat(nomic.at("/details/model").asString()).isEqualTo(embedder.options().modelName());
        assertThat(nomic.at("/details/dimensions").asInt()).isEqualTo(embedder.dimensions());
        assertThat(nomic.at("/details/maxSequenceLength").asInt()).isEqualTo(embedder.info().maxSequenceLength());
        assertThat(nomic.at("/details/device").asString()).isEqualTo(String.valueOf(embedder.info().device()));
        assertThat(nomic.at("/details/resilience/circuitBreaker/state").asString()).isEqualTo("CLOSED");
        assertThat(nomic.at("/details/queue/texts").isNumber()).isTrue();
    }

    @Test
    void livenessAndReadinessProbesAreUpAndReadinessIncludesTheModel() {
        Http.Response liveness = http().get("/actuator/health/liveness");
        Http.Response readiness = http().get("/actuator/health/readiness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().at("/components/nomic/status").asString()).isEqualTo("UP");
        assertThat(readiness.json().at("/components/readinessState/status").asString()).isEqualTo("UP");
    }

    @Test
    void theCircuitBreakerNomicIsInTheResilience4jHealthContributor() {
        JsonNode circuitBreakers = http().get("/actuator/health").json().at("/components/circuitBreakers");

        assertThat(circuitBreakers.at("/details/nomic/details/state").asString()).isEqualTo("CLOSED");
    }

    @Test
    void infoHasTheNomicEntry() {
        JsonNode nomic = http().get("/actuator/info").json().get("nomic");

        assertThat(nomic.get("model").asString()).isEqualTo(embedder.options().modelName());
        assertThat(nomic.at("/prompts/query").asString()).isEqualTo(embedder.info().prefixes().query());
        assertThat(nomic.at("/versions/djl").asString()).isNotBlank();
    }

    @Test
    void metricsOfTheModelAndItsResilienceInstancesMoveWithRequests() {
        double before = count("gen_ai.client.operation");
        assertThat(http().embeddings("{\"input\":[\"a\",\"b\"]}").status()).isEqualTo(200);

        assertThat(count("gen_ai.client.operation")).isEqualTo(before + 1);
        assertThat(http().get("/actuator/metrics/resilience4j.bulkhead.available.concurrent.calls?tag=name:nomic")
                .status()).isEqualTo(200);
        assertThat(http().get("/actuator/metrics/resilience4j.circuitbreaker.calls?tag=name:nomic").status())
                .isEqualTo(200);
        assertThat(http().get("/actuator/metrics/resilience4j.timelimiter.calls?tag=name:nomic&tag=kind:successful")
                .json().at("/measurements/0/value").asDouble()).isPositive();
    }

    @Test
    void prometheusScrapeHasTheResilienceAndGenAiSeries() {
        http().embeddings("{\"input\":\"scrape me\"}");
        Http.Response r = http().get("/actuator/prometheus");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("resilience4j_circuitbreaker_state{", "name=\"nomic\"",
                "resilience4j_bulkhead_available_concurrent_calls{", "gen_ai_client_operation_seconds_count{");
    }

    private double count(String meter) {
        JsonNode m = http().get("/actuator/metrics/" + meter + "?tag=gen_ai.system:nomic").json();
        if (m == null || m.get("measurements") == null) {
            return 0;
        }
        for (JsonNode measurement : m.get("measurements")) {
            if (measurement.get("statistic").asString().equals("COUNT")) {
                return measurement.get("value").asDouble();
            }
        }
        return 0;
    }
}
