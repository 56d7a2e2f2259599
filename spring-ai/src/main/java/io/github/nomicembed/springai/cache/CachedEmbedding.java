package io.github.nomicembed.springai.cache;

import java.io.Serializable;

/**
 * What the cache keeps per text: the full vector (the model's hidden size, unit length) and the tokens the
 * text was embedded with. Serializable, so that a shared Spring {@code Cache} (e.g. Redis) can hold it.
 *
 * @param vector the full, normalised vector; never handed out, only copied or truncated
 * @param tokens tokens of the text (prefix and special tokens included, after truncation)
 */
public record CachedEmbedding(float[] vector, int tokens) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Bytes this entry holds on a 64-bit JVM with compressed references, its 43-character key and the cache's
     * per-entry bookkeeping included (an estimate, used to bound the cache by bytes).
     */
    public long estimatedBytes() {
        long array = align(16 + 4L * vector.length);
        long record = 24;
        long key = 24 + align(16 + 43);
        long bookkeeping = 96; // cache node with access order and weight, and the hash table's node and slot
        return array + record + key + bookkeeping;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
