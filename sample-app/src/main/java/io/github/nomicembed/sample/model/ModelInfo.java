package io.github.nomicembed.sample.model;

import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.nomicembed.sample.AppProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.stereotype.Component;

/**
 * What the app serves: the model's name, its default and largest output dimension, its token limit, and
 * whether it is the offline demo's random-weight model. Read from the {@link EmbeddingModel} bean, never
 * assumed (the real model has 768 dimensions, the offline demo's 64).
 */
@Component
public class ModelInfo {

    /** Shown in the log, on the page and in {@code /api/info} when the offline demo model is active. */
    public static final String OFFLINE_DEMO_WARNING = "OFFLINE DEMO: this app runs on a tiny random-weight test "
            + "model. Its vectors and scores are MEANINGLESS; use it for smoke tests only, never for real search. "
            + "Run without the offline-demo profile to use nomic-embed-text-v2-moe.";

    private final EmbeddingModel embeddingModel;
    private final boolean offlineDemo;

    public ModelInfo(EmbeddingModel embeddingModel, AppProperties properties) {
        this.embeddingModel = embeddingModel;
        this.offlineDemo = properties.offlineDemo();
    }

    /** Model name reported in responses. */
    public String name() {
        if (embeddingModel instanceof NomicEmbeddingModel nomic) {
            // before a background load ends the defaults are not resolved yet: the name is the embedder's
            return nomic.getEmbedder().isLoaded() ? nomic.getDefaultOptions().getModel()
                    : nomic.getEmbedder().options().modelName();
        }
        return embeddingModel.getClass().getSimpleName();
    }

    /** Default output dimension ({@link EmbeddingModel#dimensions()}). */
    public int dimensions() {
        return embeddingModel.dimensions();
    }

    /** Largest output dimension a request may ask for (Matryoshka: the model's hidden size). */
    public int maxDimensions() {
        if (embeddingModel instanceof NomicEmbeddingModel nomic) {
            return nomic.getEmbedder().info().hiddenSize();
        }
        return embeddingModel.dimensions();
    }

    /** Tokens per text the model reads (longer texts are truncated or rejected, per configuration). */
    public @Nullable Integer maxSequenceLength() {
        if (embeddingModel instanceof NomicEmbeddingModel nomic) {
            return nomic.getEmbedder().info().maxSequenceLength();
        }
        return null;
    }

    /**
     * Prompt names a request may choose: the model's prompts ({@code query}, {@code passage},
     * {@code Clustering}, ...), {@code document} and {@code none}.
     */
    public List<String> promptNames() {
        if (embeddingModel instanceof NomicEmbeddingModel nomic) {
            return nomic.getEmbedder().info().promptNames();
        }
        return List.of("none");
    }

    /** Whether the offline demo's random-weight model is active. */
    public boolean offlineDemo() {
        return offlineDemo;
    }

    /** The facts above as a map (for {@code /api/info} and the actuator's {@code info}). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("dimensions", dimensions());
        m.put("maxDimensions", maxDimensions());
        if (maxSequenceLength() != null) {
            m.put("maxSequenceLength", maxSequenceLength());
        }
        m.put("offlineDemo", offlineDemo);
        if (offlineDemo) {
            m.put("warning", OFFLINE_DEMO_WARNING);
        }
        return m;
    }
}
