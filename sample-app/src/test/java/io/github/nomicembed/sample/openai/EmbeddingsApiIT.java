package io.github.nomicembed.sample.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/embeddings} answers OpenAI's shape with the model's own vectors (task none) and token counts. */
class EmbeddingsApiIT extends SharedAppIT {

    private static final List<String> TEXTS = List.of("search_query: Who wrote Faust?",
            "search_document: Johann Wolfgang von Goethe wrote Faust.", "no prefix at all");

    @Test
    void floatResponseHasOpenAisShapeAndTheModelsVectorsForTheTextsAsGiven() {
        Http.Response r = http().embeddings(Http.json(Map.of("input", TEXTS, "model", "anything",
                "encoding_format", "float")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.get("object").asString()).isEqualTo("list");
        assertThat(body.get("model").asString()).isEqualTo(embedder.options().modelName());
        EmbeddingResult expected = embedder.embed(TEXTS, EmbeddingTask.NONE);
        assertThat(body.get("data").size()).isEqualTo(TEXTS.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode item = body.get("data").get(i);
            assertThat(item.get("object").asString()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            Vectors.assertClose(Vectors.ofJsonArray(item.get("embedding")), expected.vectors().get(i), "data[" + i + "]");
        }
    }

    @Test
    void usageCountsTheRealTokensOfTheTextsAsGiven() {
        Http.Response r = http().embeddings(Http.json(Map.of("input", TEXTS, "model", "m")));

        int tokens = embedder.embed(TEXTS, EmbeddingTask.NONE).totalTokens();
        assertThat(tokens).isGreaterThan(TEXTS.size() * 2); // more than the special tokens
        assertThat(r.json().at("/usage/prompt_tokens").asInt()).isEqualTo(tokens);
        assertThat(r.json().at("/usage/total_tokens").asInt()).isEqualTo(tokens);
    }

    @Test
    void base64IsTheLittleEndianFloat32BytesOfTheSameVectors() {
        Http.Response r = http().embeddings(Http.json(Map.of("input", TEXTS, "model", "m",
                "encoding_format", "base64")));

        assertThat(r.status()).isEqualTo(200);
        EmbeddingResult expected = embedder.embed(TEXTS, EmbeddingTask.NONE);
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode embedding = r.json().get("data").get(i).get("embedding");
            assertThat(embedding.isString()).isTrue();
            float[] decoded = Vectors.ofBase64(embedding.asString());
            assertThat(decoded).as("bit-equal to the model's vector").containsExactly(expected.vectors().get(i));
        }
    }

    @Test
    void dimensionsTruncatesAndRenormalisesLikeTheModel() {
        int dims = Math.max(1, embedder.info().hiddenSize() / 4);
        Http.Response r = http().embeddings(Http.json(Map.of("input", TEXTS.get(0), "model", "m",
                "dimensions", dims, "encoding_format", "float")));

        float[] vector = Vectors.ofJsonArray(r.json().at("/data/0/embedding"));
        assertThat(vector).hasSize(dims);
        Vectors.assertClose(vector,
                embedder.embed(List.of(TEXTS.get(0)), EmbeddingTask.NONE.promptName(), dims).vectors().get(0),
                "dimensions=" + dims);
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void theLargestDimensionIsTheModelsHiddenSizeAndTheDefaultIsTheModelsDimension() {
        Http.Response full = http().embeddings(
                Http.json(Map.of("input", "x", "dimensions", embedder.info().hiddenSize())));
        Http.Response dflt = http().embeddings(Http.json(Map.of("input", "x")));

        assertThat(full.status()).isEqualTo(200);
        assertThat(full.json().at("/data/0/embedding").size()).isEqualTo(embedder.info().hiddenSize());
        assertThat(dflt.json().at("/data/0/embedding").size()).isEqualTo(embedder.dimensions());
    }

    @Test
    void aSingleStringInputGivesOneEmbedding() {
        Http.Response r = http().embeddings(Http.json(Map.of("input", "search_query: one text", "model", "m")));

        assertThat(r.json().get("data").size()).isEqualTo(1);
        Vectors.assertClose(Vectors.ofJsonArray(r.json().at("/data/0/embedding")),
                embedder.embed(List.of("search_query: one text"), EmbeddingTask.NONE).vectors().get(0), "single");
    }

    @Test
    void userAndUnknownFieldsAreIgnored() {
        Http.Response r = http().embeddings("{\"input\":\"x\",\"model\":\"m\",\"user\":\"user-1\",\"extra\":{\"a\":1}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").size()).isEqualTo(1);
    }

    @Test
    void asManyItemsAsTheLimitAreAccepted() {
        List<String> texts = java.util.stream.IntStream.range(0, MAX_ITEMS).mapToObj(i -> "text " + i).toList();

        Http.Response r = http().embeddings(Http.json(Map.of("input", texts)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").size()).isEqualTo(MAX_ITEMS);
        assertThat(r.json().get("data").get(MAX_ITEMS - 1).get("index").asInt()).isEqualTo(MAX_ITEMS - 1);
    }

    @Test
    void promptNameGivesTheTextsThatPromptsPrefix() {
        List<String> texts = List.of("Who wrote Faust?", "Goethe wrote Faust.");
        for (String name : List.of("query", "Clustering", "STS")) {
            Http.Response r = http().embeddings(Http.json(Map.of("input", texts, "model", "m", "prompt_name", name)));

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            EmbeddingResult expected = embedder.embed(
                    texts.stream().map(t -> embedder.info().promptPrefix(name) + t).toList(), EmbeddingTask.NONE);
            for (int i = 0; i < texts.size(); i++) {
                Vectors.assertClose(Vectors.ofJsonArray(r.json().get("data").get(i).get("embedding")),
                        expected.vectors().get(i), name + " data[" + i + "]");
            }
            assertThat(r.json().at("/usage/prompt_tokens").asInt()).isEqualTo(expected.totalTokens());
        }
        assertThat(embedder.info().promptPrefix("Clustering")).isEqualTo("clustering: ");
    }

    @Test
    void promptNameLeavesATextThatCarriesAKnownPrefixAsItIs() {
        Http.Response r = http().embeddings(Http.json(Map.of("input", TEXTS.get(0), "prompt_name", "document")));

        Vectors.assertClose(Vectors.ofJsonArray(r.json().at("/data/0/embedding")),
                embedder.embed(List.of(TEXTS.get(0)), EmbeddingTask.NONE).vectors().get(0), "search_query: text");
    }
}
