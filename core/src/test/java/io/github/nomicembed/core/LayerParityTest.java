package io.github.nomicembed.core;

import static io.github.nomicembed.core.Fixture.matrix;
import static io.github.nomicembed.core.Fixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Layer-by-layer parity with the reference's debug values for input 0 (run alone, so every position is
 * real), so a numeric regression points at the layer that introduced it.
 */
class LayerParityTest {

    static final double HIDDEN_TOL = 1e-4;
    static final double ROUTER_TOL = 1e-5;

    static JsonNode debug;
    static Recorder trace;

    @BeforeAll
    static void run() {
        JsonNode golden = Fixture.golden();
        debug = golden.get("debug");
        int input = debug.get("input_index").asInt();
        String text = golden.get("inputs").get(input).get("text").asString();
        try (NomicEmbedder embedder = NomicEmbedder.load(Fixture.dir(),
                EmbedderOptions.builder().optDevice("cpu").build())) {
            Tokenized tok = embedder.tokenize(text);
            assertThat(tok.length()).isEqualTo(debug.get("seq_len").asInt());
            trace = new Recorder(debug.get("first_moe_layer").get("layer_index").asInt());
            embedder.pooled(List.of(tok), trace);
        }
    }

    @AfterAll
    static void clear() {
        trace = null;
    }

    @Test
    void embeddingLayerNormMatches() {
        assertThat(maxAbsDiff(trace.embeddings, matrix(debug.get("emb_ln_output")))).isLessThan(HIDDEN_TOL);
    }

    @Test
    void everyEncoderLayerOutputMatches() {
        JsonNode layers = debug.get("layer_outputs");
        assertThat(trace.layers).hasSize(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            double d = maxAbsDiff(trace.layers.get(i), matrix(layers.get(i)));
            System.out.printf("[parity] layer %d output max |diff| = %.3e%n", i, d);
            assertThat(d).as("encoder layer %d", i).isLessThan(HIDDEN_TOL);
        }
    }

    @Test
    void routerProbabilitiesOfTheFirstMoeLayerMatch() {
        JsonNode moe = debug.get("first_moe_layer");
        assertThat(maxAbsDiff(trace.routerProbs, matrix(moe.get("router_probs")))).isLessThan(ROUTER_TOL);
    }

    @Test
    void routerPicksTheSameExpertsWithRawTopKWeights() {
        JsonNode moe = debug.get("first_moe_layer");
        JsonNode experts = moe.get("top_experts");
        for (int t = 0; t < experts.size(); t++) {
            assertThat(trace.topExperts[t]).as("token %d", t).containsExactly(Fixture.longs(experts.get(t)));
        }
        assertThat(maxAbsDiff(trace.topWeights, matrix(moe.get("top_weights")))).isLessThan(ROUTER_TOL);
    }

    @Test
    void moeMlpOutputMatchesBeforeTheResidual() {
        JsonNode moe = debug.get("first_moe_layer");
        assertThat(maxAbsDiff(trace.moeOutput, matrix(moe.get("moe_mlp_output")))).isLessThan(HIDDEN_TOL);
    }

    /** Copies the values of batch row 0 out of the trace callbacks. */
    static final class Recorder implements ForwardTrace {
        final int moeLayer;
        float[][] embeddings;
        final Map<Integer, float[][]> layers = new HashMap<>();
        float[][] routerProbs;
        float[][] topWeights;
        long[][] topExperts;
        float[][] moeOutput;

        Recorder(int moeLayer) {
            this.moeLayer = moeLayer;
        }

        static float[][] rows(NDArray a) {
            long cols = a.getShape().get(a.getShape().dimension() - 1);
            float[] flat = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int n = (int) (flat.length / cols);
            float[][] out = new float[n][(int) cols];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, (int) (i * cols), out[i], 0, (int) cols);
            }
            return out;
        }

        @Override
        public void onEmbeddings(NDArray hidden) {
            embeddings = rows(hidden);
        }

        @Override
        public void onRouter(int layer, NDArray probs, NDArray weights, NDArray experts) {
            if (layer == moeLayer) {
                routerProbs = rows(probs);
                topWeights = rows(weights);
                long[] flat = experts.toLongArray();
                int k = (int) experts.getShape().get(1);
                topExperts = new long[flat.length / k][k];
                for (int i = 0; i < topExperts.length; i++) {
                    System.arraycopy(flat, i * k, topExperts[i], 0, k);
                }
            }
        }

        @Override
        public void onMlpOutput(int layer, NDArray out) {
            if (layer == moeLayer) {
                moeOutput = rows(out);
            }
        }

        @Override
        public void onLayerOutput(int layer, NDArray hidden) {
            layers.put(layer, rows(hidden));
        }
    }
}
