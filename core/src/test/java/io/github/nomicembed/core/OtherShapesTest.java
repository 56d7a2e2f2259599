package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.bench.RandomCheckpoint;
import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.reference.ReferenceForward;
import io.github.nomicembed.core.tokenize.Tokenized;
import io.github.nomicembed.core.weights.SafetensorsFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nothing may depend on the golden fixture's sizes: random checkpoints of other shapes (head count, FFN
 * width, expert count, top-k, MoE spacing, partial rotary, token types, unpadded vocab) are run in a
 * padded batch and compared with an independent double-precision Java reference of the forward pass.
 */
class OtherShapesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "hidden={0} heads={1} layers={2} inner={3} experts={4} topK={5} moeEvery={6} rotary={7}")
    @CsvSource({
        "48, 3, 3, 40, 4, 1, 3, 1.0, 1, 300",
        "32, 2, 4, 24, 6, 3, 2, 0.5, 2, 308",
        "64, 8, 2, 96, 2, 2, 2, 1.0, 0, 320",
        "40, 5, 2, 16, 8, 2, 0, 1.0, 1, 310"})
    void djlForwardMatchesAnIndependentReference(int hidden, int heads, int layers, int inner, int experts, int topK,
                                                 int moeEvery, double rotary, int typeVocab, int vocab) {
        String config = """
                {"model_type": "nomic_bert", "activation_function": "gelu", "vocab_size": %d,
                 "pad_vocab_size_multiple": 64, "n_embd": %d, "n_head": %d, "n_layer": %d, "n_inner": %d,
                 "type_vocab_size": %d, "layer_norm_epsilon": 1e-05, "rotary_emb_base": 10000,
                 "rotary_emb_fraction": %s, "rotary_emb_interleaved": false, "moe_every_n_layers": %d,
                 "num_experts": %d, "moe_top_k": %d, "moe_normalize_expert_weights": false,
                 "qkv_proj_bias": true, "mlp_fc1_bias": true, "mlp_fc2_bias": true, "prenorm": false,
                 "n_positions": 2048, "pad_token_id": 1}
                """.formatted(vocab, hidden, heads, layers, inner, typeVocab, rotary, moeEvery, experts, topK);
        Path dir = RandomCheckpoint.write(tmp.resolve("m"), config, Fixture.dir().resolve("tokenizer.json"),
                hidden * 31L + layers);
        List<String> texts = Fixture.strings(Fixture.golden().get("inputs"), "text");
        var cfg = new ConfigReader().read(dir.resolve("config.json"));
        ReferenceForward reference = new ReferenceForward(cfg, SafetensorsFile.open(dir.resolve("model.safetensors")));
        try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build())) {
            List<float[]> vectors = e.embed(texts, EmbeddingTask.NONE).vectors();
            double worst = 0;
            for (int i = 0; i < texts.size(); i++) {
                Tokenized tok = e.tokenize(texts.get(i));
                double[] ref = reference.pooled(tok.ids());
                double norm = 0;
                for (double v : ref) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                float[] expected = new float[ref.length];
                for (int j = 0; j < ref.length; j++) {
                    expected[j] = (float) (ref[j] / norm);
                }
                assertThat(vectors.get(i)).hasSize(hidden);
                worst = Math.max(worst, Fixture.maxAbsDiff(vectors.get(i), expected));
            }
            System.out.printf("[shapes] h=%d heads=%d layers=%d experts=%d top%d every=%d rotary=%s: max |diff| = %.3e%n",
                    hidden, heads, layers, experts, topK, moeEvery, rotary, worst);
            assertThat(worst).isLessThan(1e-5);
        }
    }
}
