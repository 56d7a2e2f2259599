package io.github.nomicembed.sample.tokenize;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code /tokenize} answer: per input, in order, its tokens in TEI's shape, how many there are and whether
 * the model would truncate the input.
 *
 * @param model the model's name
 * @param maxTokens the most tokens the model reads per text
 * @param promptName the prompt applied ({@code none}: the texts as sent)
 * @param prefix the prompt's prefix that was prepended ({@code ""} for none)
 * @param data one entry per input
 */
record TokenizeResponse(String model, @JsonProperty("max_tokens") int maxTokens,
        @JsonProperty("prompt_name") String promptName, String prefix, List<Item> data) {

    /**
     * @param index the input's position in the request
     * @param count every token the model would be given before truncation: prompt, text and special tokens
     * @param truncated whether {@code count} exceeds {@code max_tokens}, so the model would cut the text
     *     (or refuse it with {@code nomic.embedding.truncation=error})
     * @param tokens the tokens, in order, none left out
     */
    record Item(int index, int count, boolean truncated, List<Token> tokens) {
    }

    /**
     * One token.
     *
     * @param id the token id
     * @param text what the token covers in the text sent (for {@code ▁}-pieces including the space before the
     *     word), the piece of the prompt's prefix for prompt tokens, or the token itself for special tokens
     * @param special whether it is {@code <s>} or {@code </s>}
     * @param prompt whether it was read from the prompt's prefix rather than from the text sent
     * @param start offset of its first character in the text sent, in Unicode code points (as Python counts);
     *     {@code null} for special and prompt tokens
     * @param stop offset after its last character, likewise
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Token(long id, String text, boolean special, boolean prompt, Integer start, Integer stop) {
    }
}
