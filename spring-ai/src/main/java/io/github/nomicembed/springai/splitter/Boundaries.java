package io.github.nomicembed.springai.splitter;

import io.github.nomicembed.core.tokenize.TokenSpan;
import java.util.Arrays;
import java.util.List;

/**
 * Where a text may be cut, and how good each place is: position {@code p} cuts the text into
 * {@code [.., p)} and {@code [p, ..)}. Whitespace always stays with the chunk before the cut, so the next
 * chunk starts with a word. Levels, best first: the end of the text, a paragraph break (a blank line), a
 * sentence end or line break, a word start, and, for words longer than a chunk and scripts without spaces,
 * the start of a token.
 */
final class Boundaries {

    static final byte NONE = -1;
    static final byte TOKEN = 0;
    static final byte WORD = 1;
    static final byte SENTENCE = 2;
    static final byte PARAGRAPH = 3;
    static final byte END = 4;

    private final byte[] level;

    private Boundaries(byte[] level) {
        this.level = level;
    }

    /** The cut places of {@code text}, whose tokens (as the model's tokenizer reads it) are {@code tokens}. */
    static Boundaries of(String text, List<TokenSpan> tokens) {
        int n = text.length();
        byte[] level = new byte[n + 1];
        Arrays.fill(level, NONE);
        for (TokenSpan t : tokens) {
            if (t.hasSpan() && t.start() > 0 && t.start() < n) {
                level[t.start()] = TOKEN;
            }
        }
        int runStart = -1;
        for (int p = 1; p < n; p++) {
            char prev = text.charAt(p - 1);
            char cur = text.charAt(p);
            boolean prevSpace = Character.isWhitespace(prev);
            if (prevSpace && runStart < 0) {
                runStart = p - 1;
            }
            if (prevSpace && !Character.isWhitespace(cur)) {
                level[p] = afterWhitespace(text, runStart, p);
                runStart = -1;
            } else if (!prevSpace) {
                runStart = -1;
                if (isFullWidthSentenceEnd(prev) && !Character.isWhitespace(cur)) {
                    level[p] = SENTENCE;
                }
            }
            if (Character.isLowSurrogate(cur) && Character.isHighSurrogate(prev)) {
                level[p] = NONE; // never inside a character
            }
        }
        level[n] = END;
        return new Boundaries(level);
    }

    /** The level of the cut at {@code end}, after the whitespace run {@code [start, end)}. */
    private static byte afterWhitespace(String text, int start, int end) {
        int newlines = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '\n') {
                newlines++;
            }
        }
        if (newlines >= 2) {
            return PARAGRAPH;
        }
        if (newlines == 1 || endsSentence(text, start)) {
            return SENTENCE;
        }
        return WORD;
    }

    /** Whether the text before {@code index} ends a sentence (closing quotes and brackets skipped). */
    private static boolean endsSentence(String text, int index) {
        int i = index - 1;
        while (i >= 0 && "\"')]}»”’".indexOf(text.charAt(i)) >= 0) {
            i--;
        }
        return i >= 0 && (".!?;…".indexOf(text.charAt(i)) >= 0 || isFullWidthSentenceEnd(text.charAt(i)));
    }

    private static boolean isFullWidthSentenceEnd(char c) {
        return c == '。' || c == '！' || c == '？' || c == '；' || c == '｡' || c == '।' || c == '۔' || c == '؟';
    }

    /**
     * The best cut in {@code (from, to]}: the highest level there, and the furthest place of that level; or
     * {@code -1} when there is none.
     */
    int best(int from, int to) {
        int best = -1;
        byte bestLevel = NONE;
        for (int p = to; p > from; p--) {
            if (level[p] > bestLevel) {
                best = p;
                bestLevel = level[p];
                if (bestLevel == END) {
                    break;
                }
            }
        }
        return best;
    }

    /** The first cut in {@code [from, to)} of at least {@code minLevel}, or {@code -1}. */
    int first(int from, int to, byte minLevel) {
        for (int p = Math.max(from, 0); p < to; p++) {
            if (level[p] >= minLevel) {
                return p;
            }
        }
        return -1;
    }
}
