package io.github.nomicembed.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the nomic model counts as ready, under {@code nomic.embedding.readiness}: after loading, one warm-up
 * forward pass runs (libtorch allocates its buffers and picks kernels on the first pass, which is slow);
 * until it has finished, the {@code nomic} health component is OUT_OF_SERVICE and the application's
 * readiness state REFUSING_TRAFFIC. The model itself may also load in the background
 * ({@link #isLoadInBackground()}).
 */
@ConfigurationProperties(prefix = NomicReadinessProperties.PREFIX)
public class NomicReadinessProperties {

    /** Property prefix. */
    public static final String PREFIX = "nomic.embedding.readiness";

    /** Whether a warm-up forward pass runs before the model counts as ready. */
    private boolean warmUp = true;

    /** Text embedded (as a document) by the warm-up forward pass. */
    private String warmUpText = "Warm-up: the quick brown fox jumps over the lazy dog.";

    /**
     * Whether the warm-up runs in the background: startup completes at once, readiness refuses traffic until
     * it has finished, and a failure turns the nomic health component DOWN with the reason instead of
     * failing startup.
     */
    private boolean warmUpInBackground = false;

    /**
     * Whether the model is resolved (downloaded into the model cache if need be) and loaded in the background:
     * startup completes at once, calls are refused (EmbeddingRejectedException, reason NOT_LOADED) and readiness
     * refuses traffic until it is loaded and warmed up, and a failed load turns the nomic health component DOWN
     * with the file and the reason instead of failing startup. Beans that need the output dimension at startup
     * (vector stores creating their schema) get it at once from nomic.embedding.dimensions or from the
     * config.json of nomic.embedding.model-path; otherwise they wait for the load.
     */
    private boolean loadInBackground = false;

    public boolean isWarmUp() {
        return warmUp;
    }

    public void setWarmUp(boolean warmUp) {
        this.warmUp = warmUp;
    }

    public String getWarmUpText() {
        return warmUpText;
    }

    public void setWarmUpText(String warmUpText) {
        this.warmUpText = warmUpText;
    }

    public boolean isWarmUpInBackground() {
        return warmUpInBackground;
    }

    public void setWarmUpInBackground(boolean warmUpInBackground) {
        this.warmUpInBackground = warmUpInBackground;
    }

    public boolean isLoadInBackground() {
        return loadInBackground;
    }

    public void setLoadInBackground(boolean loadInBackground) {
        this.loadInBackground = loadInBackground;
    }
}
