package io.github.nomicembed.sample.tokenize;

import io.github.nomicembed.sample.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Checks a {@code /tokenize} body with the rules of {@code /v1/embeddings} and names the field at fault:
 * {@code inputs} a string or a non-empty array of strings (at most {@code maxItems}, each at most
 * {@code maxInputChars}; an empty string is allowed: it shows the special tokens alone), {@code prompt_name}
 * one of the model's prompt names, {@code none} when absent. Unknown fields are ignored.
 */
final class TokenizeRequestParser {

    private final int maxItems;
    private final int maxInputChars;
    private final List<String> promptNames;

    TokenizeRequestParser(int maxItems, int maxInputChars, List<String> promptNames) {
        this.maxItems = maxItems;
        this.maxInputChars = maxInputChars;
        this.promptNames = List.copyOf(promptNames);
    }

    TokenizeCommand parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object such as "
                    + "{\"inputs\": \"text\"} or {\"inputs\": [\"a\", \"b\"], \"prompt_name\": \"query\"}.", null);
        }
        return new TokenizeCommand(inputs(body.get("inputs")), promptName(body.get("prompt_name")));
    }

    private List<String> inputs(JsonNode inputs) {
        if (inputs == null || inputs.isNull()) {
            throw ApiException.badRequest("you must provide an 'inputs' parameter: a string or an array of strings.",
                    "inputs");
        }
        if (inputs.isString()) {
            return List.of(text(inputs.stringValue(), "'inputs'"));
        }
        if (!inputs.isArray()) {
            throw ApiException.badRequest("'inputs' must be a string or an array of strings, not "
                    + describe(inputs) + ".", "inputs");
        }
        if (inputs.isEmpty()) {
            throw ApiException.badRequest("'inputs' must not be an empty array.", "inputs");
        }
        if (inputs.size() > maxItems) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "'inputs' has " + inputs.size()
                    + " items; this server accepts at most " + maxItems + " per request (app.embeddings.max-items).",
                    "inputs", "too_many_inputs");
        }
        List<String> texts = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode item = inputs.get(i);
            if (!item.isString()) {
                throw ApiException.badRequest("inputs[" + i + "] must be a string, not " + describe(item) + ".",
                        "inputs");
            }
            texts.add(text(item.stringValue(), "inputs[" + i + "]"));
        }
        return texts;
    }

    private String text(String text, String what) {
        if (text.length() > maxInputChars) {
            throw ApiException.badRequest(what + " has " + text.length() + " characters; this server accepts at most "
                    + maxInputChars + " per text (app.embeddings.max-input-chars).", "inputs");
        }
        return text;
    }

    private String promptName(JsonNode name) {
        if (name == null || name.isNull()) {
            return "none";
        }
        if (name.isString() && promptNames.stream().anyMatch(n -> n.equalsIgnoreCase(name.stringValue()))) {
            return name.stringValue();
        }
        throw ApiException.badRequest("'prompt_name' must be one of this model's prompt names: "
                + String.join(", ", promptNames) + "; got " + name + ".", "prompt_name");
    }

    private static String describe(JsonNode node) {
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
