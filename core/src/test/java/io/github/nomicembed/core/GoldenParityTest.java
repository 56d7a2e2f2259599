package io.github.nomicembed.core;

import static io.github.nomicembed.core.Fixture.floats;
import static io.github.nomicembed.core.Fixture.matrix;
import static io.github.nomicembed.core.Fixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** End-to-end parity with vectors computed by the official reference code (golden.json). */
class GoldenParityTest {

    static final double EMB_TOL = 1e-5;

    static JsonNode golden;
    static NomicEmbedder embedder;

    @BeforeAll
    static void load() {
        golden = Fixture.golden();
        embedder = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static List<String> texts() {
        return Fixture.strings(golden.get("inputs"), "text");
    }

    @Test
    void tokenIdsMatchTheReferenceTokenizerExactly() {
        JsonNode inputs = golden.get("inputs");
        for (JsonNode in : inputs) {
            Tokenized t = embedder.tokenize(in.get("text").asString());
            assertThat(t.ids()).as("input %s", in.get("index")).containsExactly(Fixture.longs(in.get("input_ids")));
            assertThat(t.truncated()).isFalse();
        }
        JsonNode tc = golden.get("truncation_case");
        Tokenized t = embedder.tokenize(tc.get("text").asString());
        assertThat(t.ids()).containsExactly(Fixture.longs(tc.get("input_ids")));
        assertThat(t.truncated()).isTrue();
        assertThat(t.length()).isEqualTo(tc.get("length").asInt());
    }

    @Test
    void batchEmbeddingsMatchGolden() {
        EmbeddingResult r = embedder.embed(texts(), EmbeddingTask.NONE);
        float[][] expected = matrix(golden.get("outputs").get("embeddings"));
        double diff = maxAbsDiff(r.vectors().toArray(float[][]::new), expected);
        System.out.printf("[parity] batch embeddings max |diff| = %.3e%n", diff);
        assertThat(diff).isLessThan(EMB_TOL);
    }

    @Test
    void rawTextsWithTheirTaskGetTheReferencePrefixes() {
        JsonNode inputs = golden.get("inputs");
        float[][] expected = matrix(golden.get("outputs").get("embeddings"));
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            EmbeddingTask task = Fixture.task(in.get("prompt_name"));
            String raw = in.get("raw_text").asString();
            assertThat(embedder.info().prefixed(raw, task.promptName())).isEqualTo(in.get("text").asString());
            float[] v = embedder.embed(List.of(raw), task).vectors().get(0);
            assertThat(maxAbsDiff(v, expected[i])).as("input %d (%s)", i, task).isLessThan(EMB_TOL);
        }
    }

    @Test
    void eachInputAloneMatchesTheUnpaddedReference() {
        float[][] expected = matrix(golden.get("unpadded_check").get("embeddings_single"));
        List<String> texts = texts();
        double worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] v = embedder.embed(List.of(texts.get(i)), EmbeddingTask.NONE).vectors().get(0);
            worst = Math.max(worst, maxAbsDiff(v, expected[i]));
        }
        System.out.printf("[parity] single-input embeddings max |diff| = %.3e%n", worst);
        assertThat(worst).isLessThan(EMB_TOL);
    }

    @Test
    void matryoshkaDimensionsMatchTruncateThenNormalize() {
        JsonNode mat = golden.get("outputs").get("matryoshka");
        for (Map.Entry<String, JsonNode> e : mat.properties()) {
            int d = Integer.parseInt(e.getKey());
            EmbeddingResult r = embedder.embed(texts(), EmbeddingTask.NONE.promptName(), d);
            assertThat(r.vectors()).allSatisfy(v -> assertThat(v).hasSize(d));
            double diff = maxAbsDiff(r.vectors().toArray(float[][]::new), matrix(e.getValue()));
            System.out.printf("[parity] matryoshka %d max |diff| = %.3e%n", d, diff);
            assertThat(diff).as("dim %d", d).isLessThan(EMB_TOL);
        }
    }

    @Test
    void overlongTextIsTruncatedLikeTheReference() {
        JsonNode tc = golden.get("truncation_case");
        EmbeddingTask task = Fixture.task(tc.get("prompt_name"));
        EmbeddingResult r = embedder.embed(List.of(tc.get("raw_text").asString()), task);
        assertThat(r.tokenCounts()).containsExactly(tc.get("length").asInt());
        double diff = maxAbsDiff(r.vectors().get(0), floats(tc.get("embedding")));
        System.out.printf("[parity] truncation case max |diff| = %.3e%n", diff);
        assertThat(diff).isLessThan(EMB_TOL);
        for (Map.Entry<String, JsonNode> e : tc.get("matryoshka").properties()) {
            float[] v = embedder.embed(List.of(tc.get("text").asString()), EmbeddingTask.NONE.promptName(),
                    Integer.parseInt(e.getKey())).vectors().get(0);
            assertThat(maxAbsDiff(v, floats(e.getValue()))).isLessThan(EMB_TOL);
        }
    }

    @Test
    void meanPooledVectorsMatchBeforeNormalisation() {
        List<Tokenized> tok = new ArrayList<>();
        texts().forEach(t -> tok.add(embedder.tokenize(t)));
        float[][] pooled = embedder.pooled(tok, ForwardTrace.NONE);
        assertThat(maxAbsDiff(pooled, matrix(golden.get("outputs").get("mean_pooled")))).isLessThan(5e-5);
    }

    @Test
    void tokenCountsAreReportedPerInput() {
        EmbeddingResult r = embedder.embed(texts(), EmbeddingTask.NONE);
        int[] expected = new int[golden.get("inputs").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = golden.get("inputs").get(i).get("length").asInt();
        }
        assertThat(r.tokenCounts()).containsExactly(expected);
        assertThat(r.totalTokens()).isEqualTo(java.util.Arrays.stream(expected).sum());
    }

    @Test
    void vectorsAreUnitLength() {
        for (float[] v : embedder.embed(texts(), EmbeddingTask.NONE).vectors()) {
            assertThat(Matryoshka.dot(v, v)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
