package io.github.nomicembed.sample.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The request-body rules that {@code /v1/embeddings} and {@code /tokenize} share, each violation answered as a
 * 4xx naming the field: the texts (a string or a non-empty array of strings, at most {@code maxItems}, each at
 * most {@code maxInputChars}; token-id arrays refused) and {@code prompt_name} (one of the model's prompt names,
 * {@code none} when absent).
 */
public final class TextInputs {

    private final int maxItems;
    private final int maxInputChars;
    private final List<String> promptNames;

    /**
     * @param maxItems largest array of texts; more items are refused with 413
     * @param maxInputChars longest text; longer ones are refused with 400
     * @param promptNames the names {@code prompt_name} may take (matched ignoring case)
     */
    public TextInputs(int maxItems, int maxInputChars, List<String> promptNames) {
        this.maxItems = maxItems;
        this.maxInputChars = maxInputChars;
        this.promptNames = List.copyOf(promptNames);
    }

    /**
     * Returns the texts of field {@code field}.
     *
     * @param allowEmpty whether an empty string is a text (it is for {@code /tokenize}: the special tokens alone)
     * @param tooLongHint appended to the message for a text over {@code maxInputChars}
     */
    public List<String> texts(JsonNode node, String field, boolean allowEmpty, String tooLongHint) {
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("you must provide an '" + field + "' parameter: a string or an array of "
                    + "strings.", field);
        }
        if (node.isString()) {
            return List.of(text(node.stringValue(), "'" + field + "'", field, allowEmpty, tooLongHint));
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("'" + field + "' must be a string or an array of strings, not "
                    + describe(node) + ".", field);
        }
        if (node.isEmpty()) {
            throw ApiException.badRequest("'" + field + "' must not be an empty array.", field);
        }
        if (node.size() > maxItems) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "'" + field + "' has " + node.size()
                    + " items; this server accepts at most " + maxItems + " per request (app.embeddings.max-items).",
                    field, "too_many_inputs");
        }
        List<String> texts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isIntegralNumber() || item.isArray()) {
                throw ApiException.badRequest("Token-id arrays are not supported as '" + field + "'; send the text "
                        + "as a string (" + field + "[" + i + "] is " + describe(item) + ").", field);
            }
            if (!item.isString()) {
                throw ApiException.badRequest(field + "[" + i + "] must be a string, not " + describe(item) + ".",
                        field);
            }
            texts.add(text(item.stringValue(), field + "[" + i + "]", field, allowEmpty, tooLongHint));
        }
        return texts;
    }

    private String text(String text, String what, String field, boolean allowEmpty, String tooLongHint) {
        if (text.isEmpty() && !allowEmpty) {
            throw ApiException.badRequest(what + " must not be an empty string.", field);
        }
        if (text.length() > maxInputChars) {
            throw ApiException.badRequest(what + " has " + text.length() + " characters; this server accepts at most "
                    + maxInputChars + " per text (app.embeddings.max-input-chars)." + tooLongHint, field);
        }
        return text;
    }

    /** Returns {@code prompt_name}'s value as sent, or {@code none} when it is absent. */
    public String promptName(JsonNode name) {
        if (name == null || name.isNull()) {
            return "none";
        }
        if (name.isString() && promptNames.stream().anyMatch(n -> n.equalsIgnoreCase(name.stringValue()))) {
            return name.stringValue();
        }
        throw ApiException.badRequest("'prompt_name' must be one of this model's prompt names: "
                + String.join(", ", promptNames) + "; got " + name + ".", "prompt_name");
    }

    /** Returns what kind of JSON value {@code node} is, for messages ("an array", "a number", ...). */
    public static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
