package io.github.nomicembed.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the tests ({@code java.net.http}). */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.shared();

    private final String baseUrl;
    private final String apiKey;

    /** A client that sends no API key of its own. */
    public Http(String baseUrl) {
        this(baseUrl, null);
    }

    /**
     * A client that sends {@code Authorization: Bearer <apiKey>} on every request that has no
     * {@code Authorization} header of its own ({@code apiKey} {@code null}: none).
     */
    public Http(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** This client without its API key, for the requests that must be refused. */
    public Http withoutKey() {
        return new Http(baseUrl, null);
    }

    /** A response and its body parsed as JSON ({@code null} when it is not JSON). */
    public record Response(int status, String contentType, String body, JsonNode json,
            java.net.http.HttpHeaders headers) {

        /** The first value of header {@code name}, or {@code null}. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** {@code error.<field>} of an OpenAI error body, or {@code null}. */
        public String error(String field) {
            JsonNode value = json == null ? null : json.path("error").get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public Response postJson(String path, String body, String... headers) {
        return post(path, HttpRequest.BodyPublishers.ofString(body), "application/json", headers);
    }

    /** POST /v1/embeddings with the test API key. */
    public Response embeddings(String body) {
        return postJson("/v1/embeddings", body, "Authorization", "Bearer " + SharedAppIT.API_KEY);
    }

    /** POST a valid embeddings body to {@code path} with the test API key (for route tests). */
    public Response embeddingsAt(String path) {
        return postJson(path, "{\"input\":\"a\"}", "Authorization", "Bearer " + SharedAppIT.API_KEY);
    }

    public Response post(String path, HttpRequest.BodyPublisher body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public Response send(HttpRequest request) {
        if (apiKey != null && request.headers().firstValue("Authorization").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", "Bearer " + apiKey).build();
        }
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (contentType.contains("json")) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), contentType, response.body(), json, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
