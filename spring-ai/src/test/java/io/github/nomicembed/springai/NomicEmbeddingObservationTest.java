package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.observation.DefaultEmbeddingModelObservationConvention;

/** Every call is a Spring AI embedding observation, like Spring AI's own models. */
class NomicEmbeddingObservationTest {

    static final String TEXT = "Berlin ist die Hauptstadt von Deutschland.";

    static NomicEmbedder embedder;
    TestObservationRegistry registry;
    NomicEmbeddingModel model;

    @BeforeAll
    static void load() {
        embedder = TinyModel.load();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @BeforeEach
    void newModel() {
        registry = TestObservationRegistry.create();
        model = NomicEmbeddingModel.builder(embedder).observationRegistry(registry).build();
    }

    @Test
    void callIsObservedAsGenAiClientOperationWithUsage() {
        model.call(new EmbeddingRequest(List.of(TEXT), null));
        int tokens = embedder.countTokens(TEXT, EmbeddingTask.DOCUMENT.promptName()).embedded();
        TestObservationRegistryAssert.assertThat(registry)
                .doesNotHaveAnyRemainingCurrentObservation()
                .hasObservationWithNameEqualTo(DefaultEmbeddingModelObservationConvention.DEFAULT_NAME)
                .that()
                .hasContextualNameEqualTo("embedding " + embedder.options().modelName())
                .hasLowCardinalityKeyValue("gen_ai.operation.name", "embedding")
                .hasLowCardinalityKeyValue("gen_ai.system", NomicEmbeddingModel.PROVIDER)
                .hasLowCardinalityKeyValue("gen_ai.request.model", embedder.options().modelName())
                .hasLowCardinalityKeyValue("gen_ai.response.model", embedder.options().modelName())
                .hasHighCardinalityKeyValue("gen_ai.request.embedding.dimensions", String.valueOf(model.dimensions()))
                .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", String.valueOf(tokens))
                .hasHighCardinalityKeyValue("gen_ai.usage.total_tokens", String.valueOf(tokens))
                .hasBeenStarted()
                .hasBeenStopped();
    }

    @Test
    void queryEmbeddingIsObservedToo() {
        model.embed("What is the capital of Germany?");
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(DefaultEmbeddingModelObservationConvention.DEFAULT_NAME, 1);
    }

    @Test
    void failedCallIsObservedWithTheError() {
        int tooMany = embedder.info().hiddenSize() + 1;
        assertThatThrownBy(() -> model.call(new EmbeddingRequest(List.of(TEXT),
                NomicEmbeddingOptions.builder().dimensions(tooMany).build())))
                .isInstanceOf(IllegalArgumentException.class);
        TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo(DefaultEmbeddingModelObservationConvention.DEFAULT_NAME)
                .that().hasError();
    }

    @Test
    void dimensionsCreatesNoObservation() {
        assertThat(model.dimensions()).isEqualTo(embedder.dimensions());
        TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsWithNameEqualTo(
                DefaultEmbeddingModelObservationConvention.DEFAULT_NAME, 0);
    }
}
