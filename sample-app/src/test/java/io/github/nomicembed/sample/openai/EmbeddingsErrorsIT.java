package io.github.nomicembed.sample.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refused {@code /v1/embeddings} request gets its status and OpenAI's error body
 * {@code {"error":{"message","type","param","code"}}}, and the app keeps serving afterwards.
 */
class EmbeddingsErrorsIT extends SharedAppIT {

    static Stream<Arguments> badBodies() {
        String tooLong = "word ".repeat(2000); // over 512 tokens; the test context uses truncation=error
        return Stream.of(
                Arguments.of("empty array", "{\"input\":[],\"model\":\"m\"}", "input"),
                Arguments.of("empty string", "{\"input\":\"\",\"model\":\"m\"}", "input"),
                Arguments.of("empty string item", "{\"input\":[\"a\",\"\"],\"model\":\"m\"}", "input"),
                Arguments.of("missing input", "{\"model\":\"m\"}", "input"),
                Arguments.of("null input", "{\"input\":null}", "input"),
                Arguments.of("number input", "{\"input\":42}", "input"),
                Arguments.of("object input", "{\"input\":{\"text\":\"a\"}}", "input"),
                Arguments.of("token ids", "{\"input\":[1,2,3]}", "input"),
                Arguments.of("arrays of token ids", "{\"input\":[[1,2],[3]]}", "input"),
                Arguments.of("non-string item", "{\"input\":[\"a\",true]}", "input"),
                Arguments.of("model not a string", "{\"input\":\"a\",\"model\":7}", "model"),
                Arguments.of("dimensions 0", "{\"input\":\"a\",\"dimensions\":0}", "dimensions"),
                Arguments.of("dimensions negative", "{\"input\":\"a\",\"dimensions\":-5}", "dimensions"),
                Arguments.of("dimensions above hidden size", "{\"input\":\"a\",\"dimensions\":100000}", "dimensions"),
                Arguments.of("dimensions fractional", "{\"input\":\"a\",\"dimensions\":1.5}", "dimensions"),
                Arguments.of("dimensions a string", "{\"input\":\"a\",\"dimensions\":\"8\"}", "dimensions"),
                Arguments.of("unknown encoding", "{\"input\":\"a\",\"encoding_format\":\"int8\"}", "encoding_format"),
                Arguments.of("encoding not a string", "{\"input\":\"a\",\"encoding_format\":1}", "encoding_format"),
                Arguments.of("unknown prompt name", "{\"input\":\"a\",\"prompt_name\":\"Retrieval\"}", "prompt_name"),
                Arguments.of("prompt name not a string", "{\"input\":\"a\",\"prompt_name\":1}", "prompt_name"),
                Arguments.of("empty prompt name", "{\"input\":\"a\",\"prompt_name\":\"\"}", "prompt_name"),
                Arguments.of("text over the token limit", Http.json(java.util.Map.of("input", tooLong)), "input"),
                Arguments.of("body not an object", "[\"a\"]", null),
                Arguments.of("malformed JSON", "{\"input\": \"a\"", null),
                Arguments.of("not JSON at all", "input=a", null),
                Arguments.of("empty body", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIs400InvalidRequestError(String name, String body, String param) {
        Http.Response r = http().embeddings(body);

        assertOpenAiError(r, 400, param);
    }

    @Test
    void anUnknownPromptNameIs400ListingTheAvailableNames() {
        Http.Response r = http().embeddings("{\"input\":\"a\",\"prompt_name\":\"Retrieval\"}");

        assertOpenAiError(r, 400, "prompt_name");
        assertThat(r.error("message")).contains("'prompt_name'", "Retrieval", "query, passage", "Clustering",
                "document, none");
    }

    @Test
    void moreItemsThanTheLimitIs413() {
        String body = Http.json(java.util.Map.of("input", Collections.nCopies(MAX_ITEMS + 1, "x")));

        Http.Response r = http().embeddings(body);

        assertOpenAiError(r, 413, "input");
        assertThat(r.error("code")).isEqualTo("too_many_inputs");
    }

    @Test
    void aBodyOverTheSizeLimitIs413() {
        String body = Http.json(java.util.Map.of("input", "x".repeat(MAX_REQUEST_BYTES + 1)));

        Http.Response r = http().embeddings(body);

        assertOpenAiError(r, 413, null);
        assertThat(r.error("code")).isEqualTo("request_too_large");
    }

    @Test
    void aChunkedBodyOverTheSizeLimitIs413() {
        byte[] body = Http.json(java.util.Map.of("input", "x".repeat(MAX_REQUEST_BYTES + 1))).getBytes();
        // no Content-Length: the limit is enforced while reading
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

        Http.Response r = http().post("/v1/embeddings", chunked, "application/json",
                "Authorization", "Bearer " + API_KEY);

        assertOpenAiError(r, 413, null);
    }

    @Test
    void anUnknownRouteIs404() {
        assertOpenAiError(http().embeddingsAt("/v1/embedding"), 404, null);
        assertOpenAiError(http().embeddingsAt("/v1/models/x"), 404, null);
    }

    @Test
    void anUnknownRouteOutsideTheApiIs404JsonNotAnHtmlPage() {
        Http.Response r = http().send(HttpRequest.newBuilder(http().uri("/no/such/page"))
                .header("Accept", "text/html").GET().build());

        assertOpenAiError(r, 404, null);
    }

    @Test
    void getIs405() {
        Http.Response r = http().send(HttpRequest.newBuilder(http().uri("/v1/embeddings"))
                .header("Authorization", "Bearer " + API_KEY).GET().build());

        assertOpenAiError(r, 405, null);
    }

    @Test
    void aNonJsonContentTypeIs415() {
        Http.Response r = http().post("/v1/embeddings", HttpRequest.BodyPublishers.ofString("{\"input\":\"a\"}"),
                "text/plain", "Authorization", "Bearer " + API_KEY);

        assertOpenAiError(r, 415, null);
    }

    @Test
    void noApiKeyIs401() {
        Http.Response r = http().withoutKey().postJson("/v1/embeddings", "{\"input\":\"a\"}");

        assertOpenAiError(r, 401, null);
        assertThat(r.error("code")).isEqualTo("invalid_api_key");
    }

    @Test
    void aWrongApiKeyIs401() {
        Http.Response r = http().postJson("/v1/embeddings", "{\"input\":\"a\"}", "Authorization", "Bearer nope");

        assertOpenAiError(r, 401, null);
        assertThat(r.error("code")).isEqualTo("invalid_api_key");
    }

    @Test
    void theApiKeyCannotBeBypassedWithAnotherSpellingOfThePath() {
        // an escaped letter is decoded and needs the key; a path parameter (;x=1) is refused by Spring Security's
        // firewall before anything else, key or not
        for (var path : java.util.Map.of("/%761/embeddings", 401, "/v1;x=1/embeddings", 400).entrySet()) {
            Http.Response r = http().withoutKey().send(HttpRequest.newBuilder(http().uri(path.getKey()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"a\"}")).build());

            assertOpenAiError(r, path.getValue(), null);
        }
    }

    @Test
    void theApiKeyIsNeededOutsideTheApiToo() {
        assertThat(http().withoutKey().get("/api/info").status()).isEqualTo(401);
        assertThat(http().get("/api/info").status()).isEqualTo(200);
    }

    @AfterEach
    void stillServing() {
        Http.Response r = http().embeddings("{\"input\":\"still serving\",\"model\":\"m\"}");
        assertThat(r.status()).as("a valid request after the error").isEqualTo(200);
        assertThat(r.json().get("data").size()).isEqualTo(1);
    }

    static void assertOpenAiError(Http.Response r, int status, String param) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().size()).as("only 'error' at the top level: %s", r.body()).isEqualTo(1);
        assertThat(r.json().get("error").propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(r.error("message")).isNotBlank();
        assertThat(r.error("type")).isEqualTo(status >= 500 ? "server_error" : "invalid_request_error");
        assertThat(r.error("param")).isEqualTo(param);
    }
}
