package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;

/**
 * Optional observer of intermediate values of one forward pass, for layer-by-layer debugging and
 * parity tests. Arrays are only valid during the callback; copy what you need.
 */
public interface ForwardTrace {

    /** A trace that records nothing. */
    ForwardTrace NONE = new ForwardTrace() {
    };

    /** After the embedding LayerNorm, {@code [B, S, H]}. */
    default void onEmbeddings(NDArray hidden) {
    }

    /** Output of block {@code layer}'s attention after the residual add and first LayerNorm, {@code [B, S, H]}. */
    default void onAttentionOutput(int layer, NDArray hidden) {
    }

    /**
     * Router decision of a MoE layer over all {@code B·S} tokens (row-major).
     *
     * @param probs softmax over all experts {@code [B·S, E]}
     * @param topWeights raw top-k probabilities {@code [B·S, k]}
     * @param topExperts chosen experts {@code [B·S, k]}
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
