package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import io.github.nomicembed.core.weights.LayerWeights;

/**
 * Token-choice Mixture-of-Experts MLP, as the reference {@code NomicMoELayer}: router softmax over all
 * experts in fp32, top-k without renormalisation, each expert run only on the tokens routed to it
 * ({@code GELU(x·W1ᵀ)·W2}), outputs weighted and combined back into token order, the shared bias added
 * once. DJL has no {@code index_add}, so the combine gathers the expert-ordered rows back with the
 * inverse permutation (computed on the host) and sums the k slots of each token.
 */
final class MoeMlp {

    private final int topK;
    private final int numExperts;

    MoeMlp(int numExperts, int topK) {
        this.numExperts = numExperts;
        this.topK = topK;
    }

    /** {@code h}: {@code [B, S, H]}; result {@code [B, S, H]} on h's manager. */
    NDArray forward(int layer, NDArray h, LayerWeights.Moe w, ForwardTrace trace) {
        Shape shape = h.getShape();
        long hidden = shape.get(2);
        int tokens = Math.toIntExact(shape.get(0) * shape.get(1));
        NDManager m = h.getManager();
        NDArray t = h.reshape(tokens, hidden);

        NDArray logits = Linear.linear(t, w.router()).singletonOrThrow();
        NDArray probs = logits.toType(DataType.FLOAT32, false).softmax(-1);
        NDList top = probs.topK(topK, -1, true, true);
        trace.onRouter(layer, probs, top.get(0), top.get(1));
        float[] topWeights = top.get(0).toFloatArray();
        long[] topExperts = top.get(1).toType(DataType.INT64, false).toLongArray();

        // group (token, slot) pairs by expert, tokens ascending within an expert
        int[] counts = new int[numExperts];
        for (long e : topExperts) {
            counts[(int) e]++;
        }
        int[] start = new int[numExperts + 1];
        for (int e = 0; e < numExperts; e++) {
            start[e + 1] = start[e] + counts[e];
        }
        int[] fill = start.clone();
        long[] tokenOf = new long[tokens * topK];
        float[] weightOf = new float[tokens * topK];
        long[] inverse = new long[tokens * topK]; // slot position (token*k + j) -> row in expert order
        for (int tok = 0; tok < tokens; tok++) {
            for (int j = 0; j < topK; j++) {
                int slot = tok * topK + j;
                int e = (int) topExperts[slot];
                int row = fill[e]++;
                tokenOf[row] = tok;
                weightOf[row] = topWeights[slot];
                inverse[slot] = row;
            }
        }

        NDList outs = new NDList();
        for (int e = 0; e < numExperts; e++) {
            int n = counts[e];
            if (n == 0) {
                continue;
            }
            NDArray idx = m.create(java.util.Arrays.copyOfRange(tokenOf, start[e], start[e + 1]));
            NDArray xe = t.get(new NDIndex("{}", idx));
            NDArray act = Activation.gelu(Linear.linear(xe, w.w1()[e]).singletonOrThrow());
            NDArray ye = act.matMul(w.w2()[e]);
            NDArray we = m.create(java.util.Arrays.copyOfRange(weightOf, start[e], start[e + 1]), new Shape(n, 1))
                    .toType(ye.getDataType(), false);
            outs.add(ye.mul(we));
        }
        NDArray stacked = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 0);
        NDArray combined = stacked.get(new NDIndex("{}", m.create(inverse)))
                .reshape(tokens, topK, hidden)
                .sum(new int[] {1});
        return combined.add(w.bias()).reshape(shape);
    }
}
