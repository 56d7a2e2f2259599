package io.github.nomicembed.autoconfigure;

import java.nio.file.Path;

/**
 * Finds the directory the model is loaded from (config.json, model.safetensors, tokenizer.json).
 *
 * <p>The auto-configured one uses {@code nomic.embedding.model-path} when set, else the model cache
 * ({@code model-id}, {@code revision}, {@code cache-dir}, {@code offline}). Declare your own bean to load
 * the model from elsewhere:
 *
 * <pre>{@code
 * @Bean
 * ModelDirectoryResolver modelDirectory() {
 *     return () -> Path.of("/opt/models/nomic-embed-text-v2-moe");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ModelDirectoryResolver {

    /**
     * The model directory; never {@code null}.
     *
     * @throws RuntimeException with a message that says what to configure when no directory can be found
     */
    Path resolve();
}
