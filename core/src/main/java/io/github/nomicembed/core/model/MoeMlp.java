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
 * once.
 *
 * <p>The (token, slot) pairs are grouped by expert on the host; one gather puts the routed rows in expert
 * order, each expert then runs on a contiguous slice of it (so it streams its weights once per call), and
 * DJL having no {@code index_add}, the combine gathers the expert-ordered rows back with the inverse
 * permutation and sums the k slots of each token.
 */
final class MoeMlp {

    private final int topK;
    private final int numExperts;
    private final Projections projections;

    MoeMlp(int numExperts, int topK, Projections projections) {
        this.projections = projections;
        this.numExperts = numExperts;
        this.topK = topK;
    }

    /** {@code t}: packed tokens {@code [N, H]}; result {@code [N, H]} on t's manager. */
    NDArray forward(int layer, NDArray t, LayerWeights.Moe w, ForwardTrace trace, YieldPoint yield) {
        long hidden = t.getShape().get(1);
        int tokens = Math.toIntExact(t.getShape().get(0));
        NDManager m = t.getManager();

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
        int pairs = tokens * topK;
        long[] tokenOf = new long[pairs];
        float[] weightOf = new float[pairs];
        long[] inverse = new long[pairs]; // slot position (token*k + j) -> row in expert order
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

        NDArray routed = t.get(new NDIndex("{}", HostArrays.longs(m, tokenOf))); // [N·k, H] in expert order
        NDList outs = new NDList();
        for (int e = 0; e < numExperts; e++) {
            if (counts[e] == 0) {
                continue;
            }
            NDArray xe = counts[e] == pairs ? routed : routed.get(new NDIndex().addSliceDim(start[e], start[e + 1]));
            NDArray pre = projections.linear(xe, w.w1()[e], null);
            NDArray act = Activation.gelu(pre);
            pre.close(); // free [n_e, F] activations as soon as possible: they dominate a pass's peak memory
            outs.add(projections.matMul(act, w.w2()[e]));
            act.close();
            yield.yieldNow();
        }
        routed.close();
        NDArray stacked = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 0);
        if (outs.size() > 1) {
            outs.close();
        }
        stacked.muli(HostArrays.floats(m, weightOf, new Shape(pairs, 1)).toType(stacked.getDataType(), false));
        NDArray combined = stacked.get(new NDIndex("{}", HostArrays.longs(m, inverse)))
                .reshape(tokens, topK, hidden)
                .sum(new int[] {1});
        return combined.addi(w.bias());
    }
}
