package io.github.nomicembed.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.sample.AppRunner;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.model.OfflineDemoModelConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * With {@code nomic.embedding.readiness.load-in-background=true} the app starts even though its model's weights
 * are corrupt, and says so over HTTP: liveness up, readiness down, the nomic health component DOWN with the file
 * and the reason, and embedding requests answered 503 with {@code Retry-After} in OpenAI's error shape.
 */
class BackgroundLoadAppIT {

    @TempDir
    Path tmp;

    @Test
    void anAppWhoseModelFailsToLoadInTheBackgroundStartsAndReportsTheFileAndReason() throws Exception {
        Path model = OfflineDemoModelConfiguration.extract();
        Path weights = model.resolve("model.safetensors");
        Files.write(weights, new byte[] {'{', '}'});
        try (ConfigurableApplicationContext app = AppRunner.start("default",
                "nomic.embedding.model-path=" + model, "nomic.embedding.readiness.load-in-background=true",
                "app.store.dir=" + tmp.resolve("store"))) {
            Http http = AppRunner.http(app);
            JsonNode nomic = awaitNomicHealth(http, "DOWN");

            assertThat(nomic.at("/details/state").asString()).isEqualTo("failed");
            assertThat(nomic.at("/details/reason").asString()).contains("failed to load", weights.toString());
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
            Http.Response refused = http.embeddings("{\"input\":\"hello\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.error("code")).isEqualTo("model_unavailable");
            assertThat(refused.error("message")).contains("model.safetensors");
        }
    }

    @Test
    void theOfflineDemoLoadedInTheBackgroundBecomesReadyAndServesEmbeddings() throws Exception {
        int hidden = new ConfigReader().read(OfflineDemoModelConfiguration.extract().resolve("config.json"))
                .hiddenSize();
        // no dimensions configured: the app's vector store waits for the load to learn them
        try (ConfigurableApplicationContext app = AppRunner.start("offline-demo",
                "nomic.embedding.readiness.load-in-background=true", "app.store.dir=" + tmp.resolve("store"))) {
            Http http = AppRunner.http(app);
            awaitNomicHealth(http, "UP");

            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
            Http.Response ok = http.embeddings("{\"input\":\"hello\"}");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().at("/data/0/embedding").size()).isEqualTo(hidden);
        }
    }

    private static JsonNode awaitNomicHealth(Http http, String status) {
        return Awaitility.await("nomic health " + status).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> http.get("/actuator/health").json().at("/components/nomic"),
                        nomic -> status.equals(nomic.at("/status").asString()));
    }
}
