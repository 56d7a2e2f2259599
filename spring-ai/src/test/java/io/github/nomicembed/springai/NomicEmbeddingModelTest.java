package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/** Which prefix each entry point applies, options, dimensions, usage and indices. */
class NomicEmbeddingModelTest {

    static final String QUESTION = "What is the capital of Germany?";
    static final String PASSAGE = "Berlin ist die Hauptstadt von Deutschland.";

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

    @Test
    void embedStringUsesTheQueryPrefix() {
        assertThat(model.embed(QUESTION)).containsExactly(TinyModel.query(embedder, QUESTION), within(1e-5f));
    }

    @Test
    void embedDocumentUsesTheDocumentPrefix() {
        assertThat(model.embed(new Document(PASSAGE))).containsExactly(TinyModel.document(embedder, PASSAGE), within(1e-5f));
    }

    @Test
    void embeddingContentOfADocumentCarriesTheDocumentPrefix() {
        assertThat(model.getEmbeddingContent(new Document(PASSAGE))).isEqualTo(TinyModel.DOCUMENT_PREFIX + PASSAGE);
    }

    @Test
    void callWithoutOptionsUsesTheDocumentTaskByDefault() {
        EmbeddingResponse r = model.call(new EmbeddingRequest(List.of(PASSAGE), null));
        assertThat(r.getResult().getOutput()).containsExactly(TinyModel.document(embedder, PASSAGE), within(1e-5f));
    }

    @Test
    void callUsesTheConfiguredDefaultTask() {
        NomicEmbeddingModel queryDefault = NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).build()).build();
        EmbeddingResponse r = queryDefault.call(new EmbeddingRequest(List.of(QUESTION), EmbeddingOptions.builder().build()));
        assertThat(r.getResult().getOutput()).containsExactly(TinyModel.query(embedder, QUESTION), within(1e-5f));
    }

    @Test
    void callUsesTheTaskOfNomicEmbeddingOptions() {
        EmbeddingResponse r = model.call(new EmbeddingRequest(List.of(QUESTION),
                NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).build()));
        assertThat(r.getResult().getOutput()).containsExactly(TinyModel.query(embedder, QUESTION), within(1e-5f));
    }

    @Test
    void taskNoneEmbedsTheTextAsGiven() {
        EmbeddingResponse r = model.call(new EmbeddingRequest(List.of(PASSAGE),
                NomicEmbeddingOptions.builder().task(EmbeddingTask.NONE).build()));
        assertThat(r.getResult().getOutput()).containsExactly(TinyModel.raw(embedder, PASSAGE), within(1e-5f));
    }

    @Test
    void textAlreadyCarryingAKnownPrefixIsNotPrefixedAgain() {
        String prefixed = TinyModel.QUERY_PREFIX + QUESTION;
        assertThat(model.embed(new Document(prefixed))).containsExactly(TinyModel.raw(embedder, prefixed), within(1e-5f));
    }

    @Test
    void plainEmbeddingOptionsDimensionsAreHonoured() {
        int dims = embedder.info().hiddenSize() / 2;
        EmbeddingResponse r = model.call(new EmbeddingRequest(List.of(PASSAGE),
                EmbeddingOptions.builder().dimensions(dims).build()));
        float[] expected = embedder.embed(List.of(TinyModel.DOCUMENT_PREFIX + PASSAGE), EmbeddingTask.NONE.promptName(),
                dims).vectors().get(0);
        assertThat(r.getResult().getOutput()).hasSize(dims).containsExactly(expected, within(1e-5f));
    }

    @Test
    void requestDimensionsOverrideTheConfiguredDefault() {
        int hidden = embedder.info().hiddenSize();
        NomicEmbeddingModel small = NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().dimensions(hidden / 4).build()).build();
        EmbeddingResponse r = small.call(new EmbeddingRequest(List.of(PASSAGE),
                NomicEmbeddingOptions.builder().dimensions(hidden / 2).build()));
        assertThat(r.getResult().getOutput()).hasSize(hidden / 2);
    }

    @Test
    void configuredDimensionsApplyToEveryEntryPoint() {
        int dims = embedder.info().hiddenSize() / 4;
        NomicEmbeddingModel small = NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().dimensions(dims).build()).build();
        assertThat(small.embed(QUESTION)).hasSize(dims);
        assertThat(small.embed(new Document(PASSAGE))).hasSize(dims);
        assertThat(small.embed(List.of(PASSAGE)).get(0)).hasSize(dims);
    }

    @Test
    void dimensionsAboveTheHiddenSizeAreRejectedAtBuildTime() {
        int tooMany = embedder.info().hiddenSize() + 1;
        assertThatThrownBy(() -> NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().dimensions(tooMany).build()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(tooMany))
                .hasMessageContaining("1.." + embedder.info().hiddenSize());
    }

    @Test
    void dimensionsAnswersFromConfigurationWithoutRunningTheModel() {
        NomicEmbedder closed = TinyModel.load();
        NomicEmbeddingModel m = NomicEmbeddingModel.builder(closed)
                .defaultOptions(NomicEmbeddingOptions.builder().dimensions(closed.info().hiddenSize() / 2).build())
                .build();
        m.close(); // any forward pass would now fail
        assertThat(m.dimensions()).isEqualTo(closed.info().hiddenSize() / 2);
    }

    @Test
    void responseCarriesTheModelNameAndRealPromptTokenCounts() {
        List<String> texts = List.of(QUESTION, PASSAGE);
        EmbeddingResponse r = model.call(new EmbeddingRequest(texts, null));
        int expected = embedder.countTokens(QUESTION, EmbeddingTask.DOCUMENT.promptName()).embedded()
                + embedder.countTokens(PASSAGE, EmbeddingTask.DOCUMENT.promptName()).embedded();
        assertThat(r.getMetadata().getModel()).isEqualTo(embedder.options().modelName());
        assertThat(r.getMetadata().getUsage().getPromptTokens()).isEqualTo(expected);
        assertThat(r.getMetadata().getUsage().getTotalTokens()).isEqualTo(expected);
        assertThat(r.getMetadata().getUsage().getCompletionTokens()).isNull();
    }

    @Test
    void embeddingIndicesStartAtZeroInInputOrder() {
        EmbeddingResponse r = model.call(new EmbeddingRequest(List.of(QUESTION, PASSAGE, "北京是中国的首都。"), null));
        assertThat(r.getResults()).extracting(Embedding::getIndex).containsExactly(0, 1, 2);
        assertThat(r.getResults().get(1).getOutput()).containsExactly(TinyModel.document(embedder, PASSAGE), within(1e-5f));
    }

    @Test
    void embedListOfStringsUsesTheDefaultTask() {
        assertThat(model.embed(List.of(PASSAGE)).get(0)).containsExactly(TinyModel.document(embedder, PASSAGE), within(1e-5f));
    }

    @Test
    void metadataModeEmbedPutsMetadataBeforeTheTextWithoutLeadingBlankLines() {
        NomicEmbeddingModel withMetadata = NomicEmbeddingModel.builder(embedder).metadataMode(MetadataMode.EMBED).build();
        Document doc = new Document(PASSAGE, Map.of("city", "Berlin"));
        assertThat(withMetadata.getEmbeddingContent(doc))
                .isEqualTo(TinyModel.DOCUMENT_PREFIX + "city: Berlin\n\n" + PASSAGE);
        Document noMetadata = new Document(PASSAGE);
        assertThat(withMetadata.getEmbeddingContent(noMetadata)).isEqualTo(TinyModel.DOCUMENT_PREFIX + PASSAGE);
    }

    @Test
    void closingTheModelClosesTheEmbedder() {
        NomicEmbedder own = TinyModel.load();
        new NomicEmbeddingModel(own).close();
        assertThat(own.isClosed()).isTrue();
    }
}
