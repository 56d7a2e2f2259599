package io.github.nomicembed.core.weights;

import ai.djl.ndarray.NDArray;

/**
 * One encoder block's weights. Exactly one of {@code dense} and {@code moe} is non-null.
 *
 * @param wqkv fused Q/K/V projection {@code [3H, H]}
 * @param bqkv its bias or {@code null}
 * @param wout attention output projection {@code [H, H]}
 * @param bout its bias or {@code null}
 * @param norm1Weight post-attention LayerNorm gain
 * @param norm1Bias post-attention LayerNorm bias
 * @param norm2Weight post-MLP LayerNorm gain
 * @param norm2Bias post-MLP LayerNorm bias
 * @param dense dense MLP of this block, or {@code null}
 * @param moe Mixture-of-Experts MLP of this block, or {@code null}
 */
public record LayerWeights(
        NDArray wqkv, NDArray bqkv, NDArray wout, NDArray bout,
        NDArray norm1Weight, NDArray norm1Bias, NDArray norm2Weight, NDArray norm2Bias,
        DenseMlp dense, Moe moe) {

    /**
     * Dense GELU MLP.
     *
     * @param fc1Weight {@code [F, H]}
     * @param fc1Bias {@code [F]} or {@code null}
     * @param fc2Weight {@code [H, F]}
     * @param fc2Bias {@code [H]} or {@code null}
     */
    public record DenseMlp(NDArray fc1Weight, NDArray fc1Bias, NDArray fc2Weight, NDArray fc2Bias) {
    }

    /**
     * Token-choice MoE MLP.
     *
     * @param router router weight {@code [E, H]} (no bias)
     * @param w1 per expert {@code [F, H]}, used as {@code x·w1ᵀ}
     * @param w2 per expert {@code [F, H]}, used as stored: {@code act·w2}
     * @param bias one output bias {@code [H]} added once after the weighted sum
     */
    public record Moe(NDArray router, NDArray[] w1, NDArray[] w2, NDArray bias) {
    }
}
