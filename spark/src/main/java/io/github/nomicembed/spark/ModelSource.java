package io.github.nomicembed.spark;

import io.github.nomicembed.modelcache.ModelCache;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an executor finds the model: a local directory ({@code modelPath}, e.g. a shared mount or an unpacked
 * {@code --archives} entry), or a Hugging Face Hub model resolved through the model cache ({@code modelId},
 * {@code revision}, {@code cacheDir}, {@code offline}). Serializable: it travels with the Spark task.
 *
 * @param modelPath model directory, or null to use the cache
 * @param modelId Hub model id (used when {@code modelPath} is null)
 * @param revision branch, tag or commit; null for the cache's default (the pinned commit of the default model)
 * @param cacheDir cache directory on each node; null for the cache's default ({@code HF_HUB_CACHE}, ...)
 * @param offline use only what is in the cache (e.g. prefetched per node)
 */
public record ModelSource(String modelPath, String modelId, String revision, String cacheDir, boolean offline)
        implements Serializable {

    public ModelSource {
        modelPath = blankToNull(modelPath);
        modelId = blankToNull(modelId);
        revision = blankToNull(revision);
        cacheDir = blankToNull(cacheDir);
        if (modelPath != null && (modelId != null || revision != null || cacheDir != null)) {
            throw new IllegalArgumentException("Give either modelPath or modelId (with revision, cacheDir, offline), "
                    + "not both; modelPath=" + modelPath + ", modelId=" + modelId);
        }
        if (modelPath == null && modelId == null) {
            throw new IllegalArgumentException("No model: set modelPath (a directory with config.json, "
                    + "model.safetensors, tokenizer.json) or modelId (e.g. " + ModelCache.DEFAULT_MODEL_ID + ")");
        }
    }

    /** A model directory. */
    public static ModelSource path(String modelPath) {
        return new ModelSource(modelPath, null, null, null, false);
    }

    /** A Hub model through the model cache. */
    public static ModelSource hub(String modelId, String revision, String cacheDir, boolean offline) {
        return new ModelSource(null, modelId, revision, cacheDir, offline);
    }

    /**
     * The local model directory on this JVM: {@code modelPath} as is, or the cache's snapshot (downloaded unless
     * offline).
     *
     * @throws IllegalArgumentException when {@code modelPath} is not a directory
     * @throws io.github.nomicembed.modelcache.ModelCacheException when the cache cannot provide the model
     */
    public Path resolve() {
        if (modelPath != null) {
            Path dir = Path.of(modelPath).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("modelPath " + dir + " is not a directory on this node ("
                        + hostName() + "); it must hold config.json, model.safetensors and tokenizer.json");
            }
            return dir;
        }
        ModelCache.Builder cache = ModelCache.builder().optOffline(offline);
        if (cacheDir != null) {
            cache.optCacheDir(Path.of(cacheDir));
        }
        return cache.build().resolve(modelId, revision);
    }

    /** For logs and errors. */
    public String describe() {
        return modelPath != null ? modelPath
                : modelId + "@" + (revision == null ? ModelCache.defaultRevision(modelId) : revision)
                        + (cacheDir == null ? "" : " in " + cacheDir) + (offline ? " (offline)" : "");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown host";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
