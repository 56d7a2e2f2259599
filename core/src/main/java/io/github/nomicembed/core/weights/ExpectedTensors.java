package io.github.nomicembed.core.weights;

import io.github.nomicembed.core.config.NomicBertConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tensor names and shapes a NomicBERT(-MoE) checkpoint must contain, derived from its config. */
public final class ExpectedTensors {

    private ExpectedTensors() {
    }

    /** Name → shape, in load order. */
    public static Map<String, long[]> of(NomicBertConfig c) {
        long h = c.hiddenSize();
        long f = c.intermediateSize();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("embeddings.word_embeddings.weight", new long[] {c.vocabSize(), h});
        if (c.typeVocabSize() > 0) {
            m.put("embeddings.token_type_embeddings.weight", new long[] {c.typeVocabSize(), h});
        }
        m.put("emb_ln.weight", new long[] {h});
        m.put("emb_ln.bias", new long[] {h});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = layerPrefix(i);
            m.put(p + "attn.Wqkv.weight", new long[] {3 * h, h});
            if (c.qkvBias()) {
                m.put(p + "attn.Wqkv.bias", new long[] {3 * h});
            }
            m.put(p + "attn.out_proj.weight", new long[] {h, h});
            if (c.qkvBias()) {
                m.put(p + "attn.out_proj.bias", new long[] {h});
            }
            m.put(p + "norm1.weight", new long[] {h});
            m.put(p + "norm1.bias", new long[] {h});
            m.put(p + "norm2.weight", new long[] {h});
            m.put(p + "norm2.bias", new long[] {h});
            if (c.isMoeLayer(i)) {
                long e = c.numExperts();
                m.put(p + "mlp.router.layer.weight", new long[] {e, h});
                m.put(p + "mlp.experts.mlp.w1", new long[] {e * f, h});
                m.put(p + "mlp.experts.mlp.w2", new long[] {e * f, h});
                m.put(p + "mlp.experts.bias", new long[] {h});
            } else {
                m.put(p + "mlp.fc1.weight", new long[] {f, h});
                if (c.fc1Bias()) {
                    m.put(p + "mlp.fc1.bias", new long[] {f});
                }
                m.put(p + "mlp.fc2.weight", new long[] {h, f});
                if (c.fc2Bias()) {
                    m.put(p + "mlp.fc2.bias", new long[] {h});
                }
            }
        }
        return m;
    }

    /** {@code encoder.layers.i.} */
    public static String layerPrefix(int layer) {
        return "encoder.layers." + layer + ".";
    }
}
