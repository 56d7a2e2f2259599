package io.github.nomicembed.core.tokenize;

/**
 * One tokenized text.
 *
 * @param ids token ids including {@code <s>}/{@code </s>}, truncated to the maximum length
 * @param truncated whether the text had more tokens than the maximum length
 */
public record Tokenized(long[] ids, boolean truncated) {

    /** Number of tokens the model sees. */
    public int length() {
        return ids.length;
    }
}
