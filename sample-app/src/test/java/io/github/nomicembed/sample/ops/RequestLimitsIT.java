package io.github.nomicembed.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import io.github.nomicembed.sample.openai.Vectors;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request limits (body size, items per request, characters per text) and inputs at the edges of what is
 * allowed: each gets its documented answer in OpenAI's error shape, and the next good request is served
 * with the right vector.
 */
class RequestLimitsIT extends SharedAppIT {

    private static final String AUTH = "Bearer " + API_KEY;

    @Test
    void aSixtyMegabyteBodyGets413NotABrokenPipe() {
        byte[] body = new byte[60 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');

        Http.Response r = http().send(HttpRequest.newBuilder(http().uri("/v1/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Authorization", AUTH).build());

        assertError(r, 413, null, "request_too_large");
    }

    @Test
    void anOversizedBodyAnnouncedWithExpectContinueGets413BeforeItIsSent() throws Exception {
        // raw HTTP: java.net.http on JDK 17 never returns a final answer to an Expect: 100-continue request
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String head = "POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + AUTH + "\r\nContent-Length: " + (60L << 20) + "\r\n"
                    + "Expect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));

            String statusLine = in.readLine(); // no body byte was sent
            StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                rest.append(line).append('\n');
            }

            assertThat(statusLine).startsWith("HTTP/1.1 413");
            assertThat(rest.toString().toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
        }
    }

    @Test
    void aTextOverTheCharacterLimitIs400NamingTheLimit() {
        int maxChars = 32768; // app.embeddings.max-input-chars default
        Http.Response r = http().embeddings(Http.json(Map.of("input", List.of("ok", "y".repeat(maxChars + 1)))));

        assertError(r, 400, "input", null);
        assertThat(r.error("message")).contains("input[1]", String.valueOf(maxChars + 1), "max-input-chars");
    }

    @Test
    void tenThousandItemsAre413() {
        Http.Response r = http().embeddings(Http.json(Map.of("input", Collections.nCopies(10_000, "x"))));

        assertError(r, 413, "input", "too_many_inputs");
    }

    @Test
    void moreDocumentsThanTheItemLimitAre413() {
        Http.Response r = http().postJson("/documents", Http.json(Map.of("documents",
                Collections.nCopies(1_000, Map.of("text", "d")))));

        assertError(r, 413, "documents", "too_many_inputs");
    }

    @Test
    void aDocumentOverTheCharacterLimitIs400() {
        Http.Response r = http().postJson("/documents", Http.json(Map.of("text", "z".repeat(40_000))));

        assertError(r, 400, "documents", null);
        assertThat(r.error("message")).contains("max-input-chars");
    }

    @Test
    void controlCharactersAreEmbeddedAsGiven() {
        String text = "tab\there\u0000nul\u0007bell\u001b[31mansi\r\nline";

        Http.Response r = http().embeddings(Http.json(Map.of("input", text, "encoding_format", "float")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Vectors.assertClose(Vectors.ofJsonArray(r.json().at("/data/0/embedding")),
                embedder.embed(List.of(text), EmbeddingTask.NONE).vectors().get(0), "control characters");
    }

    @Test
    void loneSurrogatesAreEmbeddedAsTheReplacementCharacter() {
        // JSON allows \\ud800 escapes that decode to lone UTF-16 surrogates, which UTF-8 cannot encode
        Http.Response r = http().embeddings("{\"input\":[\"a\\ud800b\",\"c\\udfffd\"],\"encoding_format\":\"float\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Vectors.assertClose(Vectors.ofJsonArray(r.json().at("/data/0/embedding")),
                embedder.embed(List.of("a\uFFFDb"), EmbeddingTask.NONE).vectors().get(0), "lone high surrogate");
    }

    @Test
    void anInvalidUtf8BodyIs400OrEmbeddedWithReplacementCharacters() {
        byte[] body = "{\"input\":\"bad \u00ff\u00fe bytes\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        Http.Response r = http().post("/v1/embeddings", HttpRequest.BodyPublishers.ofByteArray(body),
                "application/json", "Authorization", AUTH);

        assertThat(r.status()).as(r.body()).isIn(200, 400);
        if (r.status() == 400) {
            assertError(r, 400, null, null);
        }
    }

    @AfterEach
    void theNextGoodRequestIsServedWithTheRightVector() {
        Http.Response r = http().embeddings("{\"input\":\"after the edge case\",\"encoding_format\":\"float\"}");
        assertThat(r.status()).isEqualTo(200);
        Vectors.assertClose(Vectors.ofJsonArray(r.json().at("/data/0/embedding")),
                embedder.embed(List.of("after the edge case"), EmbeddingTask.NONE).vectors().get(0), "next request");
    }

    static void assertError(Http.Response r, int status, String param, String code) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.error("message")).isNotBlank();
        assertThat(r.error("param")).isEqualTo(param);
        assertThat(r.error("code")).isEqualTo(code);
    }
}
