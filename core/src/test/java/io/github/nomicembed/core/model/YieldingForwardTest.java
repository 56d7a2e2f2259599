package io.github.nomicembed.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.nomicembed.core.Fixture;
import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import io.github.nomicembed.core.tokenize.NomicTokenizer;
import io.github.nomicembed.core.weights.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A forward pass that runs other forward passes at its yield points gives bit for bit the vectors it gives
 * without yielding, and so do the passes run inside it; it yields between and inside every layer.
 */
class YieldingForwardTest {

    static final String[] TEXTS = {"Berlin is the capital of Germany.", "Paris is the capital of France.",
        "A mixture of experts routes every token to two of eight expert networks, chosen by a router.",
        "短い日本語の文です。", "search_query: what is the capital of germany?"};

    @Test
    void passesRunAtYieldPointsChangeNoVectorOfEither() {
        PyTorchRuntime.engine(0);
        NomicBertConfig config = new ConfigReader().read(Fixture.dir().resolve("config.json"));
        try (NomicTokenizer tok = new NomicTokenizer(Fixture.dir().resolve("tokenizer.json"), 512);
                ModelWeights w = ModelWeights.load(Fixture.dir().resolve("model.safetensors"), config, Device.cpu(),
                        ComputeType.FLOAT32);
                NomicBertModel model = new NomicBertModel(w, 512)) {
            long[][] rows = new long[TEXTS.length][];
            for (int i = 0; i < TEXTS.length; i++) {
                rows[i] = tok.encode(TEXTS[i]).ids();
            }
            TokenBatch bulk = TokenBatch.pad(rows, config.padTokenId());
            TokenBatch query = TokenBatch.pad(new long[][] {tok.encode("capital of germany").ids()}, config.padTokenId());
            float[][] bulkAlone = model.forward(bulk, ForwardTrace.NONE);
            float[][] queryAlone = model.forward(query, ForwardTrace.NONE);
            List<float[][]> inside = new ArrayList<>();
            YieldPoint runQuery = () -> inside.add(model.forward(query, ForwardTrace.NONE));

            float[][] bulkYielding = model.forward(bulk, ForwardTrace.NONE, runQuery);

            assertThat(inside.size()).as("after attention, inside the MLP and after each layer")
                    .isGreaterThanOrEqualTo(3 * config.numLayers());
            for (int r = 0; r < rows.length; r++) {
                assertThat(bulkYielding[r]).as("bulk row %d", r).containsExactly(bulkAlone[r]);
            }
            for (float[][] q : inside) {
                assertThat(q[0]).containsExactly(queryAlone[0]);
            }
        }
    }
}
