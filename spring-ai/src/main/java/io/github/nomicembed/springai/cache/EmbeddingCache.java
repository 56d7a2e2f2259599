package io.github.nomicembed.springai.cache;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Remembers embeddings so that a text is embedded once: keyed by the {@linkplain ModelIdentity model's
 * identity} and the exact text the model sees (prompt prefix + text), it keeps the full vector and applies
 * Matryoshka dimensions per request, so one entry serves every dimension and a hit is bit-identical to the
 * miss that stored it. A request's hits are answered at once; its misses (each distinct text once) go to the
 * model together, in one call.
 *
 * <pre>{@code
 * EmbeddingCache cache = new EmbeddingCache(embedder, CaffeineEmbeddingStore.ofMaxBytes(256L << 20));
 * NomicEmbeddingModel model = NomicEmbeddingModel.builder(embedder).cache(cache).build();
 * }</pre>
 *
 * With the cache, a vector of fewer dimensions than the model's hidden size is truncated from the normalised
 * full vector rather than from the pooled one; the two differ in the last bits (cosine 1 - 1e-7). Keys are
 * SHA-256 digests, so texts are not kept. Thread-safe.
 */
public final class EmbeddingCache {

    private final NomicEmbedder embedder;
    private final EmbeddingCacheStore store;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile String identity;

    public EmbeddingCache(NomicEmbedder embedder, EmbeddingCacheStore store) {
        if (embedder == null || store == null) {
            throw new IllegalArgumentException("embedder and store must not be null");
        }
        this.embedder = embedder;
        this.store = store;
    }

    /**
     * The vectors of {@code texts} under prompt {@code promptName} at {@code dimensions}, in order: hits from
     * the store, misses from {@code embedFull} (called once, with the distinct missing texts, and expected to
     * embed them under the same prompt at the model's hidden size).
     *
     * @throws IllegalArgumentException for a null text, an unknown prompt or a dimension out of range
     */
    public EmbeddingResult embed(List<String> texts, String promptName, int dimensions,
            Function<List<String>, EmbeddingResult> embedFull) {
        int hidden = embedder.info().hiddenSize();
        if (dimensions < 1 || dimensions > hidden) {
            throw new IllegalArgumentException("dimensions " + dimensions + " is out of range; allowed: 1.." + hidden);
        }
        String[] keys = new String[texts.size()];
        CachedEmbedding[] found = new CachedEmbedding[texts.size()];
        Map<String, String> missing = new LinkedHashMap<>(); // key -> text, each distinct text once
        for (int i = 0; i < keys.length; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null; every text must be a string (empty is "
                        + "allowed)");
            }
            keys[i] = key(embedder.info().prefixed(text, promptName));
            found[i] = store.get(keys[i]);
            if (found[i] == null) {
                missing.putIfAbsent(keys[i], text);
            }
        }
        long hitCount = 0;
        for (CachedEmbedding f : found) {
            hitCount += f == null ? 0 : 1;
        }
        if (!missing.isEmpty()) {
            Map<String, CachedEmbedding> computed = compute(missing, embedFull, hidden);
            for (int i = 0; i < keys.length; i++) {
                if (found[i] == null) {
                    found[i] = computed.get(keys[i]);
                }
            }
        }
        hits.add(hitCount);
        misses.add(keys.length - hitCount);
        List<float[]> vectors = new ArrayList<>(keys.length);
        int[] tokens = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            vectors.add(truncate(found[i].vector(), dimensions));
            tokens[i] = found[i].tokens();
        }
        return new EmbeddingResult(vectors, tokens);
    }

    /**
     * The cached vectors of {@code texts} under {@code promptName} at {@code dimensions}, {@code null} where
     * the cache holds none; never calls the model. Counts the hits only: the caller embeds the misses (through
     * {@link #embed}, which counts them). For callers that batch their misses themselves, e.g. the vector-store
     * path that would otherwise tokenize every document to batch it.
     */
    public float[][] lookup(List<String> texts, String promptName, int dimensions) {
        float[][] out = new float[texts.size()][];
        long hitCount = 0;
        for (int i = 0; i < out.length; i++) {
            String text = texts.get(i);
            CachedEmbedding found = text == null ? null : store.get(key(embedder.info().prefixed(text, promptName)));
            if (found != null) {
                out[i] = truncate(found.vector(), dimensions);
                hitCount++;
            }
        }
        hits.add(hitCount);
        return out;
    }

    private Map<String, CachedEmbedding> compute(Map<String, String> missing,
            Function<List<String>, EmbeddingResult> embedFull, int hidden) {
        List<String> keys = new ArrayList<>(missing.keySet());
        EmbeddingResult result = embedFull.apply(new ArrayList<>(missing.values()));
        if (result.size() != keys.size()) {
            throw new IllegalStateException("the model returned " + result.size() + " vectors for " + keys.size()
                    + " texts");
        }
        Map<String, CachedEmbedding> computed = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            float[] vector = result.vectors().get(i);
            if (vector.length != hidden) {
                throw new IllegalStateException("the model returned a " + vector.length + "-dimensional vector; the "
                        + "cache keeps full " + hidden + "-dimensional ones");
            }
            CachedEmbedding entry = new CachedEmbedding(vector.clone(), result.tokenCounts()[i]);
            store.put(keys.get(i), entry);
            computed.put(keys.get(i), entry);
        }
        return computed;
    }

    /** The full vector as is (a copy), or its first {@code dimensions} re-normalised. */
    private static float[] truncate(float[] full, int dimensions) {
        return dimensions == full.length ? full.clone() : Matryoshka.truncateAndNormalize(full, dimensions);
    }

    /** The key of a prepared text: SHA-256 over the model identity and the text, base64url (43 characters). */
    String key(String prepared) {
        MessageDigest sha = ModelIdentity.sha256();
        sha.update(modelIdentity().getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '\n');
        sha.update(prepared.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /**
     * The identity of the embedder's model ({@link ModelIdentity}); derived on first use (reading the model's
     * files) and kept.
     */
    public String modelIdentity() {
        String id = identity;
        if (id == null) {
            synchronized (this) {
                id = identity;
                if (id == null) {
                    id = ModelIdentity.of(embedder);
                    identity = id;
                }
            }
        }
        return id;
    }

    /** Hits, misses and what the store can tell. */
    public EmbeddingCacheStatistics statistics() {
        return new EmbeddingCacheStatistics(hits.sum(), misses.sum(), store.evictions(), store.size(), store.bytes(),
                store.name());
    }

    /** Where the entries are kept. */
    public EmbeddingCacheStore store() {
        return store;
    }
}
