package io.github.nomicembed.sample.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.nomicembed.springai.NomicEmbeddingOptions;
import io.github.nomicembed.sample.model.OfflineDemoModelConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;

/** {@link FileBackedSimpleVectorStore} with the offline demo model: saved on every change, loaded on start. */
class FileBackedSimpleVectorStoreTest {

    private static NomicEmbeddingModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        model = new NomicEmbeddingModel(NomicEmbedder.load(OfflineDemoModelConfiguration.extract()));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void aNewStoreOnTheSameFileFindsWhatTheFirstOneAdded() {
        Path file = dir.resolve("sub/store.json");
        Document doc = new Document("Glaciers carved the fjords of Norway.", java.util.Map.of("n", 1));
        new FileBackedSimpleVectorStore(model, file).add(List.of(doc, new Document("Tea grows in Assam.")));

        FileBackedSimpleVectorStore reopened = new FileBackedSimpleVectorStore(model, file);

        assertThat(reopened.size()).isEqualTo(2);
        List<Document> hits = reopened.similaritySearch(SearchRequest.builder().query(doc.getText()).topK(1).build());
        assertThat(hits).extracting(Document::getId).containsExactly(doc.getId());
        assertThat(hits.get(0).getMetadata()).containsEntry("n", 1);
    }

    @Test
    void deletesAreSavedToo() {
        Path file = dir.resolve("store.json");
        FileBackedSimpleVectorStore store = new FileBackedSimpleVectorStore(model, file);
        Document a = new Document("a");
        store.add(List.of(a, new Document("b")));

        store.delete(List.of(a.getId()));

        assertThat(new FileBackedSimpleVectorStore(model, file).size()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("store.json.tmp"))).isFalse();
    }

    @Test
    void aFileWithVectorsOfAnotherDimensionIsRefusedWithWhatToDo() {
        Path file = dir.resolve("store.json");
        NomicEmbeddingModel smaller = NomicEmbeddingModel.builder(model.getEmbedder())
                .defaultOptions(NomicEmbeddingOptions.builder().dimensions(model.dimensions() / 2).build()).build();
        new FileBackedSimpleVectorStore(smaller, file).add(List.of(new Document("x")));

        assertThatThrownBy(() -> new FileBackedSimpleVectorStore(model, file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(model.dimensions() / 2))
                .hasMessageContaining(String.valueOf(model.dimensions()))
                .hasMessageContaining("app.store.dir");
    }
}
