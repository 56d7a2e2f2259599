package io.github.nomicembed.autoconfigure;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code nomic.embedding.model-path} when set (it must be a directory), else the given model cache lookup;
 * without one, startup fails with a message saying what to set.
 */
public class PropertiesModelDirectoryResolver implements ModelDirectoryResolver {

    private final NomicEmbeddingProperties properties;
    private final Function<NomicEmbeddingProperties, Path> cache;

    /**
     * @param properties the settings
     * @param cache resolves {@code model-id}/{@code revision} through the model cache, or {@code null} when the
     *     model cache is not available
     */
    public PropertiesModelDirectoryResolver(NomicEmbeddingProperties properties,
            Function<NomicEmbeddingProperties, Path> cache) {
        this.properties = properties;
        this.cache = cache;
    }

    @Override
    public Path resolve() {
        String modelPath = properties.getModelPath();
        if (modelPath != null && !modelPath.isBlank()) {
            return localDirectory(modelPath.strip());
        }
        if (cache == null) {
            throw new NomicModelUnavailableException(properties.getModelId(), "No model directory: set "
                    + "nomic.embedding.model-path to a local nomic-embed-text-v2-moe directory (config.json, "
                    + "model.safetensors, tokenizer.json), or add io.github.nomicembed:nomic-embed-model-cache to "
                    + "the classpath to download nomic.embedding.model-id (" + properties.getModelId()
                    + ") into the model cache.", null);
        }
        Path dir = cache.apply(properties);
        if (dir == null) {
            throw new NomicModelUnavailableException(properties.getModelId(), "The model cache returned no "
                    + "directory for nomic.embedding.model-id=" + properties.getModelId()
                    + "; set nomic.embedding.model-path to a local model directory.", null);
        }
        return dir;
    }

    private static Path localDirectory(String modelPath) {
        Path dir;
        try {
            dir = Path.of(modelPath);
        } catch (InvalidPathException e) {
            throw NomicEmbedderLoader.invalid("model-path", modelPath, "not a valid path: " + e.getMessage());
        }
        if (!Files.isDirectory(dir)) {
            throw NomicEmbedderLoader.invalid("model-path", modelPath, "no such directory (" + dir.toAbsolutePath()
                    + "); it must hold config.json, model.safetensors and tokenizer.json");
        }
        return dir;
    }
}
