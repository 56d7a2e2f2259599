package io.github.nomicembed.spark;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.util.List;

/**
 * The one place where a prompt name ({@code query|document|none}) becomes an engine call. When the engine takes
 * prompt names itself ({@code NomicEmbedder.embed(texts, promptName, dimensions)}), only {@link #embed} changes.
 */
final class PromptSelector {

    private PromptSelector() {
    }

    /** Checks a prompt name on the driver, before any task runs. */
    static String validate(String prompt) {
        EmbeddingTask.parse(prompt);
        return prompt.strip();
    }

    /** Embeds {@code texts} with the prompt {@code prompt} at {@code dimensions} (0: the model's default). */
    static EmbeddingResult embed(NomicEmbedder embedder, List<String> texts, String prompt, int dimensions) {
        int dims = dimensions == 0 ? embedder.dimensions() : dimensions;
        return embedder.embed(texts, EmbeddingTask.parse(prompt), dims);
    }
}
