package io.github.nomicembed.sample.openai;

import io.github.nomicembed.sample.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Checks a {@code /v1/embeddings} body field by field, with OpenAI's rules, and names the field at fault:
 * {@code input} a non-empty string or a non-empty array of non-empty strings (token-id arrays are refused),
 * {@code model} a string (any name: this server has one model), {@code dimensions} an integer in
 * {@code 1..maxDimensions}, {@code encoding_format} {@code float} or {@code base64}; and our extension
 * {@code prompt_name}, one of the model's prompt names (as TEI's {@code /embed}), {@code none} when absent;
 * {@code user} and unknown fields are ignored.
 */
final class EmbeddingsRequestParser {

    private final int maxItems;
    private final int maxInputChars;
    private final int maxDimensions;
    private final List<String> promptNames;

    /**
     * @param maxItems largest {@code input} array; more items are refused with 413
     * @param maxInputChars longest text; longer ones are refused with 400
     * @param maxDimensions largest {@code dimensions} (the model's hidden size)
     * @param promptNames the names {@code prompt_name} may take (matched ignoring case)
     */
    EmbeddingsRequestParser(int maxItems, int maxInputChars, int maxDimensions, List<String> promptNames) {
        this.maxItems = maxItems;
        this.maxInputChars = maxInputChars;
        this.maxDimensions = maxDimensions;
        this.promptNames = List.copyOf(promptNames);
    }

    EmbeddingsCommand parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object such as "
                    + "{\"input\": \"text\", \"model\": \"...\"}.", null);
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.isString()) {
            throw ApiException.badRequest("'model' must be a string.", "model");
        }
        return new EmbeddingsCommand(inputs(body.get("input")), dimensions(body.get("dimensions")),
                encodingFormat(body.get("encoding_format")), promptName(body.get("prompt_name")));
    }

    private List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw ApiException.badRequest("you must provide an 'input' parameter: a string or an array of strings.",
                    "input");
        }
        if (input.isString()) {
            return List.of(text(input.stringValue(), "'input'"));
        }
        if (!input.isArray()) {
            throw ApiException.badRequest("'input' must be a string or an array of strings, not "
                    + describe(input) + ".", "input");
        }
        if (input.isEmpty()) {
            throw ApiException.badRequest("'input' must not be an empty array.", "input");
        }
        if (input.size() > maxItems) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "'input' has " + input.size()
                    + " items; this server accepts at most " + maxItems + " per request (app.embeddings.max-items).",
                    "input", "too_many_inputs");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isIntegralNumber() || item.isArray()) {
                throw ApiException.badRequest("Token-id arrays are not supported as 'input'; send the text as a "
                        + "string (input[" + i + "] is " + describe(item) + ").", "input");
            }
            if (!item.isString()) {
                throw ApiException.badRequest("input[" + i + "] must be a string, not " + describe(item) + ".",
                        "input");
            }
            texts.add(text(item.stringValue(), "input[" + i + "]"));
        }
        return texts;
    }

    private String text(String text, String what) {
        if (text.isEmpty()) {
            throw ApiException.badRequest(what + " must not be an empty string.", "input");
        }
        if (text.length() > maxInputChars) {
            throw ApiException.badRequest(what + " has " + text.length() + " characters; this server accepts at most "
                    + maxInputChars + " per text (app.embeddings.max-input-chars). The model reads only its first "
                    + "512 tokens anyway: split long texts into chunks.", "input");
        }
        return text;
    }

    private @Nullable Integer dimensions(JsonNode dimensions) {
        if (dimensions == null || dimensions.isNull()) {
            return null;
        }
        if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt()
                || dimensions.intValue() < 1 || dimensions.intValue() > maxDimensions) {
            throw ApiException.badRequest("'dimensions' must be an integer from 1 to " + maxDimensions
                    + " for this model, got " + dimensions + ".", "dimensions");
        }
        return dimensions.intValue();
    }

    private static EncodingFormat encodingFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return EncodingFormat.FLOAT;
        }
        if (format.isString()) {
            try {
                return EncodingFormat.parse(format.stringValue());
            } catch (IllegalArgumentException e) {
                // answered below
            }
        }
        throw ApiException.badRequest("'encoding_format' must be 'float' or 'base64', got " + format + ".",
                "encoding_format");
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
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
