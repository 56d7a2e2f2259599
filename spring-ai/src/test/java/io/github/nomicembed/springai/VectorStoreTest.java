package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vector stores through the model: {@code SimpleVectorStore} (one {@code embed(Document)} per document,
 * {@code embed(String)} per search) and the batched path PgVectorStore and most other stores use.
 */
class VectorStoreTest {

    // texts whose similarities are positive even with the fixture's random weights (searches use threshold 0)
    static final List<String> PASSAGES = List.of("The capital of Germany is Berlin.",
            "The quick brown fox jumps over the lazy dog.", "Berlin ist die Hauptstadt von Deutschland.");
    static final String QUESTION = "the capital of Germany";

    static NomicEmbedder embedder;
    static NomicEmbeddingModel model;

    @BeforeAll
    static void load() {
        embedder = TinyModel.load();
        model = new NomicEmbeddingModel(embedder);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The vectors a SimpleVectorStore holds, read back from its JSON file (public API only). */
    static float[] storedVector(SimpleVectorStore store, String id, Path dir) {
        Path file = dir.resolve("store-" + System.nanoTime() + ".json");
        store.save(file.toFile());
        JsonNode embedding = JsonMapper.builder().build().readTree(file.toFile()).get(id).get("embedding");
        float[] v = new float[embedding.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = embedding.get(i).floatValue();
        }
        return v;
    }

    static List<Document> documents() {
        return List.of(new Document("d0", PASSAGES.get(0), Map.of()), new Document("d1", PASSAGES.get(1), Map.of()),
                new Document("d2", PASSAGES.get(2), Map.of()));
    }

    @TempDir
    Path tmp;

    @Test
    void simpleVectorStoreStoresDocumentPrefixedEmbeddings() {
        SimpleVectorStore store = SimpleVectorStore.builder(model).build();
        store.add(documents());
        for (int i = 0; i < PASSAGES.size(); i++) {
            assertThat(storedVector(store, "d" + i, tmp)).containsExactly(TinyModel.document(embedder, PASSAGES.get(i)),
                    within(1e-5f));
        }
    }

    @Test
    void simpleVectorStoreSearchesWithTheQueryPrefixedEmbedding() {
        SimpleVectorStore store = SimpleVectorStore.builder(model).build();
        store.add(documents());
        List<Document> hits = store.similaritySearch(SearchRequest.builder().query(QUESTION).topK(3)
                .similarityThresholdAll().build());

        float[] query = TinyModel.query(embedder, QUESTION);
        float[] wrong = TinyModel.document(embedder, QUESTION);
        assertThat(hits).hasSize(3);
        for (Document hit : hits) {
            float[] stored = storedVector(store, hit.getId(), tmp);
            assertThat(hit.getScore()).isCloseTo(Matryoshka.dot(query, stored), within(1e-5));
            assertThat(hit.getScore()).isNotCloseTo(Matryoshka.dot(wrong, stored), within(1e-5));
        }
    }

    @Test
    void batchedPathWithNomicBatchingEmbedsDocumentsWithTheDocumentPrefix() {
        List<float[]> vectors = model.embed(documents(), EmbeddingOptions.builder().build(),
                new NomicBatchingStrategy(embedder, 1, 1, org.springframework.ai.document.MetadataMode.NONE));
        for (int i = 0; i < PASSAGES.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(TinyModel.document(embedder, PASSAGES.get(i)), within(1e-5f));
        }
    }

    @Test
    void batchedPathWithSpringAisDefaultBatchingEmbedsDocumentsWithTheDocumentPrefix() {
        List<float[]> vectors = model.embed(documents(), EmbeddingOptions.builder().build(),
                new TokenCountBatchingStrategy());
        for (int i = 0; i < PASSAGES.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(TinyModel.document(embedder, PASSAGES.get(i)), within(1e-5f));
        }
    }

    @Test
    void batchedPathUsesTheDocumentPrefixEvenWhenTheDefaultTaskIsQuery() {
        NomicEmbeddingModel queryDefault = NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().task("query").build()).build();
        List<float[]> vectors = queryDefault.embed(documents(), null, new NomicBatchingStrategy(embedder));
        assertThat(vectors.get(0)).containsExactly(TinyModel.document(embedder, PASSAGES.get(0)), within(1e-5f));
    }

    @Test
    void batchedPathHonoursRequestedDimensions() {
        int dims = embedder.info().hiddenSize() / 2;
        List<float[]> vectors = model.embed(documents(), EmbeddingOptions.builder().dimensions(dims).build(),
                new NomicBatchingStrategy(embedder));
        assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(dims));
    }
}
