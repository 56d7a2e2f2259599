package io.github.nomicembed.core;

import static io.github.nomicembed.core.Fixture.matrix;
import static io.github.nomicembed.core.Fixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nomicembed.core.runtime.MklPackedGemm;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The forward pass with weights packed for MKL (the default on CPU) and through libtorch: the same vectors. */
class PackedWeightsTest {

    private static NomicEmbedder load(boolean pack) {
        return NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").optPackWeights(pack).build());
    }

    @Test
    void bothWaysGiveTheReferenceVectorsAndAgreeWithEachOther() {
        JsonNode golden = Fixture.golden();
        List<String> texts = Fixture.strings(golden.get("inputs"), "text");
        float[][] expected = matrix(golden.get("outputs").get("embeddings"));
        try (NomicEmbedder packed = load(true); NomicEmbedder plain = load(false)) {
            float[][] a = packed.embed(texts, EmbeddingTask.NONE).vectors().toArray(float[][]::new);
            float[][] b = plain.embed(texts, EmbeddingTask.NONE).vectors().toArray(float[][]::new);
            assertThat(maxAbsDiff(a, expected)).isLessThan(GoldenParityTest.EMB_TOL);
            assertThat(maxAbsDiff(b, expected)).isLessThan(GoldenParityTest.EMB_TOL);
            assertThat(maxAbsDiff(a, b)).isLessThan(1e-6);
        }
    }

    @Test
    void aPassLargeEnoughForLibtorchsProductsGivesEachTextsVectorAlone() {
        List<String> texts = Fixture.strings(Fixture.golden().get("inputs"), "text");
        List<String> many = new java.util.ArrayList<>();
        try (NomicEmbedder packed = load(true); NomicEmbedder plain = load(false)) {
            long tokens = 0;
            for (int i = 0; tokens < 600; i++) { // one pass of over 256 rows: the products run through libtorch
                String t = texts.get(i % texts.size()) + " " + i;
                many.add(t);
                tokens += packed.countTokens(t, "none").embedded();
            }
            List<float[]> together = packed.embed(many, EmbeddingTask.NONE).vectors();
            List<float[]> reference = plain.embed(many, EmbeddingTask.NONE).vectors();
            for (int i = 0; i < many.size(); i += 7) {
                float[] alone = packed.embed(List.of(many.get(i)), EmbeddingTask.NONE).vectors().get(0);
                assertThat(maxAbsDiff(new float[][] {together.get(i)}, new float[][] {alone})).as("text %d", i)
                        .isLessThan(1e-6);
                assertThat(maxAbsDiff(new float[][] {together.get(i)}, new float[][] {reference.get(i)}))
                        .as("text %d", i).isLessThan(1e-6);
            }
        }
    }

    @Test
    void infoSaysTheWeightsArePackedOnACpuWithMkl() {
        try (NomicEmbedder e = load(true)) {
            assumeTrue(MklPackedGemm.find().isPresent(), "this libtorch has no MKL");
            assertThat(e.info().gemm()).startsWith("MKL packed weights (").endsWith(" MB)");
        }
    }

    @Test
    void infoSaysLibtorchWhenPackingIsOff() {
        try (NomicEmbedder e = load(false)) {
            assertThat(e.info().gemm()).isEqualTo("libtorch (pack-weights=false)");
        }
    }
}
