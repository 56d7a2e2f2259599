package io.github.nomicembed.sample.openai;

import io.github.nomicembed.springai.NomicEmbeddingOptions;
import io.github.nomicembed.sample.AppProperties;
import io.github.nomicembed.sample.model.ModelInfo;
import io.github.nomicembed.sample.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI-compatible {@code POST /v1/embeddings}, so every OpenAI client (and Spring AI's
 * {@code OpenAiEmbeddingModel}) can use this model. Texts are embedded exactly as given (prompt {@code none}):
 * as with the hosted providers of nomic-embed-text, clients send {@code search_query: } or
 * {@code search_document: } inside the text, unless the request names a prompt of the model in the
 * extension field {@code prompt_name} (e.g. {@code "query"} or {@code "Clustering"}), as TEI's {@code /embed}.
 */
@RestController
public class EmbeddingsController {

    private final EmbeddingModel embeddingModel;
    private final ModelInfo modelInfo;
    private final AppProperties properties;
    private volatile EmbeddingsRequestParser parser;

    public EmbeddingsController(EmbeddingModel embeddingModel, ModelInfo modelInfo, AppProperties properties) {
        this.embeddingModel = embeddingModel;
        this.modelInfo = modelInfo;
        this.properties = properties;
    }

    /** Built on first use: the model's limits and prompt names are known once it is loaded (maybe after startup). */
    private EmbeddingsRequestParser parser() {
        EmbeddingsRequestParser p = parser;
        if (p == null) {
            p = new EmbeddingsRequestParser(properties.embeddings().maxItems(), properties.embeddings().maxInputChars(),
                    modelInfo.maxDimensions(), modelInfo.promptNames());
            parser = p;
        }
        return p;
    }

    @PostMapping(path = "/v1/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public EmbeddingsResponse create(@RequestBody JsonNode body) {
        EmbeddingsCommand command = parser().parse(body);
        EmbeddingResponse response = embed(command);
        List<EmbeddingsResponse.Item> data = new ArrayList<>(response.getResults().size());
        for (int i = 0; i < response.getResults().size(); i++) {
            float[] vector = response.getResults().get(i).getOutput();
            data.add(new EmbeddingsResponse.Item(i, command.encodingFormat().encode(vector)));
        }
        Usage usage = response.getMetadata().getUsage();
        int tokens = usage == null || usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
        String model = response.getMetadata().getModel();
        return new EmbeddingsResponse(data, model == null || model.isBlank() ? modelInfo.name() : model,
                new EmbeddingsResponse.Usage(tokens, tokens));
    }

    private EmbeddingResponse embed(EmbeddingsCommand command) {
        NomicEmbeddingOptions options = NomicEmbeddingOptions.builder()
                .promptName(command.promptName())
                .dimensions(command.dimensions())
                .build();
        try {
            return embeddingModel.call(new EmbeddingRequest(command.inputs(), options));
        } catch (IllegalArgumentException e) {
            // e.g. a text over the token limit with nomic.embedding.truncation=error
            throw ApiException.badRequest(e.getMessage(), "input");
        }
    }
}
