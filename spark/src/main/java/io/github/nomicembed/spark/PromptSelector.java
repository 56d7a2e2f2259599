package io.github.nomicembed.spark;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.NomicEmbedder;
import java.util.List;

/**
 * The one place where a prompt name becomes an engine call: {@code query}, {@code document} ({@code passage}),
 * {@code none}, or any prompt of the model's {@code config_sentence_transformers.json} (e.g. {@code Clustering}).
 */
final class PromptSelector {

    private PromptSelector() {
    }

    /**
     * Checks the form of a prompt name on the driver, before any task runs. Whether the model has the prompt is
     * known only where the model is: an unknown name fails the first task, listing the names the model allows.
     */
    static String validate(String prompt) {
        if (prompt == null || !prompt.strip().matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("prompt '" + prompt + "' is invalid; allowed: query, document, none "
                    + "or a prompt name of the model's config_sentence_transformers.json (e.g. Clustering)");
        }
        return prompt.strip();
    }

    /** Embeds {@code texts} with the prompt {@code prompt} at {@code dimensions} (0: the model's default). */
    static EmbeddingResult embed(NomicEmbedder embedder, List<String> texts, String prompt, int dimensions) {
        int dims = dimensions == 0 ? embedder.dimensions() : dimensions;
        return embedder.embed(texts, prompt, dims);
    }
}
