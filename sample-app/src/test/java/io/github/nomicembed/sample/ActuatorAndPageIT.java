package io.github.nomicembed.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.model.ModelInfo;
import org.junit.jupiter.api.Test;

/** Actuator {@code health} and {@code info} are exposed (nothing else), and the search page is served at {@code /}. */
class ActuatorAndPageIT extends SharedAppIT {

    @Test
    void healthIsUp() {
        Http.Response r = http().get("/actuator/health");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void infoDescribesTheModel() {
        Http.Response r = http().get("/actuator/info");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/nomic/model").asString()).isEqualTo(embedder.options().modelName());
        assertThat(r.json().at("/nomic/dimensions").asInt()).isEqualTo(embedder.dimensions());
        assertThat(r.json().has("model")).as("the model's facts once, in the starter's nomic entry").isFalse();
        assertThat(r.json().at("/rag/vectorStore").asString()).isEqualTo("FileBackedSimpleVectorStore");
    }

    /** The engine's version comes from its jar's manifest (failsafe runs on the packaged module jars). */
    @Test
    void infoCarriesTheEnginesVersion() {
        Http.Response r = http().get("/actuator/info");

        assertThat(r.json().at("/nomic/versions/nomic-embed").asString())
                .isEqualTo(io.github.nomicembed.core.NomicEmbedder.class.getPackage().getImplementationVersion())
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        assertThat(http().get("/actuator/env").status()).isEqualTo(404);
        assertThat(http().get("/actuator/beans").status()).isEqualTo(404);
    }

    @Test
    void apiInfoCarriesWhatThePageShowsIncludingTheOfflineDemoWarning() {
        Http.Response r = http().get("/api/info");

        assertThat(r.json().at("/model/dimensions").asInt()).isEqualTo(embedder.dimensions());
        assertThat(r.json().at("/model/maxDimensions").asInt()).isEqualTo(embedder.info().hiddenSize());
        assertThat(r.json().at("/model/warning").asString()).isEqualTo(ModelInfo.OFFLINE_DEMO_WARNING);
        assertThat(r.json().at("/openai/apiKeyRequired").asBoolean()).isTrue();
    }

    @Test
    void theSearchPageIsServedAtTheRoot() {
        Http.Response page = http().get("/");
        Http.Response script = http().get("/app.js");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>nomic-embed search</title>", "id=\"offline-banner\"", "app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("/api/info", "/documents", "/search");
    }
}
