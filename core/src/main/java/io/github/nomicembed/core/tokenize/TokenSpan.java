package io.github.nomicembed.core.tokenize;

/**
 * One token of a tokenized text, as the model's tokenizer produced it.
 *
 * @param id the token id (the row of the embedding matrix)
 * @param token the token as the tokenizer's vocabulary spells it (e.g. {@code ▁Berlin}, {@code <s>})
 * @param special whether it is a special token ({@code <s>}, {@code </s>}) added by the tokenizer rather than
 *     read from the text
 * @param start index of the token's first {@code char} in the text (Java string index, UTF-16 units);
 *     {@code -1} for special tokens
 * @param end index after the token's last {@code char} in the text; {@code -1} for special tokens. Pieces of
 *     one character (e.g. the bytes of an emoji) share that character's span.
 */
public record TokenSpan(long id, String token, boolean special, int start, int end) {

    /** Whether the token was read from the text (it has a span). */
    public boolean hasSpan() {
        return start >= 0;
    }
}
