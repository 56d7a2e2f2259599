package io.github.nomicembed.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbeddingTask;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingOptions;

/** Merging request options onto defaults. */
class NomicEmbeddingOptionsTest {

    static final NomicEmbeddingOptions DEFAULTS = NomicEmbeddingOptions.builder()
            .model("m").dimensions(64).task(EmbeddingTask.DOCUMENT).build();

    @Test
    void requestOptionsOverrideTheDefaults() {
        NomicEmbeddingOptions merged = DEFAULTS.merge(
                NomicEmbeddingOptions.builder().model("other").dimensions(32).task(EmbeddingTask.QUERY).build());
        assertThat(merged).isEqualTo(NomicEmbeddingOptions.builder().model("other").dimensions(32)
                .task(EmbeddingTask.QUERY).build());
    }

    @Test
    void unsetRequestFieldsKeepTheDefaults() {
        assertThat(DEFAULTS.merge(NomicEmbeddingOptions.builder().build())).isEqualTo(DEFAULTS);
        assertThat(DEFAULTS.merge(null)).isEqualTo(DEFAULTS);
    }

    @Test
    void plainEmbeddingOptionsOverrideDimensionsAndKeepTheTask() {
        NomicEmbeddingOptions merged = DEFAULTS.merge(EmbeddingOptions.builder().dimensions(16).build());
        assertThat(merged.getDimensions()).isEqualTo(16);
        assertThat(merged.getPromptName()).isEqualTo(DEFAULTS.getPromptName());
        assertThat(merged.getModel()).isEqualTo("m");
    }

    @Test
    void taskParsesFromItsName() {
        assertThat(NomicEmbeddingOptions.builder().task("query").build().getPromptName()).isEqualTo("query");
        assertThat(NomicEmbeddingOptions.builder().task("Search_Query").build().getPromptName()).isEqualTo("query");
        assertThat(NomicEmbeddingOptions.builder().task("passage").build().getPromptName()).isEqualTo("document");
        assertThatThrownBy(() -> NomicEmbeddingOptions.builder().task("Clustering"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query, document, none");
    }

    @Test
    void dimensionsBelowOneAreRejected() {
        assertThatThrownBy(() -> NomicEmbeddingOptions.builder().dimensions(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void aRequestPromptNameOverridesTheDefaultTask() {
        NomicEmbeddingOptions merged = DEFAULTS.merge(NomicEmbeddingOptions.builder().promptName("Clustering").build());
        assertThat(merged.getPromptName()).isEqualTo("Clustering");
        assertThat(merged.getDimensions()).isEqualTo(64);
    }

    @Test
    void tasksAreThePromptNamesQueryDocumentAndNone() {
        assertThat(NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).build().getPromptName()).isEqualTo("query");
        assertThat(NomicEmbeddingOptions.builder().task(EmbeddingTask.DOCUMENT).build().getPromptName())
                .isEqualTo("document");
        assertThat(NomicEmbeddingOptions.builder().task(EmbeddingTask.NONE).build())
                .isEqualTo(NomicEmbeddingOptions.builder().promptName("none").build());
    }

    @Test
    void aBlankPromptNameIsRejected() {
        assertThatThrownBy(() -> NomicEmbeddingOptions.builder().promptName(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("promptName must not be blank");
    }

    @Test
    void mutateKeepsThePromptName() {
        NomicEmbeddingOptions o = NomicEmbeddingOptions.builder().promptName("STS").build();
        assertThat(o.mutate().dimensions(8).build().getPromptName()).isEqualTo("STS");
    }
}
