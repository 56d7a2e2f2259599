package io.github.nomicembed.sample.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenAI's {@code /v1/embeddings} response:
 * {@code {"object":"list","data":[{"object":"embedding","index":0,"embedding":[...]}],"model":"...",
 * "usage":{"prompt_tokens":N,"total_tokens":N}}}.
 */
public record EmbeddingsResponse(String object, List<Item> data, String model, Usage usage) {

    public EmbeddingsResponse(List<Item> data, String model, Usage usage) {
        this("list", data, model, usage);
    }

    /**
     * @param embedding a {@code float[]} or, for {@code encoding_format=base64}, a base64 string
     */
    public record Item(String object, int index, Object embedding) {

        public Item(int index, Object embedding) {
            this("embedding", index, embedding);
        }
    }

    /** Tokens the inputs were embedded with (special tokens included; truncated texts count what was read). */
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }
}
