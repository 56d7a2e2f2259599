package io.github.nomicembed.springai.splitter;

/**
 * One chunk of a text: {@code text.substring(start, end)}.
 *
 * @param start index of the chunk's first char in the text
 * @param end index after its last char
 * @param tokens tokens the model embeds it with: the document prompt's, the special tokens and the chunk's own
 *     (never more than the splitter's maximum)
 */
public record Chunk(int start, int end, int tokens) {

    /** The chunk's text within {@code text}. */
    public String of(String text) {
        return text.substring(start, end);
    }
}
