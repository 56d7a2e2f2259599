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
 */
@ConfigurationProperties("app")
public record AppProperties(
        String apiKey,
        @DefaultValue("8MB") DataSize maxRequestSize,
        @DefaultValue("false") boolean offlineDemo,
        @DefaultValue Embeddings embeddings,
        @DefaultValue Store store,
        @DefaultValue Search search) {

    /** Whether an API key is configured. */
    public boolean apiKeyRequired() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** @param maxItems largest {@code input} array accepted; more items get 413 */
    public record Embeddings(@DefaultValue("2048") int maxItems) {
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
