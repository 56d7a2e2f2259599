package io.github.nomicembed.core.prompt;

import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prompts a model is used with, by name, as sentence-transformers' {@code prompt_name} selects them: every
 * entry of {@code config_sentence_transformers.json}'s {@code prompts} (for nomic-embed-text-v2-moe
 * {@code query}, {@code passage}, {@code Classification}, {@code Clustering}, ...), then the ones the user
 * added. {@code query} and {@code passage} are always there (the model card's prefixes when the file has
 * none). Besides the names, {@value #DOCUMENT} is an alias of {@value #PASSAGE} and {@value #NONE} means no
 * prefix. A name is matched exactly, else ignoring case.
 *
 * <p>A text that already starts with any known prefix is left as it is, so nothing is prefixed twice.
 *
 * @param byName prefix of each prompt, in the model file's order followed by user-added ones
 * @param known every prefix that marks a text as already prefixed (longest first)
 */
public record Prompts(Map<String, String> byName, List<String> known) {

    /** The query prompt. */
    public static final String QUERY = "query";
    /** The document prompt, as sentence-transformers names it. */
    public static final String PASSAGE = "passage";
    /** Alias of {@value #PASSAGE}. */
    public static final String DOCUMENT = "document";
    /** No prefix: the text is embedded as given. */
    public static final String NONE = "none";

    /** File that holds the model's prompts. */
    public static final String FILE = "config_sentence_transformers.json";

    public Prompts {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        known = List.copyOf(known);
    }

    /**
     * The prompts of the model in {@code modelDir}, the query and document prefixes replaced by non-null
     * {@code queryOverride} / {@code documentOverride}, then {@code userPrompts} added (replacing a model
     * prompt of the same name).
     *
     * @throws ModelConfigException when the prompts file is not valid JSON
     * @throws IllegalArgumentException when a user prompt uses a built-in name (see {@link #checkUserPrompt})
     */
    public static Prompts resolve(Path modelDir, String queryOverride, String documentOverride,
            Map<String, String> userPrompts) {
        Map<String, String> byName = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>();
        known.add(TaskPrefixes.DEFAULT_QUERY);
        known.add(TaskPrefixes.DEFAULT_DOCUMENT);
        Path file = modelDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            JsonNode prompts = readPrompts(file);
            if (prompts != null) {
                for (var e : prompts.properties()) {
                    if (e.getValue().isString()) {
                        byName.put(e.getKey(), e.getValue().asString());
                    }
                }
            }
        }
        // older files name the document prompt "document"; it is the passage prompt under its canonical name
        known.addAll(byName.values()); // still known when replaced below
        String fileDocument = byName.remove(DOCUMENT);
        if (byName.containsKey(PASSAGE)) {
            fileDocument = byName.get(PASSAGE);
        }
        byName.remove(NONE);
        byName.putIfAbsent(QUERY, TaskPrefixes.DEFAULT_QUERY);
        byName.put(PASSAGE, fileDocument != null ? fileDocument : TaskPrefixes.DEFAULT_DOCUMENT);
        if (queryOverride != null) {
            byName.put(QUERY, queryOverride);
        }
        if (documentOverride != null) {
            byName.put(PASSAGE, documentOverride);
        }
        userPrompts.forEach((name, prefix) -> {
            checkUserPrompt(name, prefix);
            byName.put(name, prefix);
        });
        known.addAll(byName.values());
        known.remove("");
        List<String> sorted = new ArrayList<>(known);
        sorted.sort((a, b) -> b.length() - a.length());
        return new Prompts(byName, sorted);
    }

    /**
     * Checks a user-added prompt: a name of letters, digits, {@code _} or {@code -} that is not one of the
     * built-in {@code query}, {@code passage}, {@code document} or {@code none} (the first two are set as the
     * query and document prefix), and a non-empty prefix.
     *
     * @throws IllegalArgumentException naming what is wrong and what is allowed
     */
    public static void checkUserPrompt(String name, String prefix) {
        if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("prompt name '" + name + "' is invalid; allowed: letters, digits, "
                    + "'_' and '-'");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(QUERY) || lower.equals(PASSAGE) || lower.equals(DOCUMENT) || lower.equals(NONE)) {
            throw new IllegalArgumentException("prompt name '" + name + "' is built in; set the query or document "
                    + "prefix instead, or choose another name");
        }
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prompt '" + name + "' needs a non-empty prefix, e.g. '" + lower
                    + ": '");
        }
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

    /**
     * The prefix of prompt {@code name} ({@code ""} for {@value #NONE}).
     *
     * @throws IllegalArgumentException for a null or unknown name, listing the names allowed
     */
    public String prefix(String name) {
        if (name == null) {
            throw new IllegalArgumentException("prompt name must not be null; allowed: " + String.join(", ", names()));
        }
        String exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (lower.equals(NONE)) {
            return "";
        }
        if (lower.equals(DOCUMENT)) {
            return byName.get(PASSAGE);
        }
        for (var e : byName.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("Unknown prompt name '" + name + "'; allowed: "
                + String.join(", ", names()));
    }

    /** Every name {@link #prefix} accepts: the prompts in order, then {@value #DOCUMENT} and {@value #NONE}. */
    public List<String> names() {
        List<String> names = new ArrayList<>(byName.keySet());
        names.add(DOCUMENT);
        names.add(NONE);
        return names;
    }

    /** The text the model sees for {@code text} under prompt {@code name}. */
    public String apply(String text, String name) {
        return applyPrefix(text, prefix(name));
    }

    /** {@code prefix + text}, unless the prefix is empty or the text already starts with a known prefix. */
    public String applyPrefix(String text, String prefix) {
        return prefix.isEmpty() || hasKnownPrefix(text) ? text : prefix + text;
    }

    /** Whether {@code text} already starts with a known prefix. */
    public boolean hasKnownPrefix(String text) {
        for (String p : known) {
            if (text.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The query and document prefixes of these prompts. */
    public TaskPrefixes taskPrefixes() {
        return new TaskPrefixes(byName.get(QUERY), byName.get(PASSAGE), known);
    }
}
