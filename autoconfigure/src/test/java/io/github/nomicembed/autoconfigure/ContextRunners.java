package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.fixture.TinyModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners of the auto-configuration tests. */
final class ContextRunners {

    private ContextRunners() {
    }

    /** Our auto-configuration on the CPU with {@code model-path} set to the tiny test model. */
    static ApplicationContextRunner tinyModel() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NomicEmbeddingAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.model-path=" + TinyModel.dir(), "nomic.embedding.device=cpu");
    }
}
