package io.github.nomicembed.sample.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.sample.ExternalTools;
import io.github.nomicembed.sample.SharedAppIT;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The official {@code openai} npm client ({@code src/test/node/openai-client.mjs}) against the running app:
 * its default base64 requests and float requests with dimensions decode to the model's vectors, and refused
 * requests surface as the client's error classes. The script runs once; each test checks one part of its
 * output. Needs node and {@code npm ci} in {@code src/test/node}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeOpenAiClientIT extends SharedAppIT {

    private static final List<String> TEXTS = List.of("search_query: Wie hoch ist die Zugspitze?",
            "search_document: Die Zugspitze ist 2962 Meter hoch.", "search_document: 東京は日本の首都です。");

    private JsonNode out;
    private int requestsBefore;

    @BeforeAll
    void runClient() {
        ExternalTools.requireNodePackages("openai");
        requestsBefore = recorder.count();
        List<String> args = new ArrayList<>(List.of("http://127.0.0.1:" + port + "/v1", API_KEY,
                "nomic-embed-text-v2-moe", String.valueOf(dims())));
        args.addAll(TEXTS);
        out = ExternalTools.runNodeScript(120, "openai-client.mjs", args.toArray(String[]::new));
    }

    private int dims() {
        return Math.max(1, embedder.info().hiddenSize() / 2);
    }

    @Test
    void theClientsDefaultIsBase64AndDecodesToTheModelsVectors() {
        assertThat(recorder.since(requestsBefore).get(0).path("encoding_format").asString()).isEqualTo("base64");
        EmbeddingResult expected = embedder.embed(TEXTS, EmbeddingTask.NONE);
        JsonNode base64 = out.get("base64");
        assertThat(base64.get("object").asString()).isEqualTo("list");
        assertThat(base64.get("model").asString()).isEqualTo(embedder.options().modelName());
        assertThat(base64.at("/usage/prompt_tokens").asInt()).isEqualTo(expected.totalTokens());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(base64.get("indexes").get(i).asInt()).isEqualTo(i);
            Vectors.assertClose(Vectors.ofJsonArray(base64.get("vectors").get(i)), expected.vectors().get(i),
                    "base64 " + i);
        }
    }

    @Test
    void floatWithDimensionsGivesTheModelsTruncatedVectors() {
        EmbeddingResult expected = embedder.embed(TEXTS, EmbeddingTask.NONE.promptName(), dims());
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] vector = Vectors.ofJsonArray(out.at("/float/vectors").get(i));
            assertThat(vector).hasSize(dims());
            Vectors.assertClose(vector, expected.vectors().get(i), "float " + i);
        }
        Vectors.assertClose(Vectors.ofJsonArray(out.at("/single/vectors/0")), embedder.embed(List.of(TEXTS.get(0)),
                EmbeddingTask.NONE).vectors().get(0), "single string input");
    }

    @Test
    void badRequestsSurfaceAsBadRequestError() {
        for (String name : List.of("emptyInput", "dimensionsTooLarge", "tokenIds")) {
            JsonNode e = out.at("/errors/" + name);
            assertThat(e.get("name").asString()).as(name).isEqualTo("BadRequestError");
            assertThat(e.get("isApiError").asBoolean()).isTrue();
            assertThat(e.get("status").asInt()).isEqualTo(400);
            assertThat(e.get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(e.get("message").asString()).isNotBlank();
        }
        assertThat(out.at("/errors/emptyInput/param").asString()).isEqualTo("input");
        assertThat(out.at("/errors/dimensionsTooLarge/param").asString()).isEqualTo("dimensions");
    }

    @Test
    void aWrongApiKeySurfacesAsAuthenticationError() {
        JsonNode e = out.at("/errors/wrongApiKey");
        assertThat(e.get("name").asString()).isEqualTo("AuthenticationError");
        assertThat(e.get("status").asInt()).isEqualTo(401);
        assertThat(e.get("code").asString()).isEqualTo("invalid_api_key");
    }

    @Test
    void theAppKeepsServingAfterTheErrors() {
        assertThat(out.at("/after/vectors").size()).isEqualTo(1);
        assertThat(out.at("/after/vectors/0").size()).isEqualTo(embedder.dimensions());
    }
}
