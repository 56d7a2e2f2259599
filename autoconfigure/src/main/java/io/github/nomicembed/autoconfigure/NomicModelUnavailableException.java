package io.github.nomicembed.autoconfigure;

/**
 * The model directory could not be resolved: neither {@code nomic.embedding.model-path} nor the model cache
 * gives one (nothing cached while offline, the hub unreachable, no model cache on the classpath). Startup ends
 * with {@link NomicModelUnavailableFailureAnalyzer}'s short report instead of a stack trace.
 */
public class NomicModelUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String modelId;

    /**
     * @param modelId the model asked for ({@code nomic.embedding.model-id})
     * @param message what failed, with the settings involved
     * @param cause the model cache's failure, or {@code null}
     */
    public NomicModelUnavailableException(String modelId, String message, Throwable cause) {
        super(message, cause);
        this.modelId = modelId;
    }

    /** Returns the model that was asked for ({@code nomic.embedding.model-id}). */
    public String getModelId() {
        return modelId;
    }
}
