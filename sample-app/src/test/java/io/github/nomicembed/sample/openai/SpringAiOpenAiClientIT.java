package io.github.nomicembed.sample.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.sample.SharedAppIT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import tools.jackson.databind.JsonNode;

/**
 * Spring AI's own {@link OpenAiEmbeddingModel} (official openai-java SDK underneath), pointed at the running
 * app, gets the model's vectors: with the SDK's default base64 encoding and with float plus dimensions.
 */
class SpringAiOpenAiClientIT extends SharedAppIT {

    private static final List<String> TEXTS = List.of("search_query: Where is the Brandenburg Gate?",
            "search_document: The Brandenburg Gate is a monument in Berlin.");

    @Test
    void defaultRequestsAreBase64AndDecodeToTheModelsVectors() {
        int before = recorder.count();

        EmbeddingResponse response = client(API_KEY, null, null).call(new EmbeddingRequest(TEXTS, null));

        assertThat(recorder.since(before)).extracting(b -> b.path("encoding_format").asString())
                .as("what the SDK sent").containsOnly("base64");
        EmbeddingResult expected = embedder.embed(TEXTS, EmbeddingTask.NONE);
        assertThat(response.getResults()).hasSize(TEXTS.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(response.getResults().get(i).getIndex()).isEqualTo(i);
            Vectors.assertClose(response.getResults().get(i).getOutput(), expected.vectors().get(i), "text " + i);
        }
        assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(expected.totalTokens());
    }

    @Test
    void floatWithDimensionsGivesTheModelsTruncatedVectors() {
        int dims = Math.max(1, embedder.info().hiddenSize() / 2);
        int before = recorder.count();

        EmbeddingResponse response = client(API_KEY, OpenAiEmbeddingOptions.EncodingFormat.FLOAT, dims)
                .call(new EmbeddingRequest(TEXTS, null));

        List<JsonNode> sent = recorder.since(before);
        assertThat(sent).extracting(b -> b.path("encoding_format").asString()).containsOnly("float");
        assertThat(sent).extracting(b -> b.path("dimensions").asInt()).containsOnly(dims);
        EmbeddingResult expected = embedder.embed(TEXTS, EmbeddingTask.NONE.promptName(), dims);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(response.getResults().get(i).getOutput()).hasSize(dims);
            Vectors.assertClose(response.getResults().get(i).getOutput(), expected.vectors().get(i), "text " + i);
        }
    }

    @Test
    void aBadRequestSurfacesAsTheSdksBadRequestException() {
        Throwable thrown = catchThrowable(() -> client(API_KEY, OpenAiEmbeddingOptions.EncodingFormat.FLOAT,
                embedder.info().hiddenSize() + 1).call(new EmbeddingRequest(TEXTS, null)));

        BadRequestException e = cause(thrown, BadRequestException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.type()).contains("invalid_request_error");
        assertThat(e.param()).contains("dimensions");
    }

    @Test
    void aWrongApiKeySurfacesAsTheSdksUnauthorizedException() {
        Throwable thrown = catchThrowable(() -> client("wrong-key", null, null)
                .call(new EmbeddingRequest(TEXTS, null)));

        UnauthorizedException e = cause(thrown, UnauthorizedException.class);
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.code()).contains("invalid_api_key");
    }

    private OpenAiEmbeddingModel client(String apiKey, OpenAiEmbeddingOptions.EncodingFormat format, Integer dims) {
        OpenAiEmbeddingOptions.Builder options = new OpenAiEmbeddingOptions.Builder();
        if (format != null) {
            options.encodingFormat(format);
        }
        options.dimensions(dims);
        options.baseUrl("http://127.0.0.1:" + port + "/v1");
        options.apiKey(apiKey);
        options.model("nomic-embed-text-v2-moe");
        options.maxRetries(0);
        options.timeout(Duration.ofSeconds(60));
        return OpenAiEmbeddingModel.builder().options(options.build()).build();
    }

    private static <T extends OpenAIServiceException> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + ", got " + thrown, thrown);
    }
}
