package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;

/** Batches are cut by the model's own token counts (prefix and special tokens included). */
class NomicBatchingStrategyTest {

    static NomicEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = TinyModel.load();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static List<Document> documents() {
        return List.of(new Document("a", "Berlin ist die Hauptstadt von Deutschland.", java.util.Map.of()),
                new Document("b", "北京是中国的首都。", java.util.Map.of()),
                new Document("c", "مرحبا بالعالم", java.util.Map.of()),
                new Document("d", "What is the capital of Germany?", java.util.Map.of()));
    }

    static int tokens(Document d) {
        return embedder.countTokens(d.getText(), EmbeddingTask.DOCUMENT.promptName()).embedded();
    }

    @Test
    void tokenCountIsTheModelsCountWithTheDocumentPrefix() {
        Document d = documents().get(0);
        int expected = embedder.countTokens(TinyModel.DOCUMENT_PREFIX + d.getText(), "none").embedded();
        assertThat(new NomicBatchingStrategy(embedder).tokenCount(d)).isEqualTo(expected);
    }

    @Test
    void batchEndsBeforeItsTokenSumWouldExceedTheBudget() {
        List<Document> docs = documents();
        int budget = tokens(docs.get(0)) + tokens(docs.get(1)); // a and b fit exactly, c does not
        List<List<Document>> batches = new NomicBatchingStrategy(embedder, budget, 100, MetadataMode.NONE).batch(docs);
        assertThat(batches.get(0)).extracting(Document::getId).containsExactly("a", "b");
        assertThat(batches).flatExtracting(b -> b).extracting(Document::getId).containsExactly("a", "b", "c", "d");
        assertThat(batches).allSatisfy(b -> assertThat(b.stream().mapToInt(NomicBatchingStrategyTest::tokens).sum())
                .isLessThanOrEqualTo(budget));
    }

    @Test
    void batchHoldsAtMostMaxBatchSizeDocuments() {
        List<List<Document>> batches = new NomicBatchingStrategy(embedder, Integer.MAX_VALUE, 3, MetadataMode.NONE)
                .batch(documents());
        assertThat(batches).extracting(List::size).containsExactly(3, 1);
    }

    @Test
    void documentLargerThanTheBudgetGetsABatchOfItsOwn() {
        List<List<Document>> batches = new NomicBatchingStrategy(embedder, 1, 100, MetadataMode.NONE).batch(documents());
        assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b).hasSize(1));
    }

    @Test
    void defaultBudgetComesFromTheEmbedderOptions() {
        NomicBatchingStrategy strategy = new NomicBatchingStrategy(embedder);
        assertThat(strategy.maxBatchTokens()).isEqualTo(embedder.options().maxBatchTokens());
        assertThat(strategy.maxBatchSize()).isEqualTo(embedder.options().batchSize());
    }

    @Test
    void tooLongDocumentIsRejectedUnderTruncationError() {
        try (NomicEmbedder strict = TinyModel.load(EmbedderOptions.builder().optDevice("cpu")
                .optMaxSequenceLength(8).optTruncation("error").build())) {
            Document longDoc = new Document("long", "Berlin ist die Hauptstadt von Deutschland.", java.util.Map.of());
            assertThatThrownBy(() -> new NomicBatchingStrategy(strict).batch(List.of(longDoc)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'long'")
                    .hasMessageContaining("8-token")
                    .hasMessageContaining("has " + strict.countTokens(longDoc.getText(),
                            EmbeddingTask.DOCUMENT.promptName()).untruncated() + " tokens");
        }
    }

    @Test
    void tooLongDocumentCountsAsTheMaximumLengthUnderTruncate() {
        try (NomicEmbedder truncating = TinyModel.load(EmbedderOptions.builder().optDevice("cpu")
                .optMaxSequenceLength(8).build())) {
            Document longDoc = new Document("Berlin ist die Hauptstadt von Deutschland.");
            assertThat(new NomicBatchingStrategy(truncating).tokenCount(longDoc)).isEqualTo(8);
        }
    }

    @Test
    void documentWithoutTextIsRejectedWithItsId() {
        Document media = Document.builder().id("img").media(new org.springframework.ai.content.Media(
                org.springframework.util.MimeTypeUtils.IMAGE_PNG, java.net.URI.create("file:/x.png"))).build();
        assertThatThrownBy(() -> new NomicBatchingStrategy(embedder).batch(List.of(media)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'img'");
    }
}
