package io.github.nomicembed.sample;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the sample app, under {@code app}.
 *
 * @param apiKey when set, {@code /v1/**} requires {@code Authorization: Bearer <api-key>}; unset or empty
 *     means no authentication
 * @param maxRequestSize largest request body accepted on any route; larger ones get 413
 * @param offlineDemo set by the {@code offline-demo} profile: the app runs on the tiny random-weight model
 *     shipped in its resources, whose vectors are meaningless
 * @param embeddings {@code /v1/embeddings} limits
 * @param store where the default {@code SimpleVectorStore} is persisted
 * @param search {@code /search} and {@code /ask} limits
 * @param rateLimit the optional rate limiter on the HTTP API
 */
@ConfigurationProperties("app")
public record AppProperties(
        String apiKey,
        @DefaultValue("8MB") DataSize maxRequestSize,
        @DefaultValue("false") boolean offlineDemo,
        @DefaultValue Embeddings embeddings,
        @DefaultValue Store store,
        @DefaultValue Search search,
        @DefaultValue RateLimit rateLimit) {

    /** Whether an API key is configured. */
    public boolean apiKeyRequired() {
        return apiKey != null && !apiKey.isBlank();
    }

    /**
     * @param maxItems largest {@code input} array accepted; more items get 413
     * @param maxInputChars longest text accepted (UTF-16 chars) in {@code input} and {@code /documents};
     *     longer ones get 400 (the model reads at most 512 tokens, about 2,000 characters, of a text anyway)
     */
    public record Embeddings(@DefaultValue("2048") int maxItems, @DefaultValue("32768") int maxInputChars) {
    }

    /**
     * @param enabled whether the Resilience4j rate limiter {@code nomic} guards {@code /v1/**},
     *     {@code /documents}, {@code /search} and {@code /ask} (configure it with
     *     {@code resilience4j.ratelimiter.instances.nomic.*}); over the limit: 429 with {@code Retry-After}
     */
    public record RateLimit(@DefaultValue("false") boolean enabled) {
    }

    /** @param dir directory of the {@code SimpleVectorStore} file (created when missing) */
    public record Store(@DefaultValue("./data") Path dir) {
    }

    /**
     * @param defaultK hits returned when a request names no {@code k}
     * @param maxK largest {@code k} accepted
     */
    public record Search(@DefaultValue("5") int defaultK, @DefaultValue("50") int maxK) {
    }
}
