package io.github.nomicembed.core.tokenize;

import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The optional {@code tokenizer_config.json} of a model directory. Only {@code model_max_length} is used:
 * when the tokenizer declares a shorter limit than requested, texts are cut at the tokenizer's limit.
 * (Padding uses {@code pad_token_id} from {@code config.json}, so the pad token here is not needed.)
 */
public final class TokenizerConfig {

    /** Larger values are the transformers "no limit" sentinel (e.g. 1e30), not a real limit. */
    private static final long NO_LIMIT = 1_000_000L;

    private TokenizerConfig() {
    }

    /** {@code model_max_length} of {@code file}, or empty when the file or the key is absent or unlimited. */
    public static OptionalInt modelMaxLength(Path file) {
        if (!Files.isRegularFile(file)) {
            return OptionalInt.empty();
        }
        try {
            JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
            JsonNode n = root == null ? null : root.get("model_max_length");
            if (n == null || !n.isNumber()) {
                return OptionalInt.empty();
            }
            double v = n.asDouble();
            if (!(v >= 2)) {
                throw new ModelConfigException(file, "model_max_length " + n + " leaves no room for <s> and </s>; "
                        + "allowed: 2 or more");
            }
            return v >= NO_LIMIT ? OptionalInt.empty() : OptionalInt.of((int) v);
        } catch (IOException | JacksonException e) {
            throw new ModelConfigException(file, "cannot be parsed as JSON: " + e.getMessage(), e);
        }
    }
}
