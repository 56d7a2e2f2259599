package io.github.nomicembed.core;

/**
 * Tokens of one text under one prompt, as {@link NomicEmbedder#countTokens(String, String)} returns them; both
 * counts include the prompt's prefix and the special tokens.
 *
 * @param embedded tokens the text is embedded with, after truncation to the maximum sequence length
 * @param untruncated tokens the text has before truncation
 */
public record TokenCount(int embedded, int untruncated) {

    /** Returns whether the text is longer than the maximum sequence length, so it would be truncated. */
    public boolean truncated() {
        return untruncated > embedded;
    }
}
