package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.runtime.MklPackedGemm;
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
    private final Projections projections;
    private final int maxSequenceLength;
    private final DataType computeType;
    private final NDManager constants;
    private final NDArray attentionScale;
    private final NDIndex[] qkvPart;
    private final double maxGroupWaste;
    private final long scoreBudget;

    /**
     * @param weights loaded weights (not closed by this model)
     * @param maxSequenceLength longest batch this model will be asked to run
     */
    public NomicBertModel(ModelWeights weights, int maxSequenceLength) {
        this(weights, maxSequenceLength, AttentionSettings.DEFAULTS);
    }

    /**
     * @param weights loaded weights (not closed by this model)
     * @param maxSequenceLength longest batch this model will be asked to run
     * @param attention how attention is grouped and chunked
     */
    public NomicBertModel(ModelWeights weights, int maxSequenceLength, AttentionSettings attention) {
        this(weights, maxSequenceLength, attention, true);
    }

    /**
     * @param weights loaded weights (not closed by this model)
     * @param maxSequenceLength longest batch this model will be asked to run
     * @param attention how attention is grouped and chunked
     * @param packWeights whether to multiply by weights packed for MKL ({@link MklPackedGemm}) where the
     *     weights are float32 on a CPU whose libtorch has MKL; this holds a packed copy of the projection
     *     weights (the size of the encoder's weights, without the embeddings)
     */
    public NomicBertModel(ModelWeights weights, int maxSequenceLength, AttentionSettings attention,
            boolean packWeights) {
        this.weights = weights;
        this.config = weights.config();
        this.maxSequenceLength = maxSequenceLength;
        this.computeType = weights.embLnWeight().getDataType();
        this.rotary = new RotaryTables(NDManager.newBaseManager(weights.device(), "PyTorch"),
                config.rotaryDim(), config.rotaryBase(), maxSequenceLength, computeType);
        this.projections = Projections.create(weights, packWeights);
        this.moe = new MoeMlp(config.numExperts(), config.topK(), projections);
        this.constants = NDManager.newBaseManager(weights.device(), "PyTorch");
        // a 0-d fp32 tensor, as q.muli(float) would create (and leave to the GC) on every layer of every pass
        this.attentionScale = constants.full(new Shape(), (float) (1.0 / Math.sqrt(config.headDim())), DataType.FLOAT32);
        this.qkvPart = new NDIndex[3];
        for (int j = 0; j < 3; j++) {
            qkvPart[j] = new NDIndex().addAllDim().addIndices(j);
        }
        this.maxGroupWaste = attention.maxGroupWaste();
        this.scoreBudget = attention.scoreBudget(weights.device().isGpu());
    }

    /** The model's config. */
    public NomicBertConfig config() {
        return config;
    }

    /**
     * Runs the encoder on {@code batch} and returns the masked mean of the last hidden state per row,
     * {@code [B][H]}, in fp32 and not yet normalised.
     *
     * <p>Padding is dropped before the first op: every token-wise op (embeddings, projections, LayerNorms,
     * dense MLP, MoE) runs on the packed real tokens only, and attention runs per group of rows (see
     * {@link Packing}), so a row's result does not depend on its batch-mates' lengths.
     */
    public float[][] forward(TokenBatch batch, ForwardTrace trace) {
        return forward(batch, trace, YieldPoint.NONE);
    }

    /**
     * Same as {@link #forward(TokenBatch, ForwardTrace)}, calling {@code yield} between and inside the layers so
     * that small waiting work can run on this thread meanwhile (see {@link YieldPoint}).
     */
    public float[][] forward(TokenBatch batch, ForwardTrace trace, YieldPoint yield) {
        if (batch.seqLen() > maxSequenceLength) {
            throw new IllegalArgumentException("batch length " + batch.seqLen() + " exceeds the maximum "
                    + maxSequenceLength);
        }
        int b = batch.size();
        int hiddenSize = config.hiddenSize();
        Packing p = new Packing(batch, maxGroupWaste, scoreBudget, config.numHeads());
        try (NDManager rq = NDManager.newBaseManager(weights.device(), "PyTorch")) {
            Ctx ctx = new Ctx(p, rq, rotary.perToken(HostArrays.longs(rq, p.positions), rq),
                    trace.wantsHidden() ? HostArrays.longs(rq, p.unpackIndex(batch.seqLen())) : null, batch.seqLen());
            NDArray x = weights.wordEmbeddings().get(rq, new NDIndex("{}", HostArrays.longs(rq, p.ids)));
            if (weights.tokenTypeRow() != null) {
                x = x.add(weights.tokenTypeRow());
            }
            x = layerNorm(x, weights.embLnWeight(), weights.embLnBias());
            trace.onEmbeddings(ctx.unpack(x));

            for (int i = 0; i < config.numLayers(); i++) {
                try (NDManager scope = rq.newSubManager()) {
                    x.attach(scope);
                    NDArray out = block(i, x, ctx, trace, yield);
                    out.attach(rq);
                    x = out;
                }
                yield.yieldNow();
            }

            NDArray hidden = x.toType(DataType.FLOAT32, false);
            NDList sums = new NDList(b);
            float[] inv = new float[b];
            for (int r = 0; r < b; r++) {
                sums.add(hidden.get(new NDIndex().addSliceDim(p.offsets[r], p.offsets[r] + p.lengths[r])).sum(new int[] {0}));
                inv[r] = p.lengths[r];
            }
            NDArray pooled = NDArrays.stack(sums, 0).div(HostArrays.floats(rq, inv, new Shape(b, 1)));
            float[] flat = pooled.toFloatArray();
            float[][] out = new float[b][hiddenSize];
            for (int r = 0; r < b; r++) {
                System.arraycopy(flat, r * hiddenSize, out[r], 0, hiddenSize);
            }
            return out;
        }
    }

    /** Per-forward state shared by the layers (lives in the request manager). */
    private final class Ctx {
        final Packing packing;
        final NDList rotaryTables;
        final NDArray unpackIndex;
        final int seqLen;
        final NDArray[] groupGather;
        final NDArray[] groupMask;
        final NDArray[] groupReal;

        Ctx(Packing p, NDManager rq, NDList rotaryTables, NDArray unpackIndex, int seqLen) {
            this.packing = p;
            this.rotaryTables = rotaryTables;
            this.unpackIndex = unpackIndex;
            this.seqLen = seqLen;
            int n = p.groups.size();
            groupGather = new NDArray[n];
            groupMask = new NDArray[n];
            groupReal = new NDArray[n];
            for (int g = 0; g < n; g++) {
                Packing.Group grp = p.groups.get(g);
                if (grp.rows() > 1) {
                    groupGather[g] = HostArrays.longs(rq, grp.gatherIndex(p));
                    groupMask[g] = HostArrays.floats(rq, grp.maskBias(p), new Shape(grp.rows(), 1, 1, grp.len()));
                    groupReal[g] = HostArrays.longs(rq, grp.realIndex(p));
                }
            }
        }

        /** {@code [B, S, H]} view of packed {@code [N, H]} for the trace (pads are zero), or null when not traced. */
        NDArray unpack(NDArray packed) {
            if (unpackIndex == null) {
                return null;
            }
            long h = packed.getShape().get(1);
            NDArray withZero = packed.concat(packed.getManager().zeros(new Shape(1, h), packed.getDataType()), 0);
            return withZero.get(new NDIndex("{}", unpackIndex)).reshape(packing.lengths.length, seqLen, h);
        }
    }

    private NDArray block(int i, NDArray x, Ctx ctx, ForwardTrace trace, YieldPoint yield) {
        LayerWeights w = weights.layers().get(i);
        NDArray attn = attention(x, w, ctx);
        NDArray h = layerNorm(attn.addi(x), w.norm1Weight(), w.norm1Bias());
        trace.onAttentionOutput(i, ctx.unpack(h));
        yield.yieldNow();
        NDArray f = w.moe() != null ? moe.forward(i, h, w.moe(), trace, yield) : denseMlp(h, w.dense(), yield);
        trace.onMlpOutput(i, ctx.unpack(f));
        NDArray out = layerNorm(f.addi(h), w.norm2Weight(), w.norm2Bias());
        trace.onLayerOutput(i, ctx.unpack(out));
        return out;
    }

    /** Self-attention of packed {@code x} {@code [N, H]}; result {@code [N, H]}. */
    private NDArray attention(NDArray x, LayerWeights w, Ctx ctx) {
        int heads = config.numHeads();
        int headDim = config.headDim();
        long n = x.getShape().get(0);
        NDArray qkv = projections.linear(x, w.wqkv(), w.bqkv()).reshape(n, 3, heads, headDim);
        NDArray q = rotary.apply(qkv.get(qkvPart[0]), ctx.rotaryTables).muli(attentionScale);
        NDArray k = rotary.apply(qkv.get(qkvPart[1]), ctx.rotaryTables);
        NDArray v = qkv.get(qkvPart[2]);
        Packing p = ctx.packing;
        NDList parts = new NDList(p.groups.size());
        for (int g = 0; g < p.groups.size(); g++) {
            Packing.Group grp = p.groups.get(g);
            NDArray qg;
            NDArray kg;
            NDArray vg;
            if (grp.rows() == 1) {
                NDIndex rows = new NDIndex().addSliceDim(grp.offset(), grp.offset() + grp.tokens());
                qg = q.get(rows);
                kg = k.get(rows);
                vg = v.get(rows);
            } else {
                NDIndex rows = new NDIndex("{}", ctx.groupGather[g]);
                qg = q.get(rows);
                kg = k.get(rows);
                vg = v.get(rows);
            }
            NDArray out = groupAttention(qg, kg, vg, grp.rows(), grp.len(), ctx.groupMask[g]);
            if (grp.rows() > 1) {
                qg.close();
                kg.close();
                vg.close();
                NDArray real = out.get(new NDIndex("{}", ctx.groupReal[g]));
                out.close();
                out = real;
            }
            parts.add(out);
        }
        q.close();
        k.close();
        NDArray merged = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        if (parts.size() > 1) {
            parts.close();
        }
        qkv.close();
        NDArray projected = projections.linear(merged, w.wout(), w.bout());
        merged.close();
        return projected;
    }

    /**
     * Attention of {@code rows} sequences of {@code len} positions given as {@code [rows·len, heads, d]}; returns
     * {@code [rows·len, H]}. Heads are processed in chunks whose score tensor fits {@link #scoreBudget}.
     */
    private NDArray groupAttention(NDArray q, NDArray k, NDArray v, int rows, int len, NDArray mask) {
        int heads = config.numHeads();
        int headDim = config.headDim();
        NDArray q4 = q.reshape(rows, len, heads, headDim).transpose(0, 2, 1, 3); // [G, h, L, d]
        NDArray kT = k.reshape(rows, len, heads, headDim).transpose(0, 2, 3, 1); // [G, h, d, L]
        NDArray v4 = v.reshape(rows, len, heads, headDim).transpose(0, 2, 1, 3);
        long perHead = (long) rows * len * len;
        int chunk = (int) Math.max(1, Math.min(heads, scoreBudget / Math.max(1, perHead)));
        NDList ctxs = new NDList();
        for (int h0 = 0; h0 < heads; h0 += chunk) {
            int h1 = Math.min(heads, h0 + chunk);
            NDIndex hs = new NDIndex().addAllDim().addSliceDim(h0, h1);
            NDArray qc = chunk == heads ? q4 : q4.get(hs);
            NDArray kc = chunk == heads ? kT : kT.get(hs);
            NDArray vc = chunk == heads ? v4 : v4.get(hs);
            NDArray raw = qc.matMul(kc);
            NDArray scores = raw.toType(DataType.FLOAT32, false); // softmax in fp32 (no-op for fp32)
            if (mask != null) {
                scores.addi(mask);
            }
            NDArray sm = scores.softmax(-1);
            closeAll(scores, raw);
            NDArray probs = sm.toType(computeType, false);
            NDArray c = probs.matMul(vc);
            closeAll(probs, sm); // score-sized arrays go as soon as they are used, so a pass holds one chunk's
            ctxs.add(c.transpose(0, 2, 1, 3)); // [G, L, hc, d]
        }
        NDArray ctx = ctxs.size() == 1 ? ctxs.get(0) : NDArrays.concat(ctxs, 2);
        NDArray out = ctx.reshape((long) rows * len, config.hiddenSize());
        if (out != ctx && ctxs.size() > 1) {
            ctx.close();
        }
        return out;
    }

    private static void closeAll(NDArray a, NDArray b) {
        a.close();
        if (b != a) {
            b.close();
        }
    }

    private NDArray denseMlp(NDArray h, LayerWeights.DenseMlp w, YieldPoint yield) {
        NDArray pre = projections.linear(h, w.fc1Weight(), w.fc1Bias());
        NDArray a = Activation.gelu(pre);
        pre.close(); // [N, F]: the largest arrays of a pass, freed before the next one is made
        yield.yieldNow();
        NDArray out = projections.linear(a, w.fc2Weight(), w.fc2Bias());
        a.close();
        return out;
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), gamma, beta, (float) config.layerNormEps())
                .singletonOrThrow();
    }

    /**
     * How the weight products run: {@code "MKL packed weights (1080.0 MB)"} or {@code "libtorch (why)"}.
     */
    public String gemm() {
        return projections.summary();
    }

    /** Releases the rotary tables, constants and packed weights (the weights are owned by the caller). */
    @Override
    public void close() {
        rotary.close();
        constants.close();
        projections.close();
    }
}
