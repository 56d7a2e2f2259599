package io.github.nomicembed.core;

import java.util.Locale;

/** What happens to a text longer than the maximum sequence length. */
public enum TruncationPolicy {
    /** Keep the first tokens (the end-of-sequence token stays): the reference behaviour. */
    TRUNCATE,
    /** Reject the call with an {@link IllegalArgumentException} naming the text's index and token count. */
    ERROR;

    /** Parses {@code truncate|error} (case-insensitive). */
    public static TruncationPolicy parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "truncate" -> TRUNCATE;
            case "error" -> ERROR;
            default -> throw new IllegalArgumentException(
                    "Unknown truncation policy '" + value + "'; allowed: truncate, error");
        };
    }
}
