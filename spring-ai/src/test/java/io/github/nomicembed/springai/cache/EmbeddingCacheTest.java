package io.github.nomicembed.springai.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.nomicembed.springai.NomicEmbeddingOptions;
import io.github.nomicembed.core.fixture.TinyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

/** Hits equal misses bit for bit, misses go to the model together, the store stays in its bound. */
class EmbeddingCacheTest {

    static final String TEXT = "Berlin ist die Hauptstadt von Deutschland.";

    static NomicEmbedder embedder;
    static NomicEmbeddingModel uncached;

    @BeforeAll
    static void load() {
        embedder = TinyModel.load();
        uncached = new NomicEmbeddingModel(embedder);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static EmbeddingCache newCache() {
        return new EmbeddingCache(embedder, CaffeineEmbeddingStore.ofMaxBytes(16L << 20));
    }

    static NomicEmbeddingModel cached(EmbeddingCache cache) {
        return NomicEmbeddingModel.builder(embedder).cache(cache).build();
    }

    static float[] call(NomicEmbeddingModel model, String text, Integer dimensions) {
        return model.call(new EmbeddingRequest(List.of(text), NomicEmbeddingOptions.builder().dimensions(dimensions)
                .build())).getResult().getOutput();
    }

    @Test
    void aHitIsBitIdenticalToTheMissThatStoredItAtEveryDimension() {
        for (int dims : new int[] {embedder.info().hiddenSize(), 32, 16, 1}) {
            NomicEmbeddingModel model = cached(newCache());
            float[] miss = call(model, TEXT, dims);
            float[] hit = call(model, TEXT, dims);
            assertThat(Arrays.equals(hit, miss)).as(dims + " dimensions").isTrue();
            assertThat(model.getCache().statistics().hits()).isEqualTo(1);
        }
    }

    @Test
    void oneEntryServesEveryDimensionExactlyAsAMissAtThatDimension() {
        NomicEmbeddingModel warm = cached(newCache());
        call(warm, TEXT, null); // stored at the full size
        float[] hit = call(warm, TEXT, 16);
        float[] miss = call(cached(newCache()), TEXT, 16);
        assertThat(Arrays.equals(hit, miss)).isTrue();
    }

    @Test
    void fullVectorsAreExactlyThoseOfTheUncachedModel() {
        NomicEmbeddingModel model = cached(newCache());
        call(model, TEXT, null);
        assertThat(Arrays.equals(call(model, TEXT, null), call(uncached, TEXT, null))).isTrue();
    }

    @Test
    void truncatedVectorsAgreeWithTheUncachedModelToFloatPrecision() {
        NomicEmbeddingModel model = cached(newCache());
        assertThat(call(model, TEXT, 16)).containsExactly(call(uncached, TEXT, 16), within(1e-6f));
    }

    @Test
    void hitsComeBackAtOnceAndTheMissesGoToTheModelTogetherOnce() {
        EmbeddingCache cache = newCache();
        List<List<String>> calls = new ArrayList<>();
        Function<List<String>, EmbeddingResult> model = texts -> {
            calls.add(texts);
            return embedder.embed(texts, "document", embedder.info().hiddenSize());
        };
        cache.embed(List.of("b"), "document", 16, model);
        calls.clear();

        EmbeddingResult r = cache.embed(List.of("a", "b", "a", "c"), "document", 16, model);

        assertThat(calls).containsExactly(List.of("a", "c"));
        assertThat(r.size()).isEqualTo(4);
        assertThat(Arrays.equals(r.vectors().get(0), r.vectors().get(2))).isTrue();
        assertThat(r.tokenCounts()[1]).isEqualTo(embedder.countTokens("b", EmbeddingTask.DOCUMENT.promptName()).embedded());
        assertThat(cache.statistics().hits()).isEqualTo(1);
        assertThat(cache.statistics().misses()).isEqualTo(1 + 3);
    }

    @Test
    void anAllHitRequestNeverCallsTheModel() {
        EmbeddingCache cache = newCache();
        List<List<String>> calls = new ArrayList<>();
        Function<List<String>, EmbeddingResult> model = texts -> {
            calls.add(texts);
            return embedder.embed(texts, "query", embedder.info().hiddenSize());
        };
        cache.embed(List.of("x", "y"), "query", 8, model);
        cache.embed(List.of("y", "x"), "query", 8, model);
        assertThat(calls).hasSize(1);
    }

    @Test
    void theKeyIsWhatTheModelSeesSoPromptsAreKeptApart() {
        NomicEmbeddingModel model = cached(newCache());
        float[] query = model.embed(TEXT);
        float[] document = model.embed(new Document(TEXT));
        assertThat(Arrays.equals(query, document)).isFalse();
        assertThat(model.getCache().statistics().misses()).isEqualTo(2);

        // the same input to the model: the document prefix written into the text, embedded without a prompt
        float[] prefixed = model.call(new EmbeddingRequest(List.of("search_document: " + TEXT),
                NomicEmbeddingOptions.builder().promptName("none").build())).getResult().getOutput();
        assertThat(Arrays.equals(prefixed, document)).isTrue();
        assertThat(model.getCache().statistics().hits()).isEqualTo(1);
    }

    @Test
    void theVectorStoreBatchPathBatchesOnlyTheDocumentsTheCacheLacks() {
        NomicEmbeddingModel model = cached(newCache());
        List<Document> first = List.of(new Document("one"), new Document("two"));
        List<Document> batched = new ArrayList<>();
        List<float[]> stored = model.embed(first, null, docs -> {
            batched.addAll(docs);
            return List.of(docs);
        });
        assertThat(batched).hasSize(2);
        batched.clear();

        List<Document> again = List.of(new Document("two"), new Document("three"), new Document("one"));
        List<float[]> vectors = model.embed(again, null, docs -> {
            batched.addAll(docs);
            return List.of(docs);
        });

        assertThat(batched).extracting(Document::getText).containsExactly("three");
        assertThat(Arrays.equals(vectors.get(0), stored.get(1))).isTrue();
        assertThat(Arrays.equals(vectors.get(2), stored.get(0))).isTrue();
        assertThat(Arrays.equals(vectors.get(1), model.embed(new Document("three")))).isTrue();
        assertThat(model.getCache().statistics().hits()).isEqualTo(2 + 1);
        assertThat(model.getCache().statistics().misses()).isEqualTo(3);
    }

    @Test
    void usageCountsTheTokensOfHitsToo() {
        NomicEmbeddingModel model = cached(newCache());
        EmbeddingRequest request = new EmbeddingRequest(List.of(TEXT), null);
        int miss = model.call(request).getMetadata().getUsage().getPromptTokens();
        int hit = model.call(request).getMetadata().getUsage().getPromptTokens();
        assertThat(hit).isEqualTo(miss).isEqualTo(embedder.countTokens(TEXT, EmbeddingTask.DOCUMENT.promptName()).embedded());
    }

    @Test
    void theStoreStaysWithinItsEntryBound() {
        CaffeineEmbeddingStore store = CaffeineEmbeddingStore.ofMaxEntries(10);
        EmbeddingCache cache = new EmbeddingCache(embedder, store);
        NomicEmbeddingModel model = cached(cache);
        for (int i = 0; i < 40; i++) {
            model.embed(new Document("text number " + i));
        }
        store.cleanUp();
        assertThat(cache.statistics().size().getAsLong()).isLessThanOrEqualTo(10);
        assertThat(cache.statistics().evictions().getAsLong()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void theStoreStaysWithinItsByteBound() {
        long entry = new CachedEmbedding(new float[embedder.info().hiddenSize()], 1).estimatedBytes();
        CaffeineEmbeddingStore store = CaffeineEmbeddingStore.ofMaxBytes(entry * 5);
        EmbeddingCache cache = new EmbeddingCache(embedder, store);
        NomicEmbeddingModel model = cached(cache);
        for (int i = 0; i < 20; i++) {
            model.embed(new Document("text number " + i));
        }
        store.cleanUp();
        assertThat(cache.statistics().bytes().getAsLong()).isLessThanOrEqualTo(entry * 5);
        assertThat(cache.statistics().size().getAsLong()).isLessThanOrEqualTo(5);
    }

    @Test
    void replicasSharingASpringCacheServeEachOthersVectors() {
        ConcurrentMapCacheManager shared = new ConcurrentMapCacheManager("embeddings");
        try (NomicEmbedder other = TinyModel.load()) {
            EmbeddingCache first = new EmbeddingCache(embedder, new SpringCacheEmbeddingStore(shared.getCache("embeddings")));
            EmbeddingCache second = new EmbeddingCache(other, new SpringCacheEmbeddingStore(shared.getCache("embeddings")));
            float[] stored = NomicEmbeddingModel.builder(embedder).cache(first).build().embed(new Document(TEXT));

            NomicEmbeddingModel replica = NomicEmbeddingModel.builder(other).cache(second).build();
            float[] served = replica.embed(new Document(TEXT));

            assertThat(Arrays.equals(served, stored)).isTrue();
            assertThat(second.statistics().hits()).isEqualTo(1);
            assertThat(second.statistics().misses()).isZero();
            assertThat(second.statistics().size().getAsLong()).isEqualTo(1);
            assertThat(second.statistics().store()).isEqualTo("spring:embeddings");
        }
    }

    @Test
    void aNullTextIsRefusedByItsIndex() {
        List<String> texts = Arrays.asList("a", null);
        assertThatThrownBy(() -> cached(newCache()).embed(texts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts[1] is null");
    }
}
