package io.github.nomicembed.core.config;

/**
 * The parts of a NomicBERT(-MoE) {@code config.json} that define the forward pass. Immutable; every
 * size the model uses comes from here, nothing is assumed about the real model's dimensions.
 *
 * @param vocabSize embedding rows (already padded to {@code pad_vocab_size_multiple})
 * @param hiddenSize {@code n_embd}
 * @param numHeads {@code n_head}
 * @param numLayers {@code n_layer}
 * @param intermediateSize {@code n_inner}, the FFN width of dense layers and of each expert
 * @param typeVocabSize token type rows; row 0 is added to every token
 * @param layerNormEps epsilon of every LayerNorm
 * @param rotaryBase RoPE base
 * @param rotaryDim number of leading head dimensions rotated ({@code rotary_emb_fraction * head_dim})
 * @param moeEveryNLayers layer {@code i} is a MoE layer when {@code i % moeEveryNLayers == 1}; 0 = no MoE
 * @param numExperts experts per MoE layer
 * @param topK experts chosen per token
 * @param qkvBias whether Wqkv and out_proj carry biases
 * @param fc1Bias whether the dense fc1 carries a bias
 * @param fc2Bias whether the dense fc2 carries a bias
 * @param padTokenId id used to pad batches
 * @param maxPositions {@code n_positions}, the largest sequence the rotary tables may cover
 */
public record NomicBertConfig(
        int vocabSize,
        int hiddenSize,
        int numHeads,
        int numLayers,
        int intermediateSize,
        int typeVocabSize,
        double layerNormEps,
        double rotaryBase,
        int rotaryDim,
        int moeEveryNLayers,
        int numExperts,
        int topK,
        boolean qkvBias,
        boolean fc1Bias,
        boolean fc2Bias,
        int padTokenId,
        int maxPositions) {

    /** Size of one attention head. */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Whether encoder layer {@code layer} uses the Mixture-of-Experts MLP (HF: {@code i % n == 1}). */
    public boolean isMoeLayer(int layer) {
        return moeEveryNLayers > 0 && numExperts > 0 && layer % moeEveryNLayers == 1;
    }
}
