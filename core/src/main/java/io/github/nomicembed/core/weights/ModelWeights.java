package io.github.nomicembed.core.weights;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.runtime.ComputeType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All weights of one model, owned by one long-lived {@link NDManager} that is capped after loading, so
 * any op that accidentally attaches its result to the weights fails loudly instead of leaking.
 *
 * <p>F32 tensors are memory-mapped and wrapped without a copy on CPU. F16 tensors are widened to F32 by
 * libtorch on load; BF16 tensors (which DJL 0.36 cannot represent) are widened in Java. On CUDA every
 * tensor is copied to the device once; with {@link ComputeType#FLOAT16} it is then cast to fp16.
 */
public final class ModelWeights implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelWeights.class);

    private final NDManager manager;
    private final NomicBertConfig config;
    private final NDArray wordEmbeddings;
    private final NDArray tokenTypeRow;
    private final NDArray embLnWeight;
    private final NDArray embLnBias;
    private final List<LayerWeights> layers;

    private ModelWeights(NDManager manager, NomicBertConfig config, Loader l) {
        this.manager = manager;
        this.config = config;
        this.wordEmbeddings = l.get("embeddings.word_embeddings.weight");
        this.tokenTypeRow = config.typeVocabSize() > 0
                ? l.get("embeddings.token_type_embeddings.weight").get(0) : null;
        this.embLnWeight = l.get("emb_ln.weight");
        this.embLnBias = l.get("emb_ln.bias");
        List<LayerWeights> ls = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            ls.add(layer(l, i));
        }
        this.layers = List.copyOf(ls);
    }

    /**
     * Loads and validates every tensor the config implies from {@code safetensors}.
     *
     * @throws ModelConfigException naming the file and tensor when one is missing or has the wrong shape
     */
    public static ModelWeights load(Path safetensors, NomicBertConfig config, Device device, ComputeType type) {
        SafetensorsFile file = SafetensorsFile.open(safetensors);
        Map<String, long[]> expected = ExpectedTensors.of(config);
        String prefix = namePrefix(file);
        check(file, expected, prefix);
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            ModelWeights w = new ModelWeights(manager, config, new Loader(file, config, expected, prefix, manager, type));
            manager.cap();
            return w;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The prefix in front of every tensor name ({@code ""} for the flat names of the Hugging Face checkpoint;
     * e.g. {@code "bert."} or {@code "model."} when a wrapper saved the encoder).
     */
    static String namePrefix(SafetensorsFile file) {
        String marker = "emb_ln.weight";
        if (file.tensors().containsKey(marker)) {
            return "";
        }
        List<String> candidates = file.tensors().keySet().stream().filter(k -> k.endsWith("." + marker))
                .map(k -> k.substring(0, k.length() - marker.length())).toList();
        if (candidates.size() == 1) {
            log.info("{}: tensor names carry the prefix '{}'", file.file(), candidates.get(0));
            return candidates.get(0);
        }
        return "";
    }

    private static void check(SafetensorsFile file, Map<String, long[]> expected, String prefix) {
        Map<String, TensorInfo> actual = file.tensors();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorInfo info = actual.get(prefix + e.getKey());
            if (info == null) {
                throw new ModelConfigException(file.file(), "missing tensor '" + e.getKey() + "' (config.json implies shape "
                        + Arrays.toString(e.getValue()) + ")");
            }
            if (!Arrays.equals(info.shape(), e.getValue())) {
                throw new ModelConfigException(file.file(), "tensor '" + e.getKey() + "' has shape " + info.shapeString()
                        + " but config.json implies " + Arrays.toString(e.getValue()));
            }
            if (info.dtype() != SafetensorsDtype.F32 && info.dtype() != SafetensorsDtype.F16
                    && info.dtype() != SafetensorsDtype.BF16) {
                throw new ModelConfigException(file.file(), "tensor '" + e.getKey() + "' has dtype " + info.dtype()
                        + "; allowed: F32, F16, BF16");
            }
        }
        List<String> extra = actual.keySet().stream()
                .filter(k -> !k.startsWith(prefix) || !expected.containsKey(k.substring(prefix.length())))
                .sorted().toList();
        if (!extra.isEmpty()) {
            log.warn("{}: ignoring {} tensor(s) the forward pass does not use: {}", file.file(), extra.size(),
                    extra.size() > 5 ? extra.subList(0, 5) + " ..." : extra);
        }
    }

    private static LayerWeights layer(Loader l, int i) {
        String p = ExpectedTensors.layerPrefix(i);
        NomicBertConfig c = l.config();
        LayerWeights.DenseMlp dense = null;
        LayerWeights.Moe moe = null;
        if (c.isMoeLayer(i)) {
            NDArray w1 = l.get(p + "mlp.experts.mlp.w1");
            NDArray w2 = l.get(p + "mlp.experts.mlp.w2");
            int e = c.numExperts();
            NDArray[] w1s = new NDArray[e];
            NDArray[] w2s = new NDArray[e];
            long f = c.intermediateSize();
            for (int x = 0; x < e; x++) {
                // expert x owns rows [x*F, (x+1)*F) of both matrices (expert axis outermost)
                w1s[x] = w1.get(x * f + ":" + (x + 1) * f);
                w2s[x] = w2.get(x * f + ":" + (x + 1) * f);
            }
            moe = new LayerWeights.Moe(l.get(p + "mlp.router.layer.weight"), w1s, w2s, l.get(p + "mlp.experts.bias"));
        } else {
            dense = new LayerWeights.DenseMlp(l.get(p + "mlp.fc1.weight"), l.opt(p + "mlp.fc1.bias"),
                    l.get(p + "mlp.fc2.weight"), l.opt(p + "mlp.fc2.bias"));
        }
        return new LayerWeights(l.get(p + "attn.Wqkv.weight"), l.opt(p + "attn.Wqkv.bias"),
                l.get(p + "attn.out_proj.weight"), l.opt(p + "attn.out_proj.bias"),
                l.get(p + "norm1.weight"), l.get(p + "norm1.bias"), l.get(p + "norm2.weight"), l.get(p + "norm2.bias"),
                dense, moe);
    }

    /** The config these weights were checked against. */
    public NomicBertConfig config() {
        return config;
    }

    /** The weights' manager (capped): use only to allocate nothing; exposed for device queries. */
    public Device device() {
        return manager.getDevice();
    }

    /** {@code [V, H]}. */
    public NDArray wordEmbeddings() {
        return wordEmbeddings;
    }

    /** Row 0 of the token type embeddings {@code [H]}, or {@code null} when the model has none. */
    public NDArray tokenTypeRow() {
        return tokenTypeRow;
    }

    /** Embedding LayerNorm gain. */
    public NDArray embLnWeight() {
        return embLnWeight;
    }

    /** Embedding LayerNorm bias. */
    public NDArray embLnBias() {
        return embLnBias;
    }

    /** Encoder blocks in order. */
    public List<LayerWeights> layers() {
        return layers;
    }


    @Override
    public void close() {
        manager.close();
    }

    /** Creates arrays from mapped tensors on the target device and type. */
    private record Loader(SafetensorsFile file, NomicBertConfig config, Map<String, long[]> expected,
                          String prefix, NDManager manager, ComputeType type) {

        NDArray opt(String name) {
            return expected.containsKey(name) ? get(name) : null;
        }

        NDArray get(String name) {
            TensorInfo info = file.tensors().get(prefix + name);
            Shape shape = new Shape(info.shape());
            ByteBuffer buf = file.map(prefix + name);
            NDArray arr;
            switch (info.dtype()) {
                case F32 -> arr = manager.create(buf, shape, DataType.FLOAT32);
                case F16 -> {
                    NDArray half = manager.create(buf, shape, DataType.FLOAT16);
                    arr = type == ComputeType.FLOAT16 ? half : widen(half);
                }
                case BF16 -> arr = manager.create(Bf16.widen(buf), shape, DataType.FLOAT32);
                default -> throw new IllegalStateException("dtype checked before: " + info.dtype());
            }
            arr.setName(name);
            if (type == ComputeType.FLOAT16 && arr.getDataType() != DataType.FLOAT16) {
                NDArray half = arr.toType(DataType.FLOAT16, false);
                arr.close();
                arr = half;
            }
            return arr;
        }

        private static NDArray widen(NDArray half) {
            NDArray f = half.toType(DataType.FLOAT32, true);
            half.close();
            return f;
        }
    }

    /** bfloat16 → float32 widening (the upper 16 bits of a float). */
    static final class Bf16 {
        private Bf16() {
        }

        static ByteBuffer widen(ByteBuffer src) {
            ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int n = in.remaining() / 2;
            ByteBuffer out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                out.putInt((in.getShort() & 0xffff) << 16);
            }
            return out.flip();
        }
    }
}
