package io.github.nomicembed.core;

import java.util.List;

/**
 * Vectors of one call, in input order, with the number of tokens each text was embedded with
 * (prefix and special tokens included, after truncation).
 *
 * @param vectors one unit-length vector per input text
 * @param tokenCounts tokens per input text
 */
public record EmbeddingResult(List<float[]> vectors, int[] tokenCounts) {

    public EmbeddingResult {
        vectors = List.copyOf(vectors);
        tokenCounts = tokenCounts.clone();
    }

    /** Sum of all token counts (for usage reporting). */
    public int totalTokens() {
        int sum = 0;
        for (int c : tokenCounts) {
            sum += c;
        }
        return sum;
    }

    /** Number of vectors. */
    public int size() {
        return vectors.size();
    }
}
