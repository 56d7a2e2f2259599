package io.github.nomicembed.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the sample app, under {@code app}.
 *
 * @param apiKey when set, every route but the Kubernetes probes requires {@code Authorization: Bearer <key>};
 *     unset or empty (and no {@code apiKeys}) means no authentication, logged as a WARN at startup
 * @param apiKeys more accepted keys, e.g. the old and the new one while rotating; together with {@code apiKey}
 * @param security what stays open when a key is set
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
        List<String> apiKeys,
        @DefaultValue Security security,
        @DefaultValue("8MB") DataSize maxRequestSize,
        @DefaultValue("false") boolean offlineDemo,
        @DefaultValue Embeddings embeddings,
        @DefaultValue Store store,
        @DefaultValue Search search,
        @DefaultValue RateLimit rateLimit) {

    /** Whether an API key is configured. */
    public boolean apiKeyRequired() {
        return !keys().isEmpty();
    }

    /** Every configured, non-blank key: {@code apiKey} and {@code apiKeys}. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (apiKey != null && !apiKey.isBlank()) {
            keys.add(apiKey.strip());
        }
        if (apiKeys != null) {
            apiKeys.stream().filter(k -> k != null && !k.isBlank()).map(String::strip).forEach(keys::add);
        }
        return List.copyOf(keys);
    }

    /**
     * @param publicPage with a key set, whether the search page's files and {@code GET /api/info} are served
     *     without one (the page then asks its user for the key); without a key everything is open anyway
     */
    public record Security(@DefaultValue("false") boolean publicPage) {
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
