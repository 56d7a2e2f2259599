package io.github.nomicembed.sample.model;

import io.github.nomicembed.modelcache.ModelCacheException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * When the model cannot be fetched (no access to the Hugging Face Hub, nothing cached), startup ends with a
 * short "APPLICATION FAILED TO START" report that names the three ways out, the offline demo among them,
 * instead of a long stack trace.
 */
public class ModelUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<ModelCacheException> {

    static final String ACTION = """
            The sample app needs the nomic-embed-text-v2-moe model. Either
              - give it access to the Hugging Face Hub (or a mirror via HF_ENDPOINT): it downloads the model \
            (about 1.9 GB) into the model cache on the first start;
              - point it at a local copy: --nomic.embedding.model-path=/path/to/nomic-embed-text-v2-moe;
              - or run the offline demo (tiny random-weight model shipped in the app; its vectors are \
            meaningless, for smoke tests only): --spring.profiles.active=offline-demo
            See docs/sample-app.md.""";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ModelCacheException cause) {
        return new FailureAnalysis("The model could not be loaded from the model cache: " + cause.getMessage(),
                ACTION, cause);
    }
}
