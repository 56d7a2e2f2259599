package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.modelcache.LoggingProgressListener;
import io.github.nomicembed.modelcache.ModelCache;
import io.github.nomicembed.modelcache.ModelCacheException;
import java.nio.file.Path;

/**
 * Resolves {@code nomic.embedding.model-id} at {@code revision} through the model cache (downloading what is
 * missing unless {@code offline}), logging download progress. Only loaded when nomic-embed-model-cache is
 * on the classpath.
 */
final class ModelCacheLookup {

    private ModelCacheLookup() {
    }

    static Path resolve(NomicEmbeddingProperties p) {
        ModelCache.Builder builder = ModelCache.builder().optOffline(p.isOffline())
                .optProgressListener(new LoggingProgressListener());
        if (p.getCacheDir() != null && !p.getCacheDir().isBlank()) {
            builder.optCacheDir(Path.of(p.getCacheDir().strip()));
        }
        if (p.getHubEndpoint() != null && !p.getHubEndpoint().isBlank()) {
            builder.optEndpoint(p.getHubEndpoint().strip());
        }
        if (p.getHubToken() != null && !p.getHubToken().isBlank()) {
            builder.optToken(p.getHubToken().strip());
        }
        ModelCache cache = builder.build();
        String revision = p.getRevision() == null || p.getRevision().isBlank()
                ? ModelCache.defaultRevision(p.getModelId()) : p.getRevision().strip();
        try {
            return cache.resolve(p.getModelId(), revision);
        } catch (ModelCacheException e) {
            throw new NomicModelUnavailableException(p.getModelId(), "Cannot get model " + p.getModelId() + " (nomic.embedding.model-id) at "
                    + "revision '" + revision + "' (nomic.embedding.revision) from the model cache "
                    + cache.config().cacheDir() + " (nomic.embedding.cache-dir" + (cache.config().offline()
                    ? ", offline" : "") + "): " + e.getMessage()
                    + " Alternatively set nomic.embedding.model-path to a local model directory.", e);
        }
    }

    /** The revision resolved when nomic.embedding.revision is unset. */
    static String defaultRevision(String modelId) {
        return ModelCache.defaultRevision(modelId);
    }
}
