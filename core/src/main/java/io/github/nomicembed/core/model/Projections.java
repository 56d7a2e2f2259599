package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import io.github.nomicembed.core.runtime.MklPackedGemm;
import io.github.nomicembed.core.runtime.PackedMatrix;
import io.github.nomicembed.core.weights.LayerWeights;
import io.github.nomicembed.core.weights.ModelWeights;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward pass's products with weight matrices (attention, dense MLP and expert projections): through MKL's
 * packed GEMM when the weights could be packed ({@link MklPackedGemm}), through libtorch otherwise. The router
 * (a handful of rows) stays on libtorch.
 *
 * <p>Packing pays where a product has few rows (a query's tokens, an expert's share of them): there {@code sgemm}
 * spends most of its time re-packing the weight. Products of {@link #PACKED_MAX_ROWS} rows or more (bulk passes)
 * run through libtorch on the original weights. Both ways compute the same float32 products, to rounding.
 */
final class Projections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);

    /**
     * Products of at least this many rows run through libtorch even when the weight is packed. They are bound by
     * compute, not by copying the weight, and a bulk pass measured about 4 % slower packed (64 mixed documents:
     * 678 against 705 tokens/s through libtorch, 714 with this limit; limits of 128 to 512 measured the same).
     */
    static final long PACKED_MAX_ROWS = 256;

    private final MklPackedGemm gemm;
    private final Map<NDArray, PackedMatrix> packed;
    private final String summary;

    /** {@code why}: the reason the products run through libtorch, or null when {@code packed} holds them. */
    private Projections(MklPackedGemm gemm, Map<NDArray, PackedMatrix> packed, String why) {
        this.gemm = gemm;
        this.packed = packed;
        long bytes = packed.values().stream().mapToLong(PackedMatrix::bytes).sum();
        this.summary = why != null ? "libtorch (" + why + ")"
                : String.format(java.util.Locale.ROOT, "MKL packed weights (%.1f MB)", bytes / 1048576.0);
    }

    /**
     * Packs every projection weight of {@code weights} when {@code wanted} and possible (CPU, float32, MKL in
     * libtorch), else multiplies through libtorch. Logs which at INFO.
     */
    static Projections create(ModelWeights weights, boolean wanted) {
        String why = !wanted ? "pack-weights=false"
                : weights.device().isGpu() ? "not on the CPU"
                : weights.embLnWeight().getDataType() != DataType.FLOAT32 ? "compute type is not float32"
                : null;
        MklPackedGemm gemm = why == null ? MklPackedGemm.find().orElse(null) : null;
        if (why == null && gemm == null) {
            why = "this libtorch has no MKL packed GEMM";
        }
        if (gemm == null) {
            if (wanted) {
                log.info("GEMM: libtorch ({})", why);
            }
            return new Projections(null, Map.of(), why);
        }
        long t0 = System.nanoTime();
        Map<NDArray, PackedMatrix> packed = new IdentityHashMap<>();
        try {
            for (LayerWeights l : weights.layers()) {
                packed.put(l.wqkv(), gemm.packTransposed(l.wqkv()));
                packed.put(l.wout(), gemm.packTransposed(l.wout()));
                if (l.dense() != null) {
                    packed.put(l.dense().fc1Weight(), gemm.packTransposed(l.dense().fc1Weight()));
                    packed.put(l.dense().fc2Weight(), gemm.packTransposed(l.dense().fc2Weight()));
                }
                if (l.moe() != null) {
                    for (NDArray w1 : l.moe().w1()) {
                        packed.put(w1, gemm.packTransposed(w1));
                    }
                    for (NDArray w2 : l.moe().w2()) {
                        packed.put(w2, gemm.pack(w2));
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            packed.values().forEach(PackedMatrix::close);
            throw e;
        }
        Projections p = new Projections(gemm, packed, null);
        log.info("GEMM: {}, {} matrices packed in {} ms [pack-weights=true]", p.summary(), packed.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return p;
    }

    /** Returns {@code x · weightᵀ + bias} ({@code bias} may be null), a linear layer. */
    NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        PackedMatrix p = packed.get(weight);
        if (p == null || x.getShape().get(0) >= PACKED_MAX_ROWS) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        NDArray y = gemm.multiply(x, p);
        return bias == null ? y : y.addi(bias);
    }

    /** Returns {@code x · weight}. */
    NDArray matMul(NDArray x, NDArray weight) {
        PackedMatrix p = packed.get(weight);
        return p == null || x.getShape().get(0) >= PACKED_MAX_ROWS ? x.matMul(weight) : gemm.multiply(x, p);
    }

    /** One line for logs, health and info: {@code "MKL packed weights (1080.0 MB)"} or {@code "libtorch (why)"}. */
    String summary() {
        return summary;
    }

    /** Frees the packed copies; the forward pass must not run afterwards. */
    @Override
    public void close() {
        packed.values().forEach(PackedMatrix::close);
    }
}
