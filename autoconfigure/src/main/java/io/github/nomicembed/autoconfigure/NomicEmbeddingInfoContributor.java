package io.github.nomicembed.autoconfigure;

import ai.djl.engine.Engine;
import io.github.nomicembed.core.NomicEmbedder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code nomic} in {@code /actuator/info}: the model (id, revision or path, device, dtype, dimensions, maximum
 * sequence length), its prompts (name to prefix) and the versions of the libraries it runs on.
 */
public class NomicEmbeddingInfoContributor implements InfoContributor {

    private final NomicEmbedder embedder;
    private final NomicEmbeddingProperties properties;

    public NomicEmbeddingInfoContributor(NomicEmbedder embedder, NomicEmbeddingProperties properties) {
        this.embedder = embedder;
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> m = new LinkedHashMap<>(NomicModelDescription.of(embedder, properties));
        if (embedder.isLoaded()) {
            m.put("prompts", embedder.info().prompts());
        } else {
            m.put("loaded", false);
        }
        m.put("versions", versions());
        builder.withDetail("nomic", m);
    }

    private static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("nomic-embed", version(NomicEmbedder.class));
        v.put("spring-ai", version(EmbeddingModel.class));
        v.put("spring-boot", SpringBootVersion.getVersion());
        v.put("djl", Engine.getDjlVersion());
        try {
            v.put("libtorch", Engine.getEngine("PyTorch").getVersion());
        } catch (RuntimeException e) {
            v.put("libtorch", "unknown");
        }
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    private static String version(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
