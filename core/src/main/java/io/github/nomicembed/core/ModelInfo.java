package io.github.nomicembed.core;

import ai.djl.Device;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.prompt.Prompts;
import io.github.nomicembed.core.prompt.TaskPrefixes;
import io.github.nomicembed.core.runtime.BlasInfo;
import io.github.nomicembed.core.runtime.ComputeType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of a loaded model, as {@link NomicEmbedder#info()} returns them.
 *
 * @param modelName name reported with results (the options' model name)
 * @param modelDir the directory the model was loaded from
 * @param config the model's {@code config.json}
 * @param defaultDimensions output dimension used when a call names none: the configured one, else the hidden size
 * @param maxSequenceLength maximum tokens per text (prefix and special tokens included)
 * @param device the device the model runs on
 * @param dtype the compute type that runs (float32 when float16 was asked for with device auto on a host without
 *     CUDA), not necessarily the one asked for
 * @param blas which BLAS path the process runs (MKL's kernel branch and whether the AMD fast path is on)
 * @param gemm how the weight products run: {@code "MKL packed weights (1080.0 MB)"} or {@code "libtorch (why)"}
 * @param prompts every prompt, name to prefix, in order: the model's {@code config_sentence_transformers.json}
 *     prompts (with the configured query and document prefixes), then the added ones
 * @param prefixes the resolved query and document prefixes
 */
public record ModelInfo(String modelName, Path modelDir, NomicBertConfig config, int defaultDimensions,
        int maxSequenceLength, Device device, ComputeType dtype, BlasInfo blas, String gemm,
        Map<String, String> prompts, TaskPrefixes prefixes) {

    public ModelInfo {
        prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
    }

    /** Returns the model's hidden size: the largest valid output dimension. */
    public int hiddenSize() {
        return config.hiddenSize();
    }

    /**
     * Returns every prompt name the {@code promptName} parameters accept: the names of {@link #prompts()}, then
     * {@code document} (= {@code passage}) and {@code none}.
     */
    public List<String> promptNames() {
        return resolved().names();
    }

    /**
     * Returns the prefix of prompt {@code promptName} ({@code ""} for {@code none}); a name is matched exactly,
     * else ignoring case. Use it to check a prompt name.
     *
     * @throws IllegalArgumentException for a null or unknown prompt name, listing the names allowed
     */
    public String promptPrefix(String promptName) {
        return resolved().prefix(promptName);
    }

    /**
     * Returns the text the model sees for {@code text} under prompt {@code promptName}: the prompt's prefix
     * followed by the text, unless the text already starts with a known prefix.
     *
     * @throws IllegalArgumentException for a null text, or an unknown prompt name (listing the names allowed)
     */
    public String prefixed(String text, String promptName) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return resolved().apply(text, promptName);
    }

    private Prompts resolved() {
        return new Prompts(prompts, prefixes.known());
    }
}
