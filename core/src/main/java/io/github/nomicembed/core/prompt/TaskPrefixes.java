package io.github.nomicembed.core.prompt;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task prefixes and the rule that applies them: a text that already starts with any known prefix is
 * left as it is, so nothing is ever prefixed twice.
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
        Set<String> known = new LinkedHashSet<>();
        String query = null;
        String document = null;
        Path st = modelDir.resolve("config_sentence_transformers.json");
        if (Files.isRegularFile(st)) {
            JsonNode prompts = readPrompts(st);
            if (prompts != null) {
                for (var e : prompts.properties()) {
                    if (e.getValue().isString() && !e.getValue().asString().isEmpty()) {
                        known.add(e.getValue().asString());
                    }
                }
                query = text(prompts, "query");
                document = text(prompts, "passage") != null ? text(prompts, "passage") : text(prompts, "document");
            }
        }
        query = queryOverride != null ? queryOverride : query != null ? query : DEFAULT_QUERY;
        document = documentOverride != null ? documentOverride : document != null ? document : DEFAULT_DOCUMENT;
        known.add(DEFAULT_QUERY);
        known.add(DEFAULT_DOCUMENT);
        if (!query.isEmpty()) {
            known.add(query);
        }
        if (!document.isEmpty()) {
            known.add(document);
        }
        List<String> sorted = new ArrayList<>(known);
        sorted.sort((a, b) -> b.length() - a.length());
        return new TaskPrefixes(query, document, sorted);
    }

    private static JsonNode readPrompts(Path file) {
        try {
            JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
            JsonNode prompts = root == null ? null : root.get("prompts");
            return prompts != null && prompts.isObject() ? prompts : null;
        } catch (IOException | JacksonException e) {
            throw new ModelConfigException(file, "cannot be parsed as JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isString() ? v.asString() : null;
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
