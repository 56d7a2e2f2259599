package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.config.ConfigReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The tiny random-weight fixture (real layout) in test resources, and a context runner pointed at it. */
final class TinyModel {

    private TinyModel() {
    }

    static Path dir() {
        try {
            return Paths.get(TinyModel.class.getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's hidden size, read from its config (tests never assume it). */
    static int hiddenSize() {
        return new ConfigReader().read(dir().resolve("config.json")).hiddenSize();
    }

    /** Our auto-configuration on the CPU with {@code model-path} set to the fixture. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NomicEmbeddingAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.model-path=" + dir(), "nomic.embedding.device=cpu");
    }
}
