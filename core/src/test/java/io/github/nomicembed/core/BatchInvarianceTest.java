package io.github.nomicembed.core;

import static io.github.nomicembed.core.Fixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A text's vector must not depend on its batch-mates, and results come back in input order. */
class BatchInvarianceTest {

    static final double TOL = 1e-6;
    static List<String> texts;
    static List<float[]> alone;

    @BeforeAll
    static void embedEachAlone() {
        texts = new ArrayList<>(Fixture.strings(Fixture.golden().get("inputs"), "text"));
        try (NomicEmbedder e = embedder(1, 1_000_000)) {
            alone = new ArrayList<>();
            for (String t : texts) {
                alone.add(e.embed(List.of(t), EmbeddingTask.NONE).vectors().get(0));
            }
        }
    }

    @AfterAll
    static void clear() {
        alone = null;
    }

    static NomicEmbedder embedder(int batchSize, int maxBatchTokens) {
        return NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optBatchSize(batchSize).optMaxBatchTokens(maxBatchTokens).build());
    }

    @Test
    void smallBatchGivesTheSameVectorsAsAlone() {
        try (NomicEmbedder e = embedder(32, 8192)) {
            List<String> small = texts.subList(0, 3);
            List<float[]> v = e.embed(small, EmbeddingTask.NONE).vectors();
            for (int i = 0; i < small.size(); i++) {
                assertThat(maxAbsDiff(v.get(i), alone.get(i))).isLessThan(TOL);
            }
        }
    }

    @Test
    void largeShuffledBatchGivesTheSameVectorsInInputOrder() {
        List<Integer> idx = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            for (int i = 0; i < texts.size(); i++) {
                idx.add(i);
            }
        }
        Collections.shuffle(idx, new Random(7));
        List<String> big = idx.stream().map(texts::get).toList();
        try (NomicEmbedder e = embedder(64, 100_000)) {
            List<float[]> v = e.embed(big, EmbeddingTask.NONE).vectors();
            assertThat(v).hasSize(big.size());
            double worst = 0;
            for (int j = 0; j < big.size(); j++) {
                worst = Math.max(worst, maxAbsDiff(v.get(j), alone.get(idx.get(j))));
            }
            System.out.printf("[invariance] %d-text shuffled batch vs alone max |diff| = %.3e%n", big.size(), worst);
            assertThat(worst).isLessThan(TOL);
        }
    }

    @ParameterizedTest(name = "batchSize={0}, maxBatchTokens={1}")
    @CsvSource({"1, 8192", "2, 8192", "3, 8192", "100, 8192", "100, 40", "4, 60", "100, 1"})
    void orderOfResultsIsOrderOfInputsUnderEveryBatchingSetting(int batchSize, int maxBatchTokens) {
        List<String> reversed = new ArrayList<>(texts);
        Collections.reverse(reversed);
        try (NomicEmbedder e = embedder(batchSize, maxBatchTokens)) {
            EmbeddingResult r = e.embed(reversed, EmbeddingTask.NONE);
            for (int j = 0; j < reversed.size(); j++) {
                int original = texts.size() - 1 - j;
                assertThat(maxAbsDiff(r.vectors().get(j), alone.get(original))).as("position %d", j).isLessThan(TOL);
                assertThat(r.tokenCounts()[j])
                        .isEqualTo(e.countTokens(reversed.get(j), EmbeddingTask.NONE.promptName()).embedded());
            }
        }
    }
}
