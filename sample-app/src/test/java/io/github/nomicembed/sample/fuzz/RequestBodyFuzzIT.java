package io.github.nomicembed.sample.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fuzz.Fuzz;
import io.github.nomicembed.core.fuzz.Mutate;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile request bodies on the routes that embed (see {@link Fuzz}), sent over loopback to the shared app with the
 * API key: valid {@code /v1/embeddings}, {@code /documents}, {@code /ask} bodies damaged structurally or byte by byte,
 * and {@code /search} with hostile {@code q} and {@code k}. Every answer must be a 2xx, or a 4xx in OpenAI's error shape
 * with a message saying what was wrong; never a 5xx, never a hang; and the app still answers afterwards.
 */
class RequestBodyFuzzIT extends SharedAppIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode[] EMBEDDINGS = {
        JSON.readTree("{\"input\":\"a text\",\"model\":\"nomic\"}"),
        JSON.readTree("{\"input\":[\"a\",\"b\"],\"dimensions\":32,\"encoding_format\":\"base64\",\"prompt_name\":\"query\","
                + "\"user\":\"u\"}")};
    private static final JsonNode[] DOCUMENTS = {
        JSON.readTree("{\"documents\":[{\"text\":\"fuzzed document\",\"metadata\":{\"source\":\"fuzz\",\"n\":1}}]}"),
        JSON.readTree("{\"text\":\"fuzzed document\",\"metadata\":{\"source\":\"fuzz\"}}")};
    private static final JsonNode ASK = JSON.readTree("{\"question\":\"what was fuzzed?\",\"k\":2}");

    @Test
    void hostileBodiesGetA2xxOrAClear4xx() {
        Http http = http();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Fuzz.Report report = Fuzz.run("http-request-bodies", 15, t -> false, (random, input) -> {
            String path;
            HttpRequest.Builder request;
            int route = random.nextInt(4);
            if (route == 3) {
                path = "/search?q=" + encode(Mutate.hostileString(random) + (random.nextBoolean() ? "" : "fuzz"))
                        + (random.nextBoolean() ? "" : "&k=" + encode(Mutate.hostile(random).asString("x")));
                input.record(path.getBytes(StandardCharsets.UTF_8));
                request = HttpRequest.newBuilder(http.uri(path)).GET();
            } else {
                JsonNode seed = route == 0 ? EMBEDDINGS[random.nextInt(2)] : route == 1 ? DOCUMENTS[random.nextInt(2)]
                        : ASK;
                path = route == 0 ? "/v1/embeddings" : route == 1 ? "/documents" : "/ask";
                byte[] body = Mutate.jsonFile(seed, random);
                input.record(body);
                request = HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            }
            Http.Response r = http.send(request.build());
            (r.status() < 300 ? ok : refused).incrementAndGet();
            String what = path.length() > 200 ? path.substring(0, 200) + "... (" + path.length() + " chars)" : path;
            if (path.length() > 8 * 1024) {
                // Tomcat refuses a request line over server.max-http-request-header-size (8 KB) before Spring sees it
                assertThat(r.status()).as(what).isEqualTo(400);
                return;
            }
            if (r.status() >= 300) {
                assertThat(r.status()).as("%s: %s", what, r.body()).isBetween(400, 499);
                assertThat(r.contentType()).as(what).startsWith("application/json");
                assertThat(r.error("message")).as(what).isNotBlank();
                assertThat(r.error("type")).as(what).isEqualTo("invalid_request_error");
            }
        });
        System.out.println("fuzz http-request-bodies: " + ok + " answered 2xx, " + refused + " answered 4xx");
        assertThat(ok.get()).isPositive();
        assertThat(refused.get()).isPositive();
        assertThat(http.embeddings("{\"input\":\"still serving\"}").status()).isEqualTo(200);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
