package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;

/** The model's prompts by name through the Spring AI options, and the call sites that keep query/document. */
class PromptNameTest {

    static final String TEXT = "Berlin is the capital of Germany.";

    @TempDir
    static Path tmp;

    static NomicEmbedder embedder;
    static NomicEmbeddingModel model;
    static NomicEmbeddingModel clusteringByDefault;

    @BeforeAll
    static void load() {
        embedder = NomicEmbedder.load(TinyModel.withModelPrompts(tmp.resolve("model")),
                EmbedderOptions.builder().optDevice("cpu").optPrompt("code", "search_code: ").build());
        model = new NomicEmbeddingModel(embedder);
        clusteringByDefault = NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().promptName("Clustering").build()).build();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] call(NomicEmbeddingModel m, EmbeddingOptions options) {
        return m.call(new EmbeddingRequest(List.of(TEXT), options)).getResult().getOutput();
    }

    @Test
    void aRequestPromptNameSelectsTheModelsPrompt() {
        assertThat(call(model, NomicEmbeddingOptions.builder().promptName("Clustering").build()))
                .containsExactly(TinyModel.raw(embedder, "clustering: " + TEXT));
        assertThat(call(model, NomicEmbeddingOptions.builder().promptName("STS").build()))
                .containsExactly(TinyModel.raw(embedder, "classification: " + TEXT));
    }

    @Test
    void anAddedPromptIsSelectablePerRequest() {
        assertThat(call(model, NomicEmbeddingOptions.builder().promptName("code").build()))
                .containsExactly(TinyModel.raw(embedder, "search_code: " + TEXT));
    }

    @Test
    void theDefaultPromptNameAppliesToRequestsThatNameNone() {
        assertThat(call(clusteringByDefault, EmbeddingOptions.builder().build()))
                .containsExactly(TinyModel.raw(embedder, "clustering: " + TEXT));
        assertThat(call(clusteringByDefault, NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).build()))
                .containsExactly(TinyModel.query(embedder, TEXT));
    }

    @Test
    void vectorStoreCallSitesKeepQueryAndDocumentWhateverTheDefaultPrompt() {
        assertThat(clusteringByDefault.embed(TEXT)).containsExactly(TinyModel.query(embedder, TEXT));
        assertThat(clusteringByDefault.embed(new Document(TEXT))).containsExactly(TinyModel.document(embedder, TEXT));
        List<float[]> batched = clusteringByDefault.embed(List.of(new Document(TEXT)),
                NomicEmbeddingOptions.builder().promptName("Clustering").build(), new TokenCountBatchingStrategy());
        assertThat(batched.get(0)).containsExactly(TinyModel.document(embedder, TEXT));
    }

    @Test
    void anUnknownRequestPromptNameFailsListingTheAvailableNames() {
        assertThatThrownBy(() -> call(model, NomicEmbeddingOptions.builder().promptName("Retrieval").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Retrieval'").hasMessageContaining("Clustering, PairClassification")
                .hasMessageContaining("code, document, none");
    }

    @Test
    void anUnknownDefaultPromptNameFailsBuildingTheModel() {
        assertThatThrownBy(() -> NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().promptName("clusterin").build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'clusterin'")
                .hasMessageContaining("Clustering");
    }
}
