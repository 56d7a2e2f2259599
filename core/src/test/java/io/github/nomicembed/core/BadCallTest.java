package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad calls are rejected with a message that says what was wrong and what is allowed. */
class BadCallTest {

    static NomicEmbedder embedder;
    static int hidden;

    @BeforeAll
    static void load() {
        embedder = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build());
        hidden = embedder.info().hiddenSize();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void dimensionZeroIsRejectedWithTheRange() {
        assertThatThrownBy(() -> embedder.embed(List.of("x"), EmbeddingTask.QUERY.promptName(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.." + hidden);
    }

    @Test
    void negativeDimensionIsRejectedWithTheRange() {
        assertThatThrownBy(() -> embedder.embed(List.of("x"), EmbeddingTask.QUERY.promptName(), -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5").hasMessageContaining("1.." + hidden);
    }

    @Test
    void dimensionAboveHiddenSizeIsRejectedWithTheRange() {
        assertThatThrownBy(() -> embedder.embed(List.of("x"), EmbeddingTask.QUERY.promptName(), hidden + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.." + hidden);
    }

    @Test
    void everyDimensionInRangeGivesAUnitVectorOfThatLength() {
        for (int d : new int[] {1, hidden / 2, hidden}) {
            float[] v = embedder.embed(List.of("hello"), EmbeddingTask.QUERY.promptName(), d).vectors().get(0);
            assertThat(v).hasSize(d);
            assertThat(Matryoshka.dot(v, v)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void nullListIsRejected() {
        assertThatThrownBy(() -> embedder.embed(null, EmbeddingTask.QUERY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("texts must not be null");
    }

    @Test
    void nullElementIsRejectedWithItsIndex() {
        assertThatThrownBy(() -> embedder.embed(Arrays.asList("a", null), EmbeddingTask.DOCUMENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("texts[1] is null");
    }

    @Test
    void nullTaskIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> embedder.embed(List.of("a"), (EmbeddingTask) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUERY, DOCUMENT, NONE");
    }

    @Test
    void nullPromptNameIsRejectedWithTheAllowedNames() {
        assertThatThrownBy(() -> embedder.embed(List.of("a"), (String) null, embedder.dimensions()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query, passage, document, none");
    }

    @Test
    void emptyListGivesAnEmptyResult() {
        EmbeddingResult r = embedder.embed(List.of(), EmbeddingTask.QUERY);
        assertThat(r.vectors()).isEmpty();
        assertThat(r.totalTokens()).isZero();
    }

    @Test
    void overLengthTextWithPolicyErrorNamesItsIndexAndTokenCount() {
        String tooLong = Fixture.golden().get("truncation_case").get("text").asString();
        int count = Fixture.golden().get("truncation_case").get("untruncated_token_count").asInt();
        try (NomicEmbedder strict = NomicEmbedder.load(Fixture.dir(),
                EmbedderOptions.builder().optDevice("cpu").optTruncation("error").build())) {
            assertThatThrownBy(() -> strict.embed(List.of("short", tooLong), EmbeddingTask.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("texts[1]")
                    .hasMessageContaining(count + " tokens")
                    .hasMessageContaining("maximum is 512");
            assertThat(strict.embed(List.of("short"), EmbeddingTask.NONE).vectors()).hasSize(1);
        }
    }

    @Test
    void shorterMaxSequenceLengthTruncatesEarlier() {
        try (NomicEmbedder shortSeq = NomicEmbedder.load(Fixture.dir(),
                EmbedderOptions.builder().optDevice("cpu").optMaxSequenceLength(8).build())) {
            EmbeddingResult r = shortSeq.embed(List.of("The quick brown fox jumps over the lazy dog"), EmbeddingTask.QUERY);
            assertThat(r.tokenCounts()).containsExactly(8);
        }
    }

    @Test
    void closedEmbedderRefusesCalls() {
        NomicEmbedder e = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build());
        e.close();
        e.close(); // idempotent
        assertThatThrownBy(() -> e.embed(List.of("x"), EmbeddingTask.QUERY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void invalidOptionsAreRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> EmbedderOptions.builder().optDevice("tpu"))
                .hasMessageContaining("auto, cpu, cuda, cuda:N");
        assertThatThrownBy(() -> EmbedderOptions.builder().optTruncation("cut"))
                .hasMessageContaining("truncate, error");
        assertThatThrownBy(() -> EmbedderOptions.builder().optMaxSequenceLength(1024))
                .hasMessageContaining("3..512");
        assertThatThrownBy(() -> NomicEmbedder.load(Fixture.dir(),
                EmbedderOptions.builder().optDevice("cpu").optDimensions(hidden + 1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.." + hidden);
    }
}
