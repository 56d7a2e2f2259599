package io.github.nomicembed.springai;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Token usage of one embedding call: the tokens each input was embedded with (prefix and special tokens
 * included, after truncation). Embeddings produce no output tokens, so {@link #getCompletionTokens()} is
 * {@code null} and no {@code output} token meter is recorded.
 */
public final class PromptTokenUsage implements Usage {

    private final int[] perInput;
    private final int promptTokens;

    /** Usage of inputs with these token counts, in input order. */
    public PromptTokenUsage(int[] perInput) {
        this.perInput = perInput.clone();
        this.promptTokens = Arrays.stream(perInput).sum();
    }

    @Override
    public Integer getPromptTokens() {
        return promptTokens;
    }

    /** Always {@code null}: embeddings generate no tokens. */
    @Override
    public @Nullable Integer getCompletionTokens() {
        return null;
    }

    @Override
    public Integer getTotalTokens() {
        return promptTokens;
    }

    /** The token count of each input, in input order ({@code List<Integer>}). */
    @Override
    public Object getNativeUsage() {
        return perInput();
    }

    /** The token count of each input, in input order. */
    public List<Integer> perInput() {
        return Arrays.stream(perInput).boxed().toList();
    }

    @Override
    public String toString() {
        return "PromptTokenUsage[promptTokens=" + promptTokens + ", perInput=" + Arrays.toString(perInput) + "]";
    }
}
