package io.github.nomicembed.sample.tokenize;

import io.github.nomicembed.sample.AppProperties;
import io.github.nomicembed.sample.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /tokenize}, as TEI's: what the model sees of each input. Body
 * {@code {"inputs": "text" | ["a", "b"], "prompt_name": "query"}}; as in {@code /v1/embeddings} no prompt is
 * applied unless {@code prompt_name} names one. Errors use the same shape and rules as {@code /v1/embeddings}.
 */
@RestController
public class TokenizeController {

    private final TokenInspection inspection;
    private final ModelInfo modelInfo;
    private final AppProperties properties;
    private volatile TokenizeRequestParser parser;

    TokenizeController(TokenInspection inspection, ModelInfo modelInfo, AppProperties properties) {
        this.inspection = inspection;
        this.modelInfo = modelInfo;
        this.properties = properties;
    }

    /** Built on first use: the prompt names are known once the model is loaded. */
    private TokenizeRequestParser parser() {
        TokenizeRequestParser p = parser;
        if (p == null) {
            p = new TokenizeRequestParser(properties.embeddings().maxItems(), properties.embeddings().maxInputChars(),
                    modelInfo.promptNames());
            parser = p;
        }
        return p;
    }

    @PostMapping(path = "/tokenize", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    TokenizeResponse tokenize(@RequestBody JsonNode body) {
        TokenizeCommand command = parser().parse(body);
        List<TokenizeResponse.Item> data = new ArrayList<>(command.inputs().size());
        for (int i = 0; i < command.inputs().size(); i++) {
            data.add(inspection.inspect(i, command.inputs().get(i), command.promptName()));
        }
        String prefix = inspection.prefix("", command.promptName());
        return new TokenizeResponse(modelInfo.name(), modelInfo.maxSequenceLength(), command.promptName(), prefix,
                data);
    }
}
