package io.github.nomicembed.core.prompt;

import io.github.nomicembed.core.EmbeddingTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The query and document prefixes of {@link Prompts} and the rule that applies them: a text that already
 * starts with any known prefix is left as it is, so nothing is ever prefixed twice.
 *
 * @param query prefix for {@link EmbeddingTask#QUERY}
 * @param document prefix for {@link EmbeddingTask#DOCUMENT}
 * @param known every prefix that marks a text as already prefixed (longest first)
 */
public record TaskPrefixes(String query, String document, List<String> known) {

    /** The model card's prefixes. */
    public static final String DEFAULT_QUERY = "search_query: ";
    /** The model card's prefixes. */
    public static final String DEFAULT_DOCUMENT = "search_document: ";

    public TaskPrefixes {
        known = List.copyOf(known);
    }

    /**
     * Builds prefixes from the model directory's {@code config_sentence_transformers.json} prompts when
     * present, overridden by non-null {@code queryOverride} / {@code documentOverride}.
     */
    public static TaskPrefixes resolve(Path modelDir, String queryOverride, String documentOverride) {
        return Prompts.resolve(modelDir, queryOverride, documentOverride, Map.of()).taskPrefixes();
    }

    /** The text the model sees for {@code text} under {@code task}. */
    public String apply(String text, EmbeddingTask task) {
        if (task == EmbeddingTask.NONE || hasKnownPrefix(text)) {
            return text;
        }
        return (task == EmbeddingTask.QUERY ? query : document) + text;
    }

    /** Whether {@code text} already starts with a known task prefix. */
    public boolean hasKnownPrefix(String text) {
        for (String p : known) {
            if (text.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
