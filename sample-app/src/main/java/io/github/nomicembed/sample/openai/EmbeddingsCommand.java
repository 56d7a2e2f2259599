package io.github.nomicembed.sample.openai;

import java.util.List;

/**
 * A validated {@code /v1/embeddings} request.
 *
 * @param inputs the texts
 * @param dimensions requested output dimension, or {@code null} for the model's default
 * @param encodingFormat how vectors are written back
 * @param promptName the prompt whose prefix the texts get ({@code prompt_name}), or {@code none}: embedded
 *     exactly as given (clients add {@code search_query: } or {@code search_document: } themselves)
 */
public record EmbeddingsCommand(List<String> inputs, Integer dimensions, EncodingFormat encodingFormat,
        String promptName) {

    public EmbeddingsCommand {
        inputs = List.copyOf(inputs);
    }
}
