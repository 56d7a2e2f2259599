package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.ModelInfo;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.runtime.BlasInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The facts about the model that health and info report; before a background load ends, those known from the
 * configuration (model id, revision or path, device and dtype asked for, dimensions when configured).
 */
final class NomicModelDescription {

    private NomicModelDescription() {
    }

    static Map<String, Object> of(NomicEmbedder embedder, NomicEmbeddingProperties properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", embedder.options().modelName());
        String revision = revision(properties);
        if (revision != null) {
            m.put("revision", revision);
        }
        if (!embedder.isLoaded()) {
            String modelPath = properties.getModelPath();
            if (modelPath != null && !modelPath.isBlank()) {
                m.put("path", java.nio.file.Path.of(modelPath.strip()).toAbsolutePath().toString());
            }
            m.put("device", embedder.options().device().toString());
            m.put("dtype", embedder.options().dtype().name().toLowerCase(java.util.Locale.ROOT));
            if (embedder.options().dimensions() != 0) {
                m.put("dimensions", embedder.options().dimensions());
            }
            return m;
        }
        ModelInfo info = embedder.info();
        m.put("path", info.modelDir().toAbsolutePath().toString());
        m.put("device", String.valueOf(info.device()));
        m.put("dtype", info.dtype().name().toLowerCase(java.util.Locale.ROOT)); // what runs, not what was asked
        if (!info.device().isGpu()) {
            m.put("blas", blas(info.blas()));
            m.put("gemm", info.gemm());
        }
        m.put("dimensions", embedder.dimensions());
        m.put("maxDimensions", info.hiddenSize());
        m.put("maxSequenceLength", info.maxSequenceLength());
        return m;
    }

    private static Map<String, Object> blas(BlasInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernels", info.kernels());
        m.put("fastPath", info.fastPath());
        m.put("mode", info.mode().toString());
        m.put("cpuVendor", info.cpuVendor());
        m.put("summary", info.summary());
        return m;
    }

    /** The configured revision, else the model cache's default for the model id; none with model-path. */
    private static @Nullable String revision(NomicEmbeddingProperties p) {
        if (p.getModelPath() != null && !p.getModelPath().isBlank()) {
            return null;
        }
        if (p.getRevision() != null && !p.getRevision().isBlank()) {
            return p.getRevision().strip();
        }
        if (ClassUtils.isPresent("io.github.nomicembed.modelcache.ModelCache",
                NomicModelDescription.class.getClassLoader())) {
            return ModelCacheLookup.defaultRevision(p.getModelId());
        }
        return null;
    }
}
