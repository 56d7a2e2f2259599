package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.weights.LayerWeights;
import io.github.nomicembed.core.weights.ModelWeights;

/**
 * The NomicBERT(-MoE) encoder forward pass written with DJL NDArray ops, followed by masked mean pooling.
 *
 * <p>Thread-safe: the weights are read-only and every call allocates in its own {@link NDManager}, with
 * one sub-scope per layer so a layer's intermediates are freed as soon as the layer is done.
 *
 * <pre>{@code
 * try (NomicBertModel model = new NomicBertModel(weights, 512)) {
 *     float[][] pooled = model.forward(TokenBatch.pad(new long[][] {{0, 581, 2}}, 1), ForwardTrace.NONE);
 * }
 * }</pre>
 */
public final class NomicBertModel implements AutoCloseable {

    private final ModelWeights weights;
    private final NomicBertConfig config;
    private final RotaryTables rotary;
    private final MoeMlp moe;
    private final int maxSequenceLength;
    private final DataType computeType;
    private final float attentionScale;

    /**
     * @param weights loaded weights (not closed by this model)
     * @param maxSequenceLength longest batch this model will be asked to run
     */
    public NomicBertModel(ModelWeights weights, int maxSequenceLength) {
        this.weights = weights;
        this.config = weights.config();
        this.maxSequenceLength = maxSequenceLength;
        this.computeType = weights.embLnWeight().getDataType();
        this.rotary = new RotaryTables(NDManager.newBaseManager(weights.device(), "PyTorch"),
                config.rotaryDim(), config.rotaryBase(), maxSequenceLength, computeType);
        this.moe = new MoeMlp(config.numExperts(), config.topK());
        this.attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    /** The model's config. */
    public NomicBertConfig config() {
        return config;
    }

    /**
     * Runs the encoder on {@code batch} and returns the masked mean of the last hidden state per row,
     * {@code [B][H]}, in fp32 and not yet normalised.
     */
    public float[][] forward(TokenBatch batch, ForwardTrace trace) {
        if (batch.seqLen() > maxSequenceLength) {
            throw new IllegalArgumentException("batch length " + batch.seqLen() + " exceeds the maximum "
                    + maxSequenceLength);
        }
        int b = batch.size();
        int s = batch.seqLen();
        int hiddenSize = config.hiddenSize();
        try (NDManager rq = NDManager.newBaseManager(weights.device(), "PyTorch")) {
            NDArray ids = rq.create(batch.ids());
            NDArray mask = rq.create(batch.mask(), new Shape(b, s));
            // additive bias: 0 for real keys, -FLT_MAX for padding, broadcast over heads and query rows
            NDArray maskBias = mask.sub(1f).mul(Float.MAX_VALUE).reshape(b, 1, 1, s);

            NDArray x = weights.wordEmbeddings().get(rq, new NDIndex("{}", ids)).reshape(b, s, hiddenSize);
            if (weights.tokenTypeRow() != null) {
                x = x.add(weights.tokenTypeRow());
            }
            x = layerNorm(x, weights.embLnWeight(), weights.embLnBias());
            trace.onEmbeddings(x);

            for (int i = 0; i < config.numLayers(); i++) {
                try (NDManager scope = rq.newSubManager()) {
                    x.attach(scope);
                    maskBias.tempAttach(scope);
                    NDArray out = block(i, x, maskBias, s, trace);
                    out.attach(rq);
                    x = out;
                }
            }

            NDArray hidden = x.toType(DataType.FLOAT32, false);
            NDArray m3 = mask.reshape(b, s, 1);
            NDArray pooled = hidden.mul(m3).sum(new int[] {1}).div(m3.sum(new int[] {1}).maximum(1e-9f));
            float[] flat = pooled.toFloatArray();
            float[][] out = new float[b][hiddenSize];
            for (int r = 0; r < b; r++) {
                System.arraycopy(flat, r * hiddenSize, out[r], 0, hiddenSize);
            }
            return out;
        }
    }

    private NDArray block(int i, NDArray x, NDArray maskBias, int seqLen, ForwardTrace trace) {
        LayerWeights w = weights.layers().get(i);
        NDArray attn = attention(x, w, maskBias, seqLen);
        NDArray h = layerNorm(attn.add(x), w.norm1Weight(), w.norm1Bias());
        trace.onAttentionOutput(i, h);
        NDArray f = w.moe() != null ? moe.forward(i, h, w.moe(), trace) : denseMlp(h, w.dense());
        trace.onMlpOutput(i, f);
        NDArray out = layerNorm(f.add(h), w.norm2Weight(), w.norm2Bias());
        trace.onLayerOutput(i, out);
        return out;
    }

    private NDArray attention(NDArray x, LayerWeights w, NDArray maskBias, int seqLen) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        int heads = config.numHeads();
        int headDim = config.headDim();
        NDArray qkv = Linear.linear(x, w.wqkv(), w.bqkv()).singletonOrThrow()
                .reshape(b, seqLen, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4); // [3, B, heads, S, d]
        NDManager m = x.getManager();
        NDArray q = rotary.apply(qkv.get(0), seqLen, m);
        NDArray k = rotary.apply(qkv.get(1), seqLen, m);
        NDArray v = qkv.get(2);
        NDArray scores = q.matMul(k.mul(attentionScale).transpose(0, 1, 3, 2));
        NDArray probs = scores.toType(DataType.FLOAT32, false).add(maskBias).softmax(-1).toType(computeType, false);
        NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, seqLen, config.hiddenSize());
        return Linear.linear(ctx, w.wout(), w.bout()).singletonOrThrow();
    }

    private NDArray denseMlp(NDArray h, LayerWeights.DenseMlp w) {
        NDArray a = Activation.gelu(Linear.linear(h, w.fc1Weight(), w.fc1Bias()).singletonOrThrow());
        return Linear.linear(a, w.fc2Weight(), w.fc2Bias()).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), gamma, beta, (float) config.layerNormEps())
                .singletonOrThrow();
    }

    /** Releases the rotary tables (the weights are owned by the caller). */
    @Override
    public void close() {
        rotary.close();
    }
}
