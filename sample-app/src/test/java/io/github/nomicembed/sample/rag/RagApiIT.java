package io.github.nomicembed.sample.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The RAG demo's API on the default {@code SimpleVectorStore}: ingest, search, ask (without a chat model). */
class RagApiIT extends SharedAppIT {

    @Test
    void addingDocumentsReturnsTheirIdsAndSavesThemToTheStoreFile() throws IOException {
        Http.Response r = http().postJson("/documents", Http.json(Map.of("documents", List.of(
                Map.of("text", "The Rhine rises in the Swiss Alps.", "metadata", Map.of("topic", "rivers")),
                Map.of("text", "Mount Etna is an active volcano on Sicily.")))));

        assertThat(r.status()).isEqualTo(200);
        JsonNode ids = r.json().get("ids");
        assertThat(ids.size()).isEqualTo(2);
        try (Stream<Path> files = Files.list(storeDir())) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            String saved = Files.readString(file);
            assertThat(saved).contains(ids.get(0).asString(), ids.get(1).asString(), "The Rhine rises");
        }
    }

    @Test
    void aDocumentLongerThanTheModelReadsIsStoredAsChunksThatAllFit() throws IOException {
        // the shared app runs with truncation=error: a chunk over the window would fail the request
        String paragraph = "Glaciers carve U-shaped valleys. Their meltwater feeds the rivers of the plain below. ";
        String text = (paragraph.repeat(6) + "\n\n").repeat(10);
        assertThat(embedder.countTokens(text, "document").untruncated()).isGreaterThan(embedder.info().maxSequenceLength());

        Http.Response r = http().postJson("/documents", Http.json(Map.of("text", text, "metadata",
                Map.of("source", "glaciers"))));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int chunks = r.json().get("ids").size();
        assertThat(chunks).isGreaterThan(1);
        JsonNode stored = storedDocuments();
        for (int i = 0; i < chunks; i++) {
            JsonNode chunk = stored.get(r.json().get("ids").get(i).asString());
            assertThat(chunk).as("chunk " + i + " in the store file").isNotNull();
            assertThat(chunk.at("/metadata/source").asString()).isEqualTo("glaciers");
            assertThat(chunk.at("/metadata/chunk_index").asInt()).isEqualTo(i);
            assertThat(chunk.at("/metadata/total_chunks").asInt()).isEqualTo(chunks);
            assertThat(chunk.at("/metadata/parent_document_id").isString()).isTrue();
        }
    }

    @Test
    void searchRanksTheMatchingDocumentFirstWithItsScoreAndMetadata() {
        String text = "Basalt columns line the coast of Northern Ireland.";
        String id = add(Map.of("documents", List.of(Map.of("text", text, "metadata", Map.of("source", "atlas", "page", 12)),
                Map.of("text", "Cheese fondue is melted cheese served in a communal pot."))));

        Http.Response r = http().get("/search?q=" + encode(text) + "&k=2");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().size()).isEqualTo(2);
        JsonNode first = r.json().get(0);
        assertThat(first.get("id").asString()).isEqualTo(id);
        assertThat(first.get("text").asString()).isEqualTo(text);
        assertThat(first.get("metadata").get("source").asString()).isEqualTo("atlas");
        assertThat(first.get("metadata").get("page").asInt()).isEqualTo(12);
        assertThat(first.get("metadata").has("distance")).isFalse();
        assertThat(first.get("score").asDouble()).isGreaterThan(r.json().get(1).get("score").asDouble());
    }

    @Test
    void scoresCompareTheQueryWithTheQueryPrefixAndDocumentsWithTheDocumentPrefix() {
        String text = "Saffron is the stigma of the crocus flower.";
        String query = "Which spice comes from a crocus?";
        String id = add(Map.of("text", text));

        JsonNode hit = hit(http().get("/search?q=" + encode(query) + "&k=" + 50).json(), id);

        float expected = Matryoshka.dot(embedder.embedQuery(query), embedder.embedDocument(text));
        assertThat(hit.get("score").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aSingleTextBodyIsAccepted() {
        Http.Response r = http().postJson("/documents", "{\"text\":\"Oslo is the capital of Norway.\","
                + "\"metadata\":{\"lang\":\"en\"}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ids").size()).isEqualTo(1);
    }

    @Test
    void searchReturnsAtMostK() {
        add(Map.of("documents", List.of(Map.of("text", "k one"), Map.of("text", "k two"), Map.of("text", "k three"))));

        assertThat(http().get("/search?q=k&k=2").json().size()).isEqualTo(2);
    }

    @Test
    void askWithoutAChatModelReturnsTheRetrievedContextAndSaysSo() {
        String text = "The Atacama is one of the driest deserts on Earth.";
        String id = add(Map.of("text", text));

        Http.Response r = http().postJson("/ask", Http.json(Map.of("question", text, "k", 3)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("chatModel").asBoolean()).isFalse();
        assertThat(r.json().has("answer")).isFalse();
        assertThat(r.json().get("message").asString()).contains("No ChatModel is configured");
        assertThat(r.json().get("context").size()).isEqualTo(3);
        assertThat(r.json().get("context").get(0).get("id").asString()).isEqualTo(id);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("POST", "/documents", "{\"documents\":[]}", "documents"),
                Arguments.of("POST", "/documents", "{\"documents\":[{\"text\":\"  \"}]}", "documents"),
                Arguments.of("POST", "/documents", "{\"documents\":[{\"metadata\":{}}]}", "documents"),
                Arguments.of("POST", "/documents", "{\"text\":\"a\",\"documents\":[{\"text\":\"b\"}]}", "text"),
                Arguments.of("POST", "/documents", "{}", "documents"),
                Arguments.of("POST", "/documents", "{\"text\":\"a\",\"metadata\":{\"k\":null}}", "documents"),
                Arguments.of("POST", "/documents", "{\"text\":", null),
                Arguments.of("GET", "/search?q=x&k=0", null, "k"),
                Arguments.of("GET", "/search?q=x&k=51", null, "k"),
                Arguments.of("GET", "/search?q=x&k=many", null, "k"),
                Arguments.of("GET", "/search?k=3", null, "q"),
                Arguments.of("GET", "/search?q=%20", null, "q"),
                Arguments.of("POST", "/ask", "{}", "question"),
                Arguments.of("POST", "/ask", "{\"question\":\"x\",\"k\":0}", "k"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badRequests")
    void badRequestsAre400InOpenAisErrorShape(String method, String path, String body, String param) {
        Http.Response r = method.equals("GET") ? http().get(path) : http().postJson(path, body);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error("type")).isEqualTo("invalid_request_error");
        assertThat(r.error("message")).isNotBlank();
        assertThat(r.error("param")).isEqualTo(param);
    }

    private String add(Map<String, Object> body) {
        Http.Response r = http().postJson("/documents", Http.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("ids").get(0).asString();
    }

    /** The store file's documents by id. */
    private static JsonNode storedDocuments() throws IOException {
        try (Stream<Path> files = Files.list(storeDir())) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            return tools.jackson.databind.json.JsonMapper.shared().readTree(Files.readString(file));
        }
    }

    private static JsonNode hit(JsonNode hits, String id) {
        for (JsonNode hit : hits) {
            if (hit.get("id").asString().equals(id)) {
                return hit;
            }
        }
        throw new AssertionError("no hit " + id + " in " + hits);
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
