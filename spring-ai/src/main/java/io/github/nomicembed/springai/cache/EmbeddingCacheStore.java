package io.github.nomicembed.springai.cache;

import java.util.OptionalLong;

/** Where an {@link EmbeddingCache} keeps its entries: in memory ({@link CaffeineEmbeddingStore}) or shared. */
public interface EmbeddingCacheStore {

    /** The entry under {@code key}, or {@code null}. */
    CachedEmbedding get(String key);

    /** Stores {@code value} under {@code key} (the store may evict others to stay in its bound). */
    void put(String key, CachedEmbedding value);

    /** Entries held, when the store can tell. */
    OptionalLong size();

    /** Bytes held (estimated), when the store can tell. */
    OptionalLong bytes();

    /** Entries evicted to stay in the bound, when the store can tell. */
    OptionalLong evictions();

    /** What the store is, for health details and meter tags, e.g. {@code caffeine} or {@code spring:embeddings}. */
    String name();
}
