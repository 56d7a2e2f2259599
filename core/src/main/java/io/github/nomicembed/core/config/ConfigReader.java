package io.github.nomicembed.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a NomicBERT {@code config.json} into a {@link NomicBertConfig}, refusing every value the forward
 * pass does not implement with a message naming the key, the value and what is supported.
 */
public final class ConfigReader {

    private static final Set<String> SUPPORTED_ACTIVATIONS = Set.of("gelu");

    private final ObjectMapper mapper = JsonMapper.builder().build();

    /** Reads and validates {@code file}. */
    public NomicBertConfig read(Path file) {
        JsonNode root = readTree(file);
        Reader r = new Reader(file, root);

        r.requireText("model_type", "nomic_bert");
        r.requireText("activation_function", SUPPORTED_ACTIVATIONS);
        r.requireFalse("prenorm", "only post-norm blocks are implemented");
        r.requireFalse("parallel_block", "only sequential attention/MLP blocks are implemented");
        r.requireFalse("causal", "the encoder is bidirectional");
        r.requireFalse("rotary_emb_interleaved", "only GPT-NeoX (non-interleaved) rotary is implemented");
        r.requireFalse("expert_choice_router", "only token-choice routing is implemented");
        r.requireFalse("moe_normalize_expert_weights", "the reference code does not renormalise top-k weights");
        r.requireNull("rotary_emb_scale_base", "xPos rotary scaling is not implemented");
        r.requireNull("rotary_scaling_factor", "dynamic NTK rotary scaling is not implemented");
        r.requireFalse("use_rms_norm", "only LayerNorm is implemented");
        r.requireIntOrAbsent("num_shared_experts", 0, "shared experts are not implemented");

        int hidden = r.positiveInt("n_embd");
        int heads = r.positiveInt("n_head");
        if (hidden % heads != 0) {
            throw r.error("n_embd", hidden + " is not divisible by n_head=" + heads);
        }
        int headDim = hidden / heads;
        double fraction = r.doubleOr("rotary_emb_fraction", 1.0);
        if (!(fraction > 0.0 && fraction <= 1.0)) {
            throw r.error("rotary_emb_fraction", fraction + " is not supported; allowed: (0, 1]");
        }
        int rotaryDim = (int) (fraction * headDim);
        if (rotaryDim % 2 != 0 || rotaryDim == 0) {
            throw r.error("rotary_emb_fraction", "gives an odd or zero rotary dimension " + rotaryDim);
        }
        int vocab = r.positiveInt("vocab_size");
        int multiple = r.intOr("pad_vocab_size_multiple", 1);
        if (multiple > 1 && vocab % multiple != 0) {
            vocab += multiple - vocab % multiple; // the reference code pads the embedding the same way
        }
        int moeEvery = r.intOr("moe_every_n_layers", 0);
        int experts = moeEvery > 0 ? r.positiveInt("num_experts") : 0;
        int topK = moeEvery > 0 ? r.positiveInt("moe_top_k") : 0;
        if (topK > experts) {
            throw r.error("moe_top_k", topK + " is larger than num_experts=" + experts);
        }
        int maxPositions = r.intOr("n_positions", r.intOr("max_trained_positions", 2048));
        if (maxPositions < 2) {
            throw r.error("n_positions", maxPositions + " leaves no room for <s> and </s>; allowed: 2 or more");
        }
        int typeVocab = r.intOr("type_vocab_size", 0);
        double eps = r.doubleOr("layer_norm_epsilon", 1e-5);
        if (!(eps > 0)) {
            throw r.error("layer_norm_epsilon", eps + " must be positive");
        }
        double base = r.doubleOr("rotary_emb_base", 10000);
        if (!(base > 0)) {
            throw r.error("rotary_emb_base", base + " must be positive");
        }
        return new NomicBertConfig(
                vocab, hidden, heads, r.positiveInt("n_layer"), r.positiveInt("n_inner"),
                typeVocab, eps, base, rotaryDim, moeEvery, experts, topK,
                r.boolOr("qkv_proj_bias", true), r.boolOr("mlp_fc1_bias", true), r.boolOr("mlp_fc2_bias", true),
                r.intOr("pad_token_id", 1), maxPositions);
    }

    private JsonNode readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelConfigException(file, "file not found (a model directory needs config.json)");
        }
        try {
            JsonNode root = mapper.readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new ModelConfigException(file, "is not a JSON object");
            }
            return root;
        } catch (IOException | JacksonException e) {
            throw new ModelConfigException(file, "cannot be parsed as JSON: " + e.getMessage(), e);
        }
    }

    /** Typed, validating access to the JSON tree; every failure names the key. */
    private record Reader(Path file, JsonNode root) {

        ModelConfigException error(String key, String message) {
            return new ModelConfigException(file, "unsupported value for '" + key + "': " + message);
        }

        private JsonNode node(String key) {
            JsonNode n = root.get(key);
            return n == null || n.isNull() ? null : n;
        }

        void requireText(String key, String expected) {
            requireText(key, Set.of(expected));
        }

        void requireText(String key, Set<String> allowed) {
            JsonNode n = node(key);
            if (n == null || !n.isString() || !allowed.contains(n.asString())) {
                throw error(key, (n == null ? "missing" : n.toString()) + "; allowed: " + allowed);
            }
        }

        void requireFalse(String key, String why) {
            JsonNode n = node(key);
            if (n != null && (!n.isBoolean() || n.asBoolean())) {
                throw error(key, n + " (" + why + "); allowed: false");
            }
        }

        void requireNull(String key, String why) {
            JsonNode n = node(key);
            if (n != null) {
                throw error(key, n + " (" + why + "); allowed: null");
            }
        }

        void requireIntOrAbsent(String key, int expected, String why) {
            JsonNode n = node(key);
            if (n != null && (!n.canConvertToInt() || n.asInt() != expected)) {
                throw error(key, n + " (" + why + "); allowed: " + expected);
            }
        }

        int positiveInt(String key) {
            JsonNode n = node(key);
            if (n == null) {
                throw new ModelConfigException(file, "missing required key '" + key + "'");
            }
            // canConvertToInt first: Jackson 3 throws from asLong() on integers beyond 64 bits
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
                throw error(key, n + "; allowed: a positive integer");
            }
            return n.asInt();
        }

        int intOr(String key, int fallback) {
            JsonNode n = node(key);
            if (n == null) {
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                throw error(key, n + "; allowed: a non-negative integer");
            }
            return n.asInt();
        }

        double doubleOr(String key, double fallback) {
            JsonNode n = node(key);
            if (n == null) {
                return fallback;
            }
            if (!n.isNumber()) {
                throw error(key, n + "; allowed: a number");
            }
            return n.asDouble();
        }

        boolean boolOr(String key, boolean fallback) {
            JsonNode n = node(key);
            if (n == null) {
                return fallback;
            }
            if (!n.isBoolean()) {
                throw error(key, n + "; allowed: true or false");
            }
            return n.asBoolean();
        }
    }
}
