package io.github.nomicembed.sample.openai;

import java.util.List;

/**
 * A validated {@code /v1/embeddings} request.
 *
 * @param inputs the texts, embedded exactly as given (clients add {@code search_query: } or
 *     {@code search_document: } themselves)
 * @param dimensions requested output dimension, or {@code null} for the model's default
 * @param encodingFormat how vectors are written back
 */
public record EmbeddingsCommand(List<String> inputs, Integer dimensions, EncodingFormat encodingFormat) {

    public EmbeddingsCommand {
        inputs = List.copyOf(inputs);
    }
}
