package io.github.nomicembed.sample.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** With nomic.embedding.cache.enabled, /v1/embeddings and the EmbeddingModel bean answer repeats from the cache. */
@TestPropertySource(properties = "nomic.embedding.cache.enabled=true")
class EmbeddingsCacheIT extends SharedAppIT {

    @Autowired
    EmbeddingModel embeddingModel;

    long meter(String name) {
        Http.Response r = http().get("/actuator/metrics/" + name);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (long) r.json().at("/measurements/0/value").asDouble();
    }

    @Test
    void aRepeatedRequestGetsBitIdenticalVectorsFromTheCache() {
        String body = Http.json(Map.of("input", List.of("cache me", "and me"), "dimensions", 16,
                "encoding_format", "base64"));
        long hits = meter("nomic.embedding.cache.hits");

        Http.Response first = http().embeddings(body);
        Http.Response second = http().embeddings(body);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("data")).isEqualTo(first.json().get("data"));
        assertThat(second.json().get("usage")).isEqualTo(first.json().get("usage"));
        assertThat(meter("nomic.embedding.cache.hits") - hits).isEqualTo(2);
    }

    @Test
    void theEmbeddingModelBeanAndTheApiShareTheCache() {
        Http.Response api = http().embeddings(Http.json(Map.of("input", "shared between both",
                "encoding_format", "base64")));
        long hits = meter("nomic.embedding.cache.hits");

        float[] bean = embeddingModel.call(new EmbeddingRequest(List.of("shared between both"),
                io.github.nomicembed.springai.NomicEmbeddingOptions.builder().promptName("none").build()))
                .getResult().getOutput();

        assertThat(meter("nomic.embedding.cache.hits") - hits).isEqualTo(1);
        assertThat(Arrays.equals(bean, Vectors.ofBase64(api.json().at("/data/0/embedding").asString()))).isTrue();
    }

    @Test
    void theNomicHealthComponentShowsTheCache() {
        http().embeddings(Http.json(Map.of("input", "health check text")));
        JsonNode cache = http().get("/actuator/health").json().at("/components/nomic/details/cache");

        assertThat(cache.get("store").asString()).isEqualTo("caffeine");
        assertThat(cache.get("misses").asLong()).isPositive();
        assertThat(cache.get("size").asLong()).isPositive();
        assertThat(cache.has("evictions")).isTrue();
    }
}
