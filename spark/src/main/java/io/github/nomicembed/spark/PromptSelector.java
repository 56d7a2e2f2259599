package io.github.nomicembed.spark;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.prompt.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one place where a prompt name becomes an engine call: {@code query}, {@code document} ({@code passage}),
 * {@code none}, or any prompt of the model's {@code config_sentence_transformers.json} (e.g. {@code Clustering}).
 */
final class PromptSelector {

    private PromptSelector() {
    }

    /**
     * Checks the form of a prompt name on the driver, before any task runs. Whether the model has the prompt is
     * known only where the model is (see {@link #checkOnDriver}).
     */
    static String validate(String prompt) {
        if (prompt == null || !prompt.strip().matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("prompt '" + prompt + "' is invalid; allowed: query, document, none "
                    + "or a prompt name of the model's config_sentence_transformers.json (e.g. Clustering)");
        }
        return prompt.strip();
    }

    /**
     * Checks on the driver that the model has the prompt, when the model directory ({@code modelPath}) is visible
     * there: an unknown name then fails before any task runs, listing the names the model allows. A model
     * resolved through the cache on each executor is checked by the first task instead.
     *
     * @throws IllegalArgumentException for a prompt the model does not have
     */
    static void checkOnDriver(ModelSource source, String prompt) {
        if (source.modelPath() == null) {
            return;
        }
        Path dir = Path.of(source.modelPath());
        if (Files.isDirectory(dir)) {
            Prompts.resolve(dir, null, null, Map.of()).prefix(prompt);
        }
    }

    /** Embeds {@code texts} with the prompt {@code prompt} at {@code dimensions} (0: the model's default). */
    static EmbeddingResult embed(NomicEmbedder embedder, List<String> texts, String prompt, int dimensions) {
        int dims = dimensions == 0 ? embedder.dimensions() : dimensions;
        return embedder.embed(texts, prompt, dims);
    }
}
