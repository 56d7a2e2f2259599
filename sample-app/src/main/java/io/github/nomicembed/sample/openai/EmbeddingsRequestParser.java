package io.github.nomicembed.sample.openai;

import io.github.nomicembed.sample.web.ApiException;
import io.github.nomicembed.sample.web.TextInputs;
import java.util.List;
import org.jspecify.annotations.Nullable;
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

    private static final String LONG_TEXT_HINT = " The model reads only its first 512 tokens anyway: split long texts "
            + "into chunks.";

    private final TextInputs inputs;
    private final int maxDimensions;

    /**
     * @param maxItems largest {@code input} array; more items are refused with 413
     * @param maxInputChars longest text; longer ones are refused with 400
     * @param maxDimensions largest {@code dimensions} (the model's hidden size)
     * @param promptNames the names {@code prompt_name} may take (matched ignoring case)
     */
    EmbeddingsRequestParser(int maxItems, int maxInputChars, int maxDimensions, List<String> promptNames) {
        this.inputs = new TextInputs(maxItems, maxInputChars, promptNames);
        this.maxDimensions = maxDimensions;
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
        return new EmbeddingsCommand(inputs.texts(body.get("input"), "input", false, LONG_TEXT_HINT),
                dimensions(body.get("dimensions")), encodingFormat(body.get("encoding_format")),
                inputs.promptName(body.get("prompt_name")));
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
}
