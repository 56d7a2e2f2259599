package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.prompt.Prompts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade selects every prompt of the model's file, and added ones, by name. */
class PromptNamesTest {

    @TempDir
    static Path tmp;

    static NomicEmbedder embedder;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Fixture.copyTo(tmp.resolve("model"));
        try (InputStream in = PromptNamesTest.class.getResourceAsStream("/model-prompts/" + Prompts.FILE)) {
            Files.copy(in, dir.resolve(Prompts.FILE));
        }
        embedder = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu")
                .optPrompt("code", "search_code: ").build());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void aModelPromptNameEmbedsWithItsPrefix() {
        List<String> texts = List.of("Berlin is the capital of Germany.", "Paris");
        EmbeddingResult byName = embedder.embed(texts, "Clustering", embedder.dimensions());
        EmbeddingResult byHand = embedder.embed(texts.stream().map(t -> "clustering: " + t).toList(),
                EmbeddingTask.NONE);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(byName.vectors().get(i)).containsExactly(byHand.vectors().get(i));
        }
        assertThat(byName.tokenCounts()).containsExactly(byHand.tokenCounts());
        float[] asDocument = embedder.embed(texts, EmbeddingTask.DOCUMENT).vectors().get(0);
        assertThat(byName.vectors().get(0)).isNotEqualTo(asDocument);
    }

    @Test
    void theTaskMethodsAndTheirNamesGiveTheSameVectors() {
        List<String> texts = List.of("What is RAG?");
        assertThat(embedder.embed(texts, "query", 32).vectors().get(0))
                .containsExactly(embedder.embed(texts, EmbeddingTask.QUERY.promptName(), 32).vectors().get(0));
        assertThat(embedder.embed(texts, "document", embedder.dimensions()).vectors().get(0))
                .containsExactly(embedder.embed(texts, EmbeddingTask.DOCUMENT).vectors().get(0));
        assertThat(embedder.embed(texts, "passage", embedder.dimensions()).vectors().get(0))
                .containsExactly(embedder.embed(texts, EmbeddingTask.DOCUMENT).vectors().get(0));
    }

    @Test
    void aPromptNameWithDimensionsTruncatesToThem() {
        float[] v = embedder.embed(List.of("x"), "STS", 16).vectors().get(0);
        assertThat(v).hasSize(16);
        assertThat(Matryoshka.dot(v, v)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void anAddedPromptIsSelectableByName() {
        assertThat(embedder.info().prefixed("int x;", "code")).isEqualTo("search_code: int x;");
        assertThat(embedder.embed(List.of("int x;"), "code", embedder.dimensions()).vectors().get(0))
                .containsExactly(embedder.embed(List.of("search_code: int x;"), "none", embedder.dimensions())
                        .vectors().get(0));
    }

    @Test
    void anUnknownPromptNameIsRefusedWithTheAvailableNames() {
        assertThatThrownBy(() -> embedder.embed(List.of("x"), "Retrieval", embedder.dimensions()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown prompt name 'Retrieval'")
                .hasMessageContaining("Clustering").hasMessageContaining("code").hasMessageContaining("none");
    }

    @Test
    void promptsListsTheModelsThenTheAddedOnesInOrder() {
        assertThat(embedder.info().prompts().keySet()).containsExactly("query", "passage", "BitextMining",
                "Classification", "MultilabelClassification", "Clustering", "PairClassification", "STS",
                "Summarization", "Speed", "code");
        assertThat(embedder.info().promptNames()).endsWith("code", "document", "none");
    }

    @Test
    void countTokensAndPrepareTakePromptNames() {
        assertThat(embedder.info().prefixed("x", "Clustering")).isEqualTo("clustering: x");
        assertThat(embedder.info().prefixed("clustering: x", "query")).isEqualTo("clustering: x");
        assertThat(embedder.countTokens("x", "Clustering").embedded())
                .isEqualTo(embedder.countTokens("clustering: x", EmbeddingTask.NONE.promptName()).embedded())
                .isGreaterThan(embedder.countTokens("x", "none").embedded());
        assertThat(embedder.countTokens("x", "Clustering").untruncated())
                .isEqualTo(embedder.countTokens("x", "Clustering").embedded());
    }

    @Test
    void optPromptRefusesABuiltInNameSayingWhatToUse() {
        assertThatThrownBy(() -> EmbedderOptions.builder().optPrompt("document", "d: "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'document' is built in")
                .hasMessageContaining("document prefix");
    }

    @Test
    void optPromptsReplacesTheAddedPromptsInOrderAndToBuilderKeepsThem() {
        EmbedderOptions options = EmbedderOptions.builder().optPrompt("old", "old: ")
                .optPrompts(new java.util.LinkedHashMap<>(java.util.Map.of("b", "b: "))).optPrompt("a", "a: ").build();
        assertThat(options.prompts()).containsExactly(java.util.Map.entry("b", "b: "), java.util.Map.entry("a", "a: "));
        assertThat(options.toBuilder().build().prompts()).isEqualTo(options.prompts());
        assertThatThrownBy(() -> options.prompts().put("c", "c: ")).isInstanceOf(UnsupportedOperationException.class);
    }
}
