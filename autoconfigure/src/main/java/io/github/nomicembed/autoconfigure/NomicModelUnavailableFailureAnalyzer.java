package io.github.nomicembed.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * When the model cannot be found or fetched, startup ends with a short "APPLICATION FAILED TO START" report
 * that names the ways out (hub access, a pre-filled model cache, a local {@code model-path}) instead of a long
 * stack trace with the useful part in its last {@code Caused by:}. Registered in {@code META-INF/spring.factories},
 * so every application with the starter gets it; an application can extend {@link #action} (e.g. the sample
 * app adds its offline demo).
 */
public class NomicModelUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<NomicModelUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NomicModelUnavailableException cause) {
        return new FailureAnalysis("The nomic-embed model could not be loaded: " + cause.getMessage(),
                action(cause), cause);
    }

    /** Returns the ways out, one per line. */
    protected String action(NomicModelUnavailableException cause) {
        return """
                The application needs the model %s (nomic.embedding.model-id). Either
                  - give it access to the Hugging Face Hub (nomic.embedding.offline=false; a mirror through \
                nomic.embedding.hub-endpoint or HF_ENDPOINT): it downloads the model (about 1.9 GB for \
                nomic-embed-text-v2-moe) into the model cache on the first start;
                  - fill the model cache beforehand (nomic.embedding.cache-dir; the model cache CLI, \
                docs/model-cache.md);
                  - or point it at a local copy: nomic.embedding.model-path=/path/to/nomic-embed-text-v2-moe \
                (config.json, model.safetensors, tokenizer.json).""".formatted(cause.getModelId());
    }
}
