package io.github.nomicembed.sample.tokenize;

import io.github.nomicembed.sample.web.ApiException;
import io.github.nomicembed.sample.web.TextInputs;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks a {@code /tokenize} body with the rules of {@code /v1/embeddings} and names the field at fault:
 * {@code inputs} a string or a non-empty array of strings (at most {@code maxItems}, each at most
 * {@code maxInputChars}; an empty string is allowed: it shows the special tokens alone), {@code prompt_name}
 * one of the model's prompt names, {@code none} when absent. Unknown fields are ignored.
 */
final class TokenizeRequestParser {

    private final TextInputs inputs;

    TokenizeRequestParser(int maxItems, int maxInputChars, List<String> promptNames) {
        this.inputs = new TextInputs(maxItems, maxInputChars, promptNames);
    }

    TokenizeCommand parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object such as "
                    + "{\"inputs\": \"text\"} or {\"inputs\": [\"a\", \"b\"], \"prompt_name\": \"query\"}.", null);
        }
        return new TokenizeCommand(inputs.texts(body.get("inputs"), "inputs", true, ""),
                inputs.promptName(body.get("prompt_name")));
    }
}
