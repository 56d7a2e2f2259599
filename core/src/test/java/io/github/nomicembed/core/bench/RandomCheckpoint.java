package io.github.nomicembed.core.bench;

import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.weights.ExpectedTensors;
import io.github.nomicembed.core.weights.SafetensorsDtype;
import io.github.nomicembed.core.weights.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a model directory with the real nomic-embed-text-v2-moe config and tensor shapes and random F32
 * weights drawn from a seed: compute cost does not depend on trained values, so it stands in for the
 * 1.9 GB checkpoint in speed and memory work. The tokenizer is the tiny fixture's (ids &lt; 308).
 */
public final class RandomCheckpoint {

    /** The real model's config.json values that shape the forward pass. */
    static final String REAL_CONFIG = """
            {
              "model_type": "nomic_bert", "architectures": ["NomicBertModel"], "activation_function": "gelu",
              "vocab_size": 250048, "pad_vocab_size_multiple": 64, "n_embd": 768, "n_head": 12, "n_layer": 12,
              "n_inner": 3072, "type_vocab_size": 1, "layer_norm_epsilon": 1e-05, "rotary_emb_base": 10000,
              "rotary_emb_fraction": 1.0, "rotary_emb_interleaved": false, "rotary_emb_scale_base": null,
              "rotary_scaling_factor": null, "moe_every_n_layers": 2, "num_experts": 8, "moe_top_k": 2,
              "moe_normalize_expert_weights": false, "num_shared_experts": 0, "expert_choice_router": false,
              "qkv_proj_bias": true, "mlp_fc1_bias": true, "mlp_fc2_bias": true, "prenorm": false,
              "parallel_block": false, "causal": false, "max_trained_positions": 2048, "n_positions": 2048,
              "pad_token_id": 1, "torch_dtype": "float32"
            }
            """;

    private RandomCheckpoint() {
    }

    /** Writes the full-size checkpoint: {@code RandomCheckpoint <dir> [tokenizer.json]} (seed 42). */
    public static void main(String[] args) {
        Path tokenizer = Path.of(args.length > 1 ? args[1] : "src/test/resources/tiny-nomic-moe/tokenizer.json");
        System.out.println(ensure(Path.of(args[0]), tokenizer, 42));
    }

    /** Creates {@code dir} (config, weights, tokenizer) with the real model's shapes unless it already holds a model. */
    public static Path ensure(Path dir, Path tokenizerJson, long seed) {
        if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return dir;
        }
        return write(dir, REAL_CONFIG, tokenizerJson, seed);
    }

    /** Writes a model directory for {@code configJson} with seeded random weights of the shapes it implies. */
    public static Path write(Path dir, String configJson, Path tokenizerJson, long seed) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), configJson);
            Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            NomicBertConfig config = new ConfigReader().read(dir.resolve("config.json"));
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            SplittableRandom root = new SplittableRandom(seed);
            for (Map.Entry<String, long[]> e : ExpectedTensors.of(config).entrySet()) {
                long[] shape = e.getValue();
                float scale = scaleFor(e.getKey(), shape);
                float offset = e.getKey().endsWith("norm1.weight") || e.getKey().endsWith("norm2.weight")
                        || e.getKey().equals("emb_ln.weight") ? 1f : 0f;
                tensors.add(new SafetensorsWriter.Tensor(e.getKey(), SafetensorsDtype.F32, shape,
                        uniform(root.split(), scale, offset)));
            }
            Path tmp = dir.resolve("model.safetensors.tmp");
            SafetensorsWriter.write(tmp, tensors);
            Files.move(tmp, dir.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uniform noise with the standard deviation an initialiser would give (1/sqrt(fan_in) for matrices). */
    private static float scaleFor(String name, long[] shape) {
        if (shape.length == 1) {
            return 0.05f;
        }
        if (name.contains("word_embeddings")) {
            return 0.5f;
        }
        if (name.contains("router")) {
            return (float) (2.4 / Math.sqrt(shape[1])); // decisive routing, as in the golden fixture
        }
        return (float) (1.0 / Math.sqrt(shape[1]));
    }

    private static SafetensorsWriter.Content uniform(SplittableRandom rnd, float std, float offset) {
        float a = (float) (std * Math.sqrt(3.0));
        return chunk -> {
            ByteBuffer b = chunk;
            while (b.remaining() >= 8) {
                long r = rnd.nextLong();
                b.putFloat(offset + a * ((int) r * 0x1p-31f));
                b.putFloat(offset + a * ((int) (r >>> 32) * 0x1p-31f));
            }
            while (b.hasRemaining()) {
                b.putFloat(offset + a * (rnd.nextInt() * 0x1p-31f));
            }
        };
    }
}
