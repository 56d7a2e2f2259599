package io.github.nomicembed.core.tokenize;

/**
 * Maps the tokenizer's character offsets (Unicode code points, as Python counts characters) to Java string
 * indices (UTF-16 units); the two differ after every character outside the Basic Multilingual Plane (most
 * emoji, some CJK).
 */
final class CodePointIndex {

    private final int[] charIndex; // code point i starts at charIndex[i]; one extra entry for the end

    private CodePointIndex(int[] charIndex) {
        this.charIndex = charIndex;
    }

    static CodePointIndex of(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            index[cp++] = i;
        }
        index[cp] = text.length();
        return new CodePointIndex(index);
    }

    /** The Java index of code point {@code codePoint} (clamped to the text). */
    int toCharIndex(int codePoint) {
        if (codePoint <= 0) {
            return 0;
        }
        return charIndex[Math.min(codePoint, charIndex.length - 1)];
    }
}
