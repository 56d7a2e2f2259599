package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;

/**
 * Optional observer of intermediate values of one forward pass, for layer-by-layer debugging and
 * parity tests. Arrays are only valid during the callback; copy what you need.
 */
public interface ForwardTrace {

    /** A trace that records nothing. */
    ForwardTrace NONE = new ForwardTrace() {
        @Override
        public boolean wantsHidden() {
            return false;
        }
    };

    /**
     * Whether the hidden-state callbacks need their {@code [B, S, H]} arrays. The forward pass works on packed
     * real tokens, so each such array is an extra copy; a trace that only watches timing returns false and
     * then receives {@code null} there.
     */
    default boolean wantsHidden() {
        return true;
    }

    /** After the embedding LayerNorm, {@code [B, S, H]}. */
    default void onEmbeddings(NDArray hidden) {
    }

    /** Output of block {@code layer}'s attention after the residual add and first LayerNorm, {@code [B, S, H]}. */
    default void onAttentionOutput(int layer, NDArray hidden) {
    }

    /**
     * Router decision of a MoE layer over the {@code N} real tokens of the batch (row by row, padding
     * excluded; for a batch of one row {@code N = S}).
     *
     * @param probs softmax over all experts {@code [N, E]}
     * @param topWeights raw top-k probabilities {@code [N, k]}
     * @param topExperts chosen experts {@code [N, k]}
     */
    default void onRouter(int layer, NDArray probs, NDArray topWeights, NDArray topExperts) {
    }

    /** MLP output (dense or MoE) before the residual add, {@code [B, S, H]}. */
    default void onMlpOutput(int layer, NDArray mlpOut) {
    }

    /** Output of encoder block {@code layer} after its second LayerNorm, {@code [B, S, H]}. */
    default void onLayerOutput(int layer, NDArray hidden) {
    }
}
