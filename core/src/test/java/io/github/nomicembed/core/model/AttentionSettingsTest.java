package io.github.nomicembed.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.Fixture;
import io.github.nomicembed.core.NomicEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attention grouping changes speed only: every row alone and large groups give the same vectors. */
class AttentionSettingsTest {

    static final List<String> TEXTS = List.of("Berlin is the capital of Germany.", "Paris.",
            "A mixture of experts routes every token to two of eight expert networks.", "短い日本語の文です。",
            "capital of germany", "the river runs through the city of Berlin");

    static List<float[]> embed(AttentionSettings attention) {
        try (NomicEmbedder e = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optAttention(attention).build())) {
            return e.embed(TEXTS, EmbeddingTask.DOCUMENT).vectors();
        }
    }

    @Test
    void everyRowAloneAndLargeGroupsGiveTheSameVectors() {
        List<float[]> alone = embed(new AttentionSettings(0, 64));
        List<float[]> grouped = embed(new AttentionSettings(1, 1L << 30));
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(Fixture.maxAbsDiff(alone.get(i), grouped.get(i))).as("text %d", i).isLessThan(1e-6);
        }
    }

    @Test
    void outOfRangeSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new AttentionSettings(1.5, 0)).hasMessageContaining("maxGroupWaste")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new AttentionSettings(0.1, -1)).hasMessageContaining("scoreBudget");
    }
}
