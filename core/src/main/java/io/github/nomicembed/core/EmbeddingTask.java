package io.github.nomicembed.core;

import java.util.Locale;

/** What a text is embedded for; decides the task prefix nomic-embed-text-v2-moe expects. */
public enum EmbeddingTask {
    /** A search query: {@code search_query: } is prepended. */
    QUERY,
    /** A document to be searched: {@code search_document: } is prepended. */
    DOCUMENT,
    /** The text is used as given (the caller adds a prefix itself). */
    NONE;

    /** The prompt name this task selects: {@code query}, {@code document} or {@code none}. */
    public String promptName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code query|document|none} (case-insensitive; {@code passage} is an alias of document). */
    public static EmbeddingTask parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "query", "search_query" -> QUERY;
            case "document", "passage", "search_document" -> DOCUMENT;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(
                    "Unknown task '" + value + "'; allowed: query, document, none");
        };
    }
}
